/**
 * Runs one handler the way the platform does: a fresh sandbox, server.js evaluated in it, the
 * handler looked up in its `exports`, called with a JSON copy of the payload, and ended by the
 * first completion (invocation.ts) or the execution limit. Invocations run concurrently and share
 * nothing but the platform services. Whatever the handler does (throw, never answer, use a timer,
 * exceed a limit) ends as an InvocationResult and a log line naming the rule; the runtime keeps
 * running.
 */
import type { Clock } from '../clock.ts';
import type { LoadedApp } from './app-loader.ts';
import { platformGlobals, type PlatformServices } from './globals.ts';
import { Invocation, type Completion, type InvocationKind } from './invocation.ts';
import type { RuntimeLog } from './log.ts';
import { sandboxRequire, type PackageResolver } from './require.ts';
import { absentGlobal, Sandbox } from './sandbox.ts';

export interface InvocationResult {
  id: number;
  kind: InvocationKind;
  /** Event or server-method name. */
  name: string;
  handler: string;
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  /** How it ended; `refused`/`not-subscribed` when it never ran. */
  via: Completion['via'] | 'refused' | 'not-subscribed';
  /** renderData's data, or what an async handler resolved with (a JSON copy). */
  data?: unknown;
  error?: { status?: number; message: string };
  /** The platform rule behind a failure. */
  rule?: string;
}

export interface InvocationStats {
  total: number;
  byKind: Record<InvocationKind, number>;
  byHandler: Record<string, number>;
  ok: number;
  failed: number;
  timeouts: number;
  inFlight: number;
  peakInFlight: number;
}

export interface DispatchInit {
  app: LoadedApp;
  clock: Clock;
  log: RuntimeLog;
  packages: PackageResolver;
  services: PlatformServices;
  /** Wall-clock bound on each synchronous run inside the sandbox (guards against `while (true)`). */
  cpuGuardMs: number;
}

export interface RunRequest {
  kind: InvocationKind;
  name: string;
  handler: string;
  payload: unknown;
  limitMs: number;
}

function describeError(value: unknown): { status?: number; message: string } {
  if (typeof value === 'object' && value !== null) {
    const v = value as { status?: unknown; message?: unknown };
    const message = typeof v.message === 'string' ? v.message : (JSON.stringify(value) ?? String(value));
    return typeof v.status === 'number' ? { status: v.status, message } : { message };
  }
  return { message: String(value) };
}

