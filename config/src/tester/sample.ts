/**
 * The sample ticket the rule tester and the template preview run on: every field as the admin
 * typed it, turned into core's `TicketFacts` through the same reader the server uses for API
 * tickets (`normalizeApiTicket`), and filled back from a ticket loaded from the account.
 */
import { normalizeApiTicket, normalizeChanges, type TicketChanges, type TicketFacts } from '../../../core/ticket';
import { splitList } from '../rules/values';

export const SAMPLE_FIELDS = [
  'id', 'subject', 'description', 'requesterEmail', 'requesterName', 'priority', 'urgency', 'impact', 'status', 'source',
  'type', 'category', 'subCategory', 'groupId', 'departmentId', 'responderId', 'tags',
] as const;
export type SampleField = (typeof SAMPLE_FIELDS)[number];

/** Fields an update can change, with the "before" value the admin gives for them. */
export const PREVIOUS_FIELDS = ['status', 'priority', 'urgency', 'impact', 'groupId', 'responderId'] as const;
export type PreviousField = (typeof PREVIOUS_FIELDS)[number];

export interface SampleTicket {
  fields: Record<SampleField, string>;
  event: 'create' | 'update';
  /** For update events: the value before the update ('' = unchanged). */
  previous: Record<PreviousField, string>;
}

export function defaultSample(): SampleTicket {
  return {
    fields: {
      id: '1042',
      subject: 'VPN tunnel drops every hour',
      description: 'Since Monday the VPN disconnects every hour while I work from home.',
      requesterEmail: 'ana.silva@corp.example',
      requesterName: 'Ana Silva',
      priority: '2',
      urgency: '2',
      impact: '2',
      status: '2',
      source: '1',
      type: 'Incident',
      category: '',
      subCategory: '',
      groupId: '',
      departmentId: '',
      responderId: '',
      tags: '',
    },
    event: 'create',
    previous: { status: '', priority: '', urgency: '', impact: '', groupId: '', responderId: '' },
  };
}

const whole = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);
const textOrNull = (text: string): string | null => (text.trim() === '' ? null : text);

/** The sample as the REST API would answer it (`GET /api/v2/tickets/{id}?include=tags,requester`). */
export function sampleJson(sample: SampleTicket): Record<string, unknown> {
  const f = sample.fields;
  return {
    id: whole(f.id) ?? 1,
    subject: f.subject,
    description_text: f.description,
    requester: { email: f.requesterEmail, name: f.requesterName },
    priority: whole(f.priority),
    urgency: whole(f.urgency),
    impact: whole(f.impact),
    status: whole(f.status),
    source: whole(f.source),
    type: textOrNull(f.type),
    category: textOrNull(f.category),
    sub_category: textOrNull(f.subCategory),
    group_id: whole(f.groupId),
    department_id: whole(f.departmentId),
    responder_id: whole(f.responderId),
    tags: splitList(f.tags),
    custom_fields: {},
  };
}

export function sampleFacts(sample: SampleTicket): TicketFacts {
  // The sample always has an id (it falls back to 1), so the reader always returns facts.
  return normalizeApiTicket(sampleJson(sample)).facts as TicketFacts;
}

const CHANGE_KEYS: Readonly<Record<PreviousField, string>> = {
  status: 'status', priority: 'priority', urgency: 'urgency', impact: 'impact', groupId: 'group_id', responderId: 'agent_id',
};

/** What the update changed: each "before" value that differs from the sample's current one. */
export function sampleChanges(sample: SampleTicket): TicketChanges {
  const changes: Record<string, [number | null, number | null]> = {};
  for (const field of PREVIOUS_FIELDS) {
    const before = sample.previous[field];
    if (before.trim() === '' || before.trim() === sample.fields[field].trim()) continue;
    changes[CHANGE_KEYS[field]] = [before.trim().toLowerCase() === 'none' ? null : whole(before), whole(sample.fields[field])];
  }
  return normalizeChanges(changes);
}

const show = (value: number | string | null): string => (value === null ? '' : String(value));

/** A sample filled from a loaded ticket; the event and "before" values are kept. */
export function sampleFromFacts(facts: TicketFacts, base: SampleTicket): SampleTicket {
  return {
    event: base.event,
    previous: { ...base.previous },
    fields: {
      id: String(facts.id),
      subject: facts.subject,
      description: facts.descriptionText,
      requesterEmail: facts.requester.email,
      requesterName: facts.requester.name,
      priority: show(facts.priority),
      urgency: show(facts.urgency),
      impact: show(facts.impact),
      status: show(facts.status),
      source: show(facts.source),
      type: show(facts.type),
      category: show(facts.category),
      subCategory: show(facts.subCategory),
      groupId: show(facts.groupId),
      departmentId: show(facts.departmentId),
      responderId: show(facts.responderId),
      tags: facts.tags.join(', '),
    },
  };
}
