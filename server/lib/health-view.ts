/** The health section of the sidebar, from settings and the heartbeat's data. */
import type { HealthView } from '../../core/insights';
import type { Backlog, Health } from './schedules';
import type { Settings } from './settings';

export function healthView(settings: Settings, health: Health, backlog: Backlog | null, now: number): HealthView {
  return {
    plan: settings.plan,
    share: settings.share,
    callsPerMinute: settings.budget.calls,
    creditsPerMinute: settings.budget.credits,
    binding: settings.budget.binding,
    key: health.key,
    retryAt: health.retryAt > now ? health.retryAt : null,
    deferred: backlog === null ? null : { since: backlog.since, reason: backlog.reason },
    lastSweep: health.lastSweep,
    lastError: health.lastError,
    rulesIssue: settings.rulesIssue,
  };
}
