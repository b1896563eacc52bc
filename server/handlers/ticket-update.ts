/**
 * onTicketUpdate: every status, priority, group and agent change goes on the ticket's timeline
 * (one `$db` append), and update rules act on the change. Updates made by the app's own API key
 * are recognised by the actor id the install page stored (`api_agent_id`) and ignored entirely,
 * so the app's writes never trigger it again and a storm of its own updates costs nothing.
 *
 * The rules' actions run exactly once per change (work/update-actions.ts): the change is named by
 * the ticket's `updated_at` in the payload, which every delivery of the event repeats; actions
 * left unfinished by a transient failure go on the queue for the next sweep; and when `$db`
 * refuses the handler outright, the event is kept in a one-time schedule and handled again later.
 */
import { minuteOf } from '../../core/budget';
import { normalizeChanges, normalizeEventData, type TicketChanges, type TicketFacts } from '../../core/ticket';
import { entriesFromChanges } from '../../core/timeline';
import { createContext, describeError, type Ctx } from '../lib/context';
import { noteStopped } from '../lib/health';
import { UPDATE_SLOTS } from '../lib/limits';
import { raiseBacklog, readBacklog, scheduleUpdateRetry } from '../lib/schedules';
import { claim, isDbError } from '../lib/store/db';
import { appendTimeline } from '../lib/work/timeline-store';
import { TTL, updateSlotKey } from '../lib/store/keys';
import { enqueue, type QueuedAction } from '../lib/work/queue';
import { applyUpdateRules, changeSignature, escalationKey, evaluateUpdate, progressDone, STARTED, type Escalation } from '../lib/work/update-actions';

interface UpdateArgs {
  data?: { actor?: { id?: unknown }; changes?: unknown; ticket?: { updated_at?: unknown } };
  timestamp?: unknown;
}

/**
 * When the change happened: the payload ticket's `updated_at` (the same in every delivery of the
 * event), else the envelope's timestamp (seconds with a fraction, or milliseconds).
 */
export function eventTime(args: UpdateArgs, now: number): number {
  const updated = args.data?.ticket?.updated_at;
  const stamped = typeof updated === 'string' ? Date.parse(updated) : Number.NaN;
  return stamped > 0 ? stamped : envelopeTime(args.timestamp, now);
}

/** Payload timestamps come in seconds (with a fraction) or in milliseconds. */
function envelopeTime(timestamp: unknown, now: number): number {
  const t = Number(timestamp);
  if (!Number.isFinite(t) || t <= 0) return now;
  return t < 1e11 ? Math.round(t * 1000) : Math.round(t);
}

async function recordTimeline(ticketId: number, changes: TicketChanges, at: number, actorId: number | null): Promise<number> {
  const entries = entriesFromChanges(changes, at, actorId);
  if (entries.length > 0) await appendTimeline(ticketId, entries);
  return entries.length;
}

/** Leaves the escalation to the next sweep (it views the ticket and acts then). */
async function queueAction(ctx: Ctx, e: QueuedAction): Promise<void> {
  await enqueue(ctx, e);
  await raiseBacklog({ fromId: e.id, since: ctx.now(), reason: 'queued' }, ctx.now());
}

async function busy(ctx: Ctx, ticketId: number): Promise<boolean> {
  return (await readBacklog()) !== null || !(await claim(updateSlotKey(minuteOf(ctx.now()), ticketId % UPDATE_SLOTS), { t: ticketId }, TTL.slot));
}

async function act(ctx: Ctx, facts: TicketFacts, e: Escalation): Promise<void> {
  const evaluation = evaluateUpdate(ctx, facts, e.changes);
  if (evaluation.matched.length === 0) return;
  if (await busy(ctx, facts.id)) {
    await queueAction(ctx, e);
    ctx.log.info('update', `ticket ${facts.id}: rule actions queued for the next sweep`);
    return;
  }
  if (!(await claim(escalationKey(e), { ...STARTED, at: ctx.now() }, TTL.claim))) {
    ctx.log.info('update', `ticket ${facts.id}: rule actions for this change already handled (redelivered event)`);
    return;
  }
  const { record, progress } = await applyUpdateRules(ctx, facts, evaluation, e, STARTED);
  // Finished: the claim is enough (a copy of this change queued later resumes from `started` and finds
  // the update and the note in place). Unfinished: the rest goes to the next sweep with its progress.
  if (!progressDone(progress)) await queueAction(ctx, { ...e, p: progress });
  ctx.log.info('update', `ticket ${facts.id}: rules ${record.rules.join(', ')}; ${record.changes.length} change(s); note ${record.note}${progressDone(progress) ? '' : '; the rest is retried by the next sweep'}`);
}

