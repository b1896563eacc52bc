/**
 * What the app stores about each ticket, and how records are grouped in `$db`.
 *
 * `$db` allows 50 operations a minute for the whole installation, shared with every agent's
 * sidebar, so one key holds a *block* of consecutive ticket ids (ids are sequential per account):
 * a sweep that processes thirty tickets writes one or two keys, and the sidebar still reads one.
 * Inside a block each ticket has two top-level attributes so that `$db.update` can touch one ticket
 * atomically (`set` on `o<id>`, `append` on `l<id>`, which only works on top-level arrays):
 * `o<id>` the outcome of processing, `l<id>` its timeline entries.
 *
 * Readers never trust a record: `readOutcome` accepts anything (an older app version's record, a
 * hand-edited one) and fills what is missing, so the sidebar always has something to show.
 */
import type { TimelineEntry } from './timeline';

/**
 * Tickets per block key: 20 × (outcome ≈ 0.8 KB + timeline ≈ 1 KB) stays well under 40 KB. A block
 * that fills anyway (one requester's many near-identical tickets carry long duplicate lists) is
 * compacted when a write is refused for size (server/lib/work/timeline-store.ts).
 */
export const BLOCK_SIZE = 20;
export const RECORD_VERSION = 1;

export type StepState = 'none' | 'todo' | 'intent' | 'done';
export type OutcomeState = 'done' | 'partial' | 'failed' | 'skipped';

export interface MatchedRule {
  name: string;
  why: string[];
}

export interface AppliedChange {
  field: string;
  from: string | number | null;
  to: string | number | null;
  rule?: string;
}

export interface DuplicateRef {
  id: number;
  score: number;
  words: string[];
  subject: string;
}

export interface RequesterSnapshot {
  id: number | null;
  name: string;
  email: string;
  open: Array<{ id: number; subject: string; status: number | null }>;
  at: number;
}

export interface TicketOutcome {
  v: number;
  state: OutcomeState;
  /** What produced it: the create event, a sweep that picked the ticket up later, or an agent's re-run. */
  via: 'event' | 'sweep' | 'rerun';
  at: number;
  createdAt: number | null;
  status0: number | null;
  rules: MatchedRule[];
  changes: AppliedChange[];
  update: StepState;
  note: StepState;
  noteId: number | null;
  dups: DuplicateRef[];
  dismissed: number[];
  requester: RequesterSnapshot | null;
  ack: StepState;
  error: { kind: string; message: string; at: number } | null;
}

export function blockOf(ticketId: number): number {
  return Math.floor(ticketId / BLOCK_SIZE);
}

export function blockKeyOf(block: number): string {
  return `radar:b:${block}`;
}

export function blockKey(ticketId: number): string {
  return blockKeyOf(blockOf(ticketId));
}

export function outcomeAttr(ticketId: number): string {
  return `o${ticketId}`;
}

export function timelineAttr(ticketId: number): string {
  return `l${ticketId}`;
}

export function emptyOutcome(at: number, via: TicketOutcome['via']): TicketOutcome {
  return {
    v: RECORD_VERSION, state: 'done', via, at, createdAt: null, status0: null, rules: [], changes: [],
    update: 'none', note: 'none', noteId: null, dups: [], dismissed: [], requester: null, ack: 'none', error: null,
  };
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown, max = 200): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function list<T>(value: unknown, map: (item: unknown) => T | null, max = 50): T[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, max).map(map).filter((x): x is T => x !== null);
}

