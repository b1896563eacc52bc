/**
 * onScheduledEvent: ticks sweep the backlog, the heartbeat keeps the ticks armed, checks for
 * tickets whose events never arrived and re-tries a rejected API key; a kept update event (storage
 * was busy when it arrived) is handled again. See lib/schedules.ts for why
 * the schedules look the way they do.
 */
import { createContext, describeError, type Ctx } from '../lib/context';
import { callTemplate } from '../lib/freshservice/client';
import { isFreshserviceError } from '../lib/freshservice/errors';
import { noteStopped } from '../lib/health';
import { ACTION_SLOTS } from '../lib/limits';
import { armTick, ensureTicks, raiseBacklog, readBacklog, readHealth, writeHealth, type Backlog, type Health } from '../lib/schedules';
import { sweep, blocked } from '../lib/sweep/run';
import { safetyCheck } from '../lib/sweep/safety';
import { retryUpdate } from './ticket-update';

/** How often a rejected key is tried again. */
const KEY_RETRY_MS = 5 * 60_000;

async function onTick(ctx: Ctx, slot: number, started: number): Promise<void> {
  await armTick(slot, ctx.now());
  const backlog = await readBacklog();
  if (backlog !== null) await sweep(ctx, backlog, started);
}

/** Tries the stored key again; clears the rejection when Freshservice accepts it. */
async function retryKey(ctx: Ctx, health: Health): Promise<void> {
  if (ctx.now() - health.at < KEY_RETRY_MS) return;
  try {
    await callTemplate(ctx.invoke, ctx.meter, 'probeStoredKey');
    await writeHealth({ ...health, at: ctx.now(), key: 'ok', lastError: null }, ctx.now());
    ctx.log.info('heartbeat', 'the API key works again; resuming');
  } catch (error) {
    if (isFreshserviceError(error)) await writeHealth({ ...health, at: ctx.now() }, ctx.now());
    ctx.log.warn('heartbeat', `the API key is still not accepted: ${describeError(error)}`);
  }
}

async function onHeartbeat(ctx: Ctx): Promise<void> {
  const armed = await ensureTicks(ctx.now());
  if (armed > 0) ctx.log.info('heartbeat', `re-armed ${armed} tick(s)`);
  const health = await readHealth();
  if (health.key === 'rejected') {
    await retryKey(ctx, health);
    return;
  }
  if ((await readBacklog()) === null && blocked(health, ctx.now()) === undefined) {
    const report = await safetyCheck(ctx);
    if (report.missing > 0) ctx.log.warn('heartbeat', `${report.missing} ticket(s) had no outcome; a sweep will handle them`);
  }
}

/** The backlog marker fired (it normally never does): sweep now and keep the marker while work remains. */
async function onBacklogFired(ctx: Ctx, data: Record<string, unknown>, started: number): Promise<void> {
  const backlog: Backlog = { fromId: Number(data.fromId) || 0, since: Number(data.since) || ctx.now(), reason: String(data.reason ?? 'busy') };
  await raiseBacklog(backlog, ctx.now());
  await sweep(ctx, backlog, started);
}

async function dispatch(ctx: Ctx, data: Record<string, unknown>, started: number): Promise<void> {
  if (data.kind === 'tick') await onTick(ctx, Number(data.slot) || 0, started);
  else if (data.kind === 'heartbeat') await onHeartbeat(ctx);
  else if (data.kind === 'backlog') await onBacklogFired(ctx, data, started);
  else if (data.kind === 'update') await retryUpdate(ctx, data);
  else ctx.log.warn('schedule', `unknown scheduled event ${JSON.stringify(data).slice(0, 100)}`);
}

export async function onScheduledEvent(args: unknown): Promise<void> {
  const started = Date.now();
  const ctx = createContext(args, { reserve: ACTION_SLOTS });
  const data = (args as { data?: unknown } | null)?.data;
  try {
    await dispatch(ctx, (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>, started);
  } catch (error) {
    ctx.log.error('schedule', `failed: ${describeError(error)}; the next tick continues`);
  }
  await noteStopped(ctx);
}
