/**
 * The report as text: Markdown tables (they read well in a terminal and paste into the README).
 */
import type { EventCost } from './costs.ts';
import type { LatencyReport, Timing } from './latency.ts';
import { round } from './metrics.ts';
import { accounting, type BenchReport, type SidebarReport, type Target } from './report.ts';
import type { Peak, RunResult, StormResult } from './storm.ts';

export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align?: Align;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table with padded columns; right-aligned columns get `---:`. */
export function table(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const body = rows.map((r) => columns.map((_, i) => cell(r[i] ?? '')));
  const heads = columns.map((c) => cell(c.title));
  const widths = columns.map((_, i) => Math.max(3, heads[i]?.length ?? 0, ...body.map((r) => r[i]?.length ?? 0)));
  const pad = (text: string, i: number): string => (columns[i]?.align === 'right' ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0));
  const line = (cells: readonly string[]): string => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${columns.map((c, i) => (c.align === 'right' ? `${'-'.repeat((widths[i] ?? 3) + 1)}:` : '-'.repeat((widths[i] ?? 3) + 2))).join('|')}|`;
  return [line(heads), rule, ...body.map(line)].join('\n');
}

/** A number with at most `digits` decimals, trailing zeros kept to that precision. */
export function fixed(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

export function peak(p: Peak): string {
  return `${p.peak}/${p.limit}`;
}

const R = (title: string): Column => ({ title, align: 'right' });
const L = (title: string): Column => ({ title });

function label(s: StormResult): string {
  return `${s.tickets} ${s.plan}`;
}

function runner(r: RunResult): string {
  return r.runner === 'app' ? 'Ticket Radar' : 'naive';
}

function pairs(scenarios: readonly StormResult[]): Array<[StormResult, RunResult]> {
  return scenarios.flatMap((s) => [[s, s.app], [s, s.naive]] as Array<[StormResult, RunResult]>);
}

function boundText(s: StormResult): string {
  return `${fixed(s.lowerBoundMinutes, 1)} (${s.bound.binding})`;
}

export function outcomeTable(scenarios: readonly StormResult[]): string {
  return table(
    [L('storm'), L('runner'), R('tickets'), R('U / N needed'), R('processed'), R('lost'), R('API calls/ticket'), R('completion min'), R('lower bound min'), R('ratio')],
    pairs(scenarios).map(([s, r]) => [
      label(s), runner(r), String(s.tickets), `${s.needed.updates} / ${s.needed.notes}`, String(r.processed), String(r.lost), fixed(r.callsPerTicket, 2),
      r.minutes === null ? `— (ran ${fixed(r.minutesRun, 0)})` : fixed(r.minutes, 1), boundText(s), r.ratioToBound === null ? '—' : `${fixed(r.ratioToBound, 2)}x`,
    ]),
  );
}

export function limitsTable(scenarios: readonly StormResult[]): string {
  return table(
    [L('storm'), L('runner'), R('429 app'), R('429 others'), R('FDK 429'), R('account credits'), R('app credits'), R('update ticket'), R('app updates'), R('list tickets'), R('view ticket'), R('FDK calls'), R('$db ops'), R('schedules')],
    pairs(scenarios).map(([s, r]) => [
      label(s), runner(r), String(r.app429), String(r.others429), String(r.fdk429), peak(r.peakAccountPerMin), peak(r.peakAppPerMin),
      peak(r.peakSubPerMin.update_ticket), peak(r.peakAppUpdatesPerMin), peak(r.peakSubPerMin.list_tickets), peak(r.peakSubPerMin.view_ticket),
      peak(r.peakTemplateCallsPerMin), `${r.peakDbOpsPerMin}/50`, String(r.peakSchedules),
    ]),
  );
}

export function budgetTable(scenarios: readonly StormResult[]): string {
  return table(
    [L('storm'), R('reads: calls (credits)'), L('reads by endpoint'), R('writes done: upd + notes'), R('writes needed: U + N'), R('extra upd / notes'), R('writes/min'), R('C / Cu'), R('per sweep: processed / calls / credits'), R('$db ops')],
    scenarios.map((s) => {
      const a = s.app;
      const reads = Object.entries(a.calls.byEndpoint).filter(([e]) => e !== 'update_ticket' && e !== 'create_note').map(([e, n]) => `${e} ${n}`).join(', ');
      const sw = a.sweeps;
      return [
        label(s), `${a.calls.readCalls} (${a.calls.readCredits})`, reads, `${a.effects.updatesDone} + ${a.effects.notesDone}`, `${s.needed.updates} + ${s.needed.notes}`,
        `${a.effects.extraUpdates} / ${a.effects.extraNotes}`, fixed(a.writesPerMin, 1), `${s.budget.writesPerMinute} / ${s.budget.updatesPerMinute}`,
        sw === undefined ? '—' : `${fixed(sw.processedPerSweep, 1)} / ${fixed(sw.callsPerSweep, 1)} / ${fixed(sw.creditsPerSweep, 1)}`, String(a.dbOps),
      ];
    }),
  );
}

export function accountingTable(scenarios: readonly StormResult[]): string {
  const share = (n: number, of: number): string => `${Math.round(n)} (${of > 0 ? Math.round((100 * n) / of) : 0}%)`;
  return table(
    [L('storm'), L('unit'), R('C x completion min = capacity'), R('needed writes'), R('extra writes'), R('reads'), R('unused'), R('lower bound min'), R('completion min')],
    scenarios.map((s) => {
      const a = accounting(s);
      return [
        label(s), a.unit, `${a.perMinute} x ${fixed(a.minutes, 2)} = ${Math.round(a.capacity)}`, share(a.neededWrites, a.capacity), share(a.extraWrites, a.capacity),
        share(a.reads, a.capacity), share(a.unused, a.capacity), fixed(s.lowerBoundMinutes, 1), fixed(s.app.minutes, 1),
      ];
    }),
  );
}

export function effectsTable(scenarios: readonly StormResult[]): string {
  return table(
    [L('storm'), L('runner'), R('needed writes landed'), R('missing upd / notes'), R('extra upd / notes'), R('repeated upd / notes')],
    pairs(scenarios).map(([s, r]) => [
      label(s), runner(r), `${r.effects.complete}/${s.tickets}`, `${r.effects.missingUpdates} / ${r.effects.missingNotes}`,
      `${r.effects.extraUpdates} / ${r.effects.extraNotes}`, `${r.effects.repeatedUpdates} / ${r.effects.repeatedNotes}`,
    ]),
  );
}

export function costTable(costs: readonly EventCost[]): string {
  return table(
    [L('event'), R('API calls'), R('credits'), R('$db ops'), R('$db reads'), R('$schedule calls'), L('what happened')],
    costs.map((c) => {
      const list = (m: Record<string, number>): string => Object.entries(m).map(([k, v]) => `${k} ${v}`).join(', ');
      const sched = Object.values(c.scheduleCalls).reduce((a, b) => a + b, 0);
      return [c.event, String(c.apiCalls), String(c.credits), String(c.dbOps), String(c.dbReads), sched === 0 ? '0' : `${sched} (${list(c.scheduleCalls)})`, `${c.detail}${Object.keys(c.dbByOp).length > 0 ? `; $db ${list(c.dbByOp)}` : ''}`];
    }),
  );
}

function timingRow(name: string, t: Timing, note: string): string[] {
  return [name, String(t.runs), fixed(t.medianMs, 1), fixed(t.p95Ms, 1), note];
}

export function latencyTable(l: LatencyReport | null): string {
  if (l === null) return 'Latency: not measured (--skip-latency).';
  const inv = l.invocation;
  return table(
    [L('measure'), R('runs'), R('median ms'), R('p95 ms'), L('note')],
    [
      timingRow(`onTicketCreate, whole invocation (${inv.rules} rules, ${round(inv.descriptionBytes / 1024, 0)} KB description)`, inv,
        `wall time incl. fresh vm context, ${inv.apiCalls} loopback HTTP calls and the fake's work; process CPU median ${fixed(inv.cpuMedianMs, 1)} ms, p95 ${fixed(inv.cpuP95Ms, 1)} ms${inv.processedInline ? '' : '; NOT all processed inline'}`),
      timingRow('onTicketCreate while a backlog is pending (the storm path), same ticket and rules', l.queued, `${l.queued.apiCalls} API calls, ${l.queued.dbOps} $db ops: a fresh context, settings parsed, one schedule fetch`),
      timingRow('pure part: normalise payload + plan (evaluate 100 rules, plan update, render note)', l.pure, 'in-process, rules already parsed'),
      timingRow('settings check with the JSON-Schema step (fresh ajv compile), 100 rules', l.settingsWithSchema, 'what install and checkSettings do'),
      timingRow('rules parsed in a handler: parse + checkRules + compile note templates, 100 rules', l.settingsWithoutSchema, 'done on first use only; queued events and ignored updates skip it'),
      timingRow(`findDuplicates over ${l.duplicatesCold.candidates} candidates, ${round(l.duplicatesCold.descriptionBytes / 1024, 0)} KB descriptions, cold`, l.duplicatesCold, 'fingerprints built'),
      timingRow('findDuplicates, warm', l.duplicatesWarm, 'fingerprints cached on the same objects'),
    ],
  );
}

