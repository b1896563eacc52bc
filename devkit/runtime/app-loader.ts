/**
 * Reads an app folder the way the platform does at deploy time: `manifest.json` (platform 3.0,
 * `modules` form), `config/requests.json` (templates), `config/iparams.json` (which iparams are
 * secure, when the app uses the default settings page) and the built `server/server.js`.
 *
 * server.js is compiled once into a `vm.Script` whose filename is the file's absolute path, so V8
 * coverage of code run in any invocation context maps back to the file and, through its
 * `//# sourceMappingURL`, to the TypeScript it was built from. Each invocation then runs that one
 * script in a fresh context (see sandbox.ts).
 *
 * Deliberately skipped: platform 2.x manifests (`product` form), jobs, external events, OAuth.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vm from 'node:vm';
import { RuntimeError } from './errors.ts';
import { ExecutionLimits } from './limits.ts';

export interface TemplateSchema {
  method: string;
  protocol?: string;
  host: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number>;
}

export interface TemplateOptions {
  maxAttempts?: number;
  retryDelay?: number;
  [key: string]: unknown;
}

export interface TemplateSpec {
  schema: TemplateSchema;
  options?: TemplateOptions;
}

interface ModuleSpec {
  events?: Record<string, { handler: string }>;
  requests?: Record<string, unknown>;
  functions?: Record<string, { timeout?: number }>;
  location?: Record<string, unknown>;
}

export interface Manifest {
  'platform-version': string;
  modules: Record<string, ModuleSpec>;
  dependencies?: Record<string, string>;
}

export interface ServerFunction {
  name: string;
  /** Execution limit for this server method (manifest `timeout` if allowed, else 20 s). */
  limitMs: number;
}

export interface LoadedApp {
  dir: string;
  manifest: Manifest;
  /** Absolute path of server/server.js (also the vm filename). */
  serverPath: string;
  script: vm.Script | undefined;
  /** Templates defined in config/requests.json. */
  templates: Record<string, TemplateSpec>;
  /** Templates declared in manifest modules.common.requests. */
  declaredTemplates: ReadonlySet<string>;
  /** Server methods declared in manifest modules.common.functions. */
  functions: ReadonlyMap<string, ServerFunction>;
  /** `module/event` → handler name, from every module's `events`. */
  eventHandlers: ReadonlyMap<string, string>;
  /** Product modules the app subscribes to (every module except `common`). */
  productModules: readonly string[];
  /** Runtime npm packages: name → pinned version. */
  dependencies: Readonly<Record<string, string>>;
  /** iparams marked `secure: true` in config/iparams.json (custom pages mark theirs at install). */
  secureIparams: ReadonlySet<string>;
}

function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new RuntimeError('ERR_APP_LOAD', `${what} could not be read as JSON: ${(error as Error).message}`, { cause: error });
  }
}

function readManifest(dir: string): Manifest {
  const path = resolve(dir, 'manifest.json');
  if (!existsSync(path)) throw new RuntimeError('ERR_APP_LOAD', `manifest.json not found in ${dir}: every FDK app has one at its root.`);
  const raw = readJsonFile(path, 'manifest.json') as Partial<Manifest> & Record<string, unknown>;
  if ('product' in raw) {
    throw new RuntimeError('ERR_APP_LOAD', 'manifest.json: Platform version >= 3.0 does not support "product" in manifest.json; this runtime emulates platform 3.0 (modules form).');
  }
  if (typeof raw['platform-version'] !== 'string' || !raw['platform-version'].startsWith('3.')) {
    throw new RuntimeError('ERR_APP_LOAD', `manifest.json: "platform-version" is ${JSON.stringify(raw['platform-version'])}; this runtime emulates platform 3.0.`);
  }
  if (typeof raw.modules !== 'object' || raw.modules === null) {
    throw new RuntimeError('ERR_APP_LOAD', 'manifest.json: "modules" is missing; platform 3.0 apps declare their modules there.');
  }
  return raw as Manifest;
}

