/**
 * The benchmark's report: one document with every scenario, cost and latency, the definitions it
 * uses, and the targets checked against the figures (met or missed, with the number and,
 * when missed, what the figures say about why). `--json` prints it as is; the table is made from it.
 */
import type { EventCost } from './costs.ts';
import type { LatencyReport } from './latency.ts';
import { round } from './metrics.ts';
import type { RunResult, StormResult } from './storm.ts';

export interface SidebarReport {
  measured: boolean;
  /** What `devkit/bench/sidebar.ts` `measureSidebar()` returned, when it exists. */
  result?: unknown;
  reason?: string;
}

export interface Target {
  target: string;
  scope: string;
  value: string;
  met: boolean;
  why?: string;
}

export interface BenchReport {
  command: string;
  version: 1;
  seed: number;
  definitions: Record<string, string>;
  /** One object per storm scenario (name, plan, tickets, app, naive, …). */
  scenarios: StormResult[];
  costs: EventCost[];
  latency: LatencyReport | null;
  sidebar: SidebarReport;
  targets: Target[];
  wallSeconds: number;
}

export const DEFINITIONS: Readonly<Record<string, string>> = {
  storm: 'N tickets created by email within one minute (arrival evenly spread), starting on a minute boundary after a 10-minute warm-up; other integrations spend 40% of the account limit evenly (fake background traffic, default mix); budget_share 50; the 11-rule set of devkit/bench/rules.ts; about half the tickets need a field change, a third a note, a tenth are near-copies of an earlier ticket of the same requester (which need the duplicate tag and a note).',
  fullyProcessedApp: 'Ticket Radar: an outcome is recorded for the ticket with no step left to do (update and note neither todo nor intent) and no permanent error (state done or skipped).',
  fullyProcessedNaive: 'Naive baseline: its handler ran to the end for the ticket: the duplicate lookup and the update and note the ticket needed all succeeded.',
  lost: 'Not fully processed when the run ends. A run ends when every ticket is fully processed, at the cap (3 x lower bound + 15 minutes), or, for the naive baseline, when no invocation is left in flight (it cannot come back to a ticket).',
  completion: 'Storm start -> the moment the last ticket was fully processed, in virtual minutes; none when a ticket was lost.',
  lowerBound: 'LB = max(A, (U + N) / C, U / Cu) minutes. U, N = tickets that need an update / a note (ground truth of the generated workload); C = writes the app may make per minute = min(plan limit x share, FDK 50 calls); Cu = its share of the update-ticket sub-limit (plan sub-limit x share); A = minutes to the last arrival. Reads are not counted: they can be batched.',
  ratio: 'completion minutes / lower bound.',
  callsPerTicket: 'API calls the runner sent to Freshservice from storm start to the end of the run (any answer), divided by the storm\'s tickets. Calls FDK refused are not sent and are counted as FDK 429s.',
  app429: '429 answers Freshservice gave the runner\'s API key; others429: 429 answers to the other integrations; fdk429: calls FDK refused for its 50 request-template calls per minute.',
  peaks: 'Highest value in any fixed clock minute from storm start (the windows Freshservice, FDK and $db count in): account credits (all callers) vs the plan limit; the app\'s credits vs its budget; sub-limits (all callers) vs the plan sub-limit; the app\'s update-ticket credits vs its share; FDK template calls vs 50; $db operations vs 50 (the app should leave at least 10 for agents\' sidebars); schedules in use vs 1,000 one-time + 1 recurring.',
  effects: 'Cross-check from the fake\'s call log against the ground truth: tickets whose needed writes landed, writes missing, writes not asked for (extra), repeated writes.',
};

/** The `$db` operations a minute the app may use in a storm, leaving 10 of the 50 for sidebar opens. */
export const DB_STORM_CEILING = 40;
export const RATIO_TARGET = 1.15;

function pct(n: number): string {
  return `${Math.round(n * 100)}%`;
}

/** Why a storm took longer than the bound: extra writes, reads, unused budget — from the figures. */
export function whySlow(s: StormResult): string {
  const a = s.app;
  const needed = s.needed.updates + s.needed.notes;
  const done = a.effects.updatesDone + a.effects.notesDone;
  const extra = done - needed;
  const minutes = a.minutes ?? a.minutesRun;
  const perMin = (n: number): number => round(n / minutes, 1);
  const parts = [
    `the app made ${done} writes for ${needed} needed (${extra >= 0 ? '+' : ''}${extra}: ${a.effects.extraUpdates} updates and ${a.effects.extraNotes} notes the ground truth does not ask for, on ${a.effects.ticketsWithExtra} tickets of which ${a.effects.extraOnOriginals} are originals flagged as duplicates of their own later copy)`,
    `reads took ${a.calls.readCalls} calls / ${a.calls.readCredits} credits (${pct(a.calls.readCredits / Math.max(1, a.calls.credits))} of its credits)`,
    `it averaged ${round(a.writesPerMin, 1)} writes/min (${perMin(a.effects.updatesDone)} updates) against C = ${s.budget.writesPerMinute} and Cu = ${s.budget.updatesPerMinute}`,
  ];
  return parts.join('; ');
}

