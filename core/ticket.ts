/**
 * One ticket shape for the whole app, built from the two shapes Freshservice sends:
 * - product events (`onTicketCreate`/`onTicketUpdate`, fdk-platform.md §2.3): `data.ticket` with
 *   `custom_fields` as an ARRAY of `{ name, value }`, and the requester beside it in `data.requester`;
 * - REST answers (freshservice-api.md §4.2): `custom_fields` as an OBJECT, the requester embedded
 *   only with `include=requester`, tags only with `include=tags`.
 * Both readers accept either custom-field shape. They never throw: bad fields become null or a
 * default and are listed in `issues` (short lines for a log).
 */
import { MAX_MATCH_TEXT, stripHtml, truncate } from './text.ts';
import { get, isRecord, issue, readBoolean, readInteger, readText, readTime, scalarText, toInteger, type Rec, type Source } from './read.ts';

export type CustomValue = string | number | boolean | null;

export interface Requester {
  id: number | null;
  email: string;
  name: string;
}

export interface TicketFacts {
  id: number;
  subject: string;
  /** Plain text, at most {@link MAX_MATCH_TEXT} characters. */
  descriptionText: string;
  requester: Requester;
  source: number | null;
  type: string | null;
  category: string | null;
  subCategory: string | null;
  priority: number | null;
  urgency: number | null;
  impact: number | null;
  status: number | null;
  groupId: number | null;
  departmentId: number | null;
  responderId: number | null;
  tags: string[];
  /** False when the source carried no tag list (the API leaves tags out unless `include=tags`). */
  tagsKnown: boolean;
  /** Null-prototype record keyed by the custom field's API name. */
  customFields: Record<string, CustomValue>;
  /** Epoch milliseconds. */
  createdAt: number | null;
  updatedAt: number | null;
  spam: boolean;
  deleted: boolean;
}

export interface Normalized {
  facts: TicketFacts | null;
  issues: string[];
}

/** Limits on what a ticket may bring in; longer values are cut and reported. */
export const TicketLimits = {
  SUBJECT: 1000,
  NAME: 256,
  LABEL: 256,
  TAG: 64,
  TAGS: 100,
  CUSTOM_FIELDS: 200,
  CUSTOM_TEXT: 2000,
  /** Raw HTML read when `description_text` is missing, before stripping. */
  DESCRIPTION_HTML: 16 * MAX_MATCH_TEXT,
} as const;

/** The first of `(source, key)` places holding text. */
function firstText(places: ReadonlyArray<[Source, string]>): string {
  for (const [src, key] of places) {
    const text = readText(src, key, TicketLimits.NAME);
    if (text !== null) return text;
  }
  return '';
}

function requesterFrom(ticket: Source, embedded: unknown): Requester {
  const inner: Source = { obj: isRecord(embedded) ? embedded : {}, path: 'requester', issues: ticket.issues };
  const id = readInteger(inner, 'id', 1) ?? readInteger(ticket, 'requester_id', 1);
  const email = firstText([[inner, 'email'], [ticket, 'requester_email'], [ticket, 'email']]);
  const name = firstText([[inner, 'name'], [ticket, 'requester_name']]);
  return { id, email, name };
}

function descriptionFrom(src: Source): string {
  const text = readText(src, 'description_text', Number.MAX_SAFE_INTEGER);
  if (text !== null) return cutDescription(src, text);
  const html = readText(src, 'description', TicketLimits.DESCRIPTION_HTML);
  return html === null ? '' : cutDescription(src, stripHtml(html));
}

function cutDescription(src: Source, text: string): string {
  if (text.length > MAX_MATCH_TEXT) issue(src, 'description_text', `cut from ${text.length} to ${MAX_MATCH_TEXT} characters`);
  return truncate(text, MAX_MATCH_TEXT);
}

function tagText(value: unknown): string | null {
  const text = isRecord(value) ? scalarText(get(value, 'name')) : scalarText(value);
  const trimmed = text === null ? '' : text.trim();
  return trimmed === '' ? null : truncate(trimmed, TicketLimits.TAG);
}

function tagsFrom(src: Source): { tags: string[]; known: boolean } {
  const value = get(src.obj, 'tags');
  if (value === undefined || value === null) return { tags: [], known: false };
  if (!Array.isArray(value)) {
    issue(src, 'tags', 'expected a list of tags');
    return { tags: [], known: false };
  }
  const tags = value.map(tagText).filter((t): t is string => t !== null);
  if (tags.length < value.length) issue(src, 'tags', 'dropped entries that are not tag names');
  return { tags: [...new Set(tags)].slice(0, TicketLimits.TAGS), known: true };
}

