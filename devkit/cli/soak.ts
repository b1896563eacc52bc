/**
 * `npm run soak [-- --events N] [--minutes M] [--plan P] [--seed S] [--json] [--no-faults] [--no-pack]`:
 * the long run of issue #10. It builds the app, then plays N events (default 10 000: 60 % ticket
 * creations, 40 % agents' updates) over M virtual minutes (default 900, two storms included) with
 * every fault on (see devkit/soak/faults.ts), lets the app finish with the faults still on, and
 * prints processed, lost, duplicated notes and updates, the peak use of every limit and the
 * secrets scan. It exits 1 when a ticket is lost, a note or update duplicated, a limit exceeded
 * or the key found anywhere. Virtual time: the default run takes about 10 minutes of wall time on
 * two cores. Progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { build } from '../build/build.ts';
import { isPlan } from '../../core/budget.ts';
import { ALL_FAULTS, NO_FAULTS } from '../soak/faults.ts';
import { formatReport } from '../soak/report.ts';
import { runSoak, SOAK_DEFAULTS, type SoakOptions } from '../soak/run.ts';
import { resolve } from 'node:path';

const USAGE = 'usage: npm run soak [-- --events N] [--minutes M] [--plan starter|growth|pro|enterprise] [--seed S] [--json] [--no-faults] [--no-pack]';

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a positive integer, got ${value}`);
  return n;
}

function options(): { soak: SoakOptions; json: boolean } {
  const { values } = parseArgs({
    args: process.argv.slice(2), strict: true, allowPositionals: false,
    options: {
      events: { type: 'string' }, minutes: { type: 'string' }, plan: { type: 'string' }, seed: { type: 'string' },
      json: { type: 'boolean' }, 'no-faults': { type: 'boolean' }, 'no-pack': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const events = positiveInt(values.events, 'events', SOAK_DEFAULTS.creates + SOAK_DEFAULTS.updates);
  const spanMinutes = positiveInt(values.minutes, 'minutes', Math.max(10, Math.round((SOAK_DEFAULTS.spanMinutes * events) / 10_000)));
  if (values.plan !== undefined && !isPlan(values.plan)) throw new Error(`--plan expects starter, growth, pro or enterprise, got ${values.plan}`);
  const creates = Math.round(events * 0.6);
  // Storms scale with the run: the default run has 500 tickets at minute 120 and 800 at minute 540.
  const scale = creates / SOAK_DEFAULTS.creates;
  const storms = SOAK_DEFAULTS.storms
    .map((s) => ({ minute: Math.min(spanMinutes - 1, Math.round((s.minute * spanMinutes) / SOAK_DEFAULTS.spanMinutes)), tickets: Math.round(s.tickets * scale) }))
    .filter((s) => s.tickets > 0);
  const soak: SoakOptions = {
    ...SOAK_DEFAULTS,
    creates, updates: events - creates, spanMinutes, storms,
    plan: values.plan !== undefined && isPlan(values.plan) ? values.plan : SOAK_DEFAULTS.plan,
    seed: positiveInt(values.seed, 'seed', SOAK_DEFAULTS.seed),
    faults: values['no-faults'] === true ? NO_FAULTS : ALL_FAULTS,
    scanPack: values['no-pack'] !== true,
    progress: (text) => process.stderr.write(`soak: ${text}\n`),
  };
  return { soak, json: values.json === true };
}

async function main(): Promise<void> {
  const { soak, json } = options();
  await build(resolve(import.meta.dirname, '../..'));
  const report = await runSoak(soak);
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`soak: ${(error as Error)?.stack ?? String(error)}`);
  process.exitCode = 2;
});
