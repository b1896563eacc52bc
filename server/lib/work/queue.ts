/**
 * Update-rule actions that could not run when their event arrived (backlog or no inline slot), or
 * that a transient failure left unfinished, wait here, one `$db` key per minute, until a sweep
 * drains them. An item holds only the ticket id, the time of the change and the changes: the sweep
 * fetches the ticket as it is then (one call) and evaluates the update rules against those
 * changes, so a queued item never carries a stale or oversized copy of the ticket.
 *
 * Draining is safe to repeat: an item is claimed (or carries the progress of its earlier attempt),
 * a copy of an escalation already claimed resumes from "started" (its update is planned afresh, its
 * note looked for before posting), and copies met in one drain run once. Items that do not fit
 * this sweep's budgets, or fail transiently, go back on the queue for the next sweep, so one busy
 * minute never holds up the minutes after it; a ticket that is gone ends its item.
 */
import { minuteOf } from '../../../core/budget';
import type { Evaluation } from '../../../core/rules/evaluate';
import { normalizeApiTicket, normalizeChanges, type TicketChanges, type TicketFacts } from '../../../core/ticket';
import type { Ctx } from '../context';
import { needsRequester } from '../settings';
import { listIncludes } from '../sweep/listing';
import { callTemplate, fits } from '../freshservice/client';
import { isFreshserviceError } from '../freshservice/errors';
import { appendTo, claim, dbOpsUsed, getOrNull, isDbError, remove } from '../store/db';
import { queueKey, STATE_KEY, TTL } from '../store/keys';
import { readState, type SweepState } from '../sweep/state';
import { applyUpdateRules, escalationKey, evaluateUpdate, progressDone, readProgress, STARTED, type Progress } from './update-actions';
import { DRAIN_DB_OPS, INLINE_GRACE_MS, SWEEP_DB_OPS } from '../limits';

export interface QueuedAction {
  id: number;
  at: number;
  changes: TicketChanges;
  /** Progress of an earlier attempt (an item put back by a sweep or by an unfinished handler). */
  p?: Progress;
}

/** Minutes of queue a sweep looks at, at most. */
const MAX_MINUTES = 10;
/** Calls one item may take: view, update, note. */
const CALLS_PER_ITEM = 3;
/**
 * Items one sweep runs at most: each takes up to four `$db` operations (claim or progress, the
 * escalation record, progress), and the installation's 50 a minute are shared with every event and
 * sidebar. The rest waits for the next sweep.
 */
const MAX_ITEMS_PER_SWEEP = 6;

interface DrainBudget {
  /** Items this sweep may still run. */
  items: number;
  /** Escalations met so far in this drain. */
  seen: Set<string>;
}

export async function enqueue(ctx: Ctx, action: QueuedAction): Promise<void> {
  await appendTo(queueKey(minuteOf(ctx.now())), 'items', [action]);
}

/** Whether items wait in this minute's queue (the backlog must then stay up for the next sweep). */
export async function hasQueued(minute: number): Promise<boolean> {
  return queuedItems(await getOrNull(queueKey(minute))).length > 0;
}

/**
 * Where an item stands: null when it needs no more work, 'wait' while another invocation may be
 * working on it, else the progress to resume from.
 */
async function resumeFrom(ctx: Ctx, item: QueuedAction): Promise<Progress | null | 'wait'> {
  const carried = item.p === undefined ? null : readProgress(item.p);
  if (carried !== null) return progressDone(carried) ? null : carried;
  // Most items were queued without running (busy): claiming first costs one operation for them.
  if (await claim(escalationKey(item), { ...STARTED, at: ctx.now() }, TTL.claim)) return { ...STARTED };
  // A copy of an escalation someone claimed: resume it (looking for its note first) once they are surely done.
  const stored = await getOrNull(escalationKey(item));
  if (Number(stored?.at) > ctx.now() - INLINE_GRACE_MS) return 'wait';
  return readProgress(stored);
}

/** The ticket as it is now: null when it is gone for good, 'retry' after a transient failure. */
async function currentTicket(ctx: Ctx, id: number): Promise<TicketFacts | null | 'retry'> {
  try {
    const { include, includes } = listIncludes(needsRequester(ctx.settings));
    const view = await callTemplate<{ ticket?: unknown }>(ctx.invoke, ctx.meter, 'viewTicket', { context: { ticket_id: id, include }, includes });
    const { facts } = normalizeApiTicket(view.data?.ticket);
    return facts === null || facts.deleted ? null : facts;
  } catch (error) {
    if (!isFreshserviceError(error)) throw error;
    return error.transient ? 'retry' : null;
  }
}

/** The update rules that act on the item's changes given the ticket as it is now (with it), or null. */
function matching(ctx: Ctx, facts: TicketFacts | null, item: QueuedAction): (Evaluation & { facts: TicketFacts }) | null {
  if (facts === null) return null;
  const evaluation = evaluateUpdate(ctx, facts, normalizeChanges(item.changes));
  return evaluation.matched.length > 0 ? { ...evaluation, facts } : null;
}

