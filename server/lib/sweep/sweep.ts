/**
 * One sweep of the backlog, run by a tick at the start of a minute: list the deferred tickets,
 * skip the finished ones, find duplicate candidates for the rest in a few batched queries, pick
 * as many as the minute's budget covers, record note intents, run the writes with a little
 * concurrency, record outcomes (one `$db` operation per block of tickets), move the watermark and
 * lower the backlog marker once nothing is left. Every step is safe to repeat: outcomes are looked
 * up before work is planned, and a note whose post may have happened is looked for before posting.
 */
import { creditsFor, minuteOf } from '../../../core/budget';
import { blockKeyOf, blockOf, isComplete, outcomeAttr, readOutcome, readTimeline, timelineAttr, type TicketOutcome } from '../../../core/record';
import type { TicketFacts } from '../../../core/ticket';
import type { Ctx } from '../context';
import { needsRequester } from '../settings';
import { INLINE_CALLS_PER_TICKET, INLINE_GRACE_MS, INLINE_SLOTS, SWEEP_CONCURRENCY, SWEEP_DB_OPS, SWEEP_TIME_BUDGET_MS, UPDATE_SLOTS } from '../limits';
import { lowerBacklog, type Backlog } from '../schedules';
import { dbOpsUsed, getOrNull, put } from '../store/db';
import { STATE_KEY } from '../store/keys';
import { executeWork } from '../work/execute';
import { setInBlock } from '../work/timeline-store';
import { searchCandidates } from '../work/candidates';
import { hasQueued } from '../work/queue';
import { planCreate, type TicketWork } from '../work/plan';
import { listBacklog, listIncludes, type Listing } from './listing';
import { selectWork } from './select';
import { forEpisode, readState, type SweepState } from './state';

export interface SweepReport {
  listed: number;
  processed: number;
  remaining: number;
  calls: number;
  credits: number;
  finished: boolean;
}

/**
 * Fields of an unfinished outcome whose planned value the ticket did hold: an agent's change *from*
 * that value is on its timeline (the app's own updates never are). The earlier update landed, even
 * if the field has since been set back to where it started, so it is not sent again.
 */
const landed = new WeakMap<TicketOutcome, ReadonlySet<string>>();

function noteLanded(outcome: TicketOutcome, timeline: unknown): void {
  if (outcome.update !== 'todo' && outcome.update !== 'intent') return;
  const entries = readTimeline(timeline);
  const fields = outcome.changes.filter((c) => entries.some((e) => e.field === c.field && e.from === c.to)).map((c) => c.field);
  if (fields.length > 0) landed.set(outcome, new Set(fields));
}

async function readOutcomes(ids: readonly number[]): Promise<Map<number, TicketOutcome>> {
  const found = new Map<number, TicketOutcome>();
  for (const block of [...new Set(ids.map(blockOf))]) {
    const record = await getOrNull(blockKeyOf(block));
    for (const id of ids.filter((i) => blockOf(i) === block)) {
      const outcome = readOutcome(record?.[outcomeAttr(id)]);
      if (outcome === null) continue;
      noteLanded(outcome, record?.[timelineAttr(id)]);
      found.set(id, outcome);
    }
  }
  return found;
}

async function writeOutcomes(works: readonly TicketWork[]): Promise<void> {
  const byBlock = new Map<number, Record<string, unknown>>();
  for (const work of works) {
    const paths = byBlock.get(blockOf(work.facts.id)) ?? {};
    paths[outcomeAttr(work.facts.id)] = work.outcome;
    byBlock.set(blockOf(work.facts.id), paths);
  }
  for (const [block, paths] of byBlock) await setInBlock(blockKeyOf(block), paths);
}

function finished(outcome: TicketOutcome | undefined): boolean {
  return outcome !== undefined && (outcome.state === 'skipped' || isComplete(outcome));
}

/**
 * Fields an earlier attempt planned to change that now hold neither its starting value nor its
 * target: someone changed them since (and the earlier update may or may not have landed). Sending
 * them again would overwrite that change, so they are left as they are. The outcome keeps the first
 * attempt's changes, so every later attempt compares with the same starting values; a field whose
 * planned value the ticket is known to have held (see `noteLanded`) is not sent again either. Tags are merged
 * with the current list, so they never overwrite anyone's.
 */
