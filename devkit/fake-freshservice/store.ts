/**
 * The fake account's data, in memory. Tests reach it directly through `fake.store`: reads and
 * writes here skip HTTP, auth and rate limits, but ticket writes DO emit the same events an API
 * write would, so a test can stage "an agent changed the priority in the UI".
 *
 * Getters and lists return copies, so a test cannot change a record behind the events' back.
 */
import type { Clock } from '../clock.ts';
import type { Directory, EventActor, TicketEvents } from './events.ts';
import { buildActor, buildChanges, buildEventRequester, buildEventTicket, firesUpdate } from './events.ts';
import { Collection, copy } from './collection.ts';
import type { Agent, Conversation, ConversationKind, Department, Group, Requester, Ticket } from './model.ts';

export const PRIMARY_WORKSPACE_ID = 2;
export const EMAIL_CONFIG_ID = 10_000_071_234;

/** First ids per kind: 10–11 digits like the reference's samples (§4.2), all below 2^53. */
export const ID_BASES = {
  agent: 21_000_418_006,
  requester: 21_000_520_113,
  group: 10_000_378_431,
  department: 10_000_190_207,
  conversation: 21_004_158_707,
} as const;

/** Who made a change: a user id (agent or requester), a ready payload actor, or nobody (system). */
export interface WriteOptions {
  actor?: number | EventActor;
}

/** A new ticket; `id` is normally left out (the next number is used). */
export type TicketInput = Partial<Ticket> & { requester_id: number };
export type TicketPatch = Partial<Omit<Ticket, 'id' | 'created_at'>>;
export type ConversationInput = Partial<Omit<Conversation, 'id' | 'ticket_id'>> & { body: string; user_id: number };

/** Hours to first response and to resolution by priority, for seeded and created tickets' due dates. */
const SLA_HOURS: Readonly<Record<number, readonly [number, number]>> = { 1: [8, 72], 2: [4, 24], 3: [2, 8], 4: [1, 4] };

export class TicketStore {
  readonly #items = new Map<number, Ticket>();
  #nextId = 1;

  constructor(private readonly owner: Store) {}

  get(id: number): Ticket | undefined {
    const t = this.#items.get(id);
    return t === undefined ? undefined : copy(t);
  }

  list(): Ticket[] {
    return [...this.#items.values()].map(copy);
  }

  get size(): number {
    return this.#items.size;
  }

  /** Creates a ticket and emits onTicketCreate. Ids are small and sequential (reference §4.2). */
  create(input: TicketInput, options: WriteOptions = {}): Ticket {
    const ticket = this.insert(input);
    this.owner.emitCreate(ticket, options);
    return copy(ticket);
  }

  /**
   * Applies a partial update: `tags` replaces the list (reference §4.7), `custom_fields` merges by
   * key (the reference leaves it open, §4.7; merging is the likely behaviour). Emits onTicketUpdate
   * when a triggering field changed.
   */
  update(id: number, patch: TicketPatch, options: WriteOptions = {}): Ticket {
    const ticket = this.#mustGet(id);
    const before = copy(ticket);
    const { custom_fields: custom, ...rest } = patch;
    Object.assign(ticket, rest);
    if (custom) ticket.custom_fields = { ...ticket.custom_fields, ...custom };
    if (patch.tags) ticket.tags = [...patch.tags];
    const now = this.owner.clock.now();
    if (ticket.status !== before.status) stampStatus(ticket, now);
    ticket.updated_at = patch.updated_at ?? now;
    this.owner.emitUpdate(before, ticket, options);
    return copy(ticket);
  }

  /** Moves a ticket to the trash (reference §4.8); Freshservice announces it as an update. */
  delete(id: number, options: WriteOptions = {}): void {
    this.update(id, { deleted: true }, options);
  }

  /** Adds a ticket without emitting anything (seeding). */
  insert(input: TicketInput): Ticket {
    const now = this.owner.clock.now();
    const id = input.id ?? this.#nextId;
    if (this.#items.has(id)) throw new Error(`store: ticket ${id} already exists`);
    this.#nextId = Math.max(this.#nextId, id + 1);
    const ticket = newTicket(id, input, now);
    this.#items.set(id, ticket);
    return ticket;
  }

  live(id: number): Ticket | undefined {
    return this.#items.get(id);
  }

  values(): IterableIterator<Ticket> {
    return this.#items.values();
  }

  #mustGet(id: number): Ticket {
    const t = this.#items.get(id);
    if (t === undefined) throw new Error(`store: no ticket with id ${id}`);
    return t;
  }
}

function newTicket(id: number, input: TicketInput, now: number): Ticket {
  const created = input.created_at ?? now;
  const priority = input.priority ?? 1;
  const [frHours, dueHours] = SLA_HOURS[priority] ?? [8, 72];
  const ticket: Ticket = {
    workspace_id: PRIMARY_WORKSPACE_ID, subject: null, description: null, requested_for_id: input.requester_id,
    responder_id: null, group_id: null, department_id: null, email_config_id: EMAIL_CONFIG_ID,
    status: 2, priority, source: 2, type: 'Incident', urgency: 1, impact: 1,
    category: null, sub_category: null, item_category: null,
    due_by: created + dueHours * 3_600_000, fr_due_by: created + frHours * 3_600_000,
    fr_escalated: false, is_escalated: false, spam: false, deleted: false,
    cc_emails: [], fwd_emails: [], reply_cc_emails: [], to_emails: null, tags: [], custom_fields: {},
    created_at: created, updated_at: input.updated_at ?? created, resolution_notes: null, resolution_notes_html: null,
    first_responded_at: null, resolved_at: null, closed_at: null,
    ...copy(input), id,
  };
  if (input.resolved_at === undefined && input.closed_at === undefined) stampStatus(ticket, ticket.updated_at);
  return ticket;
}

/** Resolved/closed times follow status changes (they feed include=stats). */
function stampStatus(ticket: Ticket, now: number): void {
  if (ticket.status >= 4 && ticket.resolved_at === null) ticket.resolved_at = now;
  if (ticket.status === 5 && ticket.closed_at === null) ticket.closed_at = now;
  if (ticket.status < 4) {
    ticket.resolved_at = null;
    ticket.closed_at = null;
  }
}

export class ConversationStore {
  readonly #byTicket = new Map<number, Conversation[]>();
  #nextId: number = ID_BASES.conversation;

