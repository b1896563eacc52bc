/**
 * onTicketCreate: triage and duplicate check as the event arrives, when the account is quiet.
 *
 * The handler first looks for the backlog marker (a schedule fetch, free of `$db` and API budget):
 * if work is already deferred the ticket joins the queue and costs nothing more, which is what
 * keeps a storm of thousands of events inside every limit. Otherwise it takes one of the minute's
 * inline slots, claims the ticket (a redelivered event stops here), finds duplicate candidates
 * (one call), and applies the plan: one update, at most one note. Anything that does not finish
 * raises the marker so the next sweep completes it.
 */
import { minuteOf } from '../../core/budget';
import { outcomeAttr, type TicketOutcome } from '../../core/record';
import { normalizeEventData, type TicketFacts } from '../../core/ticket';
import { createContext, describeError, type Ctx } from '../lib/context';
import { ACTION_SLOTS, INLINE_SLOTS, LATE_EVENT_MS, SWEEP_NOW_DB_OPS } from '../lib/limits';
import { sweep } from '../lib/sweep/run';
import { readBacklog, raiseBacklog, type Backlog } from '../lib/schedules';
import { claim, getOrNull } from '../lib/store/db';
import { blockKey, claimKey, inlineSlotKey, TTL } from '../lib/store/keys';
import { executeWork } from '../lib/work/execute';
import { writeOutcome } from '../lib/work/timeline-store';
import { fetchCandidates } from '../lib/work/candidates';
import { planCreate } from '../lib/work/plan';
import { noteStopped } from '../lib/health';
import { isFreshserviceError } from '../lib/freshservice/errors';

export async function defer(ctx: Ctx, facts: TicketFacts, reason: string): Promise<void> {
  const backlog = { fromId: facts.id, since: ctx.now(), reason };
  const raised = await raiseBacklog(backlog, ctx.now());
  ctx.log.info('create', `ticket ${facts.id} deferred to the next sweep (${reason})${raised ? '; backlog started' : ''}`);
  // The handler that starts a burst's backlog sweeps right away with what is left of this minute's
  // budget; the first tick could only come at the next minute.
  if (raised && reason === 'busy') await sweepNow(ctx, backlog);
}

async function sweepNow(ctx: Ctx, backlog: Backlog): Promise<void> {
  ctx.meter.reserve = ACTION_SLOTS;
  ctx.dbAllowance = SWEEP_NOW_DB_OPS;
  await sweep(ctx, backlog, ctx.now());
}

export function candidatesFor(ctx: Ctx, facts: TicketFacts): Promise<TicketFacts[]> {
  if (facts.requester.id === null) return Promise.resolve([]);
  return fetchCandidates(ctx.invoke, ctx.meter, [facts.requester.id], ctx.now() - ctx.settings.windowHours * 3600_000);
}

function summary(outcome: TicketOutcome, calls: number): string {
  const rules = outcome.rules.map((r) => r.name).join(', ') || 'none';
  return `${outcome.state}; rules ${rules}; ${outcome.changes.length} change(s); note ${outcome.note}; ${outcome.dups.length} possible duplicate(s); ${calls} call(s)`;
}

/**
 * Marks the ticket as being processed here before any call: a sweep that starts meanwhile (the
 * burst's first deferred ticket sweeps at once) leaves it alone for a handler's lifetime, and one
 * that finds it later, unfinished, looks for the note before posting it (`intent`) and knows the
 * values the rules' fields had (the duplicate check needs a call; the rules alone need none).
 */
function markInFlight(facts: TicketFacts, rulesOnly: TicketOutcome): Promise<void> {
  return writeOutcome(facts.id, { ...rulesOnly, state: 'partial', update: 'todo', note: 'intent' });
}

/**
 * The duplicate search returns the ticket as it is now (when the filter already holds it). If
 * someone (an agent, an automation, an update rule) changed it after the event was sent, the
 * event's copy is stale: an update planned from it would overwrite their change (and the whole tag
 * list). The sweep, which reads tickets afresh and leaves fields others changed alone, takes over.
 */
function changedSinceEvent(facts: TicketFacts, candidates: readonly TicketFacts[]): boolean {
  const now = candidates.find((c) => c.id === facts.id);
  if (now === undefined) return false;
  return isAfter(now.updatedAt, facts.updatedAt) || WATCHED.some((read) => read(facts) !== null && read(facts) !== read(now));
}

