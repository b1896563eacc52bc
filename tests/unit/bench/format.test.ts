/**
 * The benchmark's report (devkit/bench/report.ts, format.ts): Markdown table layout, number
 * formatting, and the targets check — met, missed, and the explanation attached to a miss.
 */
import { describe, expect, test } from 'vitest';
import { accountingTable, fixed, flatten, outcomeTable, peak, sidebarText, table, targetsTable } from '../../../devkit/bench/format.ts';
import type { EffectCheck } from '../../../devkit/bench/metrics.ts';
import { accounting, evaluateTargets, whySlow } from '../../../devkit/bench/report.ts';
import type { RunResult, StormResult } from '../../../devkit/bench/storm.ts';
import type { EventCost } from '../../../devkit/bench/costs.ts';

describe('table', () => {
  test('pads columns, right-aligns numbers with ---:, escapes pipes', () => {
    const text = table([{ title: 'name' }, { title: 'n', align: 'right' }], [['a|b', '1'], ['long name', '12345']]);
    expect(text.split('\n')).toEqual([
      '| name      |     n |',
      '|-----------|------:|',
      '| a\\|b      |     1 |',
      '| long name | 12345 |',
    ]);
  });

  test('missing cells are blank and every line has the same width', () => {
    const lines = table([{ title: 'a' }, { title: 'b' }], [['x']]).split('\n');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toBe('| x   |     |');
  });

  test('the sidebar measure is flattened into rows; absent means "not measured" with the reason', () => {
    expect(flatten({ appJsBytes: 43860, firstSectionMs: { median: 434.62, p95: 659.1, runs: 20 } })).toEqual([
      ['appJsBytes', '43860'], ['firstSectionMs.median', '434.6'], ['firstSectionMs.p95', '659.1'], ['firstSectionMs.runs', '20'],
    ]);
    expect(sidebarText({ measured: false, reason: 'devkit/bench/sidebar.ts is absent' })).toBe('Not measured (devkit/bench/sidebar.ts is absent).');
    expect(sidebarText({ measured: true, result: { a: 1 } })).toContain('| a ');
  });

  test('fixed and peak', () => {
    expect(fixed(1.2345, 2)).toBe('1.23');
    expect(fixed(null)).toBe('—');
    expect(fixed(Number.NaN)).toBe('—');
    expect(peak({ peak: 33, limit: 50 })).toBe('33/50');
  });
});

const EFFECTS: EffectCheck = {
  complete: 300, missingUpdates: 0, missingNotes: 0, extraUpdates: 13, extraNotes: 20, repeatedUpdates: 0, repeatedNotes: 0,
  updatesDone: 178, notesDone: 140, extraOnOriginals: 24, ticketsWithExtra: 24,
};

function run(overrides: Partial<RunResult> = {}): RunResult {
  const p = (value: number, limit: number): { peak: number; limit: number } => ({ peak: value, limit });
  return {
    runner: 'app', processed: 300, lost: 0, failed: 0, app429: 0, others429: 0, fdk429: 0, callsPerTicket: 1.26,
    calls: { calls: 379, credits: 403, readCalls: 41, readCredits: 65, writeCalls: 338, writeCredits: 338, byEndpoint: { list_tickets: 12, filter_tickets: 29, update_ticket: 194, create_note: 144 }, failed: {} },
    peakAccountPerMin: p(88, 100), peakAppPerMin: p(48, 50),
    peakSubPerMin: { update_ticket: p(33, 50), list_tickets: p(14, 40), view_ticket: p(16, 50) },
    peakAppUpdatesPerMin: p(25, 25), peakTemplateCallsPerMin: p(46, 50), peakDbOpsPerMin: 31, dbRefused: 0, dbOps: 186, peakSchedules: 8, invocations: {}, scheduleCalls: {},
    minutes: 8, minutesRun: 9, lowerBoundMinutes: 6.6, ratioToBound: 8 / 6.6, writesPerMin: 42.2, effects: EFFECTS, series: [], wallMs: 1,
    ...overrides,
  };
}

function storm(app: RunResult, naive: RunResult = run({ runner: 'naive', processed: 25, lost: 275, minutes: null, ratioToBound: null, fdk429: 275 })): StormResult {
  return {
    name: 'storm-300-starter', plan: 'starter', tickets: 300,
    needed: { tickets: 300, updates: 165, notes: 120, duplicates: 30, byKind: { 'change+note': 45, change: 90, note: 45, none: 90 } },
    budget: { credits: 50, calls: 50, writesPerMinute: 50, updatesPerMinute: 25 },
    bound: { minutes: 6.6, binding: 'updates', writesOnly: 5.7, updatesOnly: 6.6, arrivalMinutes: 0.99 }, lowerBoundMinutes: 6.6, app, naive,
  };
}

const COSTS: EventCost[] = [
  { event: 'create, no rule matches', apiCalls: 1, credits: 1, dbOps: 4, dbReads: 0, dbByOp: {}, templateCalls: 1, scheduleCalls: {}, detail: '' },
  { event: 'create, a rule changes fields and adds a note', apiCalls: 3, credits: 3, dbOps: 4, dbReads: 0, dbByOp: {}, templateCalls: 3, scheduleCalls: {}, detail: '' },
  { event: 'update by an agent, no rule fires (status 2 → 3)', apiCalls: 0, credits: 0, dbOps: 1, dbReads: 0, dbByOp: {}, templateCalls: 0, scheduleCalls: {}, detail: '' },
  { event: 'sidebar open (getTicketInsights)', apiCalls: 0, credits: 0, dbOps: 1, dbReads: 1, dbByOp: {}, templateCalls: 0, scheduleCalls: {}, detail: '' },
];

