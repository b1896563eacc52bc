/**
 * Ticket events for the FDK runtime: what Freshservice would deliver to an app's
 * `onTicketCreate` / `onTicketUpdate` handlers as `args.data` (fdk-platform.md §2.3).
 *
 * - `data.ticket` is the event-payload ticket shape (not the REST shape): names beside ids
 *   (`status_name`, `group_name`, `responder_name`…) and `custom_fields` as an ARRAY of
 *   `{name, value}`.
 * - `data.changes` sits beside `data.ticket` as in the Freshservice sample (§2.3 notes the
 *   Freshdesk location `data.ticket.changes` as a conflict; we follow the Freshservice sample).
 * - onTicketUpdate fires only for status, priority, group, agent, type or source changes, and for
 *   deletion / spam (§2.3); tag-only and custom-field-only updates fire nothing.
 */
import { toIso } from './dates.ts';
import { htmlToText } from './html.ts';
import type { Agent, Department, Group, Requester, Ticket } from './model.ts';
import { CUSTOM_FIELDS, fullName, LEVEL_NAMES, PRIORITY_NAMES, SOURCE_NAMES, STATUS_NAMES } from './model.ts';

export type TicketEventName = 'onTicketCreate' | 'onTicketUpdate';

export interface EventActor {
  id: number | null;
  name: string;
  email: string | null;
  type: 'agent' | 'requester' | 'system';
}

export interface EventRequester {
  id: number;
  name: string;
  email: string;
  mobile: string | null;
  phone: string | null;
  language: string;
  created_at: string;
}

export type EventTicket = Record<string, unknown> & { id: number; custom_fields: Array<{ name: string; value: unknown }> };

/** `{ field: [old, new] }`, plus `custom_fields: [{name, value: [old, new]}]` (§2.3 sample keys). */
export type TicketChanges = Record<string, unknown>;

export interface TicketEventData {
  ticket: EventTicket;
  requester: EventRequester;
  actor: EventActor;
  changes?: TicketChanges;
}

export interface TicketEvent {
  event: TicketEventName;
  data: TicketEventData;
}

/** What the builders need to turn ids into names. The store implements it. */
export interface Directory {
  agent(id: number): Agent | undefined;
  requester(id: number): Requester | undefined;
  group(id: number): Group | undefined;
  department(id: number): Department | undefined;
}

export const SYSTEM_ACTOR: EventActor = { id: null, name: 'System', email: null, type: 'system' };

/** Fields whose change fires onTicketUpdate (fdk-platform.md §2.3). */
export const UPDATE_TRIGGERS: readonly string[] = ['status', 'priority', 'group_id', 'agent_id', 'type', 'source', 'deleted', 'spam'];

type Listener = (event: TicketEvent) => void;

/** A small typed emitter. Listener errors are reported, never thrown into the request that caused them. */
export class TicketEvents {
  #listeners = new Set<{ name: TicketEventName | '*'; fn: Listener }>();

