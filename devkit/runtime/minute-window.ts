/**
 * Fixed per-minute windows on the clock, as the platform's rate limits are stated ("50 per
 * minute"): a window is a clock minute [hh:mm:00, hh:mm+1:00), and its counter starts again at
 * zero at the boundary. A sliding window would be stricter; which one production uses is not
 * documented, so the devkit picks the simpler fixed window and says so. Also records per-minute
 * counts and the peak for the stats.
 */
import type { Clock } from '../clock.ts';

export const MINUTE_MS = 60_000;

export interface WindowStats {
  /** Operations counted over the runtime's life (refused ones are not counted here). */
  total: number;
  /** Operations counted in the current clock minute. */
  current: number;
  /** The highest count any clock minute reached. */
  peak: number;
  /** Operations refused because the window was full. */
  refused: number;
  /** Count per clock minute that saw any operation, oldest first. */
  perMinute: Array<{ start: number; count: number }>;
}

export type Take = { ok: true; count: number } | { ok: false; count: number; windowStart: number; resetAt: number };

export class MinuteWindow {
  readonly limit: number;
  readonly #clock: Clock;
  readonly #counts = new Map<number, number>();
  #total = 0;
  #peak = 0;
  #refused = 0;

  constructor(clock: Clock, limit: number) {
    this.#clock = clock;
    this.limit = limit;
  }

  /** Counts one operation if the current minute has room; otherwise refuses it without counting. */
  take(): Take {
    const start = windowStart(this.#clock.now());
    const used = this.#counts.get(start) ?? 0;
    if (used >= this.limit) {
      this.#refused += 1;
      return { ok: false, count: used, windowStart: start, resetAt: start + MINUTE_MS };
    }
    this.#counts.set(start, used + 1);
    this.#total += 1;
    this.#peak = Math.max(this.#peak, used + 1);
    return { ok: true, count: used + 1 };
  }

  /** Counts a refusal that happened for another reason (e.g. an injected fault). */
  noteRefused(): void {
    this.#refused += 1;
  }

  stats(): WindowStats {
    const perMinute = [...this.#counts.entries()].sort(([a], [b]) => a - b).map(([start, count]) => ({ start, count }));
    const current = this.#counts.get(windowStart(this.#clock.now())) ?? 0;
    return { total: this.#total, current, peak: this.#peak, refused: this.#refused, perMinute };
  }
}

export function windowStart(now: number): number {
  return now - (((now % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
}

/** "09:01:00Z"-style label of a window start, for messages. */
export function minuteLabel(start: number): string {
  return new Date(start).toISOString().slice(11, 19) + 'Z';
}
