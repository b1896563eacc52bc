/**
 * `$schedule`: named one-time and recurring schedules that fire `onScheduledEvent` with their
 * `data`, on the devkit clock (fdk-platform.md §2.6). create/fetch/update/delete/pause/resume
 * answer `{ status, message }` (fetch answers the schedule), reject `{ status, message }`.
 *
 * Firing: a one-time schedule is removed when it fires, before its handler runs (so the handler
 * may create a schedule with the same name); a recurring one re-arms at the next multiple of its
 * interval after `schedule_at`. A paused schedule does not fire; resuming a one-time schedule
 * whose time passed fires it at once, a recurring one at its next occurrence.
 * Faults (for tests of idempotency and lateness): deliver every event twice; deliver N ms late.
 */
import type { Clock } from '../../clock.ts';
import type { JsonObject } from '../db/validate.ts';
import { PlatformRefusal } from '../errors.ts';
import type { ScopedLog } from '../log.ts';
import { duplicate, limitReached, missing, validateData, validateName, validateRepeat, validateScheduleAt, type Repeat, type ScheduleSpec } from './validate.ts';
import { ScheduleLimits } from './limits.ts';

export interface ScheduleInfo extends ScheduleSpec {
  status: 'active' | 'paused';
  /** When it fires next (epoch ms). */
  nextAt: number;
}

export interface ScheduleApi {
  create(spec: unknown): Promise<{ status: number; message: string }>;
  fetch(spec: unknown): Promise<ScheduleSpec & { status: 'active' | 'paused' }>;
  update(spec: unknown): Promise<{ status: number; message: string }>;
  delete(spec: unknown): Promise<{ status: number; message: string }>;
  pause(spec: unknown): Promise<{ status: number; message: string }>;
  resume(spec: unknown): Promise<{ status: number; message: string }>;
}

export interface ScheduleStats {
  inUse: number;
  oneTime: number;
  recurring: number;
  peak: number;
  created: number;
  fired: number;
  /** `$schedule` calls the app made, by operation (refused and failed ones included). */
  calls: Record<string, number>;
}

/** Host access to the schedules for tests and the dev server. */
export interface ScheduleHandle {
  list(): ScheduleInfo[];
  get(name: string): ScheduleInfo | undefined;
  /** Fires `name` now, whatever its time; resolves when its invocation(s) ended. */
  fire(name: string): Promise<void>;
  /** Resolves once every scheduled delivery started so far has ended. */
  idle(): Promise<void>;
  stats(): ScheduleStats;
}

export interface ScheduleFaults {
  doubleDelivery: boolean;
  lateMs: number;
}

export interface ScheduleServiceInit {
  clock: Clock;
  available: () => boolean;
  faults: () => ScheduleFaults;
  /** Runs onScheduledEvent with `data`; resolves when the invocation ends. */
  fire: (name: string, data: JsonObject) => Promise<unknown>;
  log: ScopedLog;
}

interface Entry {
  spec: ScheduleSpec;
  nextAt: number;
  intervalMs: number | undefined;
  paused: boolean;
  cancel: () => void;
}

const ok = (message: string): { status: number; message: string } => ({ status: 200, message });

export class ScheduleService {
  readonly #init: ScheduleServiceInit;
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #peak = 0;
  #created = 0;
  #fired = 0;
  readonly #calls: Record<string, number> = {};

  constructor(init: ScheduleServiceInit) {
    this.#init = init;
  }

