/**
 * Cost per event on a quiet Starter account (no background traffic, no backlog unless stated):
 * the API calls and credits the app's key sent (the fake's call log), the `$db` operations and the
 * request-template attempts (the runtime's counters) between the event and the moment every
 * invocation it caused has ended. The app's own update of a ticket fires onTicketUpdate, which the
 * app recognises and ignores; that invocation is included in the create it belongs to.
 */
import { blockKey, outcomeAttr, readOutcome } from '../../core/record.ts';
import type { Ticket } from '../fake-freshservice/model.ts';
import { generateWorkload, type StormTicket } from './workload.ts';
import { stormRules } from './rules.ts';
import { startWorld, type World } from './world.ts';

export interface EventCost {
  event: string;
  apiCalls: number;
  credits: number;
  dbOps: number;
  dbReads: number;
  /** `$db` operations by kind (get, set, update, delete). */
  dbByOp: Record<string, number>;
  /** Request-template attempts, including any FDK refused. */
  templateCalls: number;
  /** `$schedule` calls (fetch, create, update, delete): no documented per-minute limit, shown for completeness. */
  scheduleCalls: Record<string, number>;
  /** What the app did, in words (from the fake and the outcome). */
  detail: string;
}

interface Snapshot {
  calls: number;
  db: Record<string, number>;
  templates: number;
  schedules: Record<string, number>;
}

function snapshot(world: World): Snapshot {
  const s = world.rt.stats;
  return { calls: world.fake.calls.length, db: { ...s.db.byOp }, templates: s.templates.calls, schedules: { ...s.schedules.calls } };
}

async function measure(world: World, event: string, action: () => void | Promise<void>, detail: (calls: Array<{ method: string; path: string }>) => string): Promise<EventCost> {
  const before = snapshot(world);
  await action();
  await world.settle();
  const after = snapshot(world);
  const calls = world.fake.calls.slice(before.calls).filter((c) => c.caller === 'admin');
  const delta = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [op, n] of Object.entries(a)) {
      const d = n - (b[op] ?? 0);
      if (d !== 0) out[op] = d;
    }
    return out;
  };
  const dbByOp = delta(after.db, before.db);
  const dbOps = Object.values(dbByOp).reduce((a, b) => a + b, 0);
  return {
    event, apiCalls: calls.length, credits: calls.reduce((n, c) => n + (c.status === 429 ? 0 : c.credits), 0), dbOps, dbReads: dbByOp.get ?? 0, dbByOp,
    templateCalls: after.templates - before.templates, scheduleCalls: delta(after.schedules, before.schedules), detail: detail(calls),
  };
}

function describeCalls(calls: Array<{ method: string; path: string }>): string {
  if (calls.length === 0) return 'no API call';
  return calls.map((c) => `${c.method} ${c.path.replace(/\/api\/v2/, '').replace(/\d{3,}/g, '{id}')}`).join(', ');
}

/** The calls, plus what the outcome of `ticket` records (rules, changes, duplicates). */
function withOutcome(world: World, ticket: () => Ticket | undefined): (calls: Array<{ method: string; path: string }>) => string {
  return (calls) => {
    const t = ticket();
    const o = t === undefined ? null : readOutcome(world.rt.db.get(blockKey(t.id))?.[outcomeAttr(t.id)]);
    if (o === null) return `${describeCalls(calls)}; no outcome`;
    return `${describeCalls(calls)}; outcome ${o.state}, rules [${o.rules.map((r) => r.name).join(', ')}], ${o.changes.length} change(s), note ${o.note}, ${o.dups.length} duplicate(s)`;
  };
}

/** The first storm ticket of each kind we need, from the standard workload. */
function pick(tickets: readonly StormTicket[], test: (t: StormTicket) => boolean, what: string): StormTicket {
  const t = tickets.find(test);
  if (t === undefined) throw new Error(`costs: the workload has no ${what} ticket`);
  return t;
}

