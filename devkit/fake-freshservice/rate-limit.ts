/**
 * The account's per-minute budget (reference §2). One budget per account, shared by every key
 * and every integration; a call to a sub-limited operation counts against both its sub-limit and
 * the overall limit (§2.1, ALERT).
 *
 * Decisions where the reference is silent (§2.3 "UNCONFIRMED"):
 * - Windows are FIXED clock minutes, `floor(now / 60000)`, read from the injected clock; ALERT's
 *   "the current minute window" suggests fixed windows.
 * - `include=` credits count against the sub-limit too: DOC calls an embed "2 calls".
 * - A call is refused when its credits do not fit what is left (`used + credits > limit`).
 * - A 429 consumes nothing; every other answer (4xx and 5xx included, §2.1 note 3) consumes.
 * - `X-RateLimit-*` report the OVERALL budget, also on sub-limited calls.
 * - `Retry-After` is the whole seconds until the window ends, at least 1.
 */
import type { Clock } from '../clock.ts';
import type { Plan, PlanLimits, SubLimit } from './limits.ts';
import { ApiLimits, PLAN_LIMITS, SUB_LIMIT_LABELS } from './limits.ts';

export type LimitName = 'overall' | SubLimit;

export type Decision = { allowed: true } | { allowed: false; limit: LimitName; max: number; retryAfter: number };

export function windowOf(ms: number): number {
  return Math.floor(ms / ApiLimits.WINDOW_MS);
}

export class RateLimiter {
  #plan: Plan;
  #window = -1;
  #used = 0;
  #sub = new Map<SubLimit, number>();

  constructor(private readonly clock: Clock, plan: Plan) {
    this.#plan = plan;
  }

  get plan(): Plan {
    return this.#plan;
  }

  /** Takes effect immediately; what the current window has used stays used. */
  set plan(plan: Plan) {
    this.#plan = plan;
  }

  get limits(): PlanLimits {
    return PLAN_LIMITS[this.#plan];
  }

  check(subLimit: SubLimit | undefined, credits: number): Decision {
    this.#roll();
    const limits = this.limits;
    if (this.#used + credits > limits.overall) return this.#deny('overall', limits.overall);
    if (subLimit !== undefined && (this.#sub.get(subLimit) ?? 0) + credits > limits.sub[subLimit]) {
      return this.#deny(subLimit, limits.sub[subLimit]);
    }
    return { allowed: true };
  }

  consume(subLimit: SubLimit | undefined, credits: number): void {
    this.#roll();
    this.#used += credits;
    if (subLimit !== undefined) this.#sub.set(subLimit, (this.#sub.get(subLimit) ?? 0) + credits);
  }

  /** The values of the `X-RateLimit-*` headers right now. */
  headers(creditsThisRequest: number): Record<string, string> {
    this.#roll();
    return {
      'X-RateLimit-Total': String(this.limits.overall),
      'X-RateLimit-Remaining': String(Math.max(0, this.limits.overall - this.#used)),
      'X-RateLimit-Used-CurrentRequest': String(creditsThisRequest),
    };
  }

  /** Seconds until the current window ends, rounded up, at least 1. */
  retryAfter(): number {
    const end = (windowOf(this.clock.now()) + 1) * ApiLimits.WINDOW_MS;
    return Math.max(1, Math.ceil((end - this.clock.now()) / 1000));
  }

  #deny(limit: LimitName, max: number): Decision {
    return { allowed: false, limit, max, retryAfter: this.retryAfter() };
  }

  #roll(): void {
    const current = windowOf(this.clock.now());
    if (current === this.#window) return;
    this.#window = current;
    this.#used = 0;
    this.#sub.clear();
  }
}

/** The 429 message names the rule that was broken. */
export function limitMessage(limit: LimitName, max: number, plan: Plan, retryAfter: number): string {
  const what = limit === 'overall' ? 'the account' : `"${SUB_LIMIT_LABELS[limit]}"`;
  return `Rate limit exceeded: ${what} allows ${max} calls per minute on the ${plan} plan. Retry after ${retryAfter} seconds.`;
}
