/**
 * One storm run in a child process (`npm run bench` runs a few at once: the runs are in virtual
 * time, so running them side by side changes their wall time only, never their figures).
 * argv: <scenario name> <app|naive>; the result goes back over IPC.
 */
import { runStorm, STORMS } from './storm.ts';
import type { AppKind } from './world.ts';

const [name, kind] = process.argv.slice(2);
const scenario = STORMS.find((s) => s.name === name);
const send = (message: unknown): Promise<void> => new Promise((resolve) => {
  if (process.send === undefined) {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    resolve();
  } else {
    process.send(message, () => resolve());
  }
});

try {
  if (scenario === undefined || (kind !== 'app' && kind !== 'naive')) throw new Error(`bench worker: unknown job ${String(name)} ${String(kind)}`);
  const result = await runStorm(scenario, kind as AppKind);
  await send({ ok: true, result });
} catch (error) {
  await send({ ok: false, error: String((error as Error)?.stack ?? error) });
  process.exitCode = 1;
}
process.disconnect?.();
