/**
 * One sweep of the backlog under the minute's lease, so that only one sweep spends a minute's
 * budget: skipped while the key is rejected or Freshservice asked to wait; drains queued update
 * actions first; records what it did in the app's health.
 */
import { minuteOf } from '../../../core/budget';
import type { Ctx } from '../context';
import { readHealth, writeHealth, type Backlog, type Health } from '../schedules';
import { claim } from '../store/db';
import { leaseKey, TTL } from '../store/keys';
import { drainQueue } from '../work/queue';
import { runSweep } from './sweep';

export function blocked(health: Health, now: number): string | undefined {
  if (health.key === 'rejected') return 'the API key was rejected; waiting for an admin to update it';
  if (health.retryAt > now) return `Freshservice asked to wait until ${new Date(health.retryAt).toISOString()}`;
  return undefined;
}

export async function sweep(ctx: Ctx, backlog: Backlog, started: number): Promise<void> {
  const health = await readHealth();
  const reason = blocked(health, ctx.now());
  if (reason !== undefined) {
    ctx.log.info('sweep', `skipped: ${reason}`);
    return;
  }
  if (!(await claim(leaseKey(minuteOf(ctx.now())), { at: ctx.now() }, TTL.lease))) {
    ctx.log.info('sweep', 'another sweep already runs this minute');
    return;
  }
  const drained = await drainQueue(ctx, backlog.since);
  const report = await runSweep(ctx, backlog, started, drained.clear, drained.state);
  ctx.log.info('sweep', `listed ${report.listed}, processed ${report.processed}, ${report.remaining} left on this page; ${report.calls} call(s), ${report.credits} credit(s)${report.finished ? '; backlog cleared' : ''}`);
  const next: Health = { ...health, at: ctx.now(), lastSweep: { at: ctx.now(), processed: report.processed, calls: report.calls, credits: report.credits, backlog: report.remaining } };
  if (ctx.meter.stopped === undefined) await writeHealth(next, ctx.now());
}

