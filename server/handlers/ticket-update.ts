/**
 * onTicketUpdate: every status, priority, group and agent change goes on the ticket's timeline
 * (one `$db` append), and update rules act on the change. Updates made by the app's own API key
 * are recognised by the actor id the install page stored (`api_agent_id`) and ignored entirely,
 * so the app's writes never trigger it again and a storm of its own updates costs nothing.
 */
import { minuteOf } from '../../core/budget';
import { normalizeChanges, normalizeEventData, type TicketChanges, type TicketFacts } from '../../core/ticket';
import { entriesFromChanges } from '../../core/timeline';
import { createContext, describeError, type Ctx } from '../lib/context';
import { noteStopped } from '../lib/health';
import { UPDATE_SLOTS } from '../lib/limits';
import { raiseBacklog, readBacklog } from '../lib/schedules';
import { claim } from '../lib/store/db';
import { appendTimeline } from '../lib/work/timeline-store';
import { TTL, updateClaimKey, updateSlotKey } from '../lib/store/keys';
import { enqueue } from '../lib/work/queue';
import { applyUpdateRules, evaluateUpdate } from '../lib/work/update-actions';

interface UpdateArgs {
  data?: { actor?: { id?: unknown }; changes?: unknown };
  timestamp?: unknown;
}

function eventTime(args: UpdateArgs, now: number): number {
  const t = Number(args.timestamp);
  // Payload timestamps come in seconds (with a fraction) or in milliseconds.
  if (!Number.isFinite(t) || t <= 0) return now;
  return t < 1e11 ? Math.round(t * 1000) : Math.round(t);
}

async function recordTimeline(facts: TicketFacts, changes: TicketChanges, at: number, actorId: number | null): Promise<number> {
  const entries = entriesFromChanges(changes, at, actorId);
  if (entries.length > 0) await appendTimeline(facts.id, entries);
  return entries.length;
}

async function act(ctx: Ctx, facts: TicketFacts, changes: TicketChanges, at: number): Promise<void> {
  const evaluation = evaluateUpdate(ctx, facts, changes);
  if (evaluation.matched.length === 0) return;
  if (!(await claim(updateClaimKey(facts.id, at), { at: ctx.now() }, TTL.claim))) {
    ctx.log.info('update', `ticket ${facts.id}: rule actions for this change already handled (redelivered event)`);
    return;
  }
  const busy = (await readBacklog()) !== null || !(await claim(updateSlotKey(minuteOf(ctx.now()), facts.id % UPDATE_SLOTS), { t: facts.id }, TTL.slot));
  if (busy) {
    await enqueue(ctx, { id: facts.id, at, changes });
    await raiseBacklog({ fromId: facts.id, since: ctx.now(), reason: 'queued' }, ctx.now());
    ctx.log.info('update', `ticket ${facts.id}: rule actions queued for the next sweep`);
    return;
  }
  const record = await applyUpdateRules(ctx, facts, evaluation, at);
  ctx.log.info('update', `ticket ${facts.id}: rules ${record.rules.join(', ')}; ${record.changes.length} change(s); note ${record.note}`);
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
  const changes = normalizeChanges(args.data?.changes);
  const at = eventTime(args, ctx.now());
  const recorded = await recordTimeline(facts, changes, at, actor);
  if (recorded > 0) ctx.log.info('update', `ticket ${facts.id}: ${recorded} change(s) on the timeline`);
  await act(ctx, facts, changes, at);
}

export async function onTicketUpdate(args: unknown): Promise<void> {
  const ctx = createContext(args);
  try {
    await handle(ctx, (typeof args === 'object' && args !== null ? args : {}) as UpdateArgs);
  } catch (error) {
    ctx.log.error('update', `failed: ${describeError(error)}`);
  }
  await noteStopped(ctx);
}
