/**
 * The API budget: how many calls the app may make per minute, and the arithmetic to stay inside it.
 *
 * Freshservice meters the whole account per plan with sub-limits per operation
 * (freshservice-api.md §2.2), counts `include=` as extra credits, and FDK caps every app at 50
 * request-template calls a minute on top (fdk-platform.md §3.4). The app takes at most
 * `budget_share` percent of the account limit AND of every sub-limit, so that other integrations
 * keep the rest of each one even when they are busy, and never more than FDK's 50 calls.
 *
 * Windows are fixed clock minutes (`minuteOf`): Freshservice speaks of "the current minute window"
 * and says nothing about sliding; the devkit models the same.
 */

export type Plan = 'starter' | 'growth' | 'pro' | 'enterprise';

export const PLANS: readonly Plan[] = ['starter', 'growth', 'pro', 'enterprise'];

/** Operations with their own per-minute sub-limit; everything else counts only toward the total. */
export type LimitedOperation = 'listTickets' | 'viewTicket' | 'createTicket' | 'updateTicket' | 'listAgents' | 'listRequesters';
export type Operation = LimitedOperation | 'other';

export interface PlanLimits {
  total: number;
  sub: Readonly<Record<LimitedOperation, number>>;
}

/** Per-minute limits by plan (freshservice-api.md §2.2). */
export const PLAN_LIMITS: Readonly<Record<Plan, PlanLimits>> = {
  starter: { total: 100, sub: { listTickets: 40, viewTicket: 50, createTicket: 50, updateTicket: 50, listAgents: 40, listRequesters: 40 } },
  growth: { total: 200, sub: { listTickets: 70, viewTicket: 80, createTicket: 80, updateTicket: 80, listAgents: 70, listRequesters: 70 } },
  pro: { total: 400, sub: { listTickets: 120, viewTicket: 140, createTicket: 140, updateTicket: 140, listAgents: 120, listRequesters: 120 } },
  enterprise: { total: 500, sub: { listTickets: 140, viewTicket: 160, createTicket: 160, updateTicket: 160, listAgents: 140, listRequesters: 140 } },
};

/** FDK's request-template limit per app per account (fdk-platform.md §3.4). */
export const FDK_CALLS_PER_MINUTE = 50;

export const DEFAULT_BUDGET_SHARE = 50;

export interface AppBudget {
  plan: Plan;
  share: number;
  /** Freshservice credits per minute the app may use (include= costs extra credits). */
  credits: number;
  /** Request-template calls per minute (FDK counts calls, not credits). */
  calls: number;
  /** Credits per minute per sub-limited operation. */
  perOperation: Readonly<Record<LimitedOperation, number>>;
  /** Which limit binds the total: shown to admins on the install page. */
  binding: 'plan' | 'fdk';
}

export function isPlan(value: unknown): value is Plan {
  return typeof value === 'string' && (PLANS as readonly string[]).includes(value);
}

/** Parses `budget_share` as the install page stores it; anything unusable falls back to the default. */
export function parseShare(value: unknown): number {
  const share = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof share !== 'number' || !Number.isFinite(share)) return DEFAULT_BUDGET_SHARE;
  return Math.min(100, Math.max(1, Math.round(share)));
}

/** The app's per-minute budget for a plan and a share (percent, 1–100). */
export function appBudget(plan: Plan, share: number): AppBudget {
  const limits = PLAN_LIMITS[plan];
  const scale = (n: number): number => Math.max(1, Math.floor((n * share) / 100));
  const credits = scale(limits.total);
  const perOperation = Object.fromEntries(
    Object.entries(limits.sub).map(([op, n]) => [op, scale(n)]),
  ) as Record<LimitedOperation, number>;
  return { plan, share, credits, calls: Math.min(FDK_CALLS_PER_MINUTE, credits), perOperation, binding: credits > FDK_CALLS_PER_MINUTE ? 'fdk' : 'plan' };
}