function actorOf(args: UpdateArgs): number | null {
  const id = Number(args.data?.actor?.id);
  return Number.isFinite(id) && id > 0 ? id : null;
}

async function handle(ctx: Ctx, args: UpdateArgs): Promise<void> {
  const actor = actorOf(args);
  if (actor !== null && actor === ctx.settings.agentId) {
    ctx.log.info('update', "ignored: the app's own update");
    return;
  }
  const { facts, issues } = normalizeEventData(args.data);
  if (issues.length > 0) ctx.log.warn('update', `payload issues: ${issues.slice(0, 5).join('; ')}`);
  if (facts === null) {
    ctx.log.error('update', 'payload has no usable ticket id; nothing to do');
    return;
  }
  const e: Escalation = { id: facts.id, at: eventTime(args, ctx.now()), changes: normalizeChanges(args.data?.changes) };
  const recorded = await recordTimeline(facts.id, e.changes, e.at, actor);
  if (recorded > 0) ctx.log.info('update', `ticket ${facts.id}: ${recorded} change(s) on the timeline`);
  await act(ctx, facts, e);
}

/** `$db` refused: keep the event in a one-time schedule; `retryUpdate` handles it when it fires. */
async function retryLater(ctx: Ctx, args: UpdateArgs): Promise<void> {
  const { facts } = normalizeEventData(args.data);
  if (facts === null) return;
  const changes = normalizeChanges(args.data?.changes);
  const at = eventTime(args, ctx.now());
  const act = evaluateUpdate(ctx, facts, changes).matched.length > 0;
  await scheduleUpdateRetry({ id: facts.id, at, signature: changeSignature(changes), actor: actorOf(args), changes: changes as Record<string, unknown>, act }, ctx.now());
  ctx.log.info('update', `ticket ${facts.id}: storage was busy; the change is recorded again in a few minutes`);
}

export async function onTicketUpdate(args: unknown): Promise<void> {
  const ctx = createContext(args);
  const update = (typeof args === 'object' && args !== null ? args : {}) as UpdateArgs;
  try {
    await handle(ctx, update);
  } catch (error) {
    ctx.log.error('update', `failed: ${describeError(error)}`);
    if (isDbError(error)) await retryLater(ctx, update).catch((e: unknown) => ctx.log.error('update', `could not keep the change for later: ${describeError(e)}`));
  }
  await noteStopped(ctx);
}

/** The escalation a kept update event names, or null when its data is not usable. */
function keptEscalation(data: Record<string, unknown>): Escalation | null {
  const e: Escalation = { id: Number(data.id), at: Number(data.at), changes: normalizeChanges(data.changes) };
  return e.id > 0 && Number.isFinite(e.at) ? e : null;
}

/**
 * A kept update event fires (see `retryLater`): its timeline entries are recorded (an entry
 * recorded twice is shown once) and, when a rule matched it, its rule actions are queued for the
 * sweep, which views the ticket and acts if a rule still matches. Refused again, it is kept again.
 */
export async function retryUpdate(ctx: Ctx, data: Record<string, unknown>): Promise<void> {
  const e = keptEscalation(data);
  if (e === null) return;
  const actor = Number(data.actor) > 0 ? Number(data.actor) : null;
  const act = data.act !== false;
  try {
    await recordTimeline(e.id, e.changes, e.at, actor);
    if (act) await queueAction(ctx, e);
    ctx.log.info('update', `ticket ${e.id}: a change kept while storage was busy is recorded${act ? '; its rule actions are queued' : ''}`);
  } catch (error) {
    if (!isDbError(error)) throw error;
    await scheduleUpdateRetry({ id: e.id, at: e.at, signature: changeSignature(e.changes), actor, changes: e.changes as Record<string, unknown>, act }, ctx.now());
    ctx.log.warn('update', `ticket ${e.id}: storage still busy; trying again in a few minutes`);
  }
}
