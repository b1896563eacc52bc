/**
 * Peak use of every limit the app lives under, per fixed clock minute (the windows Freshservice,
 * FDK and `$db` count in), and whether the app went over any of them.
 *
 * "Over a limit" means the app itself overspent: its own API credits above its share of the
 * account (plan × budget_share) or of a sub-limit, or a call refused by FDK's 50 templates a
 * minute, `$db`'s 50 operations a minute, the schedule limits or the 50 server methods a minute —
 * except refusals the scenario caused on purpose (a front-end burst that uses up FDK's 50 in a
 * minute, injected `$db` 429s). 429s from the account while other integrations use it all up are
 * reported, not counted as the app's overspending: the app cannot know the account is full before
 * its first call of the minute.
 */
import { appBudget, type LimitedOperation, type Plan } from '../../core/budget.ts';
import { PLAN_LIMITS, SUB_LIMITS, type SubLimit } from '../fake-freshservice/limits.ts';
import type { LogEntry } from '../runtime/index.ts';
import type { World } from './world.ts';

export interface LimitRow {
  name: string;
  peak: number;
  limit: number;
  /** Refusals the app caused by going over (never includes deliberate faults). */
  over: number;
  note: string;
}

const SUB_TO_OPERATION: Readonly<Partial<Record<SubLimit, LimitedOperation>>> = {
  list_tickets: 'listTickets', view_ticket: 'viewTicket', create_ticket: 'createTicket', update_ticket: 'updateTicket',
  list_agents: 'listAgents', list_requesters: 'listRequesters',
};

/** Counts refusals by rule and clock minute from the runtime's log, as lines are written. */
export class LimitTap {
  readonly fdkRefusals = new Map<number, number>();
  dbLimitRefusals = 0;
  dbInjected = 0;
  scheduleRefusals = 0;
  smiRefusals = 0;

  tap(entry: LogEntry): void {
    const minute = Math.floor(entry.at / 60_000);
    switch (entry.rule) {
      case 'request.rate-limit':
        this.fdkRefusals.set(minute, (this.fdkRefusals.get(minute) ?? 0) + 1);
        break;
      case 'db.rate-limit':
        if (entry.message.includes('injected fault')) this.dbInjected += 1;
        else this.dbLimitRefusals += 1;
        break;
      case 'schedule.one-time-limit':
      case 'schedule.recurring-limit':
        this.scheduleRefusals += 1;
        break;
      case 'smi.rate-limit':
        this.smiRefusals += 1;
        break;
      default:
    }
  }
}

export interface LimitInput {
  world: World;
  plan: Plan;
  share: number;
  tap: LimitTap;
  /** Clock minutes (`floor(ms / 60000)`) in which the scenario used up FDK's limit from the front end on purpose. */
  fdkBurstMinutes: ReadonlySet<number>;
  /** Only calls at or after this time count (the warm-up before it is left out). */
  since: number;
}

function perMinute<T>(items: readonly T[], at: (t: T) => number, value: (t: T) => number): Map<number, number> {
  const out = new Map<number, number>();
  for (const item of items) {
    const m = Math.floor(at(item) / 60_000);
    out.set(m, (out.get(m) ?? 0) + value(item));
  }
  return out;
}

const peakOf = (m: ReadonlyMap<number, number>): number => Math.max(0, ...m.values());

export function limitRows(input: LimitInput): LimitRow[] {
  const { world, plan, share, tap } = input;
  const { fake, rt } = world;
  const calls = fake.calls.filter((c) => c.at >= input.since);
  const charged = calls.filter((c) => c.status !== 429);
  const mine = charged.filter((c) => c.caller === 'admin');
  const budget = appBudget(plan, share);
  const limits = PLAN_LIMITS[plan];
  const rows: LimitRow[] = [];
  const accountPeak = peakOf(perMinute(charged, (c) => c.at, (c) => c.credits));
  const app429 = calls.filter((c) => c.caller === 'admin' && c.status === 429).length;
  const others429 = calls.filter((c) => c.caller !== 'admin' && c.status === 429).length;
  rows.push({ name: 'API account limit, all callers (credits/min)', peak: accountPeak, limit: limits.overall, over: 0, note: `429s: app ${app429}, other integrations ${others429}` });
  const appPeak = peakOf(perMinute(mine, (c) => c.at, (c) => c.credits));
  rows.push({ name: "API, the app's share: plan × budget_share (credits/min)", peak: appPeak, limit: budget.credits, over: appPeak > budget.credits ? 1 : 0, note: `${mine.length} calls charged to the app` });
  for (const sub of SUB_LIMITS) {
    const op = SUB_TO_OPERATION[sub];
    const mineSub = mine.filter((c) => c.endpoint === sub);
    const allSub = charged.filter((c) => c.endpoint === sub);
    if (op === undefined || (mineSub.length === 0 && allSub.length === 0)) continue;
    const peakMine = peakOf(perMinute(mineSub, (c) => c.at, (c) => c.credits));
    const peakAll = peakOf(perMinute(allSub, (c) => c.at, (c) => c.credits));
    const cap = budget.perOperation[op];
    rows.push({ name: `API sub-limit ${sub}: the app's share (credits/min)`, peak: peakMine, limit: cap, over: peakMine > cap ? 1 : 0, note: `all callers peak ${peakAll} of ${limits.sub[sub]}` });
  }
  const t = rt.stats;
  const templatesSince = t.templates.perMinute.filter((m) => m.start >= input.since);
  let fdkOutsideBursts = 0;
  let fdkInBursts = 0;
  for (const [minute, n] of tap.fdkRefusals) {
    if (minute * 60_000 < input.since) continue;
    if (input.fdkBurstMinutes.has(minute)) fdkInBursts += n;
    else fdkOutsideBursts += n;
  }
  rows.push({ name: 'FDK request templates, app + front end (calls/min)', peak: Math.max(0, ...templatesSince.map((m) => m.count)), limit: 50, over: fdkOutsideBursts, note: `platform 429s: ${fdkInBursts} in minutes a front-end burst used FDK's 50 on purpose, ${fdkOutsideBursts} otherwise` });
  const dbSince = t.db.perMinute.filter((m) => m.start >= input.since);
  rows.push({ name: '$db operations (ops/min)', peak: Math.max(0, ...dbSince.map((m) => m.count)), limit: 50, over: tap.dbLimitRefusals, note: `injected 429s: ${tap.dbInjected}; refused for the limit: ${tap.dbLimitRefusals}; ${t.db.keys} keys at the end` });
  rows.push({ name: 'Schedules in use (one-time 1000 + recurring 1)', peak: t.schedules.peak, limit: 1001, over: tap.scheduleRefusals, note: `${t.schedules.created} created, ${t.schedules.fired} deliveries, ${t.schedules.inUse} in use at the end` });
  const smiSince = t.smi.perMinute.filter((m) => m.start >= input.since);
  rows.push({ name: 'Server-method invocations (calls/min)', peak: Math.max(0, ...smiSince.map((m) => m.count)), limit: 50, over: tap.smiRefusals, note: `${t.smi.total} in all` });
  rows.push({ name: 'Execution limit 20 s (invocations cut off)', peak: t.invocations.timeouts, limit: 0, over: 0, note: 'info only: cut off while waiting on injected latency (each call may take up to the 15 s template timeout)' });
  return rows;
}

export function overLimits(rows: readonly LimitRow[]): LimitRow[] {
  return rows.filter((r) => r.over > 0);
}
