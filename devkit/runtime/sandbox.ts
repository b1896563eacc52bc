/**
 * A fresh `vm` context per invocation, holding exactly what FDK serverless code can see:
 * `exports` (which server.js reassigns), `$request`, `$db`, `$schedule`, `renderData`, `console`,
 * a `require` limited to the manifest's dependencies, a `Date` that reads the devkit clock, and
 * the standard JavaScript builtins of a new realm.
 *
 * What a new realm lacks is exactly what the platform's sandbox lacks, so `setTimeout`,
 * `setInterval`, `setImmediate`, `clearTimeout`, `queueMicrotask`, `process`, `Buffer`, `fetch`
 * and `global` are ReferenceErrors without any extra work. `require` is a global *lexical*
 * binding (declared by a prelude script), not a property of the global object, so
 * `globalThis.require` is undefined as in Node's module scope.
 *
 * Values cross from the host as JSON copies made by the sandbox realm's own `JSON.parse`, so app
 * code gets objects of its own realm (`instanceof Object` holds) and can never alias runtime state
 * such as a stored `$db` record. Promises handed to app code are the sandbox realm's promises.
 *
 * Not emulated: the platform's cap on CPU inside microtask chains (only the synchronous part of
 * each call is guarded, by a wall-clock `vm` timeout).
 */
import vm from 'node:vm';
import { watchRealm } from './unhandled.ts';

interface Bridge {
  parse: (text: string) => unknown;
  Promise: PromiseConstructor;
  makeError: (kind: string, message: string) => Error;
}

interface PreludeSlot {
  require: (specifier: string) => unknown;
  now: () => number;
  bridge?: Bridge;
}

/** Runs first in every context: binds `require`, swaps `Date` for a clock-bound one, exports realm helpers. */
const PRELUDE = new vm.Script(
  `const require = globalThis.__fdkPrelude.require;
(function (p) {
  'use strict';
  const RealDate = Date;
  const now = p.now;
  function ClockDate(...args) {
    if (new.target === undefined) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  ClockDate.prototype = RealDate.prototype;
  Object.defineProperty(ClockDate, 'name', { value: 'Date' });
  Object.defineProperty(ClockDate, 'length', { value: 7 });
  for (const key of ['parse', 'UTC']) Object.defineProperty(ClockDate, key, { value: RealDate[key], writable: true, configurable: true });
  Object.defineProperty(ClockDate, 'now', { value: function now() { return p.now(); }, writable: true, configurable: true });
  Object.defineProperty(RealDate.prototype, 'constructor', { value: ClockDate, writable: true, configurable: true });
  Object.defineProperty(globalThis, 'Date', { value: ClockDate, writable: true, configurable: true });
  const kinds = { Error, TypeError, RangeError, ReferenceError };
  p.bridge = { parse: JSON.parse, Promise, makeError: (kind, message) => new (kinds[kind] || Error)(message) };
})(globalThis.__fdkPrelude);
delete globalThis.__fdkPrelude;`,
  { filename: 'fdk-runtime:prelude.js' },
);

/** Node globals the platform's sandbox lacks, with the rule and the platform's way instead. */
const ABSENT: Record<string, { rule: string; hint: string }> = {
  setTimeout: { rule: 'sandbox.no-timers', hint: 'the FDK serverless sandbox has no timers (setTimeout, setInterval, setImmediate); defer work with $schedule instead of sleeping' },
  setInterval: { rule: 'sandbox.no-timers', hint: 'the FDK serverless sandbox has no timers; use a recurring $schedule' },
  setImmediate: { rule: 'sandbox.no-timers', hint: 'the FDK serverless sandbox has no timers' },
  clearTimeout: { rule: 'sandbox.no-timers', hint: 'the FDK serverless sandbox has no timers' },
  clearInterval: { rule: 'sandbox.no-timers', hint: 'the FDK serverless sandbox has no timers' },
  queueMicrotask: { rule: 'sandbox.no-timers', hint: 'the FDK serverless sandbox has no queueMicrotask; use Promise.resolve().then(...)' },
  Buffer: { rule: 'sandbox.no-buffer', hint: 'the FDK serverless sandbox has no Buffer; Base64 for Basic auth comes from encode() in the request template' },
  process: { rule: 'sandbox.no-process', hint: 'the FDK serverless sandbox has no process (and FDK lint forbids process.env); use iparams' },
  fetch: { rule: 'sandbox.no-fetch', hint: 'the FDK serverless sandbox has no fetch; call APIs through $request.invokeTemplate' },
  global: { rule: 'sandbox.no-global', hint: 'the FDK serverless sandbox has no Node global object' },
};