function obj(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

const STEP_STATES: readonly StepState[] = ['none', 'todo', 'intent', 'done'];
const OUTCOME_STATES: readonly OutcomeState[] = ['done', 'partial', 'failed', 'skipped'];

function step(value: unknown): StepState {
  return STEP_STATES.includes(value as StepState) ? (value as StepState) : 'none';
}

function readRule(item: unknown): MatchedRule | null {
  const o = obj(item);
  return o === null ? null : { name: str(o.name, 120), why: list(o.why, (w) => (typeof w === 'string' ? w.slice(0, 200) : null), 10) };
}

function scalar(value: unknown): string | number | null {
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

function readChange(item: unknown): AppliedChange | null {
  const o = obj(item);
  if (o === null) return null;
  const change: AppliedChange = { field: str(o.field, 60), from: scalar(o.from), to: scalar(o.to) };
  if (typeof o.rule === 'string') change.rule = o.rule.slice(0, 120);
  return change;
}

function readDup(item: unknown): DuplicateRef | null {
  const o = obj(item);
  const id = num(o?.id);
  if (o === null || id === null) return null;
  return { id, score: num(o.score) ?? 0, words: list(o.words, (w) => (typeof w === 'string' ? w : null), 8), subject: str(o.subject) };
}

function readRequester(value: unknown): RequesterSnapshot | null {
  const o = obj(value);
  if (o === null) return null;
  const open = list(o.open, (t) => {
    const x = obj(t);
    const id = num(x?.id);
    return x === null || id === null ? null : { id, subject: str(x.subject), status: num(x.status) };
  }, 20);
  return { id: num(o.id), name: str(o.name), email: str(o.email), open, at: num(o.at) ?? 0 };
}

function readError(value: unknown): TicketOutcome['error'] {
  const o = obj(value);
  return o === null ? null : { kind: str(o.kind, 40), message: str(o.message, 300), at: num(o.at) ?? 0 };
}

/** Reads an outcome of any shape; returns null only when there is nothing that looks like one. */
export function readOutcome(value: unknown): TicketOutcome | null {
  const o = obj(value);
  if (o === null) return null;
  const state = OUTCOME_STATES.includes(o.state as OutcomeState) ? (o.state as OutcomeState) : 'done';
  const via = o.via === 'sweep' || o.via === 'rerun' ? o.via : 'event';
  return {
    v: num(o.v) ?? 0, state, via, at: num(o.at) ?? 0, createdAt: num(o.createdAt), status0: num(o.status0),
    rules: list(o.rules, readRule), changes: list(o.changes, readChange), update: step(o.update), note: step(o.note),
    noteId: num(o.noteId), dups: list(o.dups, readDup, 10), dismissed: list(o.dismissed, num, 50),
    requester: readRequester(o.requester), ack: step(o.ack), error: readError(o.error),
  };
}

/**
 * A smaller copy of an outcome for a block that has filled up (many tickets of one requester carry
 * long lists of duplicates and open tickets): what the sidebar shows first, without the duplicates'
 * shared words, with shorter subjects and at most three of the requester's other open tickets.
 */
export function slimOutcome(o: TicketOutcome): TicketOutcome {
  return {
    ...o,
    rules: o.rules.slice(0, 10).map((r) => ({ name: r.name.slice(0, 60), why: r.why.slice(0, 1).map((w) => w.slice(0, 80)) })),
    dups: o.dups.slice(0, 5).map((d) => ({ id: d.id, score: d.score, words: [], subject: d.subject.slice(0, 60) })),
    requester: o.requester === null ? null : { ...o.requester, name: o.requester.name.slice(0, 60), email: o.requester.email.slice(0, 80), open: o.requester.open.slice(0, 3).map((t) => ({ ...t, subject: t.subject.slice(0, 40) })) },
    error: o.error === null ? null : { ...o.error, message: o.error.message.slice(0, 120) },
  };
}

/** Timeline entries are stored as compact tuples `[at, field, from, to, by]`. */
export type StoredEntry = [number, string, number | null, number | null, number | null];

export function toStoredEntry(e: TimelineEntry): StoredEntry {
  return [e.at, e.field, e.from, e.to, e.by];
}

const TIMELINE_FIELDS: readonly string[] = ['status', 'priority', 'group_id', 'responder_id'];
/** More tuples than a 40 KB block can hold, so a reader never drops entries a writer kept. */
const MAX_STORED_ENTRIES = 2000;

export function readTimeline(value: unknown): TimelineEntry[] {
  return list(value, (item) => {
    if (!Array.isArray(item) || typeof item[0] !== 'number' || !TIMELINE_FIELDS.includes(item[1] as string)) return null;
    return { at: item[0], field: item[1] as TimelineEntry['field'], from: num(item[2]), to: num(item[3]), by: num(item[4]) };
  }, MAX_STORED_ENTRIES);
}

/** Whether a processed ticket's work is complete (nothing left to do). */
export function isComplete(outcome: TicketOutcome): boolean {
  const pending = (s: StepState): boolean => s === 'todo' || s === 'intent';
  return !pending(outcome.update) && !pending(outcome.note);
}
