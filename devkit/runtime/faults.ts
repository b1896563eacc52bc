/**
 * Fault knobs for tests of the app's resilience: things the platform may do that a happy local
 * run never shows. Rates are probabilities drawn from a seeded generator, so a run is repeatable.
 * The object is live: tests may change a knob at any time (`rt.faults.dbRateLimited = 0.2`).
 */
export interface Faults {
  /** Share (0–1) of `$db` operations answered 429 although the per-minute limit is not reached. */
  dbRateLimited: number;
  /** Deliver every scheduled event twice (the second delivery after the first invocation ends). */
  scheduleDoubleDelivery: boolean;
  /** Deliver scheduled events this many ms (clock time) after they are due. */
  scheduleLateMs: number;
  /** Share (0–1) of product events delivered a second time after the first invocation ends (at-least-once delivery). */
  eventRedelivery: number;
}

export const NO_FAULTS: Readonly<Faults> = { dbRateLimited: 0, scheduleDoubleDelivery: false, scheduleLateMs: 0, eventRedelivery: 0 };

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A probability knob as a number in [0, 1] (anything else counts as 0). */
export function rate(value: unknown): number {
  return typeof value === 'number' && value > 0 ? Math.min(1, value) : 0;
}
