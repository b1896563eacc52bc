/** The call log and per-minute statistics: what benchmarks and tests read to judge the app. */
import type { CallerLabel } from './auth.ts';
import type { SubLimit } from './limits.ts';
import { ApiLimits, SUB_LIMITS } from './limits.ts';
import type { LimitName } from './rate-limit.ts';
import { windowOf } from './rate-limit.ts';
import type { EndpointClass } from './routes.ts';

export type FaultKind = 'error' | 'drop' | 'latency';

export interface CallRecord {
  /** Clock time the request was handled (after any injected latency). */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** HTTP status; 0 when the connection was dropped before an answer. */
  status: number;
  credits: number;
  caller: CallerLabel;
  endpoint: EndpointClass;
  retryAfter?: number;
  /** Which limit refused a 429. */
  limit?: LimitName;
  fault?: FaultKind;
}

export interface MinuteStats {
  /** `floor(start / 60000)`. */
  window: number;
  start: number;
  /** Credits consumed in the minute, all callers. */
  credits: number;
  calls: number;
  /** Credits consumed against each sub-limit. */
  sub: Record<SubLimit, number>;
  /** Credits consumed per caller. */
  byCaller: Partial<Record<CallerLabel, number>>;
  /** 429 answers per caller. */
  rateLimited: Partial<Record<CallerLabel, number>>;
}

export class Stats {
  readonly #minutes = new Map<number, MinuteStats>();

  record(call: CallRecord, subLimit: SubLimit | undefined): void {
    const m = this.#minute(windowOf(call.at));
    m.calls += 1;
    if (call.status === 429) {
      m.rateLimited[call.caller] = (m.rateLimited[call.caller] ?? 0) + 1;
      return;
    }
    m.credits += call.credits;
    m.byCaller[call.caller] = (m.byCaller[call.caller] ?? 0) + call.credits;
    if (subLimit !== undefined) m.sub[subLimit] += call.credits;
  }

  /** Every minute that saw a call, oldest first. */
  minutes(): MinuteStats[] {
    return [...this.#minutes.values()].sort((a, b) => a.window - b.window).map((m) => structuredClone(m));
  }

  /** The minute containing clock time `at`, if it saw a call. */
  minuteAt(at: number): MinuteStats | undefined {
    const m = this.#minutes.get(windowOf(at));
    return m === undefined ? undefined : structuredClone(m);
  }

  /** Highest credits consumed in any one minute, overall or against one sub-limit, optionally by one caller. */
  peakPerMinute(of: 'overall' | SubLimit = 'overall', caller?: CallerLabel): number {
    let peak = 0;
    for (const m of this.#minutes.values()) {
      const value = caller !== undefined ? (m.byCaller[caller] ?? 0) : of === 'overall' ? m.credits : m.sub[of];
      peak = Math.max(peak, value);
    }
    return peak;
  }

  /** 429 answers in total, or those one caller received. */
  rateLimited(caller?: CallerLabel): number {
    let total = 0;
    for (const m of this.#minutes.values()) {
      total += caller === undefined ? Object.values(m.rateLimited).reduce((a, b) => a + (b ?? 0), 0) : (m.rateLimited[caller] ?? 0);
    }
    return total;
  }

  reset(): void {
    this.#minutes.clear();
  }

  #minute(window: number): MinuteStats {
    let m = this.#minutes.get(window);
    if (!m) {
      const sub = Object.fromEntries(SUB_LIMITS.map((s) => [s, 0])) as Record<SubLimit, number>;
      m = { window, start: window * ApiLimits.WINDOW_MS, credits: 0, calls: 0, sub, byCaller: {}, rateLimited: {} };
      this.#minutes.set(window, m);
    }
    return m;
  }
}