function leaveChangedFields(work: TicketWork, previous: TicketOutcome): TicketWork {
  if (previous.changes.length === 0) return work;
  const earlier = new Map(previous.changes.map((c) => [c.field, c.from]));
  const seen = landed.get(previous) ?? new Set<string>();
  const changed = new Set(work.outcome.changes.filter((c) => c.field !== 'tags' && earlier.has(c.field) && (earlier.get(c.field) !== c.from || seen.has(c.field))).map((c) => c.field));
  const changes = [...previous.changes, ...work.outcome.changes.filter((c) => !earlier.has(c.field))];
  const kept = Object.fromEntries(Object.entries(work.updateBody ?? {}).filter(([field]) => !changed.has(field)));
  const updateBody = Object.keys(kept).length > 0 ? kept : null;
  const update = updateBody === null && work.outcome.update === 'todo' ? 'none' : work.outcome.update;
  return { ...work, updateBody, outcome: { ...work.outcome, update, changes } };
}

/** Plans a ticket afresh, carrying over the steps an earlier attempt already finished. */
function resume(planned: TicketWork, previous: TicketOutcome | undefined): TicketWork {
  if (previous === undefined) return planned;
  const work = previous.update === 'done' ? planned : leaveChangedFields(planned, previous);
  const outcome = { ...work.outcome, update: previous.update === 'done' ? 'done' : work.outcome.update, note: previous.note === 'done' ? 'done' : work.outcome.note, noteId: previous.noteId } as TicketOutcome;
  return { ...work, outcome, verifyNote: previous.note === 'intent' };
}

function planAll(ctx: Ctx, tickets: readonly TicketFacts[], pool: readonly TicketFacts[], previous: Map<number, TicketOutcome>): TicketWork[] {
  return tickets.map((t) => resume(planCreate(t, pool, ctx.settings, { now: ctx.now(), via: 'sweep', engine: ctx.engine, ticketUrl: ctx.ticketUrl, withAck: true }), previous.get(t.id)));
}

/**
 * Plans in two passes so duplicate candidates are fetched only for tickets this sweep can afford:
 * rules alone (free) pick a batch with room kept for the candidate queries and for duplicates'
 * extra tag and note; candidates are fetched for that batch only; then the batch is planned fully.
 */
async function planBatch(ctx: Ctx, tickets: readonly TicketFacts[], previous: Map<number, TicketOutcome>): Promise<TicketWork[]> {
  const rough = planAll(ctx, tickets, tickets, previous);
  const batch = selectWork(rough, ctx.meter, candidateAllowance).map((w) => w.facts);
  if (batch.length === 0) return [];
  const since = ctx.now() - ctx.settings.windowHours * 3600_000;
  const requesters = batch.map((t) => t.requester.id).filter((id): id is number => id !== null);
  const search = await searchCandidates(ctx.invoke, ctx.meter, requesters, since);
  // Tickets whose requester's duplicate search could not run now wait for a later round: a copy must
  // never be recorded as having no original.
  const ready = batch.filter((t) => t.requester.id === null || !search.missed.has(t.requester.id));
  // The listing and the filter both return the batch's tickets: each ticket once in the pool.
  const pool = new Map([...tickets, ...search.tickets].map((t) => [t.id, t]));
  return planAll(ctx, ready, [...pool.values()], previous);
}

/**
 * Credits kept back while choosing a batch: the candidate queries (one per about 15 requesters, a
 * second page now and then) and the extra tag or note of the few that turn out to be duplicates
 * (about one in ten) — only for tickets that do not already plan both an update and a note, since
 * a duplicate's tag and link merge into those.
 */
export function candidateAllowance(batch: readonly TicketWork[]): number {
  const open = batch.filter((w) => w.outcome.update !== 'todo' || w.outcome.note !== 'todo').length;
  return Math.ceil(batch.length / 12) + Math.ceil(open / 10);
}

async function runPool(ctx: Ctx, works: readonly TicketWork[], started: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < works.length && ctx.now() - started < SWEEP_TIME_BUDGET_MS && ctx.meter.stopped === undefined) {
      const work = works[next];
      next += 1;
      if (work !== undefined) await executeWork(work, ctx.invoke, ctx.meter);
    }
  };
  await Promise.all(Array.from({ length: SWEEP_CONCURRENCY }, worker));
}

/** The highest id such that every ticket up to it is finished, listed as finished, or does not exist. */
export function advanceWatermark(wm: number, listing: Listing, done: ReadonlySet<number>): number {
  if (!listing.complete) return wm;
  let mark = wm;
  for (const ticket of listing.tickets) {
    if (!done.has(ticket.id)) break;
    mark = ticket.id;
  }
  return mark;
}

function doneIds(works: readonly TicketWork[], previous: Map<number, TicketOutcome>): Set<number> {
  const done = new Set<number>();
  for (const [id, outcome] of previous) if (finished(outcome)) done.add(id);
  for (const work of works) if (finished(work.outcome)) done.add(work.facts.id);
  return done;
}

/** Budget kept back when inline handlers may have spent in this same minute (the marker is new). */
export function overlapReserve(backlog: Backlog, now: number): number {
  return minuteOf(backlog.since) === minuteOf(now) ? (INLINE_SLOTS + UPDATE_SLOTS) * INLINE_CALLS_PER_TICKET : 0;
}

