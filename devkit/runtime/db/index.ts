/**
 * `$db` as app code and the front end's `client.db` see it: the store (store.ts) behind the
 * per-installation limit of 50 operations per clock minute (every set/get/update/delete counts,
 * failed ones included), plus the "available only after install" rule and an injectable 429
 * fault. Also the host handle tests use to read and seed the store without counting.
 */
import type { Clock } from '../../clock.ts';
import { PlatformRefusal } from '../errors.ts';
import type { ScopedLog } from '../log.ts';
import { MinuteWindow, minuteLabel, type WindowStats } from '../minute-window.ts';
import { DbLimits } from './limits.ts';
import { KvStore } from './store.ts';
import type { JsonObject } from './validate.ts';

export type DbOp = 'set' | 'get' | 'update' | 'delete';

/** The promise API of `$db` / `client.db` (rejections are `{ status, message, code }` objects). */
export interface DbApi {
  set(key: string, value: JsonObject, options?: { ttl?: number; setIf?: 'exist' | 'not_exist' }): Promise<{ Created: true }>;
  get(key: string): Promise<JsonObject>;
  update(key: string, action: string, attributes: unknown): Promise<{ Updated: true }>;
  delete(key: string): Promise<{ Deleted: true }>;
}

export interface DbStats extends WindowStats {
  byOp: Record<DbOp, number>;
  keys: number;
}

export interface DbServiceInit {
  clock: Clock;
  /** False before install and after uninstall: $db is then refused. */
  available: () => boolean;
  /** Share (0–1) of operations to answer with an injected 429. */
  faultRate: () => number;
  random: () => number;
}

/** Host access to the store for tests and the dev server: reads and writes here are not counted. */
export interface DbHandle {
  /** The counted API, for the front end's `client.db` (same limits as `$db`). */
  readonly api: DbApi;
  get(key: string): JsonObject | undefined;
  /** Validated like `$db.set` (throws the platform error body on a violation) but not counted. */
  set(key: string, value: JsonObject, options?: { ttl?: number; setIf?: 'exist' | 'not_exist' }): void;
  delete(key: string): boolean;
  dump(): Record<string, JsonObject>;
  expiresAt(key: string): number | undefined;
  clear(): void;
  stats(): DbStats;
}

export class DbService {
  readonly store: KvStore;
  readonly window: MinuteWindow;
  readonly byOp: Record<DbOp, number> = { set: 0, get: 0, update: 0, delete: 0 };
  readonly #init: DbServiceInit;

  constructor(init: DbServiceInit) {
    this.#init = init;
    this.store = new KvStore(init.clock);
    this.window = new MinuteWindow(init.clock, DbLimits.OPS_PER_MINUTE);
  }

  /** The counted API, logging refusals to `log`. */
  api(log: ScopedLog): DbApi {
    const run = <T>(op: DbOp, fn: () => T): Promise<T> => this.#run(op, fn, log);
    return {
      set: (key, value, options) => run('set', () => this.store.set(key, value, options)),
      get: (key) => run('get', () => this.store.get(key)),
      update: (key, action, attributes) => run('update', () => this.store.update(key, action, attributes)),
      delete: (key) => run('delete', () => this.store.delete(key)),
    };
  }

  #run<T>(op: DbOp, fn: () => T, log: ScopedLog): Promise<T> {
    try {
      if (!this.#init.available()) {
        throw new PlatformRefusal('db.not-installed', 400, `$db.${op}: the key-value store is available only after the app is installed (not from the installation page).`, 'app_not_installed');
      }
      if (this.#init.faultRate() > 0 && this.#init.random() < this.#init.faultRate()) {
        this.window.noteRefused();
        throw new PlatformRefusal('db.rate-limit', 429, `$db.${op}: rate limit exceeded (injected fault: faults.dbRateLimited).`, 'rate_limit_exceeded');
      }
      const slot = this.window.take();
      if (!slot.ok) {
        throw new PlatformRefusal('db.rate-limit', 429, `$db.${op}: rate limit exceeded: ${DbLimits.OPS_PER_MINUTE} operations per minute per installation, all used in the minute starting ${minuteLabel(slot.windowStart)} (this would be operation ${slot.count + 1}); retry after ${minuteLabel(slot.resetAt)}.`, 'rate_limit_exceeded');
      }
      this.byOp[op] += 1;
      return Promise.resolve(fn());
    } catch (error) {
      if (!(error instanceof PlatformRefusal)) return Promise.reject(error);
      const quiet = error.status === 404;
      if (quiet) log.debug(error.message, error.rule);
      else log.warn(error.message, error.rule);
      return Promise.reject(error.toBody());
    }
  }

  stats(): DbStats {
    return { ...this.window.stats(), byOp: { ...this.byOp }, keys: Object.keys(this.store.dump()).length };
  }

  handle(log: ScopedLog): DbHandle {
    const store = this.store;
    return {
      api: this.api(log),
      get: (key) => store.peek(key),
      set: (key, value, options) => {
        try {
          store.set(key, value, options);
        } catch (error) {
          throw error instanceof PlatformRefusal ? error.toBody() : error;
        }
      },
      delete: (key) => store.remove(key),
      dump: () => store.dump(),
      expiresAt: (key) => store.expiresAt(key),
      clear: () => store.clear(),
      stats: () => this.stats(),
    };
  }
}
