/**
 * The whole local devkit in one call: fake Freshservice, FDK runtime with the app, the app
 * installed with development iparams, the fake's ticket events wired to the runtime, and the dev
 * server. `npm start` uses it, and so do the browser tests (with a fixture app and port 0).
 */
import { SystemClock, type Clock } from '../clock.ts';
import { startFakeFreshservice, type FakeFreshservice, type Plan } from '../fake-freshservice/index.ts';
import { createRuntime, type Runtime } from '../runtime/index.ts';
import type { LiveLogEntry } from './backend.ts';
import { devIparams } from './dev-iparams.ts';
import { LogHub } from './log-hub.ts';
import { RuntimeBackend } from './runtime-backend.ts';
import { DEFAULT_PORT, startDevServer, type DevServer } from './server.ts';
import { startUsageLog } from './usage-log.ts';

export interface DevkitOptions {
  appDir: string;
  /** Dev server port; 0 picks a free one. Default 10001. */
  port?: number;
  plan?: Plan;
  seed?: number;
  clock?: Clock;
  /**
   * What to install on start: `'sample'` (default) installs `sample-iparams.json` completed with
   * the fake's admin key; an object is installed as given (a function gets the fake first);
   * `false` leaves the app uninstalled.
   */
  install?: 'sample' | false | Record<string, unknown> | ((fake: FakeFreshservice) => Record<string, unknown>);
  onLog?: (entry: LiveLogEntry) => void;
  /** Interval of the usage line in the log; 0 turns it off. Default 2000 ms. */
  usageLogMs?: number;
}

export interface Devkit {
  readonly fake: FakeFreshservice;
  readonly runtime: Runtime;
  readonly backend: RuntimeBackend;
  readonly server: DevServer;
  readonly logs: LogHub;
  stop(): Promise<void>;
}

export class DevkitStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevkitStartError';
  }
}

function installConfigs(options: DevkitOptions, fake: FakeFreshservice, plan: Plan): Record<string, unknown> | undefined {
  const install = options.install ?? 'sample';
  if (install === false) return undefined;
  if (typeof install === 'function') return install(fake);
  if (install !== 'sample') return install;
  const groupIds = new Map(fake.store.groups.list().map((g) => [g.name, g.id] as const));
  return devIparams({ apiKey: fake.keys.admin, agentId: fake.keys.agentIds.admin, plan, groupIds });
}

export async function startDevkit(options: DevkitOptions): Promise<Devkit> {
  const clock = options.clock ?? new SystemClock();
  const plan = options.plan ?? 'starter';
  const logs = new LogHub(() => clock.now());
  if (options.onLog) logs.on(options.onLog);
  const cleanup: Array<() => Promise<void> | void> = [];
  const stop = async (): Promise<void> => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    const fake = await startFakeFreshservice({ port: 0, plan, clock, seed: options.seed ?? 1 });
    cleanup.push(() => fake.stop());
    const runtime = await createRuntime({ appDir: options.appDir, clock, currentHost: { freshservice: fake.url }, onLog: logs.write });
    cleanup.push(() => runtime.dispose());
    const backend = new RuntimeBackend({ runtime, fake, logs });
    const configs = installConfigs(options, fake, plan);
    if (configs !== undefined) {
      const installed = await backend.install(configs);
      if (!installed.ok) throw new DevkitStartError(`could not install the app with the development iparams: ${installed.error.message ?? installed.error.status}`);
    }
    cleanup.push(backend.connectFakeEvents());
    if ((options.usageLogMs ?? 2000) > 0) cleanup.push(startUsageLog(runtime, logs, options.usageLogMs ?? 2000));
    const server = await startDevServer({ backend, port: options.port ?? DEFAULT_PORT });
    cleanup.push(() => server.stop());
    return { fake, runtime, backend, server, logs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
