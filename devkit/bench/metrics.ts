/**
 * The benchmark's arithmetic, as pure functions over plain data so that it can be unit-tested
 * (`tests/unit/bench/metrics.test.ts`) and its figures trusted.
 *
 * Definitions (also in the report):
 * - **Lower bound** (minutes) of a storm:
 *
 *       LB = max( A,  (U + N) / C,  U / Cu )
 *
 *   U = tickets that need an update (a rule changes a field, or the duplicate tag), N = tickets
 *   that need a note, both from the workload's ground truth; C = writes the app may make per
 *   minute = min(its credits, its request-template calls) = min(plan limit × share, FDK 50); Cu =
 *   its share of the "update ticket" sub-limit (plan sub-limit × share); A = minutes from the storm's
 *   start to its last arrival (no ticket can be done before it exists; 1 for a one-minute storm).
 *   Reads are not counted: they can be batched (a list or filter call returns up to 100 or 30
 *   tickets), so a perfect app spends a vanishing share of its budget on them.
 *   Cu belongs in the bound because the app has promised to take no more than its share of every
 *   sub-limit (so that other integrations keep theirs); a schedule that beats `U / Cu` would have
 *   to break that promise, so it is not a target. Where C binds, Cu changes nothing.
 * - **Ratio** = completion minutes / LB (null when tickets were lost: there is no completion).
 * - **Peaks** are per fixed clock minute (the windows Freshservice, FDK and `$db` count in).
 */
import type { AppBudget } from '../../core/budget.ts';

export interface BoundInput {
  updates: number;
  notes: number;
  /** Writes the app may make per minute (credits and calls both bound it). */
  writesPerMinute: number;
  /** The app's update-ticket credits per minute. */
  updatesPerMinute: number;
  /** Minutes from the storm's start to its last arrival. */
  arrivalMinutes: number;
}

export interface Bound {
  minutes: number;
  binding: 'writes' | 'updates' | 'arrival';
  /** `(U + N) / C` alone, for comparison. */
  writesOnly: number;
  updatesOnly: number;
  arrivalMinutes: number;
}

export function lowerBound(input: BoundInput): Bound {
  const { updates, notes, writesPerMinute, updatesPerMinute, arrivalMinutes } = input;
  if (!(writesPerMinute > 0) || !(updatesPerMinute > 0)) throw new RangeError(`lowerBound: per-minute budgets must be > 0, got ${writesPerMinute} and ${updatesPerMinute}`);
  if (updates < 0 || notes < 0 || arrivalMinutes < 0) throw new RangeError('lowerBound: counts and minutes must be >= 0');
  const writesOnly = (updates + notes) / writesPerMinute;
  const updatesOnly = updates / updatesPerMinute;
  const minutes = Math.max(arrivalMinutes, writesOnly, updatesOnly);
  const binding = minutes === writesOnly ? 'writes' : minutes === updatesOnly ? 'updates' : 'arrival';
  return { minutes, binding, writesOnly, updatesOnly, arrivalMinutes };
}

/** C and Cu of the bound, from the app's budget. */
export function writeBudget(budget: AppBudget): { writesPerMinute: number; updatesPerMinute: number } {
  return { writesPerMinute: Math.min(budget.credits, budget.calls), updatesPerMinute: budget.perOperation.updateTicket };
}

