/**
 * What the sidebar knows about the open ticket from the page itself (`client.data.get`, no server
 * call): its id, when it was created, the names of its current group and agent (the insights only
 * carry ids), the requester, and the account's domain for ticket links.
 */
import type { RadarApi } from './client';
import { noTicket } from './errors';

export interface TicketContext {
  ticketId: number;
  domain: string;
  createdAt: number | null;
  requester: { id: number | null; name: string };
  /** Ids of the ticket's current group and agent with their names, for "group 17 → Network". */
  groups: Record<number, string>;
  agents: Record<number, string>;
}

type Data = Record<string, unknown>;

function obj(value: unknown): Data {
  return typeof value === 'object' && value !== null ? (value as Data) : {};
}

function id(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function named(idValue: unknown, name: unknown): Record<number, string> {
  const key = id(idValue);
  return key === null || text(name) === '' ? {} : { [key]: text(name) };
}

function time(value: unknown): number | null {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** The context of a ticket as `client.data.get('ticket')` describes it; throws a Failure without an id. */
export function toContext(ticketValue: unknown, domainValue: unknown): TicketContext {
  const t = obj(ticketValue);
  const ticketId = id(t.id);
  if (ticketId === null) throw noTicket();
  return {
    ticketId,
    domain: text(domainValue),
    createdAt: time(t.created_at),
    requester: { id: id(t.requester_id), name: text(t.requester_name) },
    groups: named(t.group_id, t.group_name),
    agents: named(t.responder_id, t.responder_name),
  };
}

export function readContext(api: RadarApi): Promise<TicketContext> {
  return Promise.all([api.data('ticket'), api.data('domainName')]).then(([ticket, domain]) => toContext(ticket, domain));
}

/** Who the requester is, for `refreshRequesterTickets`: the page's requester, else the ticket's. */
export function readRequester(api: RadarApi, ctx: TicketContext): Promise<{ id: number | null; name: string; email: string }> {
  const fallback = { ...ctx.requester, email: '' };
  return api.data('requester').then(
    (value) => {
      const r = obj(value);
      return { id: id(r.id) ?? fallback.id, name: text(r.name) || fallback.name, email: text(r.email) };
    },
    () => fallback,
  );
}
