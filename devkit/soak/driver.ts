/**
 * Plays a soak workload into a world: creates tickets as requesters would (through the fake's
 * store, so events fire), applies agents' updates by intent, opens sidebars, and records the
 * ground truth the verdict needs — for every created ticket what its triage must write and, for
 * every agent change an update rule acts on, the update and note that rule implies.
 *
 * Update rules of `bench/rules.ts` the ground truth relies on:
 * - "Raised to urgent" (priority changed to 4): urgency 3 and a note. A ticket is raised at most
 *   once and never when it is an outage report (whose triage sets urgency 3 itself), so the
 *   escalation always has a field to change and a note to write.
 * - "Reopened tickets" (status 4/5 → 2): the `reopened` tag and a note; at most once per ticket.
 * Every other change (pending, resolved, group, priority 1–3) goes on the timeline only.
 */
import type { SmiSuccess } from '../runtime/index.ts';
import type { StormTicket } from '../bench/workload.ts';
import { findDuplicates } from '../../core/similarity.ts';
import { stripHtml } from '../../core/text.ts';
import { normalizeApiTicket, type TicketFacts } from '../../core/ticket.ts';
import type { PlannedTicket } from './check.ts';
import type { Intent, SoakWorkload } from './workload.ts';
import type { World } from './world.ts';

export interface DriverOptions {
  /** Agents open a sidebar (getTicketInsights) this many times a minute. */
  sidebarsPerMinute?: number;
  /** Called when a new minute of the run starts (minute 0 is the first), before its events. */
  onMinute?: (minute: number) => void | Promise<void>;
  /** Every server-method answer (success or failure), e.g. for the secrets scan. */
  onSmi?: (name: string, answer: unknown) => void;
  progress?: (text: string) => void;
}

export interface Driven {
  /** Ticket id by workload index (-1 until created). */
  ids: number[];
  planned: Map<number, PlannedTicket>;
  /** Events applied: creates, updates that fired an event, updates the ticket's state made pointless. */
  applied: { creates: number; updates: number; escalations: number; skipped: number };
  sidebar: { opened: number; failed: number; failures: string[] };
  /** Clock time the first event was due. */
  start: number;
}

const FAMILY_TAG: Readonly<Record<string, string>> = { security: 'security', outage: 'outage', network: 'network' };

function plannedFor(t: StormTicket, id: number): PlannedTicket {
  const tags = [...(FAMILY_TAG[t.family] ? [FAMILY_TAG[t.family] as string] : []), ...(t.duplicateOf !== null ? ['possible-duplicate'] : [])];
  return { id, create: { update: t.needsUpdate, note: t.needsNote }, escalations: [], tags };
}

/** The soak world's `duplicate_threshold` (see world.ts). */
const DUPLICATE_THRESHOLD = 0.6;

function factsOf(t: StormTicket, id: number): TicketFacts {
  const at = new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString();
  return normalizeApiTicket({ id, requester_id: t.person + 1, subject: t.subject, description: t.description, description_text: stripHtml(t.description), status: 2, priority: 1, created_at: at, updated_at: at }).facts as TicketFacts;
}

/**
 * A generated near-copy that scores below the duplicate threshold against its original (2 of 600 in
 * the default run: "Locked out of SAP - second request" with a rewritten description) is not a
 * duplicate the app should flag: its tag and link become optional, its rules' own writes stay required.
 */
function weakCopy(planned: PlannedTicket, t: StormTicket, original: StormTicket | undefined): void {
  if (original === undefined) return;
  const found = findDuplicates(factsOf(t, 2), [factsOf(original, 1)], { windowHours: 72, threshold: DUPLICATE_THRESHOLD, now: Date.UTC(2026, 0, 2), max: 1 });
  if (found.length > 0) return;
  planned.create = { update: t.kind.startsWith('change') ? true : 'maybe', note: t.kind.endsWith('note') ? true : 'maybe' };
  planned.tags = (planned.tags ?? []).filter((tag) => tag !== 'possible-duplicate');
}