/** Records note intents, runs the writes, records outcomes. */
async function work(ctx: Ctx, chosen: readonly TicketWork[], started: number): Promise<void> {
  if (chosen.length === 0) return;
  // The intent stays on the work itself: a ticket the pool has no time (or budget) left for is
  // recorded as it was — unfinished, its note possibly posted by an earlier attempt — not as planned.
  for (const w of chosen) {
    if (w.outcome.note === 'todo') w.outcome.note = 'intent';
    if (!isComplete(w.outcome)) w.outcome.state = 'partial';
  }
  // Every ticket with a write to make is recorded first, with the values its fields had: if the
  // outcomes cannot be written afterwards, a later sweep still knows what was attempted.
  const intents = chosen.filter((w) => !isComplete(w.outcome));
  if (intents.length > 0) await writeOutcomes(intents);
  await runPool(ctx, chosen, started);
  await writeOutcomes(chosen);
}

/** A ticket created within the last minute: a burst may still be arriving. */
function stillArriving(ctx: Ctx, listing: Listing): boolean {
  return listing.tickets.some((t) => (t.createdAt ?? 0) > ctx.now() - 60_000);
}

/**
 * Lowers the marker when nothing is left, unless inline work this minute could then overspend, a
 * burst is still arriving (its next tickets would only raise the marker again and wait a minute),
 * or update actions wait in the queue.
 */
async function finish(ctx: Ctx, listing: Listing, remaining: number, queueClear: boolean): Promise<boolean> {
  const done = listing.complete && !listing.more && remaining === 0;
  const room = ctx.meter.spend.calls <= ctx.meter.budget.calls - (INLINE_SLOTS + UPDATE_SLOTS) * INLINE_CALLS_PER_TICKET;
  if (done && room && !stillArriving(ctx, listing) && (await queueEmpty(ctx, queueClear))) await lowerBacklog();
  return done;
}

/** Update actions still queued (not drained yet, put back by the drain, or queued this minute) need the next sweep. */
async function queueEmpty(ctx: Ctx, drained: boolean): Promise<boolean> {
  return drained && !(await hasQueued(minuteOf(ctx.now())));
}


/** `$db` reads a new page's outcomes usually take (a page of 100 tickets spans about five blocks). */
const PAGE_READ_OPS = 5;

/** Pages one sweep may work through; each costs a list call (3 credits). */
const MAX_PAGES_PER_SWEEP = 3;

interface PageResult {
  listing: Listing;
  chosen: TicketWork[];
  done: Set<number>;
  /** Some planned work did not fit the budget. */
  full: boolean;
}

/** Rounds of batch planning per page: the allowance kept for candidate queries is often not all spent. */
const MAX_ROUNDS = 3;

interface Round {
  chosen: TicketWork[];
  /** The budget ran out before the batch (or the page) did. */
  full: boolean;
}

/**
 * A ticket an inline handler marked as its own less than a handler's lifetime ago: it may still be
 * writing, so this sweep leaves it alone (a later one resumes it if the handler died).
 */
export function inFlight(outcome: TicketOutcome | undefined, now: number): boolean {
  return outcome !== undefined && outcome.state === 'partial' && outcome.via === 'event' && outcome.at > now - INLINE_GRACE_MS;
}

/** `$db` operations a sweep keeps for its end: the sweep state and the queue check. */
const FINISH_DB_OPS = 2;

/** Blocks whose outcomes this sweep can still record (an intent and an outcome write each). */
export function affordableBlocks(used: number, allowance = SWEEP_DB_OPS): number {
  return Math.max(0, Math.floor((allowance - FINISH_DB_OPS - used) / 2));
}

/** The tickets (in id order) of the first `blocks` blocks they fall in. */
export function inFirstBlocks(tickets: readonly TicketFacts[], blocks: number): TicketFacts[] {
  const kept = new Set<number>();
  return tickets.filter((t) => {
    if (!kept.has(blockOf(t.id)) && kept.size < blocks) kept.add(blockOf(t.id));
    return kept.has(blockOf(t.id));
  });
}

/** Plans, picks and runs one batch of the page's tickets not yet handled, as far as `$db` allows. */
async function round(ctx: Ctx, listing: Listing, previous: Map<number, TicketOutcome>, handled: ReadonlySet<number>, started: number): Promise<Round> {
  const open = listing.tickets.filter((t) => !finished(previous.get(t.id)) && !handled.has(t.id) && !inFlight(previous.get(t.id), ctx.now()));
  const pending = inFirstBlocks(open, affordableBlocks(dbOpsUsed(), ctx.dbAllowance));
  if (pending.length === 0) return { chosen: [], full: open.length > 0 };
  const planned = await planBatch(ctx, pending, previous);
  const chosen = selectWork(planned, ctx.meter);
  await work(ctx, chosen, started);
  return { chosen, full: chosen.length === 0 || chosen.length < open.length };
}

