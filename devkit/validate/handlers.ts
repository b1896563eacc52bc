/**
 * Every handler and server method the manifest names must be a function exported by the built
 * server.js. The file is loaded the way the platform loads it — a classic script in a fresh `vm`
 * context whose top level assigns `exports = { ... }` — with inert stand-ins for the FDK globals.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vm from 'node:vm';
import type { Findings } from './findings.ts';
import type { Manifest } from './manifest.ts';

const FILE = 'server/server.js';

/** Loads server.js and returns the names of the functions it exports. */
export function exportedFunctions(appDir: string, dependencies: readonly string[]): string[] {
  const code = readFileSync(resolve(appDir, FILE), 'utf8');
  const inert = new Proxy({}, { get: () => () => Promise.resolve({}) });
  const sandbox: Record<string, unknown> = {
    exports: {},
    console: { log: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    $request: inert, $db: inert, $schedule: inert, $job: inert,
    renderData: () => undefined,
    generateTargetUrl: () => Promise.resolve(''),
    require: (name: string) => {
      if (!dependencies.includes(name)) throw new Error(`require('${name}'): not a manifest dependency`);
      return inert;
    },
  };
  vm.createContext(sandbox);
  new vm.Script(code, { filename: resolve(appDir, FILE) }).runInContext(sandbox, { timeout: 2000 });
  const exported = sandbox.exports as Record<string, unknown> | undefined;
  return Object.entries(exported ?? {}).filter(([, v]) => typeof v === 'function').map(([k]) => k);
}

function expectedHandlers(manifest: Manifest): Array<{ handler: string; where: string }> {
  const expected: Array<{ handler: string; where: string }> = [];
  for (const [name, mod] of Object.entries(manifest.modules)) {
    for (const [event, spec] of Object.entries(mod.events ?? {})) expected.push({ handler: spec.handler, where: `modules.${name}.events.${event}` });
    for (const fn of Object.keys(mod.functions ?? {})) expected.push({ handler: fn, where: `modules.${name}.functions` });
  }
  return expected;
}

export function checkHandlers(appDir: string, manifest: Manifest, findings: Findings): string[] {
  const expected = expectedHandlers(manifest);
  if (!existsSync(resolve(appDir, FILE))) {
    if (expected.length > 0) findings.error(FILE, 'not found, but manifest.json names server handlers; run `npm run build`.');
    return [];
  }
  let exported: string[];
  try {
    exported = exportedFunctions(appDir, Object.keys(manifest.dependencies ?? {}));
  } catch (error) {
    findings.error(FILE, `could not be loaded as the platform loads it: ${(error as Error).message}`);
    return [];
  }
  for (const { handler, where } of expected) {
    if (!exported.includes(handler)) findings.error(FILE, `'${handler}' (manifest.json ${where}) is not exported; add it to the top-level exports = { ... } of server/server.js.`);
  }
  return exported;
}