  constructor(private readonly owner: Store) {}

  /** A ticket's conversations, oldest first. */
  list(ticketId: number): Conversation[] {
    return (this.#byTicket.get(ticketId) ?? []).map(copy);
  }

  /** Adds a note or reply. Bumps the ticket's `updated_at`; emits no ticket event (that is onConversationCreate). */
  create(ticketId: number, input: ConversationInput, kind: ConversationKind = input.kind ?? 'note'): Conversation {
    const ticket = this.owner.tickets.live(ticketId);
    if (!ticket) throw new Error(`store: no ticket with id ${ticketId}`);
    const now = input.created_at ?? this.owner.clock.now();
    const conversation: Conversation = {
      kind, incoming: false, private: kind === 'note', source: kind === 'note' ? 2 : 0, from_email: null,
      to_emails: [], cc_emails: [], bcc_emails: [], created_at: now, updated_at: now,
      ...copy(input), id: this.#nextId, ticket_id: ticketId,
    };
    this.#nextId += 3;
    const list = this.#byTicket.get(ticketId) ?? [];
    list.push(conversation);
    this.#byTicket.set(ticketId, list);
    ticket.updated_at = Math.max(ticket.updated_at, now);
    if (!conversation.private && !conversation.incoming && this.owner.agents.live(conversation.user_id) && ticket.first_responded_at === null) {
      ticket.first_responded_at = now;
    }
    return copy(conversation);
  }

  live(ticketId: number): readonly Conversation[] {
    return this.#byTicket.get(ticketId) ?? [];
  }
}

export class Store implements Directory {
  readonly tickets = new TicketStore(this);
  readonly conversations = new ConversationStore(this);
  readonly requesters: Collection<Requester>;
  readonly agents: Collection<Agent>;
  readonly groups: Collection<Group>;
  readonly departments: Collection<Department>;

  constructor(readonly clock: Clock, private readonly events: TicketEvents) {
    const stamp = (): { created_at: number; updated_at: number } => ({ created_at: clock.now(), updated_at: clock.now() });
    this.requesters = new Collection<Requester>(ID_BASES.requester, (id, input) => ({
      first_name: 'Requester', last_name: null, job_title: null, primary_email: `requester${id}@corp.example`, secondary_emails: [],
      work_phone_number: null, mobile_phone_number: null, department_ids: [], reporting_manager_id: null, address: null,
      time_zone: 'London', time_format: '24h', language: 'en', location_id: null, background_information: null,
      active: true, has_logged_in: false, ...stamp(), ...copy(input), id,
    }));
    this.agents = new Collection<Agent>(ID_BASES.agent, (id, input) => ({
      first_name: 'Agent', last_name: null, email: `agent${id}@corp.example`, job_title: null, role: 'agent', department_ids: [],
      time_zone: 'London', language: 'en', active: true, occasional: false, last_login_at: null, ...stamp(), ...copy(input), id,
    }));
    this.groups = new Collection<Group>(ID_BASES.group, (id, input) => ({
      name: `Group ${id}`, description: null, escalate_to: null, unassigned_for: null, members: [], observers: [], leaders: [],
      ...stamp(), ...copy(input), id,
    }));
    this.departments = new Collection<Department>(ID_BASES.department, (id, input) => ({
      name: `Department ${id}`, description: null, ...stamp(), ...copy(input), id,
    }));
  }

  agent(id: number): Agent | undefined {
    return this.agents.live(id);
  }
  requester(id: number): Requester | undefined {
    return this.requesters.live(id);
  }
  group(id: number): Group | undefined {
    return this.groups.live(id);
  }
  department(id: number): Department | undefined {
    return this.departments.live(id);
  }

  findRequesterByEmail(email: string): Requester | undefined {
    const wanted = email.toLowerCase();
    for (const r of this.requesters.values()) {
      if (r.primary_email.toLowerCase() === wanted || r.secondary_emails.some((e) => e.toLowerCase() === wanted)) return r;
    }
    return undefined;
  }

  /** The email of a ticket's requester (a requester or, rarely, an agent). */
  emailOf(userId: number): string | undefined {
    return this.requesters.live(userId)?.primary_email ?? this.agents.live(userId)?.email;
  }

  emitCreate(ticket: Ticket, options: WriteOptions): void {
    this.events.emit({
      event: 'onTicketCreate',
      data: { ticket: buildEventTicket(ticket, this), requester: buildEventRequester(ticket, this), actor: this.#actor(options) },
    });
  }

  emitUpdate(before: Ticket, after: Ticket, options: WriteOptions): void {
    const changes = buildChanges(before, after, this);
    if (!firesUpdate(changes)) return;
    this.events.emit({
      event: 'onTicketUpdate',
      data: { ticket: buildEventTicket(after, this), requester: buildEventRequester(after, this), actor: this.#actor(options), changes },
    });
  }

  #actor(options: WriteOptions): EventActor {
    return typeof options.actor === 'object' ? options.actor : buildActor(options.actor, this);
  }
}