/** Runs one item; returns its progress when a step is left to do (it goes back on the queue), else null. */
async function runItem(ctx: Ctx, item: QueuedAction): Promise<Progress | null> {
  const progress = await resumeFrom(ctx, item);
  if (progress === 'wait') return item.p ?? { ...STARTED };
  if (progress === null) return null;
  const facts = await currentTicket(ctx, item.id);
  if (facts === 'retry') return progress;
  const evaluation = matching(ctx, facts, item);
  if (evaluation === null) return null;
  const result = await applyUpdateRules(ctx, evaluation.facts, evaluation, item, progress);
  return progressDone(result.progress) ? null : result.progress;
}

/**
 * Runs an item if this sweep's budgets allow; returns what to put back on the queue (null: nothing).
 * Storage refusing it (429) only puts it back: the other items still run.
 */
async function attempt(ctx: Ctx, item: QueuedAction, budget: DrainBudget): Promise<QueuedAction | null> {
  if (budget.items <= 0 || !fitsItem(ctx) || !storeFits(ctx)) return item;
  budget.items -= 1;
  try {
    const left = await runItem(ctx, item);
    return left === null ? null : { ...item, p: left };
  } catch (error) {
    if (isDbError(error)) return item;
    throw error;
  }
}

/** `$db` operations an item usually takes: its claim and its escalation record. */
const ITEM_DB_OPS = 2;
/** Kept for a minute's end: putting items back and removing the minute's key. */
const MINUTE_END_DB_OPS = 2;

/** The drain's share of the invocation's allowance (all of DRAIN_DB_OPS in a scheduled sweep). */
function drainAllowance(ctx: Ctx): number {
  return Math.floor((DRAIN_DB_OPS * ctx.dbAllowance) / SWEEP_DB_OPS);
}

function storeFits(ctx: Ctx): boolean {
  return dbOpsUsed() + ITEM_DB_OPS + MINUTE_END_DB_OPS <= drainAllowance(ctx);
}

function fitsItem(ctx: Ctx): boolean {
  const left = ctx.meter.budget.calls - ctx.meter.reserve - ctx.meter.spend.calls;
  return left >= CALLS_PER_ITEM && fits(ctx.meter, 'viewTicket', 1);
}

function queuedItems(record: Record<string, unknown> | null): QueuedAction[] {
  return (Array.isArray(record?.items) ? record.items : []) as QueuedAction[];
}

/** Runs one minute's queue as far as the budgets go; what is left moves to the current minute. */
async function drainMinute(ctx: Ctx, minute: number, budget: DrainBudget): Promise<void> {
  const items = queuedItems(await getOrNull(queueKey(minute)));
  if (items.length === 0) return;
  const later: QueuedAction[] = [];
  for (const item of items) {
    // A copy (a redelivered event queued twice, or a minute whose removal failed) is handled once.
    const key = escalationKey(item);
    if (budget.seen.has(key)) continue;
    budget.seen.add(key);
    const back = await attempt(ctx, item, budget);
    if (back !== null) later.push(back);
  }
  if (later.length > 0) await appendTo(queueKey(minuteOf(ctx.now())), 'items', later);
  await remove(queueKey(minute));
}

/**
 * Handles queued actions of the minutes since the last drain (up to ten) while the budget lasts.
 * Returns the sweep state with the queue's progress (the sweep writes it, one `$db` write for
 * both) and whether the queue is caught up (every minute before this one drained), which the sweep
 * needs before it may lower the backlog. `since` is when the backlog began: with no sweep state yet
 * (a new installation's first backlog), the queue is read from just before it. Storage refusing
 * part-way stops the drain where it got to; the sweep goes on and the next one continues.
 */
export async function drainQueue(ctx: Ctx, since: number): Promise<{ state: SweepState; clear: boolean }> {
  const raw = await getOrNull(STATE_KEY);
  const state = readState(raw, ctx.now());
  const first = raw === null ? Math.min(state.queueDone, minuteOf(since) - 2) : state.queueDone;
  const last = Math.min(minuteOf(ctx.now()) - 1, first + MAX_MINUTES);
  let done = first;
  const budget: DrainBudget = { items: MAX_ITEMS_PER_SWEEP, seen: new Set() };
  try {
    for (let minute = first + 1; minute <= last && dbOpsUsed() < drainAllowance(ctx); minute += 1) {
      await drainMinute(ctx, minute, budget);
      done = minute;
    }
  } catch (error) {
    if (!isDbError(error)) throw error;
    ctx.log.warn('queue', `queued update actions wait for the next sweep: ${error.message}`);
  }
  return { state: { ...state, queueDone: done }, clear: done >= minuteOf(ctx.now()) - 1 };
}