const SIMPLE_CUSTOM: Readonly<Record<string, (v: unknown) => CustomValue>> = {
  undefined: () => null,
  boolean: (v) => v as boolean,
  number: (v) => (Number.isFinite(v) ? (v as number) : null),
  string: (v) => truncate(v as string, TicketLimits.CUSTOM_TEXT),
};

function customValue(src: Source, name: string, value: unknown): CustomValue {
  const simple = value === null ? SIMPLE_CUSTOM.undefined : SIMPLE_CUSTOM[typeof value];
  if (simple !== undefined) return simple(value);
  const list = Array.isArray(value) ? value.map(scalarText) : [null];
  if (list.includes(null)) {
    issue(src, `custom_fields.${name}`, 'unsupported value, kept as empty');
    return null;
  }
  // Multi-select fields: one comma-separated text, so text operators still apply.
  return truncate(list.join(', '), TicketLimits.CUSTOM_TEXT);
}

function customPairs(value: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(value)) return value.map((item) => (isRecord(item) ? [get(item, 'name'), get(item, 'value')] : [null, null]));
  return isRecord(value) ? Object.entries(value) : [];
}

function customPairsOf(src: Source): Array<[unknown, unknown]> {
  const raw = get(src.obj, 'custom_fields');
  const shaped = raw === undefined || raw === null || isRecord(raw) || Array.isArray(raw);
  if (!shaped) issue(src, 'custom_fields', 'expected an object or a list');
  return customPairs(raw);
}

function customFieldsFrom(src: Source): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = Object.create(null) as Record<string, CustomValue>;
  const pairs = customPairsOf(src);
  for (const [name, value] of pairs.slice(0, TicketLimits.CUSTOM_FIELDS)) {
    if (typeof name === 'string' && name !== '') out[name] = customValue(src, name, value);
    else issue(src, 'custom_fields', 'dropped an entry without a name');
  }
  if (pairs.length > TicketLimits.CUSTOM_FIELDS) issue(src, 'custom_fields', `kept the first ${TicketLimits.CUSTOM_FIELDS} of ${pairs.length}`);
  return out;
}

function factsFrom(src: Source, requester: unknown): TicketFacts | null {
  const id = readInteger(src, 'id', 1, true);
  if (id === null) return null;
  const tags = tagsFrom(src);
  return {
    id,
    subject: readText(src, 'subject', TicketLimits.SUBJECT, true) ?? '',
    descriptionText: descriptionFrom(src),
    requester: requesterFrom(src, requester),
    ...codesFrom(src),
    type: readText(src, 'type', TicketLimits.LABEL),
    category: readText(src, 'category', TicketLimits.LABEL),
    subCategory: readText(src, 'sub_category', TicketLimits.LABEL),
    tags: tags.tags,
    tagsKnown: tags.known,
    customFields: customFieldsFrom(src),
    createdAt: readTime(src, 'created_at', true),
    updatedAt: readTime(src, 'updated_at'),
    spam: readBoolean(src, 'spam'),
    deleted: readBoolean(src, 'deleted'),
  };
}

type Codes = Pick<TicketFacts, 'source' | 'priority' | 'urgency' | 'impact' | 'status' | 'groupId' | 'departmentId' | 'responderId'>;

function codesFrom(src: Source): Codes {
  return {
    source: readInteger(src, 'source', 0),
    priority: readInteger(src, 'priority', 0, true),
    urgency: readInteger(src, 'urgency', 0),
    impact: readInteger(src, 'impact', 0),
    status: readInteger(src, 'status', 0, true),
    groupId: readInteger(src, 'group_id', 1),
    departmentId: readInteger(src, 'department_id', 1),
    responderId: readInteger(src, 'responder_id', 1),
  };
}

function notAnObject(what: string, value: unknown): Normalized {
  return { facts: null, issues: [`${what}: expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`] };
}

/**
 * Reads the `data` of an `onTicketCreate`/`onTicketUpdate` event: `data.ticket` plus `data.requester`.
 * `facts` is null only when there is no ticket object or no usable ticket id.
 */
export function normalizeEventData(data: unknown): Normalized {
  if (!isRecord(data)) return notAnObject('data', data);
  const ticket = get(data, 'ticket');
  if (!isRecord(ticket)) return notAnObject('data.ticket', ticket);
  const src: Source = { obj: ticket, path: 'ticket', issues: [] };
  const embedded = get(data, 'requester') ?? get(ticket, 'requester');
  return { facts: factsFrom(src, embedded), issues: src.issues };
}

