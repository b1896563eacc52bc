/**
 * The fake Freshservice: a real HTTP server on 127.0.0.1 that behaves like the Freshservice REST
 * API v2 as far as the reference (`shared/reference/freshservice-api.md`) knows it — Basic auth
 * with API keys, per-plan per-minute limits with sub-limits and `include=` credits, the
 * documented envelopes and error bodies — seeded with a realistic account, with knobs for faults
 * and for the traffic of the account's other integrations, and ticket events for the FDK runtime.
 *
 * ```ts
 * const fake = await startFakeFreshservice({ plan: 'starter', clock });
 * await fetch(`${fake.url}/api/v2/agents/me`, { headers: { Authorization: basic(fake.keys.admin) } });
 * await fake.stop();
 * ```
 */
import { SystemClock, type Clock } from '../clock.ts';
import { KeyRing } from './auth.ts';
import { Background } from './background.ts';
import { TicketEvents } from './events.ts';
import { Faults } from './faults.ts';
import { isPlan, PLANS, type Plan } from './limits.ts';
import { Pipeline } from './pipeline.ts';
import { stream } from './prng.ts';
import { RateLimiter } from './rate-limit.ts';
import { seedAccount } from './seed.ts';
import { listen } from './server.ts';
import { Stats, type CallRecord } from './stats.ts';
import { Store } from './store.ts';

export interface FakeFreshserviceOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  plan: Plan;
  /** Rate-limit windows, latency, background traffic and seeded timestamps follow it. Default: wall time. */
  clock?: Clock;
  /** Seeds data, API keys and fault draws. Default 1. */
  seed?: number;
  /** Overrides the admin's generated API key. */
  adminApiKey?: string;
  /** false: an empty account with only the agents who own the keys. Default true. */
  seedData?: boolean;
}

export interface FakeKeys {
  admin: string;
  agent: string;
  restricted: string;
  /** The agent each key belongs to. */
  agentIds: { admin: number; agent: number; restricted: number };
}

export interface FakeFreshservice {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly keys: FakeKeys;
  readonly plan: Plan;
  readonly clock: Clock;
  /** Direct data access for tests: no HTTP, no limits, but ticket writes emit events. */
  readonly store: Store;
  /** Every request, in order. */
  readonly calls: readonly CallRecord[];
  readonly stats: Stats;
  readonly faults: Faults;
  readonly background: Background;
  readonly events: TicketEvents;
  /** Changes the account's plan; the current minute's usage carries over. */
  setPlan(plan: Plan): void;
  /** From the next request on, `key` answers 401. */
  revokeKey(key: string): void;
  restoreKey(key: string): void;
  /** Stops background traffic and closes the server and its open connections. */
  stop(): Promise<void>;
}

export async function startFakeFreshservice(options: FakeFreshserviceOptions): Promise<FakeFreshservice> {
  const { plan, port = 0, seed = 1, seedData = true } = options;
  if (!isPlan(plan)) throw new TypeError(`startFakeFreshservice: expected plan to be one of ${PLANS.join(', ')}, got ${JSON.stringify(plan)}`);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) throw new RangeError(`startFakeFreshservice: expected port to be an integer 0–65535, got ${String(port)}`);
  if (!Number.isInteger(seed)) throw new TypeError(`startFakeFreshservice: expected seed to be an integer, got ${String(seed)}`);
  if (options.adminApiKey !== undefined && !/^[\x21-\x39\x3b-\x7e]+$/.test(options.adminApiKey)) {
    throw new TypeError('startFakeFreshservice: adminApiKey must be non-empty printable ASCII without spaces or ":"');
  }
  const clock = options.clock ?? new SystemClock();
  const events = new TicketEvents();
  const store = new Store(clock, events);
  const keyRing = new KeyRing();
  const seeded = seedAccount(store, keyRing, { seed, withData: seedData, ...(options.adminApiKey !== undefined ? { adminApiKey: options.adminApiKey } : {}) });
  const limiter = new RateLimiter(clock, plan);
  const stats = new Stats();
  const calls: CallRecord[] = [];
  let url = '';
  const pipeline = new Pipeline({ store, clock, keys: keyRing, limiter, stats, calls, baseUrl: () => url });
  const faults = new Faults(stream(seed, 0xfa17));
  const background = new Background({ pipeline, clock, store, random: stream(seed, 0xb6), apiKey: seeded.others });
  const server = await listen({ pipeline, faults, clock }, port);
  url = server.url;
  const { others: _others, ...agentIds } = seeded.agentIds;
  return {
    url, clock, store, calls, stats, faults, background, events,
    keys: { admin: seeded.admin, agent: seeded.agent, restricted: seeded.restricted, agentIds },
    get plan() {
      return limiter.plan;
    },
    setPlan(next: Plan) {
      if (!isPlan(next)) throw new TypeError(`setPlan: expected one of ${PLANS.join(', ')}, got ${JSON.stringify(next)}`);
      limiter.plan = next;
    },
    revokeKey: (key: string) => keyRing.revoke(key),
    restoreKey: (key: string) => keyRing.restore(key),
    async stop() {
      background.stop();
      await server.close();
    },
  };
}

/** `Authorization` header value for an API key (the password is ignored, reference §1). */
export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:X`).toString('base64')}`;
}

export type { Plan, SubLimit } from './limits.ts';
export { PLAN_LIMITS, ApiLimits, SUB_LIMITS } from './limits.ts';
export type { CallRecord, MinuteStats, FaultKind } from './stats.ts';
export type { CallerLabel } from './auth.ts';
export type { EndpointClass } from './routes.ts';
export type { FaultSettings, ErrorFault, LatencyFault, DropFault } from './faults.ts';
export type { BackgroundOptions, BackgroundMix, BackgroundReport } from './background.ts';
export type { TicketEvent, TicketEventData, TicketEventName, EventActor, EventRequester, EventTicket, TicketChanges, Directory } from './events.ts';
export { buildEventTicket, buildEventRequester, buildActor, buildChanges, firesUpdate, UPDATE_TRIGGERS, SYSTEM_ACTOR, TicketEvents } from './events.ts';
export type { Ticket, Requester, Agent, Group, Department, Conversation } from './model.ts';
export type { Store, TicketStore, ConversationStore, TicketInput, TicketPatch, ConversationInput, WriteOptions } from './store.ts';
export type { Collection } from './collection.ts';
export type { Stats } from './stats.ts';
export type { Faults } from './faults.ts';
export type { Background } from './background.ts';
