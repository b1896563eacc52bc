/** Public types of the local FDK runtime (see index.ts for the API). */
import type { Clock } from '../clock.ts';
import type { DbStats } from './db/index.ts';
import type { InvocationResult, InvocationStats } from './dispatch.ts';
import type { Faults } from './faults.ts';
import type { LogEntry } from './log.ts';
import type { WindowStats } from './minute-window.ts';
import type { ScheduleStats } from './schedule/index.ts';

export interface RuntimeOptions {
  /** The app folder (manifest.json, config/, built server/server.js). */
  appDir: string;
  /** The clock for every time the runtime keeps: execution limits, windows, TTLs, schedules, Date. */
  clock: Clock;
  /** `currentHost.endpoint_urls`: product → account URL, e.g. `{ freshservice: 'http://127.0.0.1:4010' }`. */
  currentHost: { freshservice: string } & Record<string, string>;
  /** Start installed with these iparams (secure ones included) without running onAppInstall. */
  iparams?: Record<string, unknown>;
  /** Names of secure iparams, in addition to `secure: true` in config/iparams.json and `__meta.secure` at install. */
  secureIparams?: readonly string[];
  accountId?: string;
  /** Account domain in event payloads; default: the host of `currentHost.freshservice`. */
  domain?: string;
  /** Data-centre region in event payloads (US, EU, EUC, AUS, IND); default US. */
  region?: string;
  /** A live log callback. */
  onLog?: (entry: LogEntry) => void;
  /** How many log entries `logs` keeps; default 20 000. */
  keepLogs?: number;
  /** Wall-clock bound on each synchronous run in the sandbox (default 20 000 ms). */
  cpuGuardMs?: number;
  /** Seed for fault probabilities (default 1). */
  seed?: number;
  faults?: Partial<Faults>;
}

/** What installing, updating or uninstalling produced. */
export interface SetupOutcome {
  allowed: boolean;
  /** Why it was blocked (renderData({ message }), a throw, or a timeout), at most 60 characters. */
  message?: string;
  /** The handler's invocation, when one ran. */
  result?: InvocationResult;
}

/** What `client.request.invoke` resolves with. */
export interface SmiSuccess {
  requestID: string;
  status: 200;
  response: unknown;
}

/** What `client.request.invoke` rejects with. */
export interface SmiFailure {
  requestID: string;
  status: number;
  message: string;
  rule?: string;
}

export interface RuntimeStats {
  /** FDK request-template calls (every attempt), per clock minute. */
  templates: WindowStats & { calls: number; cacheHits: number };
  /** `$db`/`client.db` operations per clock minute. */
  db: DbStats;
  /** Server-method invocations per clock minute. */
  smi: WindowStats;
  schedules: ScheduleStats;
  invocations: InvocationStats & { refused: number; redelivered: number };
}

/** The fake Freshservice's event emitter (`fake.events`). */
export interface ProductEventSource {
  on(listener: (event: { event: 'onTicketCreate' | 'onTicketUpdate'; data: unknown }) => void): unknown;
  off?(listener: (event: { event: 'onTicketCreate' | 'onTicketUpdate'; data: unknown }) => void): unknown;
}

export interface EventConnection {
  /** Switch automatic delivery off and on. */
  enabled: boolean;
  /** Events delivered so far. */
  readonly delivered: number;
  /** Resolves when every delivered event's invocation has ended. */
  idle(): Promise<void>;
  disconnect(): void;
}
