/**
 * The devkit for a browser test: builds nothing (fixture apps ship plain JS), starts the fake,
 * the runtime and the dev server on free ports, and collects the live log for assertions and
 * for a readable failure.
 */
import { startDevkit, type Devkit, type DevkitOptions } from '../../../devkit/server/devkit.ts';
import type { LiveLogEntry } from '../../../devkit/server/backend.ts';

export interface TestDevkit extends Devkit {
  readonly log: LiveLogEntry[];
}

export async function startTestDevkit(options: DevkitOptions): Promise<TestDevkit> {
  const log: LiveLogEntry[] = [];
  const devkit = await startDevkit({ port: 0, usageLogMs: 0, ...options, onLog: (entry) => log.push(entry) });
  return Object.assign(devkit, { log });
}
