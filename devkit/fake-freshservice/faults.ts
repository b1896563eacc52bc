/**
 * Fault knobs for the network path between a client and the fake: server errors, latency and
 * dropped connections. Draws come from a PRNG seeded from the fake's seed, so a run with the same
 * seed and the same request order fails the same requests.
 *
 * - `errors`: answer a 5xx (from `statuses`, default [500, 502, 503]) with probability `rate`.
 *   The request is charged like any answer, and its handler does not run.
 * - `latency`: delay each request by `fixedMs + jitter` on the fake's clock (so it elapses in
 *   virtual time too) before it is handled.
 * - `drops`: destroy the socket with probability `rate`; `phase: 'before'` drops it before the
 *   API sees the request (nothing charged, nothing changed), `phase: 'after'` after the request
 *   was handled and charged, part-way through the answer (the write happened, the client cannot
 *   know: the case idempotent clients must survive).
 * Every knob can be limited to a method and a path (a string prefix or a RegExp) and to `times`
 * occurrences. Background traffic bypasses faults: they model the app's own network path.
 */
import type { ServerErrorStatus } from './pipeline.ts';
import type { Random } from './prng.ts';

export interface FaultScope {
  method?: string;
  /** A path prefix such as '/api/v2/tickets', or a RegExp tested against the path. */
  path?: string | RegExp;
  /** Stop after this many occurrences. */
  times?: number;
}

export interface ErrorFault extends FaultScope {
  /** Probability in [0, 1]. */
  rate: number;
  statuses?: readonly ServerErrorStatus[];
}

export interface LatencyFault extends FaultScope {
  fixedMs: number;
  /** Uniform extra delay in [0, jitterMs). */
  jitterMs?: number;
}

export interface DropFault extends FaultScope {
  rate: number;
  phase?: 'before' | 'after';
}

export interface FaultSettings {
  errors?: ErrorFault | null;
  latency?: LatencyFault | null;
  drops?: DropFault | null;
}

type Active<T> = { spec: T; left: number };

export class Faults {
  #errors: Active<ErrorFault> | undefined;
  #latency: Active<LatencyFault> | undefined;
  #drops: Active<DropFault> | undefined;

  constructor(private readonly random: Random) {}

  /** Sets the given knobs (`null` switches one off); knobs not named stay as they are. */
  set(settings: FaultSettings): void {
    if (settings.errors !== undefined) this.#errors = activate(settings.errors, 'errors', (f) => checkRate(f.rate, 'errors.rate'));
    if (settings.latency !== undefined) this.#latency = activate(settings.latency, 'latency', (f) => checkMs(f));
    if (settings.drops !== undefined) this.#drops = activate(settings.drops, 'drops', (f) => checkRate(f.rate, 'drops.rate'));
  }

  clear(): void {
    this.#errors = this.#latency = this.#drops = undefined;
  }

  get current(): FaultSettings {
    return { errors: this.#errors?.spec ?? null, latency: this.#latency?.spec ?? null, drops: this.#drops?.spec ?? null };
  }

  /** Milliseconds to delay this request (0 for none). */
  latencyFor(method: string, path: string): number {
    const f = this.#take(this.#latency, method, path, 1);
    if (!f) return 0;
    return f.fixedMs + (f.jitterMs ? Math.floor(this.random.next() * f.jitterMs) : 0);
  }

  serverErrorFor(method: string, path: string): ServerErrorStatus | undefined {
    const f = this.#take(this.#errors, method, path, this.#errors?.spec.rate ?? 0);
    return f ? this.random.pick(f.statuses && f.statuses.length > 0 ? f.statuses : [500, 502, 503]) : undefined;
  }

  dropFor(method: string, path: string): 'before' | 'after' | undefined {
    const f = this.#take(this.#drops, method, path, this.#drops?.spec.rate ?? 0);
    return f ? (f.phase ?? 'before') : undefined;
  }

  #take<T extends FaultScope>(active: Active<T> | undefined, method: string, path: string, rate: number): T | undefined {
    if (!active || active.left <= 0 || !inScope(active.spec, method, path)) return undefined;
    if (rate < 1 && this.random.next() >= rate) return undefined;
    active.left -= 1;
    return active.spec;
  }
}

function activate<T extends FaultScope>(spec: T | null, name: string, check: (spec: T) => void): Active<T> | undefined {
  if (spec === null) return undefined;
  check(spec);
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times >= 0)) {
    throw new RangeError(`faults.${name}.times: expected an integer >= 0, got ${String(spec.times)}`);
  }
  return { spec: { ...spec }, left: spec.times ?? Number.POSITIVE_INFINITY };
}

function inScope(scope: FaultScope, method: string, path: string): boolean {
  if (scope.method !== undefined && scope.method.toUpperCase() !== method) return false;
  if (scope.path === undefined) return true;
  return typeof scope.path === 'string' ? path.startsWith(scope.path) : scope.path.test(path);
}

function checkRate(rate: number, name: string): void {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faults.${name}: expected a probability in [0, 1], got ${String(rate)}`);
}

function checkMs(f: LatencyFault): void {
  if (!(f.fixedMs >= 0) || !((f.jitterMs ?? 0) >= 0)) {
    throw new RangeError(`faults.latency: expected fixedMs and jitterMs >= 0, got ${String(f.fixedMs)} and ${String(f.jitterMs)}`);
  }
}
