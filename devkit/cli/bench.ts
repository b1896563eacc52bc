/**
 * `npm run bench [-- --json] [--jobs N] [--only storm-300-starter,…] [--skip-latency]`: the burst
 * benchmarks of DESIGN.md §6 (issue #9) — storms against a naive baseline, cost per event, latency
 * — as Markdown tables, or as one JSON document with `--json`. Progress goes to stderr.
 *
 * It builds the app first (a fresh clone has no server.js), measures the sidebar (when
 * devkit/bench/sidebar.ts exists), latency and costs one after the other on a quiet machine, then
 * runs the storms, each runner in its own child process, `--jobs` at a time (default: 2, or 1 on a
 * single core). Storms run in virtual time, so parallel runs give the same figures as serial ones.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../build/build.ts';
import { measureCosts } from '../bench/costs.ts';
import { formatReport } from '../bench/format.ts';
import { measureLatency } from '../bench/latency.ts';
import { DEFINITIONS, evaluateTargets, type BenchReport, type SidebarReport } from '../bench/report.ts';
import { STORMS, stormResult, type RunResult, type StormScenario } from '../bench/storm.ts';
import type { AppKind } from '../bench/world.ts';

const USAGE = 'usage: npm run bench [-- --json] [--jobs N] [--only NAME,…] [--skip-latency]';
const appDir = resolve(import.meta.dirname, '../..');
const started = performance.now();

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function options(): { json: boolean; jobs: number; only: string[] | undefined; skipLatency: boolean } {
  const { values } = parseArgs({
    args: process.argv.slice(2), strict: true, allowPositionals: false,
    options: { json: { type: 'boolean' }, jobs: { type: 'string' }, only: { type: 'string' }, 'skip-latency': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const jobs = values.jobs === undefined ? Math.min(2, availableParallelism()) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs expects a positive integer, got ${String(values.jobs)}`);
  const only = values.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of only ?? []) if (!STORMS.some((s) => s.name === name)) throw new Error(`--only: no storm named ${name} (${STORMS.map((s) => s.name).join(', ')})`);
  return { json: values.json === true, jobs, only, skipLatency: values['skip-latency'] === true };
}

async function sidebar(): Promise<SidebarReport> {
  const file = resolve(import.meta.dirname, '../bench/sidebar.ts');
  if (!existsSync(file)) return { measured: false, reason: 'devkit/bench/sidebar.ts is absent' };
  try {
    const mod = (await import(file)) as { measureSidebar?: () => Promise<unknown> };
    if (typeof mod.measureSidebar !== 'function') return { measured: false, reason: 'devkit/bench/sidebar.ts has no measureSidebar()' };
    return { measured: true, result: await mod.measureSidebar() };
  } catch (error) {
    return { measured: false, reason: `measureSidebar() failed: ${String((error as Error)?.message ?? error).slice(0, 200)}` };
  }
}

interface Job {
  scenario: StormScenario;
  kind: AppKind;
}

function runJob(job: Job): Promise<RunResult> {
  const worker = resolve(import.meta.dirname, '../bench/worker.ts');
  const t0 = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = fork(worker, [job.scenario.name, job.kind], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.stdout?.pipe(process.stderr);
    let answer: { ok: boolean; result?: RunResult; error?: string } | undefined;
    child.on('message', (m) => { answer = m as typeof answer; });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer?.ok === true && answer.result !== undefined) {
        progress(`${job.scenario.name} ${job.kind}: ${answer.result.processed}/${job.scenario.tickets} processed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        resolvePromise(answer.result);
      } else {
        reject(new Error(`${job.scenario.name} ${job.kind} failed (exit ${String(code)}): ${answer?.error ?? 'no answer'}`));
      }
    });
  });
}

/** Runs jobs `width` at a time, longest first; results in the jobs' order. */
async function pool(jobs: readonly Job[], width: number): Promise<RunResult[]> {
  const order = jobs.map((job, i) => ({ job, i })).sort((a, b) => b.job.scenario.tickets * (b.job.kind === 'app' ? 10 : 1) - a.job.scenario.tickets * (a.job.kind === 'app' ? 10 : 1));
  const results: RunResult[] = new Array(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < order.length) {
      const item = order[next++];
      if (item !== undefined) results[item.i] = await runJob(item.job);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, lane));
  return results;
}

async function main(): Promise<void> {
  const opts = options();
  const files = await build(appDir);
  progress(`built ${files.length} files`);
  const sidebarReport = await sidebar();
  progress(sidebarReport.measured ? 'sidebar measured' : `sidebar not measured: ${sidebarReport.reason ?? ''}`);
  let latency = null;
  if (!opts.skipLatency) {
    latency = await measureLatency();
    progress('latency measured');
  }
  const costs = await measureCosts();
  progress('costs measured');
  const storms = STORMS.filter((s) => opts.only === undefined || opts.only.includes(s.name));
  const jobs: Job[] = storms.flatMap((scenario) => [{ scenario, kind: 'app' as const }, { scenario, kind: 'naive' as const }]);
  const runs = await pool(jobs, opts.jobs);
  const scenarios = storms.map((s, i) => stormResult(s, runs[2 * i] as RunResult, runs[2 * i + 1] as RunResult));
  const report: BenchReport = {
    command: opts.json ? 'npm run bench -- --json' : 'npm run bench',
    version: 1, seed: 7, definitions: { ...DEFINITIONS }, scenarios, costs, latency, sidebar: sidebarReport,
    targets: evaluateTargets(scenarios, costs), wallSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${String((error as Error)?.stack ?? error)}`);
  console.error(USAGE);
  process.exitCode = 1;
});
