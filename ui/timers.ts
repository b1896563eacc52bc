/** Timers the pages wait with, injectable so tests can run them in virtual time. */
export interface Timers {
  set(fn: () => void, ms: number): number;
  clear(id: number): void;
}

export const BROWSER_TIMERS: Timers = {
  set: (fn, ms) => window.setTimeout(fn, ms),
  clear: (id) => window.clearTimeout(id),
};
