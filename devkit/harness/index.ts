/**
 * The typed API for tests and benchmarks: the real app (built by `npm run build`) running in the
 * devkit's FDK runtime against the fake Freshservice over real HTTP, on a virtual clock. Tickets
 * created in the fake fire the app's handlers; `minutes(n)` lets schedules fire so sweeps run; the
 * fake's call log, the runtime's `$db`, schedules, logs and stats are all readable.
 */
import { resolve } from 'node:path';
import { VirtualClock } from '../clock.ts';
import { startFakeFreshservice, type FakeFreshservice, type Plan } from '../fake-freshservice/index.ts';
import type { Ticket } from '../fake-freshservice/model.ts';
import { createRuntime, type EventConnection, type Runtime } from '../runtime/index.ts';
import { blockKey, outcomeAttr, readOutcome, type TicketOutcome } from '../../core/record.ts';

export const APP_DIR = resolve(import.meta.dirname, '../..');

export interface HarnessOptions {
  plan?: Plan;
  seed?: number;
  seedData?: boolean;
  rules?: unknown;
  iparams?: Record<string, unknown>;
  /** Deliver the fake's ticket events to the app automatically (default true). */
  events?: boolean;
}

export interface Harness {
  clock: VirtualClock;
  fake: FakeFreshservice;
  rt: Runtime;
  agentId: number;
  apiKey: string;
  /** Automatic delivery of the fake's ticket events (`enabled = false` to lose some); null with `events: false`. */
  events: EventConnection | null;
  /** Creates a ticket as a requester would (through the fake's store: no API budget used). */
  createTicket(input: Partial<Ticket> & { subject: string }): Ticket;
  /** Lets every invocation in flight finish. */
  settle(): Promise<void>;
  /** Changes installation parameters as an admin's "edit settings" would (the stored key is kept). */
  updateSettings(patch: Record<string, unknown>): Promise<void>;
  /** Moves virtual time forward, letting schedules fire minute by minute. */
  minutes(n: number): Promise<void>;
  outcome(ticketId: number): TicketOutcome | null;
  /** Notes on a ticket that the app posted (by the API key's agent). */
  appNotes(ticketId: number): Array<{ id: number; body: string }>;
  /** Requests the app (its API key) sent to the fake, optionally filtered by method and path. */
  appCalls(method?: string, path?: RegExp): Array<{ method: string; path: string; status: number }>;
  logText(): string;
  stop(): Promise<void>;
}

export const TWO_RULES = {
  version: 1,
  rules: [
    {
      name: 'VPN to Network',
      on: 'create',
      when: { field: 'subject', op: 'contains_any', value: ['vpn', 'tunnel'] },
      then: { priority: 3, tags_add: ['vpn'], note: 'Routed to Network because the subject mentions {{matched}}.' },
    },
    {
      name: 'Remote staff',
      on: 'create',
      when: { field: 'description_text', op: 'contains_any', value: ['working from home', 'remote'] },
      then: { urgency: 2, tags_add: ['remote'], note: 'Requester works remotely.' },
    },
  ],
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new VirtualClock();
  const fake = await startFakeFreshservice({ plan: options.plan ?? 'starter', clock, seed: options.seed ?? 7, seedData: options.seedData ?? true });
  const rt = await createRuntime({ appDir: APP_DIR, clock, currentHost: { freshservice: fake.url }, secureIparams: ['api_key'] });
  const apiKey = fake.keys.admin;
  const agentId = fake.keys.agentIds.admin;
  let installed: Record<string, unknown> = {
    api_key: apiKey,
    api_agent_id: agentId,
    plan: options.plan ?? 'starter',
    budget_share: 50,
    rules: JSON.stringify(options.rules ?? TWO_RULES),
    duplicate_window_hours: 72,
    duplicate_threshold: 0.6,
    ack_template: '',
    ...options.iparams,
    __meta: { secure: ['api_key'] },
  };
  const install = await rt.install(installed);
  if (!install.allowed) throw new Error(`install refused: ${install.message}`);
  const events = options.events === false ? null : rt.connectEvents({ on: (listener) => fake.events.on('*', listener) });
  const requester = fake.store.requesters.list()[0];
  if (requester === undefined) throw new Error('the fake has no requester');
  const settle = async (): Promise<void> => {
    await clock.activity.settled();
    await rt.idle();
    await clock.activity.settled();
  };
  return {
    clock, fake, rt, agentId, apiKey, events,
    createTicket: (input) => fake.store.tickets.create({ requester_id: requester.id, description: '', ...input }),
    settle,
    async updateSettings(patch) {
      installed = { ...installed, ...patch };
      const outcome = await rt.updateIparams(installed);
      if (!outcome.allowed) throw new Error(`settings refused: ${outcome.message}`);
    },
    async minutes(n) {
      for (let i = 0; i < n; i += 1) {
        await clock.advance(60_000);
        await settle();
      }
    },
    outcome: (id) => readOutcome(rt.db.get(blockKey(id))?.[outcomeAttr(id)]),
    appNotes: (id) => fake.store.conversations.list(id).filter((c) => c.user_id === agentId).map((c) => ({ id: c.id, body: c.body })),
    appCalls: (method, path) =>
      fake.calls.filter((c) => c.caller === 'admin' && (method === undefined || c.method === method) && (path === undefined || path.test(c.path))).map((c) => ({ method: c.method, path: c.path, status: c.status })),
    logText: () => rt.logs.map((l) => `${l.level} ${l.message}`).join('\n'),
    async stop() {
      await rt.dispose();
      await fake.stop();
    },
  };
}
