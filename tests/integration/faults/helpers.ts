/**
 * Shared pieces of the fault suite: a world with the benchmark's realistic rule set, agents'
 * changes, ground truth for a handful of tickets, and the exactly-once verdict as one assertion.
 */
import { expect } from 'vitest';
import { stormRules } from '../../../devkit/bench/rules.ts';
import { judge, type PlannedTicket, type Verdict } from '../../../devkit/soak/check.ts';
import { startWorld, type World, type WorldOptions } from '../../../devkit/soak/world.ts';

export { stormRules };

/** A world on the Pro plan with `bench/rules.ts` (routing, notes, escalations on update). */
export function faultWorld(options: WorldOptions = {}): Promise<World> {
  return startWorld({ plan: 'pro', rules: stormRules, ...options });
}

/** Subjects that match exactly one kind of create rule (see bench/rules.ts). */
export const SUBJECTS = {
  /** No create rule. */
  none: 'Projector in room 4B has no sound',
  /** A field change (group), no note. */
  change: 'VPN drops every few minutes',
  /** A note, no field change. */
  note: 'Locked out of Workday',
  /** A field change and a note. */
  both: 'Phishing email pretending to be SAP',
} as const;

export type Kind = keyof typeof SUBJECTS;

export interface Made {
  id: number;
  kind: Kind;
}

/** Creates a ticket as a requester (distinct requesters, so no duplicates unless asked). */
export function makeTicket(w: World, kind: Kind, n: number): Made {
  const requester = w.fake.store.requesters.create({ first_name: `Req${n}`, last_name: 'Tester', primary_email: `req${n}.${kind}@corp.example` });
  const t = w.fake.store.tickets.create({ requester_id: requester.id, subject: `${SUBJECTS[kind]} (${n})`, description: '<p>Details inside.</p>', source: 1, status: 2, priority: 1 });
  return { id: t.id, kind };
}

/** An agent (not the app) changes the ticket, as in the UI: fires onTicketUpdate. */
export function agentUpdate(w: World, id: number, patch: Record<string, unknown>): void {
  w.fake.store.tickets.update(id, patch, { actor: w.fake.keys.agentIds.agent });
}

const TAGS: Readonly<Record<Kind, string[]>> = { none: [], change: ['network'], note: [], both: ['security'] };

/** The ground truth of a created ticket, plus escalations added as the test makes them. */
export function plannedFor(made: Made): PlannedTicket {
  return {
    id: made.id,
    create: { update: made.kind === 'change' || made.kind === 'both', note: made.kind === 'note' || made.kind === 'both' },
    escalations: [],
    tags: [...TAGS[made.kind]],
  };
}

/** "Raised to urgent": urgency 3 and a note (never on an outage report). */
export function raise(w: World, plan: PlannedTicket): void {
  agentUpdate(w, plan.id, { priority: 4 });
  plan.escalations.push({ update: true, note: true });
}

/** Resolve then reopen: "Reopened tickets" adds the `reopened` tag and a note. */
export async function resolveAndReopen(w: World, plan: PlannedTicket): Promise<void> {
  agentUpdate(w, plan.id, { status: 4 });
  await w.settle();
  agentUpdate(w, plan.id, { status: 2 });
  plan.escalations.push({ update: true, note: true });
  plan.tags = [...(plan.tags ?? []), 'reopened'];
}

function finished(w: World, id: number): boolean {
  const o = w.outcome(id);
  return o !== null && (o.state === 'done' || o.state === 'skipped') && !['todo', 'intent'].includes(o.update) && !['todo', 'intent'].includes(o.note);
}

/** Moves minute by minute until every ticket's outcome is complete (or `max` minutes), then `extra` more. */
export async function runUntilDone(w: World, ids: readonly number[], max = 40, extra = 6): Promise<number> {
  let m = 0;
  while (ids.some((id) => !finished(w, id)) && m < max) {
    await w.minutes(1);
    m += 1;
  }
  await w.minutes(extra);
  return m;
}

export function verdict(w: World, planned: readonly PlannedTicket[]): Verdict {
  return judge(planned, w.writes, w.outcome, (id) => w.fake.store.tickets.get(id)?.tags ?? []);
}

/** Nothing lost, duplicated, unplanned or overwritten; the problems list says what went wrong. */
export function expectExactlyOnce(v: Verdict): void {
  const summary = { lost: v.lost, duplicateNotes: v.duplicateNotes, duplicateUpdates: v.duplicateUpdates, unplannedNotes: v.unplannedNotes, unplannedUpdates: v.unplannedUpdates, lostTags: v.lostTags };
  expect({ ...summary, problems: v.problems }).toEqual({ lost: 0, duplicateNotes: 0, duplicateUpdates: 0, unplannedNotes: 0, unplannedUpdates: 0, lostTags: 0, problems: [] });
  expect(v.processed).toBe(v.tickets);
}

/** Creates `n` tickets within the current minute so that the inline slots run out and a backlog starts. */
export function burst(w: World, n: number, from: number): Made[] {
  const kinds: Kind[] = ['none', 'change', 'note', 'both'];
  return Array.from({ length: n }, (_, i) => makeTicket(w, kinds[i % kinds.length] as Kind, from + i));
}