describe('evaluateTargets', () => {
  test('a storm that is slower than 1.15x is MISSED with the reason from its figures; the rest is met', () => {
    const targets = evaluateTargets([storm(run())], COSTS);
    const byName = Object.fromEntries(targets.map((t) => [t.target, t]));
    expect(byName['no ticket lost']?.met).toBe(true);
    expect(byName['no 429 received by anyone']?.met).toBe(true);
    const ratio = byName['completion within 1.15x the lower bound'];
    expect(ratio?.met).toBe(false);
    expect(ratio?.value).toBe('8 min / 6.6 min = 1.21x');
    expect(ratio?.why).toContain('318 writes for 285 needed (+33');
    expect(ratio?.why).toContain('24 are originals flagged as duplicates');
    expect(byName['never above any limit ($db at most 40/min)']?.met).toBe(true);
    expect(byName['at most 3 API calls per create']).toMatchObject({ met: true, value: 'max 3 (1, 3)' });
    expect(byName['0 API calls per update unless a rule fires']?.met).toBe(true);
    expect(byName['0 API calls and 1 $db read per sidebar open']?.met).toBe(true);
  });

  test('within 1.15x is met; a lost ticket, a 429, a limit crossed or $db above 40 are missed', () => {
    const fast = evaluateTargets([storm(run({ minutes: 7.5, ratioToBound: 7.5 / 6.6 }))], COSTS);
    expect(fast.find((t) => t.target.startsWith('completion'))?.met).toBe(true);
    const bad = evaluateTargets([storm(run({ lost: 1, others429: 2, peakDbOpsPerMin: 41, peakSubPerMin: { update_ticket: { peak: 51, limit: 50 }, list_tickets: { peak: 1, limit: 40 }, view_ticket: { peak: 1, limit: 50 } } }))], COSTS);
    expect(bad.filter((t) => !t.met).map((t) => t.target)).toEqual(['no ticket lost', 'no 429 received by anyone', 'completion within 1.15x the lower bound', 'never above any limit ($db at most 40/min)']);
    expect(bad.find((t) => t.target.startsWith('never'))?.value).toBe('over: update_ticket 51/50, $db (10 kept for sidebars) 41/40');
  });

  test('cost targets are missed when a create makes 4 calls, an update calls without a rule, or the sidebar calls', () => {
    const costs = COSTS.map((c) => ({ ...c, apiCalls: c.apiCalls + 1 }));
    const missed = evaluateTargets([], costs).filter((t) => !t.met).map((t) => t.target);
    expect(missed).toEqual(['at most 3 API calls per create', '0 API calls per update unless a rule fires', '0 API calls and 1 $db read per sidebar open']);
    expect(evaluateTargets([], []).every((t) => !t.met)).toBe(true);
  });

  test('whySlow counts reads as a share of credits and the achieved write rate', () => {
    expect(whySlow(storm(run()))).toContain('reads took 41 calls / 65 credits (16% of its credits)');
    expect(whySlow(storm(run()))).toContain('it averaged 42.2 writes/min (22.3 updates) against C = 50 and Cu = 25');
  });
});

describe('accounting', () => {
  test('Starter counts credits: 50 x 8 min = 400 = 285 needed + 33 extra + 65 read credits + 17 unused', () => {
    expect(accounting(storm(run()))).toEqual({ unit: 'credits', perMinute: 50, minutes: 8, capacity: 400, neededWrites: 285, extraWrites: 33, reads: 65, unused: 17 });
    expect(accountingTable([storm(run())]).split('\n')[2]).toMatch(/^\| 300 starter \| credits \|\s+50 x 8\.00 = 400 \|\s+285 \(71%\) \|\s+33 \(8%\) \| 65 \(16%\) \| 17 \(4%\) \|\s+6\.6 \|\s+8\.0 \|$/);
  });

  test("where FDK's 50 calls bind (Enterprise), reads count in calls", () => {
    const s = { ...storm(run()), budget: { credits: 250, calls: 50, writesPerMinute: 50, updatesPerMinute: 80 } };
    expect(accounting(s)).toMatchObject({ unit: 'calls', perMinute: 50, reads: 41, unused: 400 - 285 - 33 - 41 });
  });
});

describe('outcome and targets tables', () => {
  test('one row per runner, a dash for no completion, the bound with its binding term', () => {
    const lines = outcomeTable([storm(run())]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/\| 300 starter \| Ticket Radar \|\s+300 \|\s+165 \/ 120 \|\s+300 \|\s+0 \|\s+1\.26 \|\s+8\.0 \|\s+6\.6 \(updates\) \|\s+1\.21x \|/);
    expect(lines[3]).toMatch(/\| naive\s+\|.*\|\s+25 \|\s+275 \|.*— \(ran 9\) \|.*\|\s+— \|$/);
    expect(targetsTable([{ target: 't', scope: 's', value: 'v', met: false, why: 'w' }])).toContain('| t      | s     | v — why: w | MISSED |');
  });
});