/** Fields rules set and people change; one the event leaves out is not compared. */
const WATCHED: ReadonlyArray<(t: TicketFacts) => string | number | null> = [
  (t) => t.priority, (t) => t.urgency, (t) => t.impact, (t) => t.status, (t) => t.groupId, (t) => t.responderId, (t) => t.type, (t) => t.category, (t) => t.subCategory,
];

function isAfter(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && a > b;
}

/**
 * The duplicate search failed (the key was rejected, Freshservice is down, the budget is spent):
 * the in-flight record says why, so the sidebar shows the reason while the sweep retries.
 */
async function searchFailed(ctx: Ctx, facts: TicketFacts, rulesOnly: TicketOutcome, error: unknown): Promise<never> {
  if (isFreshserviceError(error)) {
    const failed = { kind: error.kind, message: error.message.slice(0, 300), at: ctx.now() };
    await writeOutcome(facts.id, { ...rulesOnly, state: 'partial', update: 'todo', note: 'intent', error: failed });
  }
  throw error;
}

async function process(ctx: Ctx, facts: TicketFacts): Promise<void> {
  const plan = { now: ctx.now(), via: 'event' as const, engine: ctx.engine, ticketUrl: ctx.ticketUrl, withAck: true };
  const rulesOnly = planCreate(facts, [], ctx.settings, plan).outcome;
  await markInFlight(facts, rulesOnly);
  const candidates = await candidatesFor(ctx, facts).catch((error: unknown) => searchFailed(ctx, facts, rulesOnly, error));
  if (changedSinceEvent(facts, candidates)) {
    await defer(ctx, facts, 'changed since the event');
    return;
  }
  const work = planCreate(facts, candidates, ctx.settings, plan);
  const outcome = await executeWork(work, ctx.invoke, ctx.meter);
  await writeOutcome(facts.id, outcome);
  ctx.log.info('create', `ticket ${facts.id}: ${summary(outcome, ctx.meter.made)}`);
  if (outcome.state === 'partial') await defer(ctx, facts, outcome.error?.kind ?? 'partial');
}

/**
 * A create event delivered long after the ticket was created may find it handled already by a
 * sweep, which goes by outcomes and leaves no claim: when the ticket has an outcome, the sweep
 * decides (one `$db` read, for late events only).
 */
async function handledElsewhere(ctx: Ctx, facts: TicketFacts): Promise<boolean> {
  if (facts.createdAt === null || ctx.now() - facts.createdAt <= LATE_EVENT_MS) return false;
  const block = await getOrNull(blockKey(facts.id));
  return block?.[outcomeAttr(facts.id)] !== undefined;
}

async function handle(ctx: Ctx, data: unknown): Promise<void> {
  const { facts, issues } = normalizeEventData(data);
  if (issues.length > 0) ctx.log.warn('create', `payload issues: ${issues.slice(0, 5).join('; ')}`);
  if (facts === null) {
    ctx.log.error('create', 'payload has no usable ticket id; nothing to do');
    return;
  }
  if ((await readBacklog()) !== null) {
    ctx.log.info('create', `ticket ${facts.id} queued behind the backlog`);
    return;
  }
  if (await handledElsewhere(ctx, facts)) {
    await defer(ctx, facts, 'late event');
    return;
  }
  // The ticket claim comes first so a redelivered event stops here; a claimed ticket that then
  // finds no inline slot is left to the sweep, which goes by outcomes, not claims.
  if (!(await claim(claimKey(facts.id), { at: ctx.now() }, TTL.claim))) {
    ctx.log.info('create', `ticket ${facts.id} was already handled (redelivered event)`);
    return;
  }
  if (!(await claim(inlineSlotKey(minuteOf(ctx.now()), facts.id % INLINE_SLOTS), { t: facts.id }, TTL.slot))) {
    await defer(ctx, facts, 'busy');
    return;
  }
  await process(ctx, facts);
}

export async function onTicketCreate(args: unknown): Promise<void> {
  const ctx = createContext(args);
  const data = (args as { data?: unknown } | null)?.data;
  try {
    await handle(ctx, data);
  } catch (error) {
    // Nothing is lost: the ticket's outcome (if any) is unfinished, so the next sweep picks it up.
    ctx.log.error('create', `failed, left for the sweep: ${describeError(error)}`);
    const { facts } = normalizeEventData(data);
    if (facts !== null) await defer(ctx, facts, 'error').catch((e: unknown) => ctx.log.error('create', `could not start the backlog: ${describeError(e)}`));
  }
  await noteStopped(ctx);
}