type Change = { patch: Record<string, unknown>; escalation: 'raise' | 'reopen' | null } | null;

interface TicketState {
  raised: boolean;
  reopened: boolean;
}

export class SoakDriver {
  readonly driven: Driven;
  readonly #world: World;
  readonly #workload: SoakWorkload;
  readonly #options: DriverOptions;
  readonly #people: number[];
  readonly #state = new Map<number, TicketState>();
  readonly #groups: number[];
  #minute = -1;
  #sidebarSeq = 0;
  #started = false;

  constructor(world: World, workload: SoakWorkload, options: DriverOptions = {}) {
    this.#world = world;
    this.#workload = workload;
    this.#options = options;
    this.#people = workload.people.map((p) => world.fake.store.requesters.create({ first_name: p.firstName, last_name: p.lastName, primary_email: p.email }).id);
    this.#groups = Object.values(world.groups);
    this.driven = {
      ids: workload.tickets.map(() => -1), planned: new Map(), applied: { creates: 0, updates: 0, escalations: 0, skipped: 0 },
      sidebar: { opened: 0, failed: 0, failures: [] }, start: 0,
    };
  }

  /** Plays every event, starting at the next minute boundary; returns when the last one was applied. */
  async play(): Promise<Driven> {
    const { clock } = this.#world;
    if (this.#started) throw new Error('SoakDriver.play: already played');
    this.#started = true;
    const start = (Math.floor(clock.now() / 60_000) + 1) * 60_000;
    this.driven.start = start;
    const events = this.#workload.events;
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i]!;
      await this.#reach(start + event.at);
      if (event.kind === 'create') this.#create(event.index);
      else this.#update(event.target, event.intent);
      if ((i + 1) % 1000 === 0) this.#options.progress?.(`${i + 1}/${events.length} events, minute ${this.#minute}`);
    }
    return this.driven;
  }

  /** Keeps the clock moving minute by minute after the last event (sidebars keep opening). */
  async idleMinute(): Promise<void> {
    await this.#reach(this.driven.start + (this.#minute + 1) * 60_000);
  }

  /** The minute of the run the clock is in (0 is the first). */
  get minute(): number {
    return this.#minute;
  }

  /** Moves the clock to `at`, running the minute hook and sidebar opens at every minute it enters. */
  async #reach(at: number): Promise<void> {
    const { clock } = this.#world;
    for (;;) {
      await this.#enterMinute();
      const boundary = this.driven.start + (this.#minute + 1) * 60_000;
      if (boundary > at) break;
      await clock.advanceTo(boundary);
    }
    await clock.advanceTo(at);
    await this.#enterMinute();
  }

  async #enterMinute(): Promise<void> {
    const minute = Math.floor((this.#world.clock.now() - this.driven.start) / 60_000);
    if (minute <= this.#minute || minute < 0) return;
    this.#minute = minute;
    await this.#options.onMinute?.(minute);
    this.#openSidebars(this.driven.start + minute * 60_000);
  }

  #openSidebars(minuteStart: number): void {
    const perMinute = this.#options.sidebarsPerMinute ?? 0;
    const created = this.driven.ids.filter((id) => id > 0);
    if (perMinute <= 0 || created.length === 0) return;
    for (let k = 0; k < perMinute; k += 1) {
      const id = created[(this.#sidebarSeq * 7919 + k * 104_729) % created.length] as number;
      this.#sidebarSeq += 1;
      // Spread through the minute: scheduled on the clock so they interleave with everything else.
      this.#world.clock.setTimer(() => void this.#openSidebar(id), Math.floor(((k + 0.5) * 60_000) / perMinute) + minuteStart - this.#world.clock.now());
    }
  }

  async #openSidebar(ticketId: number): Promise<void> {
    const s = this.driven.sidebar;
    s.opened += 1;
    try {
      const answer: SmiSuccess = await this.#world.rt.invokeServerMethod('getTicketInsights', { ticket_id: ticketId });
      this.#options.onSmi?.('getTicketInsights', answer);
    } catch (failure) {
      s.failed += 1;
      if (s.failures.length < 10) s.failures.push(String((failure as { message?: unknown })?.message ?? failure).slice(0, 200));
      this.#options.onSmi?.('getTicketInsights', failure);
    }
  }

  #create(index: number): void {
    const t = this.#workload.tickets[index]!;
    const person = this.#people[t.person]!;
    const ticket = this.#world.fake.store.tickets.create({ requester_id: person, requested_for_id: person, subject: t.subject, description: t.description, source: 1, status: 2, priority: 1 });
    this.driven.ids[index] = ticket.id;
    const planned = plannedFor(t, ticket.id);
    if (t.duplicateOf !== null) weakCopy(planned, t, this.#workload.tickets[t.duplicateOf]);
    this.driven.planned.set(ticket.id, planned);
    this.#state.set(ticket.id, { raised: false, reopened: false });
    this.driven.applied.creates += 1;
  }

  /** The change an intent makes on the ticket as it is now, or null when it would change nothing. */
  #change(id: number, intent: Intent, family: string): Change {
    const ticket = this.#world.fake.store.tickets.get(id);
    const state = this.#state.get(id);
    if (ticket === undefined || state === undefined || ticket.deleted) return null;
    switch (intent) {
      case 'raise':
        return !state.raised && family !== 'outage' && ticket.priority !== 4 ? { patch: { priority: 4 }, escalation: 'raise' } : null;
      case 'reopen':
        return !state.reopened && (ticket.status === 4 || ticket.status === 5) ? { patch: { status: 2 }, escalation: 'reopen' } : null;
      case 'resolve':
        return ticket.status === 2 || ticket.status === 3 ? { patch: { status: 4 }, escalation: null } : null;
      case 'pend':
        return ticket.status === 2 ? { patch: { status: 3 }, escalation: null } : null;
      case 'regroup': {
        const others = this.#groups.filter((g) => g !== ticket.group_id);
        return others.length === 0 ? null : { patch: { group_id: others[(id + ticket.updated_at) % others.length] }, escalation: null };
      }
      case 'reprioritise': {
        const choices = [1, 2, 3].filter((p) => p !== ticket.priority);
        return { patch: { priority: choices[id % choices.length] }, escalation: null };
      }
    }
  }

  #update(target: number, intent: Intent): void {
    const id = this.driven.ids[target];
    const t = this.#workload.tickets[target];
    if (id === undefined || id < 0 || t === undefined) return;
    // The intent if it applies, else the first fallback that does (reprioritise always does).
    const order: Intent[] = [intent, 'resolve', 'reopen', 'pend', 'reprioritise'];
    let change: Change = null;
    for (const candidate of order) {
      change = this.#change(id, candidate, t.family);
      if (change !== null) break;
    }
    if (change === null) {
      this.driven.applied.skipped += 1;
      return;
    }
    const planned = this.driven.planned.get(id)!;
    const state = this.#state.get(id)!;
    if (change.escalation === 'raise') state.raised = true;
    if (change.escalation === 'reopen') {
      state.reopened = true;
      planned.tags = [...(planned.tags ?? []), 'reopened'];
    }
    if (change.escalation !== null) {
      planned.escalations.push({ update: true, note: true });
      this.driven.applied.escalations += 1;
    }
    this.#agentFirst(id, planned, change.patch);
    this.#world.fake.store.tickets.update(id, change.patch, { actor: this.#world.fake.keys.agentIds.agent });
    this.driven.applied.updates += 1;
  }

  /**
   * An agent changes a field before the app has triaged the ticket (it waits behind a backlog): the
   * rule's change may now be in place already (the group it would set), and the app rightly sends
   * no update. The create's update becomes `maybe`; its note and tags are still checked.
   */
  #agentFirst(id: number, planned: PlannedTicket, patch: Record<string, unknown>): void {
    const o = this.#world.outcome(id);
    const triaged = o !== null && o.state !== 'partial' && o.update !== 'todo' && o.update !== 'intent';
    if (!triaged && planned.create.update === true && Object.keys(patch).some((k) => k !== 'status')) planned.create.update = 'maybe';
  }
}
