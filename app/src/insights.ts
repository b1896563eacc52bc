/**
 * Reads `getTicketInsights`' answer without trusting it. The shape is `Insights` (core/insights.ts),
 * but the answer may come from an older or newer server, be truncated, or be something else
 * entirely: anything that does not look like insights for a ticket is refused (null, and the
 * sidebar says so), and inside a usable answer each missing or odd part becomes an empty value,
 * so renderers never meet `undefined`.
 */
import type { Escalation, HealthView, Insights } from '../../core/insights';
import type { AppliedChange, DuplicateRef, MatchedRule, RequesterSnapshot, StepState } from '../../core/record';
import type { TimelineEntry } from '../../core/timeline';

/** What the sidebar renders: core's `Insights`, except that health may be missing. */
export type SidebarInsights = Omit<Insights, 'health'> & { health: HealthView | null };
export type Duplicate = DuplicateRef & { dismissed: boolean };

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function scalar(value: unknown): string | number | null {
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

function list<T>(value: unknown, read: (item: Obj) => T | null): T[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const o = obj(item);
    return o === null ? null : read(o);
  }).filter((x): x is T => x !== null);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

const rule = (o: Obj): MatchedRule => ({ name: str(o.name), why: strings(o.why) });

function change(o: Obj): AppliedChange {
  const c: AppliedChange = { field: str(o.field), from: scalar(o.from), to: scalar(o.to) };
  if (typeof o.rule === 'string') c.rule = o.rule;
  return c;
}

function duplicate(o: Obj): Duplicate | null {
  const id = num(o.id);
  return id === null ? null : { id, score: num(o.score) ?? 0, words: strings(o.words), subject: str(o.subject), dismissed: o.dismissed === true };
}

function openTicket(o: Obj): RequesterSnapshot['open'][number] | null {
  const id = num(o.id);
  return id === null ? null : { id, subject: str(o.subject), status: num(o.status) };
}

export function readRequesterSnapshot(value: unknown): RequesterSnapshot | null {
  const o = obj(value);
  if (o === null) return null;
  return { id: num(o.id), name: str(o.name), email: str(o.email), open: list(o.open, openTicket), at: num(o.at) ?? 0 };
}

const FIELDS: readonly TimelineEntry['field'][] = ['status', 'priority', 'group_id', 'responder_id'];

function entry(o: Obj): TimelineEntry | null {
  const at = num(o.at);
  if (at === null || !FIELDS.includes(o.field as TimelineEntry['field'])) return null;
  return { at, field: o.field as TimelineEntry['field'], from: num(o.from), to: num(o.to), by: num(o.by) };
}

function duration(o: Obj): { status: number; name: string; ms: number } | null {
  const status = num(o.status);
  return status === null ? null : { status, name: str(o.name) || `Status ${status}`, ms: Math.max(0, num(o.ms) ?? 0) };
}

function escalation(o: Obj): Escalation {
  return {
    at: num(o.at) ?? 0,
    rules: strings(o.rules),
    changes: list(o.changes, (c) => ({ field: str(c.field), from: c.from, to: c.to })),
    note: str(o.note) || 'none',
    error: typeof o.error === 'string' ? o.error : null,
  };
}

function timeline(value: unknown): SidebarInsights['timeline'] {
  const o = obj(value) ?? {};
  return { entries: list(o.entries, entry), durations: list(o.durations, duration), escalations: list(o.escalations, escalation) };
}

const STEPS: readonly StepState[] = ['none', 'todo', 'intent', 'done'];

function ack(value: unknown): SidebarInsights['ack'] {
  const o = obj(value) ?? {};
  return { state: oneOf(o.state, STEPS, 'none'), configured: o.configured === true };
}

function error(value: unknown): SidebarInsights['error'] {
  const o = obj(value);
  return o === null ? null : { kind: str(o.kind), message: str(o.message), at: num(o.at) ?? 0 };
}

function lastSweep(value: unknown): HealthView['lastSweep'] {
  const o = obj(value);
  if (o === null) return null;
  const n = (x: unknown): number => num(x) ?? 0;
  return { at: n(o.at), processed: n(o.processed), calls: n(o.calls), credits: n(o.credits), backlog: n(o.backlog) };
}

function deferred(value: unknown): HealthView['deferred'] {
  const o = obj(value);
  return o === null ? null : { since: num(o.since) ?? 0, reason: str(o.reason) };
}

function lastError(value: unknown): HealthView['lastError'] {
  const o = obj(value);
  return o === null ? null : { kind: str(o.kind), message: str(o.message), hint: str(o.hint), at: num(o.at) ?? 0 };
}

export function readHealth(value: unknown): HealthView | null {
  const o = obj(value);
  if (o === null) return null;
  return {
    plan: str(o.plan), share: num(o.share) ?? 0, callsPerMinute: num(o.callsPerMinute) ?? 0, creditsPerMinute: num(o.creditsPerMinute) ?? 0,
    binding: oneOf(o.binding, ['plan', 'fdk'] as const, 'plan'), key: oneOf(o.key, ['ok', 'rejected'] as const, 'ok'),
    retryAt: num(o.retryAt), deferred: deferred(o.deferred), lastSweep: lastSweep(o.lastSweep), lastError: lastError(o.lastError),
    rulesIssue: str(o.rulesIssue) || null,
  };
}

const STATES: readonly SidebarInsights['state'][] = ['done', 'partial', 'failed', 'skipped', 'unseen'];

/** The insights in an answer, or null when the answer is not insights for a ticket at all. */
export function readInsights(value: unknown): SidebarInsights | null {
  const o = obj(value);
  const ticketId = num(o?.ticketId);
  if (o === null || ticketId === null || typeof o.state !== 'string') return null;
  return {
    ticketId, known: o.known === true, state: oneOf(o.state, STATES, 'done'), processedAt: num(o.processedAt),
    via: typeof o.via === 'string' ? o.via : null, olderRecord: o.olderRecord === true,
    rules: list(o.rules, rule), changes: list(o.changes, change), update: oneOf(o.update, STEPS, 'done'), note: oneOf(o.note, STEPS, 'none'),
    duplicates: list(o.duplicates, duplicate), requester: readRequesterSnapshot(o.requester), timeline: timeline(o.timeline),
    ack: ack(o.ack), error: error(o.error), health: readHealth(o.health),
  };
}
