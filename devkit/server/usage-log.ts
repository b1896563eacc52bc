/**
 * A periodic line in the live log about what the app spent: `$db` operations by kind, request
 * templates and server methods since the last line, and how full the current minute is against
 * each 50/min limit. The runtime logs refusals but not every successful `$db` call; this keeps
 * the live log honest about them without a line per operation.
 */
import { DbLimits } from '../runtime/db/limits.ts';
import type { Runtime } from '../runtime/index.ts';
import { SmiLimits } from '../runtime/limits.ts';
import { RequestLimits } from '../runtime/request/limits.ts';
import type { LogHub } from './log-hub.ts';

interface Snapshot {
  db: number;
  byOp: Record<string, number>;
  templates: number;
  smi: number;
}

function snapshot(runtime: Runtime): Snapshot {
  const { db, templates, smi } = runtime.stats;
  return { db: db.total, byOp: { ...db.byOp }, templates: templates.total, smi: smi.total };
}

export function describeUsage(before: Snapshot, runtime: Runtime): { line: string; after: Snapshot } | undefined {
  const after = snapshot(runtime);
  if (after.db === before.db && after.templates === before.templates && after.smi === before.smi) return undefined;
  const ops = Object.entries(after.byOp)
    .map(([op, n]) => [op, n - (before.byOp[op] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const { db, templates, smi } = runtime.stats;
  const line =
    `$db +${after.db - before.db}${ops ? ` (${ops})` : ''} · templates +${after.templates - before.templates} · server methods +${after.smi - before.smi}` +
    ` — this minute: $db ${db.current}/${DbLimits.OPS_PER_MINUTE}, templates ${templates.current}/${RequestLimits.CALLS_PER_MINUTE}, server methods ${smi.current}/${SmiLimits.CALLS_PER_MINUTE}`;
  return { line, after };
}

/** Starts the periodic usage line; returns the function that stops it. */
export function startUsageLog(runtime: Runtime, logs: LogHub, intervalMs = 2000): () => void {
  let last = snapshot(runtime);
  const timer = setInterval(() => {
    const usage = describeUsage(last, runtime);
    if (usage === undefined) return;
    last = usage.after;
    logs.log({ level: 'info', source: 'usage', message: usage.line });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
