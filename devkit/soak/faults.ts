/**
 * "All the faults on": what the soak (and the mixed-fault test) does to the app, minute by minute.
 *
 * Always on:
 * - the fake Freshservice answers 20 % of the app's calls with 500, 502 or 503;
 * - 3 % of connections drop — in even minutes before the API sees the request, in odd minutes
 *   after it handled it (the write happened; the answer is cut off half-way);
 * - `$db` answers 429 to 2 % of operations although its limit is not reached (a sweep makes a dozen
 *   or more: one in five sweeps fails on storage alone);
 * - every scheduled event is delivered twice, and 20 s late;
 * - 10 % of product events are delivered a second time after the first invocation ends.
 * Now and then:
 * - every 7th minute, the next call answers only after 13–17 s (the template timeout is 15 s, a
 *   handler's limit 20 s). One slow call at a time: the devkit's virtual clock loses count of
 *   activity when a client gives up (timeout) while the fake still sleeps on an injected delay,
 *   and a second delayed request in that window would then wait forever (a devkit limitation).
 * - every 30th minute, for 2 minutes, the account's other integrations send 1.5 × the plan's
 *   limit, so the account runs out part-way through the minute and the app gets 429s;
 * - every 20th minute, the front end (an admin checking keys on the install page) makes 45
 *   request-template calls at the start of the minute, leaving the app 5 of FDK's 50.
 * Otherwise the other integrations use 40 % of the account.
 */
import { PLAN_LIMITS } from '../fake-freshservice/index.ts';
import type { World } from './world.ts';

export interface FaultPlan {
  errorRate: number;
  dropRate: number;
  dbRate: number;
  scheduleDouble: boolean;
  scheduleLateMs: number;
  eventRedelivery: number;
  slowEvery: number;
  slowCalls: number;
  accountFullEvery: number;
  accountFullMinutes: number;
  fdkBurstEvery: number;
  fdkBurstCalls: number;
  /** Share of the account limit the other integrations use normally. */
  othersShare: number;
}

export const ALL_FAULTS: FaultPlan = {
  errorRate: 0.2, dropRate: 0.03, dbRate: 0.02, scheduleDouble: true, scheduleLateMs: 20_000, eventRedelivery: 0.1,
  slowEvery: 7, slowCalls: 1, accountFullEvery: 30, accountFullMinutes: 2, fdkBurstEvery: 20, fdkBurstCalls: 45, othersShare: 0.4,
};

export const NO_FAULTS: FaultPlan = {
  errorRate: 0, dropRate: 0, dbRate: 0, scheduleDouble: false, scheduleLateMs: 0, eventRedelivery: 0,
  slowEvery: 0, slowCalls: 0, accountFullEvery: 0, accountFullMinutes: 0, fdkBurstEvery: 0, fdkBurstCalls: 0, othersShare: 0,
};

/** What the plan did, for the report. */
export interface FaultLog {
  slowMinutes: number;
  accountFullMinutes: number;
  /** Clock minutes (`floor(ms / 60000)`) with a front-end burst. */
  fdkBurstMinutes: Set<number>;
  frontEndCalls: number;
  frontEndRefused: number;
}

export class FaultDriver {
  readonly log: FaultLog = { slowMinutes: 0, accountFullMinutes: 0, fdkBurstMinutes: new Set(), frontEndCalls: 0, frontEndRefused: 0 };
  readonly #world: World;
  readonly #plan: FaultPlan;
  #othersPerMinute = -1;

  constructor(world: World, plan: FaultPlan) {
    this.#world = world;
    this.#plan = plan;
    const f = world.rt.faults;
    f.dbRateLimited = plan.dbRate;
    f.scheduleDoubleDelivery = plan.scheduleDouble;
    f.scheduleLateMs = plan.scheduleLateMs;
    f.eventRedelivery = plan.eventRedelivery;
    world.fake.faults.set({ errors: plan.errorRate > 0 ? { rate: plan.errorRate, statuses: [500, 502, 503] } : null });
  }

  /** Sets the knobs for minute `minute` of the run (call at the minute's start). */
  async minute(minute: number): Promise<void> {
    const p = this.#plan;
    const { fake, clock } = this.#world;
    if (p.dropRate > 0) fake.faults.set({ drops: { rate: p.dropRate, phase: minute % 2 === 0 ? 'before' : 'after' } });
    if (p.slowEvery > 0 && minute % p.slowEvery === p.slowEvery - 1) {
      fake.faults.set({ latency: { fixedMs: 13_000, jitterMs: 4_000, times: p.slowCalls } });
      this.log.slowMinutes += 1;
    }
    const full = p.accountFullEvery > 0 && minute % p.accountFullEvery >= p.accountFullEvery - p.accountFullMinutes;
    if (full) this.log.accountFullMinutes += 1;
    const overall = PLAN_LIMITS[fake.plan].overall;
    const others = Math.round(overall * (full ? 1.5 : p.othersShare));
    if (others !== this.#othersPerMinute) {
      if (others > 0) fake.background.start({ callsPerMinute: others });
      else fake.background.stop();
      this.#othersPerMinute = others;
    }
    if (p.fdkBurstEvery > 0 && minute % p.fdkBurstEvery === p.fdkBurstEvery - 1) {
      this.log.fdkBurstMinutes.add(Math.floor(clock.now() / 60_000));
      this.#frontEndBurst(p.fdkBurstCalls);
      // The calls are sent now (each is tracked by the runtime while on the wire); a slow one may finish later.
      await clock.activity.settled();
    }
  }

  /** The install page probing a key, many times: request templates from the front end (another agent's key, so the app's API share is untouched). */
  #frontEndBurst(calls: number): void {
    const { rt, fake } = this.#world;
    const one = async (): Promise<void> => {
      this.log.frontEndCalls += 1;
      try {
        await rt.invokeTemplate('probeAgent', { context: { api_key: fake.keys.agent } });
      } catch {
        this.log.frontEndRefused += 1;
      }
    };
    for (let i = 0; i < calls; i += 1) void one();
  }

  stop(): void {
    this.#world.fake.background.stop();
    this.#world.fake.faults.clear();
    const f = this.#world.rt.faults;
    f.dbRateLimited = 0;
    f.scheduleDoubleDelivery = false;
    f.scheduleLateMs = 0;
    f.eventRedelivery = 0;
  }
}
