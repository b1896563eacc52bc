/**
 * One run of one handler, and how it ends. The platform ends an invocation on the *first* of:
 * a `renderData(...)` call, the settling of the promise an async handler returns (FDK 9.8
 * behaviour reported in fdk-platform.md §2.4), a throw, or the 20 s execution limit ("app
 * execution timeout"). Later signals change nothing; the devkit logs them as warnings so a
 * handler that answers twice, or keeps working after it answered, is visible.
 *
 * A synchronous handler of a product or scheduled event that returns without calling renderData
 * ends when its event loop is empty, as on a serverless platform: here, when none of the platform
 * calls it started (`$request`, `$db`, `$schedule`) is still pending. Server methods and
 * app-setup events must answer (renderData or a returned promise); one that just returns
 * times out, as the docs say.
 */
import type { Clock } from '../clock.ts';
import type { ScopedLog } from './log.ts';

export type InvocationKind = 'productEvent' | 'appSetup' | 'scheduledEvent' | 'serverMethod';

export type Completion =
  | { via: 'renderData'; error: unknown; data: unknown }
  | { via: 'resolved'; value: unknown }
  | { via: 'threw'; error: unknown; rule?: string }
  | { via: 'idle' }
  | { via: 'timeout' }
  | { via: 'disposed' };

export interface InvocationInit {
  id: number;
  kind: InvocationKind;
  /** Event or server-method name. */
  name: string;
  handler: string;
  clock: Clock;
  limitMs: number;
  log: ScopedLog;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class Invocation {
  readonly id: number;
  readonly kind: InvocationKind;
  readonly name: string;
  readonly handler: string;
  readonly startedAt: number;
  readonly limitMs: number;
  readonly log: ScopedLog;
  readonly done: Promise<Completion>;
  #completion: Completion | undefined;
  #resolve!: (completion: Completion) => void;
  #cancelTimer: () => void;
  #pending = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(init: InvocationInit) {
    this.id = init.id;
    this.kind = init.kind;
    this.name = init.name;
    this.handler = init.handler;
    this.limitMs = init.limitMs;
    this.log = init.log;
    this.startedAt = init.clock.now();
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    this.#cancelTimer = init.clock.setTimer(() => this.complete({ via: 'timeout' }), init.limitMs);
  }

  get completion(): Completion | undefined {
    return this.#completion;
  }

  /** Ends the invocation if it has not ended yet; returns false (and logs) for a later signal. */
  complete(completion: Completion): boolean {
    const first = this.#completion;
    if (first === undefined) {
      this.#completion = completion;
      this.#cancelTimer();
      this.#resolve(completion);
      return true;
    }
    this.#noteLate(first, completion);
    return false;
  }

  #noteLate(first: Completion, late: Completion): void {
    const quietResolve = late.via === 'resolved' && late.value === undefined;
    if (late.via === 'idle' || late.via === 'timeout' || late.via === 'disposed' || quietResolve) return;
    const what = late.via === 'renderData' ? 'renderData was called' : late.via === 'resolved' ? 'the handler resolved with a value' : 'the handler threw/rejected';
    this.log.warn(`${this.handler}: ${what} after the invocation had already completed (via ${first.via}); ignored: the first completion wins.`, 'execution.first-completion-wins');
  }

  /** Counts a platform call as pending work of this invocation while `work` runs. */
  track<T>(label: string, work: () => Promise<T>): Promise<T> {
    if (this.#completion !== undefined) {
      this.log.warn(`${this.handler}: ${label} was called after the invocation completed (via ${this.#completion.via}); the platform may freeze the sandbox at completion, so this work is not guaranteed to run.`, 'execution.after-completion');
    }
    this.#pending += 1;
    let promise: Promise<T>;
    try {
      promise = work();
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.finally(() => {
      this.#pending -= 1;
      if (this.#pending === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    });
  }

  /** For a handler that returned synchronously: completes `idle` once no platform call is pending. */
  async completeWhenIdle(): Promise<void> {
    while (this.#completion === undefined) {
      if (this.#pending > 0) {
        await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
        continue;
      }
      // Let continuations of the last platform call run and possibly start the next one.
      for (let turn = 0; turn < 3 && this.#pending === 0; turn++) await nextTurn();
      if (this.#pending === 0) this.complete({ via: 'idle' });
    }
  }
}
