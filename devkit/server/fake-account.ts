/**
 * The simulated Freshservice around the app: the ticket page's list and properties, agent edits,
 * new tickets, and the values `client.data.get` answers. Reads and writes go through the fake's
 * store (no HTTP, no rate limit, like the product's own UI), and writes fire the same ticket
 * events an API write fires, so a priority changed on the ticket page reaches onTicketUpdate.
 */
import { buildEventRequester, buildEventTicket, type FakeFreshservice, type Ticket } from '../fake-freshservice/index.ts';
import type { DataScope, NewTicket, Outcome, TicketPatch, TicketSummary, TicketView } from './backend.ts';

export const STATUS_LABELS: Readonly<Record<number, string>> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
export const PRIORITY_LABELS: Readonly<Record<number, string>> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };

/** Keys `client.data.get` answers, per location (fdk-platform.md §5.3; the install page has no ticket). */
export const DATA_KEYS = {
  ticket_sidebar: ['ticket', 'requester', 'loggedInUser', 'domainName', 'currentHost'],
  installation: ['loggedInUser', 'domainName', 'currentHost'],
  standalone: ['ticket', 'requester', 'loggedInUser', 'domainName', 'currentHost'],
} as const;

export interface CurrentHost {
  subscribed_modules: string[];
  endpoint_urls: { freshservice: string };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function fail(status: number, message: string): { ok: false; error: { status: number; message: string } } {
  return { ok: false, error: { status, message } };
}

/** Plain text of stored HTML (notes, descriptions) for display; the page escapes it again. */
export function htmlText(html: string | null): string {
  if (html === null) return '';
  return html
    .replace(/<(br|\/p|\/div|\/li)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class FakeAccount {
  readonly #fake: FakeFreshservice;
  readonly currentHost: CurrentHost;

  constructor(fake: FakeFreshservice, subscribedModules: readonly string[]) {
    this.#fake = fake;
    this.currentHost = { subscribed_modules: [...subscribedModules], endpoint_urls: { freshservice: fake.url } };
  }

  /** The agent whose browser the ticket page stands for: the seeded `agent` key's owner. */
  get agentId(): number {
    return this.#fake.keys.agentIds.agent;
  }

  listTickets(limit: number): TicketSummary[] {
    const store = this.#fake.store;
    return store.tickets
      .list()
      .filter((t) => !t.deleted && !t.spam)
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
      .map((t) => ({
        id: t.id,
        subject: t.subject ?? '(no subject)',
        status: STATUS_LABELS[t.status] ?? String(t.status),
        priority: PRIORITY_LABELS[t.priority] ?? String(t.priority),
        requester: this.#personName(t.requester_id),
        updatedAt: iso(t.updated_at),
      }));
  }

  ticketView(id: number): TicketView | undefined {
    const t = this.#fake.store.tickets.get(id);
    if (t === undefined || t.deleted) return undefined;
    return {
      id: t.id,
      subject: t.subject ?? '(no subject)',
      descriptionText: htmlText(t.description),
      status: t.status,
      priority: t.priority,
      tags: t.tags,
      properties: this.#properties(t),
      notes: this.#fake.store.conversations.list(id).map((c) => ({
        id: c.id,
        private: c.private,
        author: this.#personName(c.user_id),
        bodyText: htmlText(c.body),
        createdAt: iso(c.created_at),
      })),
    };
  }

  updateTicket(id: number, patch: TicketPatch): Outcome<TicketView> {
    const store = this.#fake.store;
    if (store.tickets.get(id) === undefined) return fail(404, `Ticket ${id} does not exist in the fake account.`);
    const clean: TicketPatch = {};
    if (patch.status !== undefined) {
      if (!(patch.status in STATUS_LABELS)) return fail(400, `status must be one of ${Object.keys(STATUS_LABELS).join(', ')}.`);
      clean.status = patch.status;
    }
    if (patch.priority !== undefined) {
      if (!(patch.priority in PRIORITY_LABELS)) return fail(400, `priority must be one of ${Object.keys(PRIORITY_LABELS).join(', ')}.`);
      clean.priority = patch.priority;
    }
    store.tickets.update(id, clean, { actor: this.agentId });
    return { ok: true, value: this.ticketView(id) as TicketView };
  }

