/**
 * Storm scenarios: N tickets by email within one minute, on one plan, while the account's other
 * integrations spend 40 % of its budget evenly (the fake's background traffic, its default mix:
 * views, lists, custom-field updates, lookups), with `budget_share` 50 and the rule set of
 * `rules.ts`. The same workload runs through Ticket Radar and through the naive baseline, each in
 * its own world (fresh account, same seed), in virtual time.
 *
 * Timeline: install, 10 warm-up minutes (the app's ticks get armed and cycle, the heartbeat runs
 * once, background traffic is already flowing), then the storm starts on a minute boundary T0.
 * After the last arrival the clock moves minute by minute until every ticket is fully processed or
 * the cap (3 × lower bound + 15 minutes) is reached; the naive baseline also stops when it has no
 * invocation left in flight, since it has no way to come back to a ticket.
 *
 * - Fully processed, Ticket Radar: an outcome recorded for the ticket with no step left to do and
 *   no permanent error (`state` done or skipped; `update` and `note` neither `todo` nor `intent`).
 * - Fully processed, naive: its handler ran to the end for the ticket (it logs a line then): the
 *   duplicate lookup, and the update and the note the ticket needed, all succeeded. (A ticket that
 *   needed no write but whose lookup failed was never triaged, so it counts as lost.) The call log
 *   confirms it: every needed write landed (`effects`).
 * - Lost: not fully processed when the run ends.
 * - Completion: storm start (T0) → the moment the last ticket became fully processed, in virtual
 *   minutes (app: the later of the outcome's time and the ticket's last write; naive: its "done"
 *   line); null when a ticket was lost.
 * - Both runs are also checked against the ground truth from the fake's call log (`effects`):
 *   missing writes, writes not asked for, repeated writes.
 */
import { appBudget, type AppBudget } from '../../core/budget.ts';
import { blockKey, isComplete, outcomeAttr, readOutcome, type TicketOutcome } from '../../core/record.ts';
import { PLAN_LIMITS, type Plan } from '../fake-freshservice/index.ts';
import type { SubLimit } from '../fake-freshservice/limits.ts';
import {
  budgetSplit, checkEffects, lowerBound, peakOf, peakSince, perMinute, ratio, sum, writeBudget, writesByTicket,
  type Bound, type BudgetSplit, type Call, type EffectCheck, type Needed,
} from './metrics.ts';
import { stormRules } from './rules.ts';
import { generateWorkload, needsOf, type Needs, type Workload } from './workload.ts';
import { startWorld, type AppKind, type World } from './world.ts';

export interface StormScenario {
  name: string;
  plan: Plan;
  tickets: number;
  seed: number;
  /** Share of the account limit the other integrations use, spread evenly (0.4). */
  othersShare: number;
  /** The app's budget_share iparam (50). */
  share: number;
}

export const STORMS: readonly StormScenario[] = [
  { name: 'storm-300-starter', plan: 'starter', tickets: 300, seed: 7, othersShare: 0.4, share: 50 },
  { name: 'storm-300-enterprise', plan: 'enterprise', tickets: 300, seed: 7, othersShare: 0.4, share: 50 },
  { name: 'storm-2000-starter', plan: 'starter', tickets: 2000, seed: 7, othersShare: 0.4, share: 50 },
  { name: 'storm-2000-enterprise', plan: 'enterprise', tickets: 2000, seed: 7, othersShare: 0.4, share: 50 },
];

export const WARMUP_MINUTES = 10;

export interface Peak {
  peak: number;
  limit: number;
}