/** Completion over bound, or null when there is no completion (tickets lost) or no bound. */
export function ratio(minutes: number | null, bound: number): number | null {
  if (minutes === null || !(bound > 0)) return null;
  return minutes / bound;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Nearest-rank percentile (p in 0–100) of a list of numbers; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// ---------------------------------------------------------------------------------------------
// Per-minute accounting over the fake's call log

/** The fields of the fake's `CallRecord` this module reads. */
export interface Call {
  at: number;
  method: string;
  path: string;
  status: number;
  credits: number;
  caller: string;
  endpoint: string;
}

export const SUB_LIMITS = ['list_tickets', 'view_ticket', 'create_ticket', 'update_ticket', 'list_agents', 'list_requesters'] as const;
export type SubLimitName = (typeof SUB_LIMITS)[number];

const WRITE_ENDPOINTS = new Set(['update_ticket', 'create_note', 'create_reply', 'create_ticket', 'delete_ticket']);

export function isWrite(call: Pick<Call, 'endpoint'>): boolean {
  return WRITE_ENDPOINTS.has(call.endpoint);
}

export interface MinuteUse {
  window: number;
  /** Credits consumed, all callers (429 answers consume nothing). */
  credits: number;
  byCaller: Record<string, number>;
  /** Credits against each sub-limit, all callers and per caller. */
  sub: Record<SubLimitName, number>;
  subByCaller: Record<string, Partial<Record<SubLimitName, number>>>;
  rateLimited: Record<string, number>;
}

function subLimitOf(endpoint: string): SubLimitName | undefined {
  return (SUB_LIMITS as readonly string[]).includes(endpoint) ? (endpoint as SubLimitName) : undefined;
}

/** Calls grouped by clock minute (`floor(at / 60000)`), keeping only `from <= at < to`. */
export function perMinute(calls: readonly Call[], from = -Infinity, to = Infinity): MinuteUse[] {
  const rows = new Map<number, MinuteUse>();
  for (const c of calls) {
    if (c.at < from || c.at >= to) continue;
    const window = Math.floor(c.at / 60_000);
    let m = rows.get(window);
    if (m === undefined) {
      m = { window, credits: 0, byCaller: {}, sub: { list_tickets: 0, view_ticket: 0, create_ticket: 0, update_ticket: 0, list_agents: 0, list_requesters: 0 }, subByCaller: {}, rateLimited: {} };
      rows.set(window, m);
    }
    if (c.status === 429) {
      m.rateLimited[c.caller] = (m.rateLimited[c.caller] ?? 0) + 1;
      continue;
    }
    m.credits += c.credits;
    m.byCaller[c.caller] = (m.byCaller[c.caller] ?? 0) + c.credits;
    const sub = subLimitOf(c.endpoint);
    if (sub !== undefined) {
      m.sub[sub] += c.credits;
      const mine = (m.subByCaller[c.caller] ??= {});
      mine[sub] = (mine[sub] ?? 0) + c.credits;
    }
  }
  return [...rows.values()].sort((a, b) => a.window - b.window);
}

export function peakOf<T>(rows: readonly T[], pick: (row: T) => number): number {
  let peak = 0;
  for (const row of rows) peak = Math.max(peak, pick(row));
  return peak;
}

export function sum<T>(rows: readonly T[], pick: (row: T) => number): number {
  let total = 0;
  for (const row of rows) total += pick(row);
  return total;
}

/** Peak of a runtime window's per-minute counts, counting only minutes that start at or after `from`. */
export function peakSince(perMinuteCounts: ReadonlyArray<{ start: number; count: number }>, from: number): number {
  return peakOf(perMinuteCounts.filter((m) => m.start >= Math.floor(from / 60_000) * 60_000), (m) => m.count);
}

export interface BudgetSplit {
  calls: number;
  credits: number;
  readCalls: number;
  readCredits: number;
  writeCalls: number;
  writeCredits: number;
  /** Calls by endpoint class (e.g. `filter_tickets`, `update_ticket`). */
  byEndpoint: Record<string, number>;
  /** Answers that were not 2xx, by status. */
  failed: Record<string, number>;
}

/** Where one caller's calls went: reads vs writes, by endpoint, and failures. */
export function budgetSplit(calls: readonly Call[], caller: string): BudgetSplit {
  const out: BudgetSplit = { calls: 0, credits: 0, readCalls: 0, readCredits: 0, writeCalls: 0, writeCredits: 0, byEndpoint: {}, failed: {} };
  for (const c of calls) {
    if (c.caller !== caller) continue;
    out.calls += 1;
    out.byEndpoint[c.endpoint] = (out.byEndpoint[c.endpoint] ?? 0) + 1;
    if (c.status < 200 || c.status >= 300) out.failed[String(c.status)] = (out.failed[String(c.status)] ?? 0) + 1;
    const credits = c.status === 429 ? 0 : c.credits;
    out.credits += credits;
    if (isWrite(c)) {
      out.writeCalls += 1;
      out.writeCredits += credits;
    } else {
      out.readCalls += 1;
      out.readCredits += credits;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per-ticket effects

const TICKET_WRITE = /^\/api\/v2\/tickets\/(\d+)(\/notes)?$/;

export interface TicketWrites {
  /** Successful updates of the ticket (PUT 2xx) and their times. */
  updates: number[];
  /** Successful notes on the ticket (POST …/notes 2xx) and their times. */
  notes: number[];
}

/** Successful writes per ticket id by one caller. */
export function writesByTicket(calls: readonly Call[], caller: string): Map<number, TicketWrites> {
  const out = new Map<number, TicketWrites>();
  for (const c of calls) {
    if (c.caller !== caller || c.status < 200 || c.status >= 300) continue;
    const m = TICKET_WRITE.exec(c.path);
    if (m === null) continue;
    const isNote = m[2] !== undefined;
    if (isNote ? c.method !== 'POST' : c.method !== 'PUT') continue;
    const id = Number(m[1]);
    let w = out.get(id);
    if (w === undefined) {
      w = { updates: [], notes: [] };
      out.set(id, w);
    }
    (isNote ? w.notes : w.updates).push(c.at);
  }
  return out;
}

export interface EffectCheck {
  /** Tickets whose needed update and note (ground truth) both landed. */
  complete: number;
  missingUpdates: number;
  missingNotes: number;
  /** Writes the ground truth did not ask for. */
  extraUpdates: number;
  extraNotes: number;
  /** A second update or note on the same ticket. */
  repeatedUpdates: number;
  repeatedNotes: number;
  updatesDone: number;
  notesDone: number;
  /** Tickets with a write not asked for that are the original of a later near-copy. */
  extraOnOriginals: number;
  /** Tickets with a write not asked for. */
  ticketsWithExtra: number;
}

export interface Needed {
  id: number;
  needsUpdate: boolean;
  needsNote: boolean;
  /** A later ticket of the storm is a near-copy of this one. */
  original?: boolean;
}

/** Compares what landed on each ticket with what the ground truth says it needed. */
export function checkEffects(tickets: readonly Needed[], writes: ReadonlyMap<number, TicketWrites>): EffectCheck {
  const out: EffectCheck = {
    complete: 0, missingUpdates: 0, missingNotes: 0, extraUpdates: 0, extraNotes: 0, repeatedUpdates: 0, repeatedNotes: 0, updatesDone: 0, notesDone: 0,
    extraOnOriginals: 0, ticketsWithExtra: 0,
  };
  for (const t of tickets) {
    const w = writes.get(t.id) ?? { updates: [], notes: [] };
    const u = w.updates.length;
    const n = w.notes.length;
    out.updatesDone += u;
    out.notesDone += n;
    if (t.needsUpdate && u === 0) out.missingUpdates += 1;
    if (t.needsNote && n === 0) out.missingNotes += 1;
    if (!t.needsUpdate && u > 0) out.extraUpdates += 1;
    if (!t.needsNote && n > 0) out.extraNotes += 1;
    if ((!t.needsUpdate && u > 0) || (!t.needsNote && n > 0)) {
      out.ticketsWithExtra += 1;
      if (t.original === true) out.extraOnOriginals += 1;
    }
    out.repeatedUpdates += Math.max(0, u - 1);
    out.repeatedNotes += Math.max(0, n - 1);
    if ((!t.needsUpdate || u > 0) && (!t.needsNote || n > 0)) out.complete += 1;
  }
  return out;
}