  api(log: ScopedLog): ScheduleApi {
    const run = <T>(op: string, fn: () => T): Promise<T> => {
      this.#calls[op] = (this.#calls[op] ?? 0) + 1;
      try {
        if (!this.#init.available()) throw new PlatformRefusal('schedule.not-installed', 400, `$schedule.${op}: scheduled events are available only after the app is installed.`);
        return Promise.resolve(fn());
      } catch (error) {
        if (!(error instanceof PlatformRefusal)) return Promise.reject(error);
        log.warn(error.message, error.rule);
        return Promise.reject(error.toBody());
      }
    };
    return {
      create: (spec) => run('create', () => this.#create(spec)),
      fetch: (spec) => run('fetch', () => this.#fetch(spec)),
      update: (spec) => run('update', () => this.#update(spec)),
      delete: (spec) => run('delete', () => this.#delete(validateName(spec, 'delete'))),
      pause: (spec) => run('pause', () => this.#setPaused(validateName(spec, 'pause'), true)),
      resume: (spec) => run('resume', () => this.#setPaused(validateName(spec, 'resume'), false)),
    };
  }

  #counts(): { oneTime: number; recurring: number } {
    let recurring = 0;
    for (const e of this.#entries.values()) if (e.intervalMs !== undefined) recurring += 1;
    return { oneTime: this.#entries.size - recurring, recurring };
  }

  #checkRoom(recurring: boolean, replacing?: Entry): void {
    const counts = this.#counts();
    if (replacing !== undefined) counts[replacing.intervalMs === undefined ? 'oneTime' : 'recurring'] -= 1;
    if (recurring && counts.recurring >= ScheduleLimits.MAX_RECURRING) throw limitReached('recurring', counts.recurring);
    if (!recurring && counts.oneTime >= ScheduleLimits.MAX_ONE_TIME) throw limitReached('one-time', counts.oneTime);
  }

  #create(raw: unknown): { status: number; message: string } {
    const name = validateName(raw, 'create');
    const spec = raw as Record<string, unknown>;
    const data = validateData(spec.data);
    const at = validateScheduleAt(spec.schedule_at, this.#init.clock.now());
    const repeat = validateRepeat(spec.repeat);
    if (this.#entries.has(name)) throw duplicate(name);
    this.#checkRoom(repeat !== undefined);
    const full: ScheduleSpec = { name, data, schedule_at: String(spec.schedule_at), ...(repeat === undefined ? {} : { repeat: repeat.repeat }) };
    const entry: Entry = { spec: full, nextAt: at, intervalMs: repeat?.intervalMs, paused: false, cancel: () => undefined };
    this.#entries.set(name, entry);
    this.#created += 1;
    this.#peak = Math.max(this.#peak, this.#entries.size);
    this.#arm(entry);
    return ok('Schedule created successfully');
  }

  #fetch(raw: unknown): ScheduleSpec & { status: 'active' | 'paused' } {
    const name = validateName(raw, 'fetch');
    const entry = this.#entries.get(name);
    if (entry === undefined) throw missing(name, 'fetch');
    return { ...structuredClone(entry.spec), status: entry.paused ? 'paused' : 'active' };
  }

  #update(raw: unknown): { status: number; message: string } {
    const name = validateName(raw, 'update');
    const entry = this.#entries.get(name);
    if (entry === undefined) throw missing(name, 'update');
    const spec = raw as Record<string, unknown>;
    const data = spec.data === undefined ? entry.spec.data : validateData(spec.data);
    const at = spec.schedule_at === undefined ? entry.nextAt : validateScheduleAt(spec.schedule_at, this.#init.clock.now());
    const repeat = 'repeat' in spec ? validateRepeat(spec.repeat) : entry.intervalMs === undefined ? undefined : { repeat: entry.spec.repeat as Repeat, intervalMs: entry.intervalMs };
    this.#checkRoom(repeat !== undefined, entry);
    entry.spec = { name, data, schedule_at: spec.schedule_at === undefined ? entry.spec.schedule_at : String(spec.schedule_at), ...(repeat === undefined ? {} : { repeat: repeat.repeat }) };
    entry.nextAt = at;
    entry.intervalMs = repeat?.intervalMs;
    this.#arm(entry);
    return ok('Schedule updated successfully');
  }

  #delete(name: string): { status: number; message: string } {
    const entry = this.#entries.get(name);
    if (entry === undefined) throw missing(name, 'delete');
    entry.cancel();
    this.#entries.delete(name);
    return ok('Schedule deleted successfully');
  }

  #setPaused(name: string, paused: boolean): { status: number; message: string } {
    const entry = this.#entries.get(name);
    if (entry === undefined) throw missing(name, paused ? 'pause' : 'resume');
    entry.paused = paused;
    if (!paused && entry.intervalMs !== undefined) {
      const now = this.#init.clock.now();
      while (entry.nextAt < now) entry.nextAt += entry.intervalMs;
    }
    this.#arm(entry);
    return ok(paused ? 'Schedule paused successfully' : 'Schedule resumed successfully');
  }

  #arm(entry: Entry): void {
    entry.cancel();
    entry.cancel = () => undefined;
    if (entry.paused) return;
    const delay = Math.max(0, entry.nextAt - this.#init.clock.now()) + this.#init.faults().lateMs;
    entry.cancel = this.#init.clock.setTimer(() => this.#due(entry), delay);
  }

  #due(entry: Entry): void {
    if (this.#entries.get(entry.spec.name) !== entry) return;
    if (entry.intervalMs === undefined) {
      this.#entries.delete(entry.spec.name);
    } else {
      entry.nextAt += entry.intervalMs;
      this.#arm(entry);
    }
    this.#deliver(entry.spec);
  }

  #deliver(spec: ScheduleSpec): Promise<void> {
    const times = this.#init.faults().doubleDelivery ? 2 : 1;
    const run = async (): Promise<void> => {
      for (let i = 0; i < times; i++) {
        this.#fired += 1;
        if (i > 0) this.#init.log.info(`schedule '${spec.name}' delivered a second time (fault: faults.scheduleDoubleDelivery).`, 'fault.schedule-double');
        await this.#init.fire(spec.name, structuredClone(spec.data));
      }
    };
    const work = run().catch((error: unknown) => {
      this.#init.log.error(`schedule '${spec.name}' could not be delivered: ${(error as Error).message}`);
    });
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  /** Host: fires `name` now, whatever its time (one-time schedules are then removed). */
  async fireNow(name: string): Promise<void> {
    const entry = this.#entries.get(name);
    if (entry === undefined) throw new Error(`No schedule named '${name}'.`);
    if (entry.intervalMs === undefined) {
      entry.cancel();
      this.#entries.delete(name);
    }
    await this.#deliver(entry.spec);
  }

  /** Host: resolves once every delivery started so far has finished. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  list(): ScheduleInfo[] {
    return [...this.#entries.values()].map((e) => ({ ...structuredClone(e.spec), status: e.paused ? 'paused' : 'active', nextAt: e.nextAt }));
  }

  stats(): ScheduleStats {
    const counts = this.#counts();
    return { inUse: this.#entries.size, ...counts, peak: this.#peak, created: this.#created, fired: this.#fired, calls: { ...this.#calls } };
  }

  handle(): ScheduleHandle {
    return {
      list: () => this.list(),
      get: (name) => this.list().find((s) => s.name === name),
      fire: (name) => this.fireNow(name),
      idle: () => this.idle(),
      stats: () => this.stats(),
    };
  }

  /** Cancels every timer and forgets every schedule (uninstall, dispose). */
  clear(): void {
    for (const entry of this.#entries.values()) entry.cancel();
    this.#entries.clear();
  }
}