/** Nested objects as `a.b` rows, numbers with at most one decimal. */
export function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix === '' ? k : `${prefix}.${k}`));
  }
  const text = typeof value === 'number' ? fixed(value, Number.isInteger(value) ? 0 : 1) : typeof value === 'string' ? value : JSON.stringify(value);
  return [[prefix === '' ? 'value' : prefix, text]];
}

export function sidebarText(s: SidebarReport): string {
  if (!s.measured) return `Not measured (${s.reason ?? 'devkit/bench/sidebar.ts is absent'}).`;
  return table([L('measureSidebar() (devkit/bench/sidebar.ts)'), R('value')], flatten(s.result));
}

export function targetsTable(targets: readonly Target[]): string {
  return table(
    [L('target'), L('scope'), L('result'), L('met')],
    targets.map((t) => [t.target, t.scope, t.why === undefined ? t.value : `${t.value} — why: ${t.why}`, t.met ? 'yes' : 'MISSED']),
  );
}

export function formatReport(r: BenchReport): string {
  const out = [
    `# Ticket Radar benchmarks — \`${r.command}\``,
    '',
    `Virtual time through the devkit's FDK runtime and the fake Freshservice; seed ${r.seed}. ${r.definitions.storm ?? ''}`,
    '',
    '## Storms: outcome',
    '',
    outcomeTable(r.scenarios),
    '',
    `Lower bound: ${r.definitions.lowerBound ?? ''} Binding term in brackets.`,
    '',
    ...r.scenarios.map((s) => `- ${label(s)}: LB = max(${fixed(s.bound.arrivalMinutes, 2)}, (${s.needed.updates} + ${s.needed.notes}) / ${s.budget.writesPerMinute} = ${fixed(s.bound.writesOnly, 2)}, ${s.needed.updates} / ${s.budget.updatesPerMinute} = ${fixed(s.bound.updatesOnly, 2)}) = ${fixed(s.lowerBoundMinutes, 2)} min`),
    '',
    '## Storms: peaks per clock minute against each limit',
    '',
    limitsTable(r.scenarios),
    '',
    "## Storms: where Ticket Radar's budget went",
    '',
    budgetTable(r.scenarios),
    '',
    "Ticket Radar's budget over its completion time (C x minutes): the writes the storm needed, writes it did not need, reads, and what it left unused (its reserve for agents' actions, allowances, idle time).",
    '',
    accountingTable(r.scenarios),
    '',
    '## Storms: cross-check against the ground truth (fake call log)',
    '',
    effectsTable(r.scenarios),
    '',
    '## Cost per event (quiet Starter account)',
    '',
    costTable(r.costs),
    '',
    '## Latency (wall time on this machine)',
    '',
    latencyTable(r.latency),
    '',
    '## Sidebar (headless Chromium against the devkit)',
    '',
    sidebarText(r.sidebar),
    '',
    '## Targets',
    '',
    targetsTable(r.targets),
    '',
    `Definitions: fully processed — ${r.definitions.fullyProcessedApp ?? ''} ${r.definitions.fullyProcessedNaive ?? ''} Lost — ${r.definitions.lost ?? ''} Completion — ${r.definitions.completion ?? ''}`,
    '',
    `Wall time: ${fixed(r.wallSeconds, 0)} s.`,
  ];
  return out.join('\n');
}