export interface RunResult {
  runner: AppKind;
  processed: number;
  lost: number;
  /** App outcomes ended by a permanent error (counted as lost). */
  failed: number;
  /** 429 answers from Freshservice to the app's key, and to the other integrations. */
  app429: number;
  others429: number;
  /** Calls FDK refused for its 50/min limit (a platform 429 the app receives; nothing is sent). */
  fdk429: number;
  /** API calls the app sent (any answer) per storm ticket. */
  callsPerTicket: number;
  calls: BudgetSplit;
  /** Peak credits per clock minute, all callers, against the plan's account limit. */
  peakAccountPerMin: Peak;
  /** The app's own peak credits per minute against its budget (plan × share, capped by FDK 50). */
  peakAppPerMin: Peak;
  /** Peak per sub-limit, all callers, against the plan's sub-limit. */
  peakSubPerMin: Record<'update_ticket' | 'list_tickets' | 'view_ticket', Peak>;
  /** The app's own peak "update ticket" credits against its share of that sub-limit. */
  peakAppUpdatesPerMin: Peak;
  /** Request-template calls per minute (every attempt) against FDK's 50. */
  peakTemplateCallsPerMin: Peak;
  peakDbOpsPerMin: number;
  dbRefused: number;
  dbOps: number;
  peakSchedules: number;
  /** Invocations by handler over the world's life (warm-up included). */
  invocations: Record<string, number>;
  /** `$schedule` calls by operation over the world's life (warm-up included). */
  scheduleCalls: Record<string, number>;
  /** Completion in virtual minutes, null when tickets were lost. */
  minutes: number | null;
  /** Minutes from T0 to the end of the run. */
  minutesRun: number;
  lowerBoundMinutes: number;
  ratioToBound: number | null;
  /** Writes per minute achieved from T0 to completion (or the end of the run). */
  writesPerMin: number;
  effects: EffectCheck;
  sweeps?: SweepSummary;
  /** Per clock minute from T0: the app's credits, its writes, $db operations. */
  series: MinuteSeries[];
  wallMs: number;
}

export interface MinuteSeries {
  minute: number;
  credits: number;
  readCredits: number;
  updates: number;
  notes: number;
  db: number;
}

export interface SweepSummary {
  sweeps: number;
  leaseSkips: number;
  listed: number;
  processedPerSweep: number;
  callsPerSweep: number;
  creditsPerSweep: number;
}

export interface StormResult {
  name: string;
  plan: Plan;
  tickets: number;
  needed: Needs;
  budget: { credits: number; calls: number; writesPerMinute: number; updatesPerMinute: number };
  bound: Bound;
  lowerBoundMinutes: number;
  app: RunResult;
  naive: RunResult;
}

/** The cap on a run: three times the lower bound plus a quarter of an hour. */
export function capMinutes(bound: number): number {
  return Math.ceil(3 * bound + 15);
}

export function boundFor(scenario: StormScenario, workload: Workload): { budget: AppBudget; bound: Bound } {
  const budget = appBudget(scenario.plan, scenario.share);
  const needed = needsOf(workload.tickets);
  const last = Math.max(...workload.tickets.map((t) => t.offsetMs));
  return { budget, bound: lowerBound({ updates: needed.updates, notes: needed.notes, ...writeBudget(budget), arrivalMinutes: last / 60_000 }) };
}

/** The scenario's workload, ground-truth needs, budget and lower bound (cheap: no world). */
export function stormSetup(scenario: StormScenario): { workload: Workload; budget: AppBudget; bound: Bound } {
  const workload = generateWorkload({ tickets: scenario.tickets, seed: scenario.seed });
  return { workload, ...boundFor(scenario, workload) };
}

/** One runner through one storm, in its own world. */
export async function runStorm(scenario: StormScenario, kind: AppKind): Promise<RunResult> {
  const { workload, budget, bound } = stormSetup(scenario);
  return runOne(kind, scenario, workload, bound, budget);
}

export function stormResult(scenario: StormScenario, app: RunResult, naive: RunResult): StormResult {
  const { workload, budget, bound } = stormSetup(scenario);
  return {
    name: scenario.name, plan: scenario.plan, tickets: scenario.tickets, needed: needsOf(workload.tickets),
    budget: { credits: budget.credits, calls: budget.calls, ...writeBudget(budget) }, bound, lowerBoundMinutes: bound.minutes, app, naive,
  };
}

interface Tracker {
  /** Tickets fully processed so far. */
  done(): number;
  finish(): { processed: number; failed: number; completionAt: number | null };
}

function appOutcomes(world: World, ids: readonly number[]): Map<number, TicketOutcome | null> {
  const blocks = new Map<string, Record<string, unknown> | undefined>();
  const out = new Map<number, TicketOutcome | null>();
  for (const id of ids) {
    const key = blockKey(id);
    if (!blocks.has(key)) blocks.set(key, world.rt.db.get(key));
    out.set(id, readOutcome(blocks.get(key)?.[outcomeAttr(id)]));
  }
  return out;
}