function hostCopy(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return String(value);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function isWallTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

export class Dispatcher {
  readonly #init: DispatchInit;
  readonly #inFlight = new Set<Invocation>();
  readonly #stats: InvocationStats = { total: 0, byKind: { productEvent: 0, appSetup: 0, scheduledEvent: 0, serverMethod: 0 }, byHandler: {}, ok: 0, failed: 0, timeouts: 0, inFlight: 0, peakInFlight: 0 };
  #seq = 0;

  constructor(init: DispatchInit) {
    this.#init = init;
  }

  nextId(): number {
    return ++this.#seq;
  }

  async run(request: RunRequest): Promise<InvocationResult> {
    const id = this.nextId();
    const inv = new Invocation({ id, kind: request.kind, name: request.name, handler: request.handler, clock: this.#init.clock, limitMs: request.limitMs, log: this.#init.log.scope('runtime', id) });
    this.#inFlight.add(inv);
    this.#stats.total += 1;
    this.#stats.byKind[request.kind] += 1;
    this.#stats.byHandler[request.handler] = (this.#stats.byHandler[request.handler] ?? 0) + 1;
    this.#stats.peakInFlight = Math.max(this.#stats.peakInFlight, this.#inFlight.size);
    this.#start(inv, request.payload);
    const completion = await inv.done;
    this.#inFlight.delete(inv);
    return this.#finish(inv, completion);
  }

  #sandbox(inv: Invocation): Sandbox {
    const { app, packages, services, log } = this.#init;
    let sandbox: Sandbox | undefined;
    let requireImpl: (specifier: string) => unknown = () => undefined;
    const current = (): Sandbox => sandbox as Sandbox;
    sandbox = new Sandbox({
      globals: platformGlobals(inv, current, services),
      now: () => this.#init.clock.now(),
      onUnhandledRejection: (reason) => {
        const message = `${inv.handler}: a promise rejection was not handled (${describeError(reason).message}); on the platform an unhandled rejection ends the invocation with an error.`;
        if (!inv.complete({ via: 'threw', error: reason, rule: 'execution.unhandled-rejection' })) log.write('error', 'runtime', message, { rule: 'execution.unhandled-rejection', invocation: inv.id });
      },
      require: (specifier) => {
        try {
          return requireImpl(specifier);
        } catch (error) {
          throw current().error('Error', (error as Error).message);
        }
      },
    });
    requireImpl = sandboxRequire(app, packages, sandbox.context, (refusal) => log.write('error', 'runtime', refusal.message, { rule: refusal.rule, invocation: inv.id }));
    return sandbox;
  }

  #start(inv: Invocation, payload: unknown): void {
    const { app, cpuGuardMs } = this.#init;
    const guardTimeout = (error: unknown): boolean => isWallTimeout(error) && inv.complete({ via: 'timeout' });
    const sandbox = this.#sandbox(inv);
    try {
      if (app.script !== undefined) sandbox.run(app.script, cpuGuardMs);
    } catch (error) {
      if (!guardTimeout(error)) inv.complete({ via: 'threw', error: { message: `server/server.js threw while loading: ${describeError(error).message}` }, rule: 'execution.load' });
      return;
    }
    const fn = sandbox.exports()[inv.handler];
    if (typeof fn !== 'function') {
      const message = `manifest.json maps ${inv.kind === 'serverMethod' ? `server method '${inv.name}'` : `event '${inv.name}'`} to handler '${inv.handler}', but server/server.js does not export a function '${inv.handler}' (exports: ${Object.keys(sandbox.exports()).join(', ') || 'none'}).`;
      inv.complete({ via: 'threw', error: { message }, rule: 'dispatch.handler-missing' });
      return;
    }
    let returned: unknown;
    try {
      returned = sandbox.call(fn as (arg: unknown) => unknown, sandbox.toSandbox(payload), cpuGuardMs);
    } catch (error) {
      if (!guardTimeout(error)) inv.complete({ via: 'threw', error });
      return;
    }
    if (isThenable(returned)) {
      returned.then(
        (value) => inv.complete({ via: 'resolved', value }),
        (error: unknown) => inv.complete({ via: 'threw', error }),
      );
    } else if (inv.kind === 'productEvent' || inv.kind === 'scheduledEvent') {
      void inv.completeWhenIdle();
    }
  }

  #finish(inv: Invocation, completion: Completion): InvocationResult {
    const base = { id: inv.id, kind: inv.kind, name: inv.name, handler: inv.handler, startedAt: inv.startedAt, finishedAt: this.#init.clock.now(), via: completion.via };
    const label = `${inv.handler} (${inv.name})`;
    const log = inv.log;
    let result: InvocationResult;
    switch (completion.via) {
      case 'renderData':
        result = completion.error === undefined || completion.error === null ? { ...base, ok: true, data: hostCopy(completion.data) } : { ...base, ok: false, error: describeError(completion.error) };
        break;
      case 'resolved':
        result = { ...base, ok: true, data: hostCopy(completion.value) };
        break;
      case 'idle':
        result = { ...base, ok: true };
        break;
      case 'threw': {
        const error = describeError(completion.error);
        result = { ...base, ok: false, error, rule: completion.rule ?? absentGlobal(error.message)?.rule ?? 'execution.handler-error' };
        break;
      }
      case 'timeout':
        result = { ...base, ok: false, error: { status: 504, message: 'app execution timeout' }, rule: 'execution.timeout' };
        break;
      case 'disposed':
        result = { ...base, ok: false, error: { message: 'the runtime was disposed before the invocation completed' } };
        break;
    }
    const ms = result.finishedAt - result.startedAt;
    if (completion.via === 'timeout') {
      this.#stats.timeouts += 1;
      log.error(`app execution timeout: ${label} did not complete within ${inv.limitMs} ms (limit ${inv.limitMs / 1000} s per invocation, counted on the clock; synchronous code is also cut off after ${this.#init.cpuGuardMs} ms of wall time). The runtime keeps running.`, 'execution.timeout');
    } else if (!result.ok) {
      const absent = absentGlobal(result.error?.message ?? '');
      log.error(`${label} failed (via ${completion.via}): ${result.error?.message ?? ''}${absent === undefined ? '' : `: ${absent.hint}`}`, result.rule);
    } else {
      log.debug(`${label} completed via ${completion.via} in ${ms} ms.`);
    }
    if (result.ok) this.#stats.ok += 1;
    else this.#stats.failed += 1;
    return result;
  }

  /**
   * Loads server.js once in a context without platform globals and lists its exported functions,
   * like FDK's "Found [...] as exported functions"; warns about manifest handlers it lacks.
   */
  inspectExports(): string[] {
    const { app, log, cpuGuardMs } = this.#init;
    if (app.script === undefined) return [];
    const sandbox = new Sandbox({ globals: {}, now: () => this.#init.clock.now(), require: () => undefined, onUnhandledRejection: () => undefined });
    try {
      sandbox.run(app.script, cpuGuardMs);
    } catch (error) {
      log.write('warn', 'runtime', `server/server.js threw while loading without platform globals (${describeError(error).message}); every invocation will run its top level again.`, { rule: 'execution.load' });
    }
    const exported = Object.entries(sandbox.exports()).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    log.write('debug', 'runtime', `Found [${exported.join(', ')}] as exported functions in server/server.js.`);
    const expected = [...app.eventHandlers.entries()].map(([where, handler]) => ({ where: `modules.${where.replace('/', '.events.')}`, handler }));
    for (const name of app.functions.keys()) expected.push({ where: 'modules.common.functions', handler: name });
    for (const { where, handler } of expected) {
      if (!exported.includes(handler)) log.write('warn', 'runtime', `manifest.json ${where} names '${handler}', but server/server.js does not export it; invocations of it will fail.`, { rule: 'dispatch.handler-missing' });
    }
    return exported;
  }

  stats(): InvocationStats {
    return { ...this.#stats, byKind: { ...this.#stats.byKind }, byHandler: { ...this.#stats.byHandler }, inFlight: this.#inFlight.size };
  }

  /** Resolves once every invocation in flight now (and any they lead to) has ended. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight].map((inv) => inv.done));
  }

  /** Ends every invocation in flight (dispose). */
  abortAll(): void {
    for (const inv of this.#inFlight) inv.complete({ via: 'disposed' });
  }
}