/**
 * Listed tickets that are not the app's to triage: created before the episode's anchor (well before
 * the first deferred ticket) and never recorded — tickets from before the app was installed that
 * someone updated. A ticket whose event never arrived starts its own episode at its creation time,
 * and one the app began has an outcome, so neither is skipped; an agent can still run triage on
 * an old ticket from the sidebar.
 */
export function notOurs(tickets: readonly TicketFacts[], previous: ReadonlyMap<number, TicketOutcome>, anchor: number): Set<number> {
  return new Set(tickets.filter((t) => !previous.has(t.id) && t.createdAt !== null && t.createdAt < anchor).map((t) => t.id));
}

/**
 * Embed the requester in the listing when rules read it, unless a list call with it (5 credits)
 * could never fit the app's share of the list sub-limit (a small `budget_share`): then the listing
 * goes without, and rules on the requester match only on tickets triaged as they arrive.
 */
export function listWithRequester(ctx: Ctx): boolean {
  return needsRequester(ctx.settings) && creditsFor('listTickets', listIncludes(true).includes) <= ctx.meter.budget.perOperation.listTickets;
}

async function sweepPage(ctx: Ctx, state: SweepState, started: number): Promise<PageResult> {
  const listing = await listBacklog(ctx.invoke, ctx.meter, state, listWithRequester(ctx));
  const previous = await readOutcomes(listing.tickets.map((t) => t.id));
  const skipped = notOurs(listing.tickets, previous, Date.parse(state.anchor));
  const chosen: TicketWork[] = [];
  let last: Round = { chosen: [], full: false };
  for (let n = 0; n < MAX_ROUNDS; n += 1) {
    last = await round(ctx, listing, previous, new Set([...skipped, ...chosen.map((w) => w.facts.id)]), started);
    chosen.push(...last.chosen);
    if (last.chosen.length === 0 || !last.full || ctx.meter.stopped !== undefined) break;
  }
  return { listing, chosen, done: new Set([...doneIds(chosen, previous), ...skipped]), full: last.full };
}

function report(pages: readonly PageResult[], ctx: Ctx, cleared: boolean): SweepReport {
  const last = pages.at(-1);
  const remaining = last === undefined ? 0 : last.listing.tickets.filter((t) => !last.done.has(t.id)).length;
  return {
    listed: pages.reduce((n, p) => n + p.listing.tickets.length, 0),
    processed: pages.reduce((n, p) => n + p.chosen.filter((w) => finished(w.outcome)).length, 0),
    remaining, calls: ctx.meter.made, credits: ctx.meter.spend.credits, finished: cleared,
  };
}

/** Another page is worth listing: this one is done, more follow, and budget and time remain. */
function goOn(ctx: Ctx, page: PageResult, count: number, started: number): boolean {
  const pageDone = page.listing.tickets.every((t) => page.done.has(t.id));
  const time = ctx.now() - started < SWEEP_TIME_BUDGET_MS;
  const store = affordableBlocks(dbOpsUsed() + PAGE_READ_OPS, ctx.dbAllowance) > 0;
  return pageDone && page.listing.more && !page.full && count < MAX_PAGES_PER_SWEEP && time && store && ctx.meter.stopped === undefined;
}

/**
 * `queueClear`: the queue of update actions was drained up to this minute; `initial`: the sweep
 * state as the drain left it (both from work/queue.ts), so the state is read and written once.
 */
export async function runSweep(ctx: Ctx, backlog: Backlog, started: number, queueClear = true, initial?: SweepState): Promise<SweepReport> {
  let state: SweepState = forEpisode(initial ?? readState(await getOrNull(STATE_KEY), ctx.now()), backlog);
  ctx.meter.reserve += overlapReserve(backlog, ctx.now());
  const pages: PageResult[] = [];
  let page: PageResult;
  do {
    page = await sweepPage(ctx, state, started);
    pages.push(page);
    const wm = advanceWatermark(state.wm, page.listing, page.done);
    const next = page.listing.more && page.listing.tickets.every((t) => page.done.has(t.id)) ? page.listing.page + 1 : page.listing.page;
    state = { ...state, wm, page: next };
  } while (goOn(ctx, page, pages.length, started));
  await put(STATE_KEY, { ...state });
  const remaining = page.listing.tickets.filter((t) => !page.done.has(t.id)).length;
  const cleared = await finish(ctx, page.listing, remaining, queueClear);
  return report(pages, ctx, cleared);
}