function appProcessed(o: TicketOutcome | null | undefined): boolean {
  return o !== null && o !== undefined && isComplete(o) && (o.state === 'done' || o.state === 'skipped');
}

function appTracker(world: World, ids: readonly number[], calls: () => Call[]): Tracker {
  return {
    done: () => [...appOutcomes(world, ids).values()].filter(appProcessed).length,
    finish() {
      const outcomes = appOutcomes(world, ids);
      const writes = writesByTicket(calls(), 'admin');
      let processed = 0;
      let failed = 0;
      let last = 0;
      for (const id of ids) {
        const o = outcomes.get(id);
        if (o?.state === 'failed') failed += 1;
        if (!appProcessed(o)) continue;
        processed += 1;
        const w = writes.get(id);
        last = Math.max(last, o?.at ?? 0, ...(w?.updates ?? []), ...(w?.notes ?? []));
      }
      return { processed, failed, completionAt: processed === ids.length ? last : null };
    },
  };
}

const NAIVE_DONE = /^naive: ticket (\d+) done$/;

/** The naive app's handler logs one line when it ran to its end for a ticket. */
function naiveTracker(world: World, ids: readonly number[]): Tracker {
  const wanted = new Set(ids);
  const evaluate = (): { processed: number; last: number } => {
    const seen = new Set<number>();
    let last = 0;
    for (const entry of world.kept) {
      const id = Number(NAIVE_DONE.exec(entry.message)?.[1]);
      if (!wanted.has(id) || seen.has(id)) continue;
      seen.add(id);
      last = Math.max(last, entry.at);
    }
    return { processed: seen.size, last };
  };
  return {
    done: () => evaluate().processed,
    finish() {
      const { processed, last } = evaluate();
      return { processed, failed: 0, completionAt: processed === ids.length ? last : null };
    },
  };
}

const SWEEP_LINE = /\[sweep\] listed (\d+), processed (\d+), (\d+) left on this page; (\d+) call\(s\), (\d+) credit\(s\)/;

function sweepSummary(world: World, from: number): SweepSummary {
  let sweeps = 0;
  let leaseSkips = 0;
  let listed = 0;
  let processed = 0;
  let calls = 0;
  let credits = 0;
  for (const entry of world.kept) {
    if (entry.at < from) continue;
    if (entry.message.includes('another sweep already runs this minute')) leaseSkips += 1;
    const m = SWEEP_LINE.exec(entry.message);
    if (m === null) continue;
    sweeps += 1;
    listed += Number(m[1]);
    processed += Number(m[2]);
    calls += Number(m[4]);
    credits += Number(m[5]);
  }
  const per = (n: number): number => (sweeps === 0 ? 0 : Math.round((n / sweeps) * 10) / 10);
  return { sweeps, leaseSkips, listed, processedPerSweep: per(processed), callsPerSweep: per(calls), creditsPerSweep: per(credits) };
}

function series(calls: readonly Call[], db: ReadonlyArray<{ start: number; count: number }>, t0: number): MinuteSeries[] {
  const out = new Map<number, MinuteSeries>();
  const row = (minute: number): MinuteSeries => {
    let r = out.get(minute);
    if (r === undefined) {
      r = { minute, credits: 0, readCredits: 0, updates: 0, notes: 0, db: 0 };
      out.set(minute, r);
    }
    return r;
  };
  for (const c of calls) {
    if (c.caller !== 'admin' || c.status === 429) continue;
    const r = row(Math.floor((c.at - t0) / 60_000));
    r.credits += c.credits;
    if (c.endpoint === 'update_ticket') r.updates += 1;
    else if (c.endpoint === 'create_note') r.notes += 1;
    else r.readCredits += c.credits;
  }
  for (const m of db) if (m.start >= t0) row(Math.floor((m.start - t0) / 60_000)).db = m.count;
  return [...out.values()].sort((a, b) => a.minute - b.minute);
}