  createTicket(input: NewTicket): Outcome<TicketView> {
    const store = this.#fake.store;
    const subject = input.subject.trim();
    if (subject === '') return fail(400, 'A new ticket needs a subject.');
    const requester = input.requesterEmail ? store.findRequesterByEmail(input.requesterEmail) : store.requesters.list()[0];
    if (requester === undefined) return fail(400, `No requester with email ${String(input.requesterEmail)} in the fake account.`);
    const description = input.description.split(/\n{2,}/).map((p) => `<div>${escapeText(p).replace(/\n/g, '<br>')}</div>`).join('');
    const priority = input.priority !== undefined && input.priority in PRIORITY_LABELS ? input.priority : 1;
    const ticket = store.tickets.create({ requester_id: requester.id, subject, description, priority, source: 2 }, { actor: requester.id });
    return { ok: true, value: this.ticketView(ticket.id) as TicketView };
  }

  /** `client.data.get(key)` for a location; refuses keys the location does not have. */
  pageData(key: string, scope: DataScope): Outcome<unknown> {
    const keys: readonly string[] = DATA_KEYS[scope.location];
    if (!keys.includes(key)) {
      return fail(400, `data.get("${key}") is not available on the ${scope.location} page in the devkit (available: ${keys.join(', ')}).`);
    }
    if (key === 'ticket' || key === 'requester') return this.#ticketData(key, scope.ticketId);
    if (key === 'loggedInUser') return { ok: true, value: this.#loggedInUser() };
    if (key === 'domainName') return { ok: true, value: new URL(this.#fake.url).host };
    return { ok: true, value: structuredClone(this.currentHost) };
  }

  #ticketData(key: 'ticket' | 'requester', ticketId: number | undefined): Outcome<unknown> {
    const ticket = ticketId === undefined ? undefined : this.#fake.store.tickets.get(ticketId);
    if (ticket === undefined) return fail(404, `data.get("${key}"): no ticket is open (ticket ${String(ticketId)} is not in the fake account).`);
    const store = this.#fake.store;
    if (key === 'ticket') return { ok: true, value: { ...buildEventTicket(ticket, store), display_id: ticket.id } };
    const person = store.requesters.get(ticket.requester_id);
    const requester = buildEventRequester(ticket, store);
    return {
      ok: true,
      value: { ...requester, first_name: person?.first_name ?? requester.name, last_name: person?.last_name ?? null, job_title: person?.job_title ?? null },
    };
  }

  #loggedInUser(): Record<string, unknown> {
    const store = this.#fake.store;
    const agent = store.agents.get(this.agentId);
    const groupIds = store.groups.list().filter((g) => g.members.includes(this.agentId)).map((g) => g.id);
    return {
      id: this.agentId,
      first_name: agent?.first_name ?? 'Agent',
      last_name: agent?.last_name ?? null,
      name: agent ? [agent.first_name, agent.last_name].filter(Boolean).join(' ') : 'Agent',
      email: agent?.email ?? null,
      job_title: agent?.job_title ?? null,
      group_ids: groupIds,
      time_zone: agent?.time_zone ?? 'London',
      language: agent?.language ?? 'en',
    };
  }

  #properties(t: Ticket): Array<{ label: string; value: string }> {
    const store = this.#fake.store;
    const named = (id: number | null, lookup: (id: number) => { name: string } | undefined): string => (id === null ? '—' : (lookup(id)?.name ?? String(id)));
    return [
      { label: 'Requester', value: `${this.#personName(t.requester_id)} <${store.emailOf(t.requester_id) ?? 'unknown'}>` },
      { label: 'Status', value: STATUS_LABELS[t.status] ?? String(t.status) },
      { label: 'Priority', value: PRIORITY_LABELS[t.priority] ?? String(t.priority) },
      { label: 'Type', value: t.type },
      { label: 'Group', value: named(t.group_id, (id) => store.group(id)) },
      { label: 'Agent', value: t.responder_id === null ? '—' : this.#personName(t.responder_id) },
      { label: 'Department', value: named(t.department_id, (id) => store.department(id)) },
      { label: 'Category', value: [t.category, t.sub_category, t.item_category].filter(Boolean).join(' › ') || '—' },
      { label: 'Tags', value: t.tags.length > 0 ? t.tags.join(', ') : '—' },
      { label: 'Created', value: iso(t.created_at) },
      { label: 'Updated', value: iso(t.updated_at) },
    ];
  }

  #personName(id: number): string {
    const person = this.#fake.store.requester(id) ?? this.#fake.store.agent(id);
    return person ? [person.first_name, person.last_name].filter(Boolean).join(' ') : `user ${id}`;
  }
}
