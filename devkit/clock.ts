/**
 * One clock for the whole devkit: the fake Freshservice's rate-limit windows and latency, the FDK
 * runtime's execution limits, `$db` TTLs and `$schedule` firing all read time from a `Clock`, and
 * nothing in the devkit calls `Date.now()` or `setTimeout` directly.
 *
 * `SystemClock` is wall time, for `npm start` and browser tests. `VirtualClock` is a discrete-event
 * clock for tests and benchmarks: time stands still while work runs and jumps to the next timer
 * once everything in flight is waiting on the clock, so a ten-minute storm runs in seconds and a
 * test can never race a minute boundary.
 *
 * The one subtlety is deciding when "everything is waiting". Real HTTP between the runtime and the
 * fake Freshservice is I/O the event loop cannot see into, so each side reports it to an
 * `ActivityTracker`: a request counts as active from send to last byte, except while the server
 * side is itself sleeping on the clock (`whileWaiting`), which is what lets simulated latency
 * elapse in virtual time.
 */

export interface Clock {
  /** Milliseconds since the Unix epoch, in this clock's time. */
  now(): number;
  /** Resolves once `ms` of this clock's time have passed. */
  sleep(ms: number): Promise<void>;
  /** Calls `fn` after `ms` of this clock's time; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
  /** Reports work the clock cannot see (HTTP in flight) so a virtual clock knows when to move. */
  readonly activity: ActivityTracker;
  readonly isVirtual: boolean;
}

/** Counts activities that keep the system busy (not waiting on the clock). */
export class ActivityTracker {
  #active = 0;
  #waiters: Array<() => void> = [];

  get active(): number {
    return this.#active;
  }

  /** Marks `work` as active until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#begin();
    return work.finally(() => this.#end());
  }

  /** Marks the current activity as idle while it waits on `wait` (typically a clock sleep). */
  async whileWaiting<T>(wait: Promise<T>): Promise<T> {
    this.#end();
    try {
      return await wait;
    } finally {
      this.#begin();
    }
  }

  /**
   * Resolves once nothing is active and the event loop has turned a few times with nothing
   * becoming active, so promise chains started by the last activity have run to their next wait.
   */
  async settled(): Promise<void> {
    let calmTurns = 0;
    while (calmTurns < 3) {
      await nextTurn();
      if (this.#active > 0) {
        calmTurns = 0;
        await new Promise<void>((resolve) => this.#waiters.push(resolve));
      } else {
        calmTurns += 1;
      }
    }
  }

  #begin(): void {
    this.#active += 1;
  }

  #end(): void {
    this.#active -= 1;
    if (this.#active === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    }
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Wall-clock time. */
export class SystemClock implements Clock {
  readonly activity = new ActivityTracker();
  readonly isVirtual = false;

  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  setTimer(fn: () => void, ms: number): () => void {
    const handle = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(handle);
  }
}

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
}

/** Default start of virtual time: a weekday morning, so seeded data looks like office hours. */
export const VIRTUAL_EPOCH = Date.UTC(2026, 10, 26, 9, 0, 0);

/**
 * Discrete-event time. Timers due at the same instant fire in the order they were set. Time only
 * moves inside `advance`/`advanceTo`/`runNext`, never by itself.
 */
export class VirtualClock implements Clock {
  readonly activity = new ActivityTracker();
  readonly isVirtual = true;
  #now: number;
  #timers: Timer[] = [];
  #seq = 0;

  constructor(start: number = VIRTUAL_EPOCH) {
    if (!Number.isFinite(start)) {
      throw new TypeError(`Expected \`start\` to be a finite epoch in ms, got \`${String(start)}\``);
    }
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** When the next timer is due, or undefined when none is set. */
  get nextDue(): number | undefined {
    return this.#timers[0]?.due;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.setTimer(resolve, ms);
    });
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer: Timer = { due: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    const index = this.#timers.findIndex((t) => t.due > timer.due);
    if (index === -1) this.#timers.push(timer);
    else this.#timers.splice(index, 0, timer);
    return () => {
      const at = this.#timers.indexOf(timer);
      if (at !== -1) this.#timers.splice(at, 1);
    };
  }

  /** Moves time forward by `ms`, firing due timers in order and letting their work settle. */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0)) {
      throw new RangeError(`Expected \`ms\` to be a number >= 0, got \`${String(ms)}\``);
    }
    return this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `target` (never backwards). */
  async advanceTo(target: number): Promise<void> {
    await this.activity.settled();
    for (;;) {
      const next = this.#timers[0];
      if (next === undefined || next.due > target) break;
      this.#fire(next);
      await this.activity.settled();
    }
    this.#now = Math.max(this.#now, target);
    await this.activity.settled();
  }

  /**
   * Fires the next timer (moving time to it) and lets its work settle. Returns false when no
   * timer is set, so loops like `while (await clock.runNext()) {}` end.
   */
  async runNext(): Promise<boolean> {
    await this.activity.settled();
    const next = this.#timers[0];
    if (next === undefined) return false;
    this.#fire(next);
    await this.activity.settled();
    return true;
  }

  #fire(timer: Timer): void {
    this.#timers.shift();
    this.#now = Math.max(this.#now, timer.due);
    timer.fn();
  }
}