/**
 * Reads a ticket from the REST API (`GET /api/v2/tickets/{id}`, list and filter items); the
 * `{ "ticket": … }` envelope is unwrapped. The requester comes from `include=requester` when present.
 */
export function normalizeApiTicket(json: unknown): Normalized {
  if (!isRecord(json)) return notAnObject('ticket', json);
  const envelope = get(json, 'ticket');
  const ticket: Rec = isRecord(envelope) && get(json, 'id') === undefined ? envelope : json;
  const src: Source = { obj: ticket, path: 'ticket', issues: [] };
  return { facts: factsFrom(src, get(ticket, 'requester')), issues: src.issues };
}

type NumberPair = [number | null, number | null];
type TextPair = [string | null, string | null];

/** What an `onTicketUpdate` says changed, as `[from, to]` pairs; `null` stands for "none" or "unknown". */
export interface TicketChanges {
  status?: NumberPair;
  priority?: NumberPair;
  urgency?: NumberPair;
  impact?: NumberPair;
  group_id?: NumberPair;
  /** The payload calls it `agent_id`. */
  responder_id?: NumberPair;
  source?: NumberPair;
  department_id?: NumberPair;
  type?: TextPair;
  category?: TextPair;
  sub_category?: TextPair;
}

export const NUMBER_CHANGE_FIELDS = ['status', 'priority', 'urgency', 'impact', 'group_id', 'responder_id', 'source', 'department_id'] as const;
export const TEXT_CHANGE_FIELDS = ['type', 'category', 'sub_category'] as const;
export type ChangeField = (typeof NUMBER_CHANGE_FIELDS)[number] | (typeof TEXT_CHANGE_FIELDS)[number];

/** Payload keys read for each field, first present wins. */
const CHANGE_KEYS: Readonly<Record<ChangeField, readonly string[]>> = {
  status: ['status'], priority: ['priority'], urgency: ['urgency'], impact: ['impact'], group_id: ['group_id'],
  responder_id: ['agent_id', 'responder_id'], source: ['source'], department_id: ['department_id'],
  // Freshservice sends a type change as `type_name` (the type *is* its name).
  type: ['type', 'type_name'], category: ['category'], sub_category: ['sub_category'],
};

function pairOf(changes: Rec, keys: readonly string[]): [unknown, unknown] | null {
  for (const key of keys) {
    const value = get(changes, key);
    if (Array.isArray(value) && value.length === 2) return [value[0], value[1]];
  }
  return null;
}

const numberSide = (value: unknown): number | null => toInteger(value);
const textSide = (value: unknown): string | null => {
  const text = scalarText(value);
  return text === null || text === '' ? null : truncate(text, TicketLimits.LABEL);
};

/** `"*"` (Freshservice's "any/unknown" old value) reads as null on both sides. */
function side<T>(value: unknown, read: (v: unknown) => T | null): T | null {
  return value === '*' ? null : read(value);
}

/**
 * Reads an update's `changes` object (`{ priority: [1, 4], agent_id: [null, 5], … }`). Keys it does
 * not know, `*_name` twins and malformed entries are ignored; never throws.
 */
export function normalizeChanges(changes: unknown): TicketChanges {
  const out: TicketChanges = {};
  if (!isRecord(changes)) return out;
  for (const field of NUMBER_CHANGE_FIELDS) {
    const pair = pairOf(changes, CHANGE_KEYS[field]);
    if (pair !== null) out[field] = [side(pair[0], numberSide), side(pair[1], numberSide)];
  }
  for (const field of TEXT_CHANGE_FIELDS) {
    const pair = pairOf(changes, CHANGE_KEYS[field]);
    if (pair !== null) out[field] = [side(pair[0], textSide), side(pair[1], textSide)];
  }
  return out;
}

/**
 * The changes of an update event wherever the payload keeps them: `data.changes` (Freshservice
 * samples) or `data.ticket.changes` (Freshdesk-style samples); see fdk-platform.md §2.3.
 */
export function changesFromEventData(data: unknown): TicketChanges {
  if (!isRecord(data)) return {};
  const ticket = get(data, 'ticket');
  const nested = isRecord(ticket) ? get(ticket, 'changes') : undefined;
  return normalizeChanges(get(data, 'changes') ?? nested);
}
