/**
 * The runtime log: every `console.*` call of app code (with its level) and every line the runtime
 * writes itself (refusals name their rule). Mirrors what `fdk run` prints to the terminal and what
 * "View Log" shows in the account; times are clock times, so a virtual-time test reads
 * virtual timestamps.
 */
import type { Clock } from '../clock.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  /** Clock time, ms since the epoch. */
  at: number;
  level: LogLevel;
  /** `app:<handler>` for app console output; `runtime`, `request`, `db`, `schedule` for the runtime. */
  source: string;
  message: string;
  /** The platform rule a refusal or warning enforces (e.g. `request.rate-limit`). */
  rule?: string;
  /** Invocation id, when the line belongs to one. */
  invocation?: number;
}

export interface LogOptions {
  /** Called with every entry as it is written (a live log). */
  sink?: (entry: LogEntry) => void;
  /** How many entries `logs` keeps (oldest dropped first); default 20 000. */
  keep?: number;
}

export class RuntimeLog {
  readonly entries: LogEntry[] = [];
  readonly #clock: Clock;
  readonly #sink: ((entry: LogEntry) => void) | undefined;
  readonly #keep: number;

  constructor(clock: Clock, options: LogOptions = {}) {
    this.#clock = clock;
    this.#sink = options.sink;
    this.#keep = options.keep ?? 20_000;
  }

  write(level: LogLevel, source: string, message: string, extra: { rule?: string; invocation?: number } = {}): LogEntry {
    const entry: LogEntry = { at: this.#clock.now(), level, source, message, ...extra };
    this.entries.push(entry);
    if (this.entries.length > this.#keep) this.entries.splice(0, this.entries.length - this.#keep);
    this.#sink?.(entry);
    return entry;
  }

  /** A writer bound to one source (and optionally one invocation). */
  scope(source: string, invocation?: number): ScopedLog {
    const extra = invocation === undefined ? {} : { invocation };
    return {
      debug: (message, rule) => this.write('debug', source, message, withRule(extra, rule)),
      info: (message, rule) => this.write('info', source, message, withRule(extra, rule)),
      warn: (message, rule) => this.write('warn', source, message, withRule(extra, rule)),
      error: (message, rule) => this.write('error', source, message, withRule(extra, rule)),
    };
  }
}

export interface ScopedLog {
  debug(message: string, rule?: string): LogEntry;
  info(message: string, rule?: string): LogEntry;
  warn(message: string, rule?: string): LogEntry;
  error(message: string, rule?: string): LogEntry;
}

function withRule(extra: { invocation?: number }, rule: string | undefined): { rule?: string; invocation?: number } {
  return rule === undefined ? extra : { ...extra, rule };
}