  /** Subscribes to one event or to all (`'*'`); returns the unsubscribe function. */
  on(name: TicketEventName | '*', fn: Listener): () => void {
    const entry = { name, fn };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  emit(event: TicketEvent): void {
    for (const { name, fn } of [...this.#listeners]) {
      if (name !== '*' && name !== event.event) continue;
      try {
        fn(event);
      } catch (error) {
        console.error(`fake-freshservice: an ${event.event} listener threw:`, error);
      }
    }
  }
}

function nameOf(names: Readonly<Record<number, string>>, value: number | null): string | null {
  return value === null ? null : (names[value] ?? null);
}

export function buildEventTicket(t: Ticket, dir: Directory): EventTicket {
  const group = t.group_id === null ? undefined : dir.group(t.group_id);
  const responder = t.responder_id === null ? undefined : dir.agent(t.responder_id);
  const department = t.department_id === null ? undefined : dir.department(t.department_id);
  const requester = dir.requester(t.requester_id) ?? dir.agent(t.requester_id);
  return {
    id: t.id, subject: t.subject, description: t.description, description_text: t.description === null ? null : htmlToText(t.description),
    is_description_truncated: false, is_description_text_truncated: false,
    due_by: toIso(t.due_by), fr_due_by: toIso(t.fr_due_by), fr_escalated: t.fr_escalated, is_escalated: t.is_escalated,
    fwd_emails: [...t.fwd_emails], reply_cc_emails: [...t.reply_cc_emails], cc_emails: [...t.cc_emails], to_emails: t.to_emails,
    email_config_id: t.email_config_id,
    group_id: t.group_id, group_name: group?.name ?? null,
    department_id: t.department_id, department_name: department?.name ?? null,
    requester_id: t.requester_id, requester_name: requester ? fullName(requester) : null,
    responder_id: t.responder_id, responder_email: responder?.email ?? null, responder_name: responder ? fullName(responder) : null,
    status: t.status, status_name: nameOf(STATUS_NAMES, t.status),
    priority: t.priority, priority_name: nameOf(PRIORITY_NAMES, t.priority),
    urgency: t.urgency, urgency_name: nameOf(LEVEL_NAMES, t.urgency),
    impact: t.impact, impact_name: nameOf(LEVEL_NAMES, t.impact),
    type: t.type, type_name: t.type, tags: [...t.tags], spam: t.spam,
    source: t.source, source_name: nameOf(SOURCE_NAMES, t.source),
    category: t.category, sub_category: t.sub_category, item_category: t.item_category,
    created_at: toIso(t.created_at), updated_at: toIso(t.updated_at),
    attachments: [], problem: [], change: [], assets: [],
    // Every custom field of the account, unset ones as null, like the REST shape.
    custom_fields: CUSTOM_FIELDS.map(({ name }) => ({ name, value: t.custom_fields[name] ?? null })),
  };
}

export function buildEventRequester(t: Ticket, dir: Directory): EventRequester {
  const r = dir.requester(t.requester_id);
  if (r) {
    return {
      id: r.id, name: fullName(r), email: r.primary_email, mobile: r.mobile_phone_number, phone: r.work_phone_number,
      language: r.language, created_at: toIso(r.created_at),
    };
  }
  const a = dir.agent(t.requester_id);
  return {
    id: t.requester_id, name: a ? fullName(a) : 'Unknown', email: a?.email ?? '', mobile: null, phone: null,
    language: a?.language ?? 'en', created_at: toIso(a?.created_at ?? t.created_at),
  };
}

/** The actor for a user id: an agent (API key owner) or a requester; unknown ids are the system. */
export function buildActor(userId: number | null | undefined, dir: Directory): EventActor {
  if (userId === null || userId === undefined) return SYSTEM_ACTOR;
  const agent = dir.agent(userId);
  if (agent) return { id: agent.id, name: fullName(agent), email: agent.email, type: 'agent' };
  const requester = dir.requester(userId);
  if (requester) return { id: requester.id, name: fullName(requester), email: requester.primary_email, type: 'requester' };
  return SYSTEM_ACTOR;
}

/** `{ field: [old, new] }` between two versions of a ticket, with the §2.3 sample keys. */
export function buildChanges(before: Ticket, after: Ticket, dir: Directory): TicketChanges {
  const changes: TicketChanges = {};
  const pair = (key: string, a: unknown, b: unknown, nameKey?: string, names?: (v: never) => unknown): void => {
    if (a === b) return;
    changes[key] = [a, b];
    if (nameKey && names) changes[nameKey] = [names(a as never), names(b as never)];
  };
  pair('status', before.status, after.status, 'status_name', (v: number) => nameOf(STATUS_NAMES, v));
  pair('priority', before.priority, after.priority, 'priority_name', (v: number) => nameOf(PRIORITY_NAMES, v));
  pair('urgency', before.urgency, after.urgency, 'urgency_name', (v: number) => nameOf(LEVEL_NAMES, v));
  pair('impact', before.impact, after.impact, 'impact_name', (v: number) => nameOf(LEVEL_NAMES, v));
  pair('source', before.source, after.source, 'source_name', (v: number) => nameOf(SOURCE_NAMES, v));
  pair('type', before.type, after.type, 'type_name', (v: string) => v);
  pair('group_id', before.group_id, after.group_id, 'group_name', (v: number | null) => (v === null ? null : (dir.group(v)?.name ?? null)));
  pair('agent_id', before.responder_id, after.responder_id, 'agent_name', (v: number | null) => agentName(v, dir));
  pair('department_id', before.department_id, after.department_id, 'department_name', (v: number | null) => (v === null ? null : (dir.department(v)?.name ?? null)));
  pair('category', before.category, after.category);
  pair('sub_category', before.sub_category, after.sub_category);
  pair('item_category', before.item_category, after.item_category);
  pair('manual_due_by', toIso(before.due_by), toIso(after.due_by));
  pair('deleted', before.deleted, after.deleted);
  pair('spam', before.spam, after.spam);
  const custom = Object.keys({ ...before.custom_fields, ...after.custom_fields })
    .filter((name) => (before.custom_fields[name] ?? null) !== (after.custom_fields[name] ?? null))
    .map((name) => ({ name, value: [before.custom_fields[name] ?? null, after.custom_fields[name] ?? null] }));
  if (custom.length > 0) changes['custom_fields'] = custom;
  return changes;
}

function agentName(id: number | null, dir: Directory): string | null {
  const agent = id === null ? undefined : dir.agent(id);
  return agent ? fullName(agent) : null;
}

/** Whether `changes` is one Freshservice announces with onTicketUpdate. */
export function firesUpdate(changes: TicketChanges): boolean {
  return UPDATE_TRIGGERS.some((key) => key in changes);
}
