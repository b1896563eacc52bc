/**
 * `npm start [-- --port N] [--plan starter|growth|pro|enterprise] [--seed S] [--quiet]`: builds the
 * app, then runs the local devkit (fake Freshservice + FDK runtime + dev server) with the app at
 * the repo root installed with development iparams. Prints each page URL on its own line once
 * ready, then the live log, until Ctrl+C.
 *
 * `--app-dir DIR --no-build` run another app folder that ships plain JavaScript (the devkit's own
 * fixture apps); `--port 0` picks a free port. Both exist for tests.
 */
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, BuildError } from '../build/build.ts';
import { isPlan, PLANS } from '../fake-freshservice/limits.ts';
import type { LiveLogEntry } from '../server/backend.ts';
import { startDevkit, type Devkit } from '../server/devkit.ts';
import { formatEntry } from '../server/live-log.ts';
import { DEFAULT_PORT } from '../server/server.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

const USAGE = `usage: npm start [-- --port N] [--plan ${PLANS.join('|')}] [--seed S] [--quiet] [--app-dir DIR --no-build]
  --port N   dev server port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --plan P   the fake account's plan and the installed "plan" iparam (default starter)
  --seed S   seed of the fake account's data and keys (default 1)
  --quiet    leave debug lines (successful template calls, handler completions) out of the live log
  --app-dir  run the app in DIR instead of the repo root
  --no-build skip npm run build (for an app that ships plain JavaScript)`;

interface StartOptions {
  port: number;
  plan: (typeof PLANS)[number];
  seed: number;
  quiet: boolean;
  appDir: string;
  build: boolean;
}

function usageError(message: string): never {
  console.error(`npm start: ${message}\n${USAGE}`);
  process.exit(2);
}

function integer(raw: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) usageError(`${flag} expects an integer from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function readOptions(argv: string[]): StartOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        plan: { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean' },
        'app-dir': { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const plan = values.plan ?? 'starter';
  if (!isPlan(plan)) usageError(`--plan expects one of ${PLANS.join(', ')}, got "${plan}"`);
  return {
    plan,
    port: values.port === undefined ? DEFAULT_PORT : integer(values.port, '--port', 0, 65_535),
    seed: values.seed === undefined ? 1 : integer(values.seed, '--seed', 0, 2 ** 31 - 1),
    quiet: values.quiet === true,
    appDir: resolve(values['app-dir'] ?? REPO_ROOT),
    build: values['no-build'] !== true,
  };
}

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

/** Fails before the build when the port is taken, instead of after it. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') fail(`port ${port} on 127.0.0.1 is already in use: stop whatever is using it (another npm start?), or pick another port with --port N.`);
      fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}

async function buildApp(appDir: string): Promise<void> {
  const started = performance.now();
  try {
    const files = await build(appDir);
    console.log(`build: ${files.length} files in ${Math.round(performance.now() - started)} ms (${files.map((f) => f.file).join(', ')})`);
  } catch (error) {
    const message = error instanceof BuildError ? error.message : String((error as Error)?.stack ?? error);
    fail(`the build failed, so there is nothing to run: ${message}\nFix the error above (npm run build shows the same), then run npm start again.`);
  }
}

const options = readOptions(process.argv.slice(2));
const { appDir } = options;
await assertPortFree(options.port);
if (options.build) await buildApp(appDir);

// Lines logged while starting (installation) are held until the URLs are printed.
const colour = process.stdout.isTTY === true;
let held: LiveLogEntry[] | undefined = [];
const print = (entry: LiveLogEntry): void => {
  const line = formatEntry(entry, { colour, verbose: !options.quiet });
  if (line !== undefined) console.log(line);
};

let devkit: Devkit;
try {
  devkit = await startDevkit({
    appDir,
    port: options.port,
    plan: options.plan,
    seed: options.seed,
    onLog: (entry) => (held ? held.push(entry) : print(entry)),
  });
} catch (error) {
  fail(`could not start the devkit: ${(error as Error)?.message ?? String(error)}`);
}

const { server, fake } = devkit;
console.log(`fake Freshservice: ${fake.url} (${options.plan} plan, seed ${options.seed}); app in ${appDir}, installed with devkit/server/sample-iparams.json`);
console.log(server.pages.tickets);
console.log(server.pages.install);
console.log(server.pages.simulator);
console.log('live log (Ctrl+C to stop):');
for (const entry of held) print(entry);
held = undefined;

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`npm start: ${signal}, stopping`);
  devkit.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`npm start: stopping failed: ${String(error)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
