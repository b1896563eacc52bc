/**
 * Health: the app's API budget (calls a minute of its share, and which limit binds: the plan share
 * or FDK's 50 a minute), what the last sweep used, deferred work waiting (since when, why), the last
 * error in plain words with what to do, and a problem with the rules. Collapsed while all is well;
 * open, and flagged, when something needs attention.
 */
import type { HealthView } from '../../../core/insights';
import { h, timeEl, type Child } from '../dom';
import { ago, fromNow, plural } from '../format';
import { emptyLine } from '../states';
import { deferralReason, errorHeadline, planName } from './health-words';
import { section, type View } from './view';

/** A last error older than this no longer flags the section (it stays listed). */
const RECENT_ERROR_MS = 60 * 60_000;

function row(key: string, term: string, value: readonly Child[]): HTMLElement[] {
  return [h('dt', { 'data-health': key }, [term]), h('dd', { 'data-health': key }, value)];
}

function budget(health: HealthView): HTMLElement[] {
  const binding = health.binding === 'fdk'
    ? `FDK's 50 calls a minute per app (the plan share allows ${health.creditsPerMinute} credits).`
    : `The plan share: ${health.creditsPerMinute} credits a minute.`;
  return [
    ...row('budget', 'API budget', [`${plural(health.callsPerMinute, 'call')} a minute, ${health.share}% of the ${planName(health.plan)} plan's budget.`]),
    ...row('binding', 'Binding limit', [binding]),
  ];
}

function sweep(health: HealthView, now: number): HTMLElement[] {
  const s = health.lastSweep;
  if (s === null) return row('sweep', 'Last sweep', ['None yet. The app sweeps once a minute when work is waiting.']);
  return row('sweep', 'Last sweep', [
    timeEl(s.at, ago(s.at, now)),
    `: ${plural(s.processed, 'ticket')}, ${plural(s.calls, 'API call')} (${s.credits} credits) of ${health.callsPerMinute} a minute; ${s.backlog} waiting.`,
  ]);
}

function deferred(health: HealthView, now: number): HTMLElement[] {
  const d = health.deferred;
  if (d === null) return row('deferred', 'Deferred work', ['Nothing waiting.']);
  return row('deferred', 'Deferred work', ['Waiting since ', timeEl(d.since, ago(d.since, now)), ` because ${deferralReason(d.reason)}.`]);
}

function paused(health: HealthView, now: number): HTMLElement[] {
  if (health.retryAt === null) return [];
  return row('paused', 'Paused', [`Freshservice asked the app to wait; calls resume ${fromNow(health.retryAt, now)}.`]);
}

function lastError(health: HealthView, now: number): HTMLElement[] {
  const e = health.lastError;
  if (e === null) return row('error', 'Last error', ['None.']);
  return row('error', 'Last error', [
    h('span', { class: 'radar-health__error' }, [`${errorHeadline(e.kind, e.message)} ${e.hint}`.trim()]),
    h('span', { class: 'radar-meta radar-health__when' }, [' (', timeEl(e.at, ago(e.at, now)), ')']),
  ]);
}

function keyAndRules(health: HealthView): HTMLElement[] {
  return [
    ...(health.key === 'rejected' ? row('key', 'API key', ['Rejected by Freshservice. An admin should update the API key in the app settings.']) : []),
    ...(health.rulesIssue === null ? [] : row('rules', 'Rules', [health.rulesIssue])),
  ];
}

export function needsAttention(health: HealthView, now: number): boolean {
  const recentError = health.lastError !== null && now - health.lastError.at < RECENT_ERROR_MS;
  return health.key === 'rejected' || health.rulesIssue !== null || health.deferred !== null || health.retryAt !== null || recentError;
}

export function renderHealth(health: HealthView | null, view: View): HTMLElement {
  if (health === null) return section('health', 'Health', [emptyLine('Health details are not available from this version of the app.')]);
  const attention = needsAttention(health, view.now);
  const badge = h('fw-label', { value: attention ? 'Needs attention' : 'OK', color: attention ? 'yellow' : 'green', class: 'radar-badge', 'data-health-state': attention ? 'attention' : 'ok' });
  const rows = [...keyAndRules(health), ...lastError(health, view.now), ...paused(health, view.now), ...deferred(health, view.now), ...sweep(health, view.now), ...budget(health)];
  return section('health', 'Health', [h('dl', { class: 'radar-health' }, rows)], badge);
}