export interface Accounting {
  /** What the budget is counted in: credits on Starter (list calls cost 3), calls where FDK's 50 binds. */
  unit: 'credits' | 'calls';
  perMinute: number;
  minutes: number;
  capacity: number;
  neededWrites: number;
  extraWrites: number;
  reads: number;
  /** Capacity not used: the app's reserve for agents' actions, sweeps' allowances, idle time. */
  unused: number;
}

/**
 * The app's budget over its completion time, C x T, split into the writes the storm needed, writes
 * it did not need, reads, and what was left unused.
 */
export function accounting(s: StormResult): Accounting {
  const a = s.app;
  const unit = s.budget.credits <= s.budget.calls ? 'credits' : 'calls';
  const perMinute = Math.min(s.budget.credits, s.budget.calls);
  const minutes = a.minutes ?? a.minutesRun;
  const capacity = perMinute * minutes;
  const neededWrites = s.needed.updates + s.needed.notes;
  const extraWrites = a.effects.updatesDone + a.effects.notesDone - neededWrites;
  const reads = unit === 'credits' ? a.calls.readCredits : a.calls.readCalls;
  return { unit, perMinute, minutes, capacity, neededWrites, extraWrites, reads, unused: capacity - neededWrites - extraWrites - reads };
}

function limitsOk(r: RunResult): { ok: boolean; value: string } {
  const over: string[] = [];
  const check = (name: string, peak: number, limit: number): void => {
    if (peak > limit) over.push(`${name} ${peak}/${limit}`);
  };
  check('account', r.peakAccountPerMin.peak, r.peakAccountPerMin.limit);
  check('app credits', r.peakAppPerMin.peak, r.peakAppPerMin.limit);
  check('app updates', r.peakAppUpdatesPerMin.peak, r.peakAppUpdatesPerMin.limit);
  for (const [name, p] of Object.entries(r.peakSubPerMin)) check(name, p.peak, p.limit);
  check('FDK calls', r.peakTemplateCallsPerMin.peak, r.peakTemplateCallsPerMin.limit);
  check('$db (10 kept for sidebars)', r.peakDbOpsPerMin, DB_STORM_CEILING);
  check('schedules', r.peakSchedules, 1001);
  if (r.dbRefused > 0) over.push(`$db refused ${r.dbRefused}`);
  const value = `account ${r.peakAccountPerMin.peak}/${r.peakAccountPerMin.limit}, update ${r.peakSubPerMin.update_ticket.peak}/${r.peakSubPerMin.update_ticket.limit}, app updates ${r.peakAppUpdatesPerMin.peak}/${r.peakAppUpdatesPerMin.limit}, FDK ${r.peakTemplateCallsPerMin.peak}/50, $db ${r.peakDbOpsPerMin}/50, schedules ${r.peakSchedules}`;
  return { ok: over.length === 0, value: over.length === 0 ? value : `over: ${over.join(', ')}` };
}

function cost(costs: readonly EventCost[], prefix: string): EventCost[] {
  return costs.filter((c) => c.event.startsWith(prefix));
}

/** The targets for the app, each checked against the figures. */
export function evaluateTargets(scenarios: readonly StormResult[], costs: readonly EventCost[]): Target[] {
  const out: Target[] = [];
  for (const s of scenarios) {
    const a = s.app;
    out.push({ target: 'no ticket lost', scope: s.name, value: `${a.lost} lost of ${s.tickets}`, met: a.lost === 0 });
    out.push({ target: 'no 429 received by anyone', scope: s.name, value: `app ${a.app429}, others ${a.others429}, FDK ${a.fdk429}`, met: a.app429 + a.others429 + a.fdk429 === 0 });
    const ratio = a.ratioToBound;
    const rt: Target = { target: `completion within ${RATIO_TARGET}x the lower bound`, scope: s.name, value: ratio === null ? 'no completion' : `${round(a.minutes ?? 0, 1)} min / ${round(s.lowerBoundMinutes, 1)} min = ${round(ratio, 2)}x`, met: ratio !== null && ratio <= RATIO_TARGET };
    if (!rt.met) rt.why = whySlow(s);
    out.push(rt);
    const limits = limitsOk(a);
    out.push({ target: 'never above any limit ($db at most 40/min)', scope: s.name, value: limits.value, met: limits.ok });
  }
  const creates = cost(costs, 'create');
  const maxCreate = Math.max(0, ...creates.map((c) => c.apiCalls));
  out.push({ target: 'at most 3 API calls per create', scope: 'cost', value: `max ${maxCreate} (${creates.map((c) => c.apiCalls).join(', ')})`, met: creates.length > 0 && maxCreate <= 3 });
  const quiet = cost(costs, 'update by an agent, no rule');
  out.push({ target: '0 API calls per update unless a rule fires', scope: 'cost', value: quiet.map((c) => `${c.apiCalls} calls`).join(', ') || 'not measured', met: quiet.length > 0 && quiet.every((c) => c.apiCalls === 0) });
  const sidebar = cost(costs, 'sidebar open');
  out.push({ target: '0 API calls and 1 $db read per sidebar open', scope: 'cost', value: sidebar.map((c) => `${c.apiCalls} calls, ${c.dbOps} $db op(s) of which ${c.dbReads} read(s)`).join(', ') || 'not measured', met: sidebar.length > 0 && sidebar.every((c) => c.apiCalls === 0 && c.dbOps === 1 && c.dbReads === 1) });
  return out;
}
