/**
 * One soak: a fresh world (the built app on the FDK runtime against the fake Freshservice, on a
 * virtual clock), a warm-up, the workload played with the fault plan on, then minutes with the
 * faults still on until every ticket is processed (or a cap), a quiet drain, and the verdict:
 * processed, lost, duplicated notes and updates, peak use of every limit, and the secrets scan.
 */
import type { Plan } from '../../core/budget.ts';
import { stormRules } from '../bench/rules.ts';
import { clean, judge, type Verdict } from './check.ts';
import { SoakDriver, type Driven } from './driver.ts';
import { ALL_FAULTS, FaultDriver, type FaultLog, type FaultPlan } from './faults.ts';
import { LimitTap, limitRows, overLimits, type LimitRow } from './limits.ts';
import { createSecretScan, type SecretHit } from './secrets.ts';
import { generateSoakWorkload, type Storm } from './workload.ts';
import { APP_DIR, startWorld, type World } from './world.ts';
import type { LogEntry } from '../runtime/index.ts';

export interface SoakOptions {
  creates: number;
  updates: number;
  spanMinutes: number;
  storms: readonly Storm[];
  plan: Plan;
  share: number;
  seed: number;
  sidebarsPerMinute: number;
  faults: FaultPlan;
  /** Minutes after the last event during which the faults stay on and work may finish. */
  maxDrainMinutes: number;
  /** Minutes at the end with every fault off (late retries finish, nothing new may appear). */
  quietMinutes: number;
  /** Scan the packed zip too (slow-ish: packs the app). */
  scanPack: boolean;
  progress?: (text: string) => void;
  /** Every runtime log line as it is written (for digging into a failed run). */
  onLog?: (entry: LogEntry) => void;
  /** Called with the world and the verdict before the world stops (for digging into a failed run). */
  inspect?: (world: World, verdict: Verdict) => void;
}

export const SOAK_DEFAULTS: SoakOptions = {
  creates: 6000, updates: 4000, spanMinutes: 900, storms: [{ minute: 120, tickets: 500 }, { minute: 540, tickets: 800 }],
  plan: 'pro', share: 50, seed: 11, sidebarsPerMinute: 6, faults: ALL_FAULTS, maxDrainMinutes: 360, quietMinutes: 10, scanPack: true,
};

export interface SoakReport {
  options: Omit<SoakOptions, 'progress'>;
  events: { total: number; creates: number; updates: number; escalations: number; updatesSkipped: number };
  verdict: Verdict;
  limits: LimitRow[];
  over: LimitRow[];
  secrets: { hits: SecretHit[]; scanned: Record<string, number> };
  sidebar: Driven['sidebar'];
  faults: Omit<FaultLog, 'fdkBurstMinutes'> & { fdkBurstMinutes: number; injected: Record<string, number> };
  invocations: { total: number; failed: number; timeouts: number; byHandler: Record<string, number>; redelivered: number };
  /** Virtual minutes from the first event until every ticket was processed (null: not all were). */
  minutesToDone: number | null;
  virtualMinutes: number;
  wallMs: number;
  ok: boolean;
}

const WARMUP_MINUTES = 6;

