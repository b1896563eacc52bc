/**
 * Update-rule actions that could not run when their event arrived (backlog or no inline slot wait
 * here, one `$db` key per minute, until a sweep drains them. An item holds only the ticket id and
 * the changes: the sweep fetches the ticket as it is then (one call) and evaluates the update rules
 * against those changes, so a queued item never carries a stale or oversized copy of the ticket.
 */
import { minuteOf } from '../../../core/budget';
import { normalizeApiTicket, normalizeChanges, type TicketChanges } from '../../../core/ticket';
import type { Ctx } from '../context';
import { callTemplate, fits } from '../freshservice/client';
import { appendTo, getOrNull, put, remove } from '../store/db';
import { queueKey, STATE_KEY } from '../store/keys';
import { readState } from '../sweep/state';
import { applyUpdateRules, evaluateUpdate } from './update-actions';

export interface QueuedAction {
  id: number;
  at: number;
  changes: TicketChanges;
}

/** Minutes of queue a sweep looks at, at most. */
const MAX_MINUTES = 10;
/** Calls one item may take: view, update, note. */
const CALLS_PER_ITEM = 3;

export async function enqueue(ctx: Ctx, action: QueuedAction): Promise<void> {
  await appendTo(queueKey(minuteOf(ctx.now())), 'items', [action]);
}

async function runItem(ctx: Ctx, item: QueuedAction): Promise<void> {
  const view = await callTemplate<{ ticket?: unknown }>(ctx.invoke, ctx.meter, 'viewTicket', { context: { ticket_id: item.id, include: 'tags' }, includes: 1 });
  const { facts } = normalizeApiTicket(view.data?.ticket);
  if (facts === null) return;
  const evaluation = evaluateUpdate(ctx, facts, normalizeChanges(item.changes));
  if (evaluation.matched.length > 0) await applyUpdateRules(ctx, facts, evaluation, item.at);
}

function fitsItems(ctx: Ctx, count: number): boolean {
  const left = ctx.meter.budget.calls - ctx.meter.reserve - ctx.meter.spend.calls;
  return left >= count * CALLS_PER_ITEM && fits(ctx.meter, 'viewTicket', 1);
}

/** Runs one minute's queue if it fits whole; returns how many items ran, or -1 when it did not fit. */
async function drainMinute(ctx: Ctx, minute: number): Promise<number> {
  const record = await getOrNull(queueKey(minute));
  const items = (Array.isArray(record?.items) ? record.items : []) as QueuedAction[];
  if (!fitsItems(ctx, items.length)) return -1;
  for (const item of items) await runItem(ctx, item);
  if (items.length > 0) await remove(queueKey(minute));
  return items.length;
}

/** Handles whole minutes of queued actions while the budget lasts; returns how many ran. */
export async function drainQueue(ctx: Ctx): Promise<number> {
  const state = readState(await getOrNull(STATE_KEY), ctx.now());
  const last = Math.min(minuteOf(ctx.now()) - 1, state.queueDone + MAX_MINUTES);
  let done = state.queueDone;
  let ran = 0;
  for (let minute = done + 1; minute <= last; minute += 1) {
    const count = await drainMinute(ctx, minute);
    if (count < 0) break;
    ran += count;
    done = minute;
  }
  if (done !== state.queueDone) await put(STATE_KEY, { ...state, queueDone: done });
  return ran;
}

