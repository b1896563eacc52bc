/**
 * One benchmark world: a virtual clock, the fake Freshservice (seeded account, one plan) and the
 * devkit's FDK runtime running either Ticket Radar (the built app at the repository root) or the
 * naive baseline (`naive-app/`), installed with the same API key, plan, share and rules, with
 * product events delivered automatically. Both apps see exactly the same account and traffic.
 */
import { resolve } from 'node:path';
import { VirtualClock } from '../clock.ts';
import { startFakeFreshservice, type FakeFreshservice, type Plan } from '../fake-freshservice/index.ts';
import { createRuntime, type LogEntry, type Runtime } from '../runtime/index.ts';
import type { GroupIds, RuleDoc } from './rules.ts';

export type AppKind = 'app' | 'naive';

export const APP_DIRS: Readonly<Record<AppKind, string>> = {
  app: resolve(import.meta.dirname, '../..'),
  naive: resolve(import.meta.dirname, 'naive-app'),
};

export interface World {
  kind: AppKind;
  plan: Plan;
  clock: VirtualClock;
  fake: FakeFreshservice;
  rt: Runtime;
  /** The agent the API key belongs to: the app's notes and updates carry this id. */
  agentId: number;
  groups: GroupIds;
  /** Log lines the benchmark reads (sweep reports, the naive app's "done" lines), never dropped. */
  kept: LogEntry[];
  /** Lets every invocation in flight finish. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  kind: AppKind;
  plan: Plan;
  rules: (groups: GroupIds) => RuleDoc;
  share?: number;
  seed?: number;
  ackTemplate?: string;
  /** Deliver product events automatically (default true). */
  events?: boolean;
}

/** Log lines worth keeping whatever the runtime's log retention. */
export const KEPT_LINES = /\[sweep\]|^naive: ticket \d+ done$/;

export async function startWorld(options: WorldOptions): Promise<World> {
  const clock = new VirtualClock();
  const fake = await startFakeFreshservice({ plan: options.plan, clock, seed: options.seed ?? 7 });
  const groups: GroupIds = Object.fromEntries(fake.store.groups.list().map((g) => [g.name, g.id]));
  const kept: LogEntry[] = [];
  const onLog = (entry: LogEntry): void => {
    if (KEPT_LINES.test(entry.message)) kept.push(entry);
  };
  const rt = await createRuntime({ appDir: APP_DIRS[options.kind], clock, currentHost: { freshservice: fake.url }, secureIparams: ['api_key'], onLog });
  const install = await rt.install({
    api_key: fake.keys.admin,
    api_agent_id: fake.keys.agentIds.admin,
    plan: options.plan,
    budget_share: options.share ?? 50,
    rules: JSON.stringify(options.rules(groups)),
    duplicate_window_hours: 72,
    duplicate_threshold: 0.6,
    ack_template: options.ackTemplate ?? '',
    __meta: { secure: ['api_key'] },
  });
  if (!install.allowed) throw new Error(`bench: installing the ${options.kind} app was refused: ${install.message ?? ''}`);
  if (options.events !== false) rt.connectEvents({ on: (listener) => fake.events.on('*', listener) });
  const settle = async (): Promise<void> => {
    await clock.activity.settled();
    await rt.idle();
    await clock.activity.settled();
  };
  return {
    kind: options.kind, plan: options.plan, clock, fake, rt, agentId: fake.keys.agentIds.admin, groups, kept, settle,
    async stop() {
      await rt.dispose();
      await fake.stop();
    },
  };
}