function unfinished(driven: Driven, outcomeDone: (id: number) => boolean): number {
  let n = 0;
  for (const id of driven.ids) if (id > 0 && !outcomeDone(id)) n += 1;
  return n;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const say = options.progress ?? (() => undefined);
  const tap = new LimitTap();
  let scanLog: ((place: string, text: string) => void) | undefined;
  const world = await startWorld({
    plan: options.plan, seed: options.seed, rules: stormRules, iparams: { budget_share: options.share },
    onLog: (entry) => {
      tap.tap(entry);
      options.onLog?.(entry);
      scanLog?.('log', `${entry.source} ${entry.message}`);
    },
    keepLogs: 2000,
  });
  const scan = createSecretScan(world.apiKey);
  scanLog = (place, text) => scan.check(place, text);
  try {
    await world.minutes(WARMUP_MINUTES);
    const since = world.clock.now();
    const workload = generateSoakWorkload({ creates: options.creates, updates: options.updates, spanMinutes: options.spanMinutes, storms: options.storms, seed: options.seed });
    const faults = new FaultDriver(world, options.faults);
    const driver = new SoakDriver(world, workload, {
      sidebarsPerMinute: options.sidebarsPerMinute,
      onMinute: async (minute) => {
        await faults.minute(minute);
        if (minute % 10 === 0) for (const s of world.rt.schedules.list()) scan.check(`schedule:${s.name}`, s);
      },
      onSmi: (name, answer) => scan.check(`smi:${name}`, answer),
      progress: say,
    });
    say(`playing ${workload.events.length} events over ${options.spanMinutes} virtual minutes with faults on`);
    const driven = await driver.play();
    const done = (id: number): boolean => {
      const o = world.outcome(id);
      return o !== null && (o.state === 'done' || o.state === 'skipped') && o.update !== 'todo' && o.update !== 'intent' && o.note !== 'todo' && o.note !== 'intent';
    };
    const verdictNow = (): Verdict => judge([...driven.planned.values()], world.writes, world.outcome, (id) => world.fake.store.tickets.get(id)?.tags ?? []);
    // Finished: every create's outcome complete, and every planned write (escalations too) applied.
    const left = (): number => {
      const creates = unfinished(driven, done);
      return creates > 0 ? creates : verdictNow().lost;
    };
    let minutesToDone: number | null = null;
    for (let m = 0; m < options.maxDrainMinutes; m += 1) {
      const waiting = left();
      if (waiting === 0) {
        minutesToDone = (world.clock.now() - driven.start) / 60_000;
        break;
      }
      if (m % 15 === 0) say(`drain minute ${m}: ${waiting} ticket(s) not finished yet`);
      await driver.idleMinute();
    }
    faults.stop();
    await world.settle();
    // Quiet minutes: retries and sweeps finish; the safety check gets a chance to run.
    await world.minutes(options.quietMinutes);
    if (minutesToDone === null && left() === 0) minutesToDone = (world.clock.now() - driven.start) / 60_000;
    // The install page checking settings with the key typed in: its answer must not carry the key.
    try {
      scan.check('smi:checkSettings', await world.rt.invokeServerMethod('checkSettings', { settings: { api_key: world.apiKey, plan: options.plan, budget_share: options.share, rules: '' }, key_stored: false }));
    } catch (failure) {
      scan.check('smi:checkSettings', failure);
    }
    const verdict = verdictNow();
    options.inspect?.(world, verdict);
    scan.checkRuntime(world.rt);
    for (const note of world.writes.notes()) scan.check(`note:${note.ticketId}`, note.body);
    if (options.scanPack) scan.checkPack(APP_DIR);
    const limits = limitRows({ world, plan: options.plan, share: options.share, tap, fdkBurstMinutes: faults.log.fdkBurstMinutes, since });
    const over = overLimits(limits);
    const stats = world.rt.stats;
    const injected = {
      api5xx: world.fake.calls.filter((c) => c.fault === 'error').length,
      dropped: world.fake.calls.filter((c) => c.fault === 'drop').length,
      slow: world.fake.calls.filter((c) => c.fault === 'latency').length,
      db429: tap.dbInjected,
      eventRedeliveries: stats.invocations.redelivered,
    };
    const { progress: _progress, onLog: _onLog, inspect: _inspect, ...shown } = options;
    const report: SoakReport = {
      options: shown,
      events: { total: workload.events.length, creates: driven.applied.creates, updates: driven.applied.updates, escalations: driven.applied.escalations, updatesSkipped: driven.applied.skipped },
      verdict, limits, over,
      secrets: { hits: scan.hits, scanned: { ...scan.scanned } },
      sidebar: driven.sidebar,
      faults: { ...faults.log, fdkBurstMinutes: faults.log.fdkBurstMinutes.size, injected },
      invocations: { total: stats.invocations.total, failed: stats.invocations.failed, timeouts: stats.invocations.timeouts, byHandler: { ...stats.invocations.byHandler }, redelivered: stats.invocations.redelivered },
      minutesToDone,
      virtualMinutes: (world.clock.now() - since) / 60_000,
      wallMs: Math.round(performance.now() - started),
      ok: false,
    };
    report.ok = clean(verdict) && over.length === 0 && scan.hits.length === 0;
    return report;
  } finally {
    await world.stop();
  }
}