/** Credits one call costs: 1, plus 1 per embedded resource on a single object, 2 on a list (freshservice-api.md §2.1). */
export function creditsFor(operation: Operation, includes: number): number {
  const perInclude = operation === 'listTickets' || operation === 'listAgents' || operation === 'listRequesters' ? 2 : 1;
  return 1 + perInclude * Math.max(0, includes);
}

export function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000);
}

/** What one minute window has spent so far. */
export interface Spend {
  minute: number;
  calls: number;
  credits: number;
  byOperation: Partial<Record<Operation, number>>;
}

export function emptySpend(minute: number): Spend {
  return { minute, calls: 0, credits: 0, byOperation: {} };
}

/** The spend of `now`'s window: `spend` itself if it is that window's, else an empty one. */
export function currentSpend(spend: Spend | undefined, now: number): Spend {
  const minute = minuteOf(now);
  return spend !== undefined && spend.minute === minute ? spend : emptySpend(minute);
}

/** Why a call does not fit, or undefined when it does. `reserve` calls are kept back for others (e.g. the sidebar). */
export function refusal(spend: Spend, budget: AppBudget, operation: Operation, credits: number, reserve = 0): string | undefined {
  if (spend.calls + 1 > budget.calls - reserve) return `${budget.calls - reserve} calls per minute`;
  if (spend.credits + credits > budget.credits - reserve) return `${budget.credits - reserve} credits per minute`;
  if (operation === 'other') return undefined;
  const used = spend.byOperation[operation] ?? 0;
  return used + credits > budget.perOperation[operation] ? `${budget.perOperation[operation]} ${operation} credits per minute` : undefined;
}

export function recordSpend(spend: Spend, operation: Operation, credits: number): Spend {
  const byOperation = { ...spend.byOperation, [operation]: (spend.byOperation[operation] ?? 0) + credits };
  return { minute: spend.minute, calls: spend.calls + 1, credits: spend.credits + credits, byOperation };
}

export interface RateLimitHeaders {
  total?: number;
  remaining?: number;
  used?: number;
}

function headerNumber(headers: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const raw = key === undefined ? undefined : headers[key];
  const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Reads `X-RateLimit-*` in any letter case; missing or nonsensical values are left out. */
export function parseRateLimitHeaders(headers: Readonly<Record<string, unknown>> | undefined): RateLimitHeaders {
  const h = headers ?? {};
  const total = headerNumber(h, 'x-ratelimit-total');
  const remaining = headerNumber(h, 'x-ratelimit-remaining');
  const used = headerNumber(h, 'x-ratelimit-used-currentrequest');
  // "Remaining" above "Total" is nonsense: drop it rather than trust it.
  const sane = remaining !== undefined && (total === undefined || remaining <= total);
  return { ...(total === undefined ? {} : { total }), ...(sane ? { remaining } : {}), ...(used === undefined ? {} : { used }) };
}

/** Used when Retry-After is missing or malformed: the rest of a minute window at most. */
export const FALLBACK_RETRY_AFTER_SECONDS = 60;
/** Longer waits are clamped: a per-minute limiter never needs more, and an hour-long pause would stall every ticket. */
export const MAX_RETRY_AFTER_SECONDS = 15 * 60;

/**
 * Seconds to wait after a 429. `Retry-After` is authoritative when it parses (delta-seconds or an
 * HTTP date); 0 or negative means "the next window", i.e. at least one second; malformed values
 * fall back to the rest of the current minute, so a bad header never disables waiting.
 */
export function parseRetryAfter(value: unknown, now: number): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const untilWindowEnd = Math.ceil((60_000 - (now % 60_000)) / 1000);
  const fallback = Math.min(FALLBACK_RETRY_AFTER_SECONDS, Math.max(1, untilWindowEnd));
  let seconds: number;
  if (/^-?\d+(\.\d+)?$/.test(text)) seconds = Number(text);
  else if (text !== '' && !Number.isNaN(Date.parse(text))) seconds = (Date.parse(text) - now) / 1000;
  else return fallback;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(seconds)));
}
