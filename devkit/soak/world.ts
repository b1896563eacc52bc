/**
 * A world for fault tests and the soak: the real built app in the devkit's FDK runtime against the
 * fake Freshservice over real HTTP on a virtual clock (like `devkit/harness`), plus what breaking
 * it needs: runtime fault knobs from the start, every log line streamed to a callback (the
 * runtime keeps only the last 20 000), the app's applied writes recorded (`writes.ts`), and every
 * invocation that ended badly collected.
 */
import { resolve } from 'node:path';
import { blockKey, outcomeAttr, readOutcome, type TicketOutcome } from '../../core/record.ts';
import { VirtualClock } from '../clock.ts';
import { startFakeFreshservice, type FakeFreshservice, type Plan } from '../fake-freshservice/index.ts';
import { createRuntime, type EventConnection, type Faults, type InvocationResult, type LogEntry, type Runtime } from '../runtime/index.ts';
import { recordAppWrites, type WriteRecorder } from './writes.ts';

export const APP_DIR = resolve(import.meta.dirname, '../..');

export type GroupIds = Readonly<Record<string, number>>;
export type RuleDoc = { version: 1; rules: Array<Record<string, unknown>> };

export interface WorldOptions {
  plan?: Plan;
  seed?: number;
  /** The account starts with the fake's seeded agents, groups, requesters and tickets (default true). */
  seedData?: boolean;
  /** A rules document, or a function of the account's group ids returning one. */
  rules?: RuleDoc | ((groups: GroupIds) => RuleDoc);
  /** Extra or overriding iparams (e.g. `ack_template`, `budget_share`). */
  iparams?: Record<string, unknown>;
  /** Deliver the fake's ticket events automatically (default true). */
  events?: boolean;
  /** Runtime fault knobs from the start (they stay live on `rt.faults`). */
  faults?: Partial<Faults>;
  /** Every log line, app and runtime, as it is written. */
  onLog?: (entry: LogEntry) => void;
  keepLogs?: number;
}

export interface World {
  clock: VirtualClock;
  fake: FakeFreshservice;
  rt: Runtime;
  agentId: number;
  apiKey: string;
  groups: GroupIds;
  writes: WriteRecorder;
  /** Automatic delivery of the fake's ticket events (`enabled = false` to lose some); null with `events: false`. */
  events: EventConnection | null;
  /** Event invocations that did not end well (a crash, a timeout, a refusal). */
  failedEvents: InvocationResult[];
  /**
   * Lets every invocation in flight finish. Work waiting on the clock (injected latency, a
   * template's retry delay) gets it: time moves on in one-second steps while anything is in flight.
   */
  settle(): Promise<void>;
  /** Moves virtual time forward minute by minute, letting schedules fire. */
  minutes(n: number): Promise<void>;
  /** Moves to the start of the next clock minute (plus `offsetMs`) and settles. */
  nextMinute(offsetMs?: number): Promise<void>;
  outcome(ticketId: number): TicketOutcome | null;
  stop(): Promise<void>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const plan = options.plan ?? 'starter';
  const clock = new VirtualClock();
  const fake = await startFakeFreshservice({ plan, clock, seed: options.seed ?? 7, seedData: options.seedData ?? true });
  const groups: GroupIds = Object.fromEntries(fake.store.groups.list().map((g) => [g.name, g.id]));
  const rt = await createRuntime({
    appDir: APP_DIR, clock, currentHost: { freshservice: fake.url }, secureIparams: ['api_key'], seed: options.seed ?? 7,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    ...(options.keepLogs === undefined ? {} : { keepLogs: options.keepLogs }),
  });
  const apiKey = fake.keys.admin;
  const agentId = fake.keys.agentIds.admin;
  const rules = typeof options.rules === 'function' ? options.rules(groups) : (options.rules ?? { version: 1, rules: [] });
  const install = await rt.install({
    api_key: apiKey, api_agent_id: agentId, plan, budget_share: 50, rules: JSON.stringify(rules),
    duplicate_window_hours: 72, duplicate_threshold: 0.6, ack_template: '',
    ...options.iparams,
    __meta: { secure: ['api_key'] },
  });
  if (!install.allowed) {
    await rt.dispose();
    await fake.stop();
    throw new Error(`install refused: ${install.message ?? ''}`);
  }
  const failedEvents: InvocationResult[] = [];
  const events = options.events === false ? null : rt.connectEvents({ on: (listener) => fake.events.on('*', listener) }, { onResult: (r) => { if (!r.ok) failedEvents.push(r); } });
  const writes = recordAppWrites(fake, agentId);
  const settle = async (): Promise<void> => {
    await clock.activity.settled();
    while (rt.stats.invocations.inFlight > 0) await clock.advance(1000);
    await rt.idle();
    await clock.activity.settled();
  };
  return {
    clock, fake, rt, agentId, apiKey, groups, writes, events, failedEvents, settle,
    async minutes(n) {
      for (let i = 0; i < n; i += 1) {
        await clock.advance(60_000);
        await settle();
      }
    },
    async nextMinute(offsetMs = 0) {
      await clock.advanceTo((Math.floor(clock.now() / 60_000) + 1) * 60_000 + offsetMs);
      await settle();
    },
    outcome: (id) => readOutcome(rt.db.get(blockKey(id))?.[outcomeAttr(id)]),
    async stop() {
      writes.stop();
      await rt.dispose();
      await fake.stop();
    },
  };
}