/** For "X is not defined" about a global the platform lacks: the rule and an explanation. */
export function absentGlobal(message: string): { rule: string; hint: string } | undefined {
  const name = /^(\w+) is not defined$/.exec(message)?.[1];
  return name === undefined ? undefined : ABSENT[name];
}

const CALL = new vm.Script('__fdkCall()', { filename: 'fdk-runtime:call.js' });

export interface SandboxInit {
  /** Injected global properties (`$db`, `renderData`, …). */
  globals: Record<string, unknown>;
  require: (specifier: string) => unknown;
  now: () => number;
  /** Told about promise rejections app code left unhandled. */
  onUnhandledRejection: (reason: unknown) => void;
}

export type ErrorKind = 'Error' | 'TypeError' | 'RangeError' | 'ReferenceError';

export class Sandbox {
  readonly context: vm.Context;
  readonly #bridge: Bridge;

  constructor(init: SandboxInit) {
    const slot: PreludeSlot = { require: init.require, now: init.now };
    this.context = vm.createContext({ ...init.globals, exports: {}, __fdkPrelude: slot }, { name: 'fdk-serverless' });
    PRELUDE.runInContext(this.context);
    if (slot.bridge === undefined) throw new Error('fdk-runtime prelude did not run');
    this.#bridge = slot.bridge;
    watchRealm(slot.bridge.Promise.prototype, init.onUnhandledRejection);
  }

  /** Runs server.js (or another script) in this context; `timeoutMs` bounds its synchronous run in wall time. */
  run(script: vm.Script, timeoutMs: number): unknown {
    return script.runInContext(this.context, { timeout: timeoutMs });
  }

  /**
   * Calls `fn` with `this` = the exports object (handlers may call sibling exports as
   * `this.helper()`), from inside the context so the synchronous part is bounded by `timeoutMs` (wall time).
   */
  call(fn: (arg: unknown) => unknown, arg: unknown, timeoutMs: number): unknown {
    const ctx = this.context as Record<string, unknown>;
    const self = this.exports();
    ctx.__fdkCall = () => fn.call(self, arg);
    try {
      return CALL.runInContext(this.context, { timeout: timeoutMs });
    } finally {
      delete ctx.__fdkCall;
    }
  }

  /** The handlers server.js assigned to `exports`. */
  exports(): Record<string, unknown> {
    const value = (this.context as { exports?: unknown }).exports;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  }

  /** A JSON copy of a host value, made in this realm (undefined stays undefined). */
  toSandbox(value: unknown): unknown {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : this.#bridge.parse(text);
  }

  /** A promise of this realm that settles like `work`, with the value or reason copied in. */
  promise(work: Promise<unknown>): Promise<unknown> {
    return new this.#bridge.Promise((resolve, reject) => {
      work.then(
        (value) => resolve(this.toSandbox(value)),
        (reason: unknown) => reject(reason instanceof Error ? this.error('Error', reason.message) : this.toSandbox(reason)),
      );
    });
  }

  /** An error object of this realm (so `err instanceof Error` holds in app code). */
  error(kind: ErrorKind, message: string): Error {
    return this.#bridge.makeError(kind, message);
  }
}
