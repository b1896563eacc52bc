/**
 * The app's health as agents see it in the sidebar: whether the key works, when the app may call
 * again after a 429, the last error in plain words with what to do, and what the last sweep did.
 * It lives in the heartbeat schedule's data (see schedules.ts), so reading it costs no `$db`
 * operation; writes happen only when something changes.
 */
import type { Ctx } from './context';
import { ADMIN_HINTS, type FreshserviceError } from './freshservice/errors';
import { readHealth, writeHealth, type Health } from './schedules';

export function withError(health: Health, error: FreshserviceError, now: number): Health {
  const next: Health = { ...health, at: now, lastError: { kind: error.kind, message: error.message.slice(0, 300), hint: ADMIN_HINTS[error.kind], at: now } };
  if (error.kind === 'auth') next.key = 'rejected';
  if (error.kind === 'rate_limited') next.retryAt = Math.max(health.retryAt, now + (error.retryAfter ?? 60) * 1000);
  return next;
}

/** Records the error that stopped this invocation's calls, if one did (see `Meter.stopped`). */
export async function noteStopped(ctx: Ctx): Promise<void> {
  if (ctx.meter.stopped !== undefined) await noteHealthError(ctx, ctx.meter.stopped);
}

/** Records an error that changes how the app behaves (key rejected, rate limited); never throws. */
export async function noteHealthError(ctx: Ctx, error: FreshserviceError): Promise<void> {
  try {
    await writeHealth(withError(await readHealth(), error, ctx.now()), ctx.now());
  } catch (e) {
    ctx.log.warn('health', `could not record health: ${String((e as { message?: unknown })?.message ?? e)}`);
  }
}