function smiLimitMs(name: string, spec: { timeout?: number }): number {
  if (spec.timeout === undefined) return ExecutionLimits.EXECUTION_MS;
  if (!(ExecutionLimits.SMI_TIMEOUT_OPTIONS_S as readonly number[]).includes(spec.timeout)) {
    throw new RuntimeError('ERR_APP_LOAD', `manifest.json modules.common.functions.${name}.timeout: Timeout should be one of the allowed values (${ExecutionLimits.SMI_TIMEOUT_OPTIONS_S.join(', ')} seconds), got ${String(spec.timeout)}.`);
  }
  return spec.timeout * 1000;
}

function readTemplates(dir: string): Record<string, TemplateSpec> {
  const path = resolve(dir, 'config/requests.json');
  if (!existsSync(path)) return {};
  const raw = readJsonFile(path, 'config/requests.json');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new RuntimeError('ERR_APP_LOAD', 'config/requests.json must be an object of template name → { schema, options? }.');
  }
  for (const [name, spec] of Object.entries(raw as Record<string, unknown>)) {
    const schema = (spec as { schema?: unknown } | null)?.schema;
    if (typeof schema !== 'object' || schema === null) {
      throw new RuntimeError('ERR_APP_LOAD', `config/requests.json: Request template '${name}' must have required property 'schema'.`);
    }
  }
  return raw as Record<string, TemplateSpec>;
}

function readSecureIparams(dir: string): Set<string> {
  const path = resolve(dir, 'config/iparams.json');
  const names = new Set<string>();
  if (!existsSync(path)) return names;
  const raw = readJsonFile(path, 'config/iparams.json') as Record<string, { secure?: unknown }>;
  for (const [name, field] of Object.entries(raw)) if (field?.secure === true) names.add(name);
  return names;
}

function collectHandlers(manifest: Manifest): Map<string, string> {
  const handlers = new Map<string, string>();
  for (const [module, spec] of Object.entries(manifest.modules)) {
    for (const [event, binding] of Object.entries(spec.events ?? {})) {
      if (typeof binding?.handler !== 'string' || binding.handler === '') {
        throw new RuntimeError('ERR_APP_LOAD', `manifest.json modules.${module}.events.${event} must be { "handler": "<exported function name>" }.`);
      }
      handlers.set(`${module}/${event}`, binding.handler);
    }
  }
  return handlers;
}

function compileServer(serverPath: string): vm.Script {
  try {
    return new vm.Script(readFileSync(serverPath, 'utf8'), { filename: serverPath });
  } catch (error) {
    throw new RuntimeError('ERR_APP_LOAD', `server/server.js could not be compiled: ${(error as Error).message}`, { cause: error });
  }
}

/** Loads and checks an app folder; throws `RuntimeError('ERR_APP_LOAD')` naming what is wrong. */
export function loadApp(appDir: string): LoadedApp {
  const dir = resolve(appDir);
  const manifest = readManifest(dir);
  const common = manifest.modules.common ?? {};
  const declaredTemplates = new Set(Object.keys(common.requests ?? {}));
  const functions = new Map<string, ServerFunction>();
  for (const [name, spec] of Object.entries(common.functions ?? {})) functions.set(name, { name, limitMs: smiLimitMs(name, spec ?? {}) });
  const eventHandlers = collectHandlers(manifest);
  const serverPath = resolve(dir, 'server/server.js');
  const needsServer = functions.size > 0 || eventHandlers.size > 0;
  if (needsServer && !existsSync(serverPath)) {
    throw new RuntimeError('ERR_APP_LOAD', `server/server.js not found in ${dir}, but manifest.json names server handlers; build the app first (npm run build).`);
  }
  return {
    dir,
    manifest,
    serverPath,
    script: existsSync(serverPath) ? compileServer(serverPath) : undefined,
    templates: readTemplates(dir),
    declaredTemplates,
    functions,
    eventHandlers,
    productModules: Object.keys(manifest.modules).filter((m) => m !== 'common'),
    dependencies: { ...(manifest.dependencies ?? {}) },
    secureIparams: readSecureIparams(dir),
  };
}