export async function measureCosts(): Promise<EventCost[]> {
  const world = await startWorld({ kind: 'app', plan: 'starter', rules: stormRules });
  try {
    const { fake, clock } = world;
    const work = generateWorkload({ tickets: 300, seed: 7 });
    const plain = pick(work.tickets, (t) => t.kind === 'none' && t.duplicateOf === null, 'rule-free');
    const ruled = pick(work.tickets, (t) => t.kind === 'change+note' && t.duplicateOf === null, 'rule');
    const requester = (email: string): number => fake.store.requesters.create({ first_name: 'Bench', last_name: email.split('@')[0] ?? null, primary_email: email }).id;
    const create = (t: Pick<StormTicket, 'subject' | 'description'>, requesterId: number): Ticket =>
      fake.store.tickets.create({ requester_id: requesterId, requested_for_id: requesterId, subject: t.subject, description: t.description, source: 1, status: 2, priority: 1 });
    for (let m = 0; m < 6; m += 1) {
      await clock.advance(60_000);
      await world.settle();
    }
    // Start of a fresh minute, a little after the tick, so every inline slot is free.
    await clock.advance(5_000);
    await world.settle();
    const costs: EventCost[] = [];
    let first: Ticket | undefined;
    const anna = requester('anna.bench@corp.example');
    costs.push(await measure(world, 'create, no rule matches', () => { first = create(plain, requester('bo.bench@corp.example')); }, withOutcome(world, () => first)));
    let ruledTicket: Ticket | undefined;
    costs.push(await measure(world, 'create, a rule changes fields and adds a note', () => { ruledTicket = create(ruled, anna); }, withOutcome(world, () => ruledTicket)));
    const copy = { subject: `Re: ${ruled.subject}`, description: `<p>Sending this again as I have not heard back.</p>${ruled.description}` };
    let dup: Ticket | undefined;
    costs.push(await measure(world, 'create, the same rule + a duplicate of the previous ticket', () => { dup = create(copy, anna); }, withOutcome(world, () => dup)));
    const agent = fake.keys.agentIds.agent;
    const target = first as Ticket;
    costs.push(await measure(world, 'update by an agent, no rule fires (status 2 → 3)', () => { fake.store.tickets.update(target.id, { status: 3 }, { actor: agent }); }, describeCalls));
    fake.store.tickets.update(target.id, { status: 4 }, { actor: agent });
    await world.settle();
    costs.push(await measure(world, 'update by an agent, a rule fires (reopened 4 → 2)', () => { fake.store.tickets.update(target.id, { status: 2 }, { actor: agent }); }, describeCalls));
    costs.push(await measure(world, "the app's own update (ignored)", () => { fake.store.tickets.update(target.id, { priority: 3 }, { actor: world.agentId }); }, describeCalls));
    const sidebarTicket = (ruledTicket as Ticket).id;
    costs.push(await measure(world, 'sidebar open (getTicketInsights)', async () => { await world.rt.invokeServerMethod('getTicketInsights', { ticket_id: sidebarTicket }); }, describeCalls));
    costs.push(...(await stormPathCosts(world, create, requester)));
    return costs;
  } finally {
    await world.stop();
  }
}

/**
 * The storm path: in a fresh minute, tickets take the inline slots (id mod 6); the first whose slot
 * is taken is deferred and raises the backlog marker; the next one queues behind the marker.
 */
async function stormPathCosts(world: World, create: (t: { subject: string; description: string }, requesterId: number) => Ticket, requester: (email: string) => number): Promise<EventCost[]> {
  const { clock } = world;
  await clock.advance(60_000 - (clock.now() % 60_000) + 5_000);
  await world.settle();
  const plain = { subject: 'Booking panel outside room 4B is blank', description: '<p>The booking panel outside room 4B is frozen.</p>' };
  const first = create(plain, requester('cy.bench@corp.example'));
  await world.settle();
  for (let id = first.id + 1; id < first.id + 6; id += 1) {
    create({ ...plain, subject: `${plain.subject} (${id})` }, requester(`p${id}.bench@corp.example`));
    await world.settle();
  }
  const deferred = await measure(world, 'create, no inline slot left this minute (deferred, raises the backlog)', () => { create(plain, requester('dee.bench@corp.example')); }, describeCalls);
  const queued = await measure(world, 'create while a backlog is pending (the storm path)', () => { create(plain, requester('eve.bench@corp.example')); }, describeCalls);
  return [deferred, queued];
}