async function runOne(kind: AppKind, scenario: StormScenario, workload: Workload, bound: Bound, budget: AppBudget): Promise<RunResult> {
  const started = performance.now();
  const world = await startWorld({ kind, plan: scenario.plan, rules: stormRules, share: scenario.share, seed: scenario.seed });
  try {
    const { clock, fake, rt } = world;
    const personIds = workload.people.map((p) => fake.store.requesters.create({ first_name: p.firstName, last_name: p.lastName, primary_email: p.email }).id);
    fake.background.start({ callsPerMinute: Math.round(PLAN_LIMITS[scenario.plan].overall * scenario.othersShare) });
    const t0 = clock.now() + WARMUP_MINUTES * 60_000;
    for (let m = 0; m < WARMUP_MINUTES; m += 1) {
      await clock.advance(60_000);
      await world.settle();
    }
    const ids: number[] = [];
    for (const t of workload.tickets) {
      await clock.advanceTo(t0 + t.offsetMs);
      const person = personIds[t.person] as number;
      const ticket = fake.store.tickets.create({ requester_id: person, requested_for_id: person, subject: t.subject, description: t.description, source: 1, status: 2, priority: 1 });
      ids.push(ticket.id);
    }
    await world.settle();
    const originals = new Set(workload.tickets.map((t) => t.duplicateOf).filter((i): i is number => i !== null));
    const needed: Needed[] = workload.tickets.map((t, i) => ({ id: ids[i] as number, needsUpdate: t.needsUpdate, needsNote: t.needsNote, original: originals.has(t.index) }));
    const callsSince = (): Call[] => fake.calls.filter((c) => c.at >= t0);
    const tracker = kind === 'app' ? appTracker(world, ids, callsSince) : naiveTracker(world, ids);
    const cap = t0 + capMinutes(bound.minutes) * 60_000;
    for (;;) {
      const next = (Math.floor(clock.now() / 60_000) + 1) * 60_000;
      if (next > cap) break;
      await clock.advanceTo(next);
      await world.settle();
      if (tracker.done() === ids.length) break;
      if (kind === 'naive' && rt.stats.invocations.inFlight === 0) break;
    }
    const end = clock.now();
    const calls = fake.calls.filter((c) => c.at >= t0 && c.at <= end);
    const { processed, failed, completionAt } = tracker.finish();
    const minutes = completionAt === null ? null : (completionAt - t0) / 60_000;
    const rows = perMinute(calls);
    const stats = rt.stats;
    const limits = PLAN_LIMITS[scenario.plan];
    const split = budgetSplit(calls, 'admin');
    const subPeak = (s: SubLimit): Peak => ({ peak: peakOf(rows, (r) => r.sub[s]), limit: limits.sub[s] });
    const effects = checkEffects(needed, writesByTicket(calls, 'admin'));
    const span = ((completionAt ?? end) - t0) / 60_000;
    return {
      runner: kind,
      processed,
      lost: ids.length - processed,
      failed,
      app429: sum(rows, (r) => r.rateLimited.admin ?? 0),
      others429: sum(rows, (r) => r.rateLimited.others ?? 0),
      fdk429: stats.templates.refused,
      callsPerTicket: split.calls / ids.length,
      calls: split,
      peakAccountPerMin: { peak: peakOf(rows, (r) => r.credits), limit: limits.overall },
      peakAppPerMin: { peak: peakOf(rows, (r) => r.byCaller.admin ?? 0), limit: budget.credits },
      peakSubPerMin: { update_ticket: subPeak('update_ticket'), list_tickets: subPeak('list_tickets'), view_ticket: subPeak('view_ticket') },
      peakAppUpdatesPerMin: { peak: peakOf(rows, (r) => r.subByCaller.admin?.update_ticket ?? 0), limit: budget.perOperation.updateTicket },
      peakTemplateCallsPerMin: { peak: peakSince(stats.templates.perMinute, t0), limit: 50 },
      peakDbOpsPerMin: peakSince(stats.db.perMinute, t0),
      dbRefused: stats.db.refused,
      dbOps: sum(stats.db.perMinute.filter((m) => m.start >= t0), (m) => m.count),
      peakSchedules: stats.schedules.peak,
      invocations: { ...stats.invocations.byHandler },
      scheduleCalls: { ...stats.schedules.calls },
      minutes,
      minutesRun: (end - t0) / 60_000,
      lowerBoundMinutes: bound.minutes,
      ratioToBound: ratio(minutes, bound.minutes),
      writesPerMin: span > 0 ? split.writeCalls / span : 0,
      effects,
      ...(kind === 'app' ? { sweeps: sweepSummary(world, t0) } : {}),
      series: series(calls, stats.db.perMinute, t0),
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    await world.stop();
  }
}
