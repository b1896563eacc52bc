/**
 * A ticket's timeline: status, priority, group and agent changes with when and by whom, and the
 * time spent in each status. Records are bounded by `compactTimeline`, which folds the oldest
 * entries into carried per-status totals so durations stay exact.
 */
import type { TicketChanges } from './ticket.ts';

export { STATUS_NAMES, PRIORITY_NAMES, statusName, priorityName } from './enums.ts';

export type TimelineField = 'status' | 'priority' | 'group_id' | 'responder_id';

export interface TimelineEntry {
  /** Epoch milliseconds. */
  at: number;
  field: TimelineField;
  from: number | null;
  to: number | null;
  /** Id of the agent who made the change, when known. */
  by: number | null;
}

export interface StatusDuration {
  status: number;
  ms: number;
}

export const TIMELINE_FIELDS: readonly TimelineField[] = ['status', 'priority', 'group_id', 'responder_id'];

/** The timeline entries an update's changes produce (fields outside the timeline are ignored). */
export function entriesFromChanges(changes: TicketChanges, at: number, actorId: number | null): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const field of TIMELINE_FIELDS) {
    const pair = changes[field];
    if (pair !== undefined && pair[0] !== pair[1]) out.push({ at, field, from: pair[0], to: pair[1], by: actorId });
  }
  return out;
}

const entryKey = (e: TimelineEntry): string => `${e.at}|${e.field}|${e.from}|${e.to}|${e.by}`;

/** Both lists merged, identical entries once, in time order (ties keep their order). */
export function mergeEntries(existing: readonly TimelineEntry[], incoming: readonly TimelineEntry[]): TimelineEntry[] {
  const seen = new Set<string>();
  const out: TimelineEntry[] = [];
  for (const e of [...existing, ...incoming]) {
    const key = entryKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort((a, b) => a.at - b.at);
}

export interface DurationOptions {
  /** When counting starts (ticket creation, or the base a compaction returned); null: at the first entry. */
  createdAt: number | null;
  /** The status at `createdAt`; null: taken from the first status entry's `from`. */
  initialStatus: number | null;
  now: number;
  /** Totals folded in by an earlier {@link compactTimeline}. */
  carried?: readonly StatusDuration[];
}

interface StatusWalk {
  totals: Map<number, number>;
  status: number | null;
  t: number;
}

function add(totals: Map<number, number>, status: number | null, ms: number): void {
  if (status !== null) totals.set(status, (totals.get(status) ?? 0) + Math.max(0, ms));
}

function statusEntries(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries.filter((e) => e.field === 'status').sort((a, b) => a.at - b.at);
}

/** Walks status entries in time order; each interval belongs to the status it ended (`from`, else the running one). */
function startWalk(list: readonly TimelineEntry[], opts: DurationOptions): StatusWalk {
  const state: StatusWalk = { totals: new Map(), status: opts.initialStatus, t: opts.createdAt ?? list[0]?.at ?? opts.now };
  for (const c of opts.carried ?? []) add(state.totals, c.status, c.ms);
  return state;
}

function walk(entries: readonly TimelineEntry[], opts: DurationOptions): StatusWalk {
  const list = statusEntries(entries);
  const state = startWalk(list, opts);
  for (const e of list) {
    const at = Math.max(e.at, state.t);
    add(state.totals, e.from ?? state.status, at - state.t);
    state.status = e.to;
    state.t = at;
  }
  return state;
}

const sortedDurations = (totals: Map<number, number>): StatusDuration[] =>
  [...totals].map(([status, ms]) => ({ status, ms })).sort((a, b) => a.status - b.status);

/**
 * Time spent in each status, the current one counted up to `now`, ordered by status code.
 * @example statusDurations([{ at: 10, field: 'status', from: 2, to: 3, by: null }], { createdAt: 0, initialStatus: 2, now: 25 })
 * // [{ status: 2, ms: 10 }, { status: 3, ms: 15 }]
 */
export function statusDurations(entries: readonly TimelineEntry[], opts: DurationOptions): StatusDuration[] {
  const state = walk(entries, opts);
  add(state.totals, state.status, opts.now - state.t);
  return sortedDurations(state.totals);
}

export interface CompactOptions {
  maxEntries: number;
  createdAt?: number | null;
  initialStatus?: number | null;
  carried?: readonly StatusDuration[];
}

export interface CompactTimeline {
  entries: TimelineEntry[];
  /** Per-status totals of the entries folded away (plus any carried before). */
  carried: StatusDuration[];
  /** Pass these two with `carried` to {@link statusDurations} from now on. */
  createdAt: number | null;
  initialStatus: number | null;
}

function checkMax(maxEntries: unknown): void {
  if (typeof maxEntries !== 'number' || !Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`Expected \`maxEntries\` to be an integer ≥ 1, got \`${String(maxEntries)}\` (${typeof maxEntries})`);
  }
}

/**
 * Keeps the newest `maxEntries` entries and folds the older status entries into `carried`, moving
 * the counting base (`createdAt`, `initialStatus`) to the last folded status change, so that
 * `statusDurations(result.entries, { ...result, now })` equals the durations of the full list.
 */
export function compactTimeline(entries: readonly TimelineEntry[], opts: CompactOptions): CompactTimeline {
  checkMax(opts.maxEntries);
  const base = { createdAt: opts.createdAt ?? null, initialStatus: opts.initialStatus ?? null, carried: [...(opts.carried ?? [])] };
  const sorted = [...entries].sort((a, b) => a.at - b.at);
  if (sorted.length <= opts.maxEntries) return { entries: sorted, ...base };
  const dropped = sorted.slice(0, sorted.length - opts.maxEntries);
  const kept = sorted.slice(sorted.length - opts.maxEntries);
  if (!dropped.some((e) => e.field === 'status')) return { entries: kept, ...base };
  const state = walk(dropped, { ...base, now: 0 });
  const carried = sortedDurations(state.totals).filter((d) => d.ms > 0);
  return { entries: kept, carried, createdAt: state.t, initialStatus: state.status };
}

/** `"3 d 4 h"`, `"2 h 5 min"`, `"12 min"`, `"45 s"`; negative or invalid input gives `"0 s"`. */
export function formatDuration(ms: number): string {
  const s = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return h < 24 ? twoUnits(h, 'h', min % 60, 'min') : twoUnits(Math.floor(h / 24), 'd', h % 24, 'h');
}

/** `"3 d 4 h"`, or `"3 d"` when the smaller unit is zero. */
function twoUnits(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}
