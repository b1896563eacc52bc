/**
 * The two ways to read many tickets: the list (reference §4.4) and the filter (§4.5).
 *
 * List: deleted and spam tickets are left out unless `filter=deleted|spam`; without
 * `updated_since` only tickets created in the last 30 days (of clock time) appear; newest first
 * unless `order_type=asc`; `Link: <…>; rel="next"` while more pages exist.
 * `filter=new_and_my_open` is unassigned open tickets plus the caller's open ones (Freshdesk's
 * meaning, §4.4); `watching` is always empty (the fake has no watchers). An `email` matching
 * nobody gives an empty list.
 *
 * Filter: the query must be wrapped in double quotes and at most 512 characters between them;
 * 30 per page, `{tickets, total}`, no `Link` header. `per_page` is accepted and ignored (whether
 * it is honoured is UNCONFIRMED, §4.5, so a client must not count on it). Results are newest
 * first; deleted and spam tickets never match.
 */
import { parseDateInput } from './dates.ts';
import type { ApiResponse } from './http.ts';
import { invalid, json } from './http.ts';
import { ApiLimits } from './limits.ts';
import type { Ticket } from './model.ts';
import { TICKET_TYPES } from './model.ts';
import { matches, parseQuery, QueryError } from './filter-query.ts';
import { nextLink, readPaging, slice } from './paging.ts';
import type { HandlerContext } from './routes.ts';
import { ticketJson } from './ticket-view.ts';

const LIST_FILTERS = ['new_and_my_open', 'watching', 'spam', 'deleted'] as const;
const DAY_MS = 86_400_000;

export function listTickets(ctx: HandlerContext): ApiResponse {
  const { query, store } = ctx;
  const keep = listPredicate(ctx);
  const paging = readPaging(query);
  const order = query.get('order_type') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalid('order_type', "It should be one of these values: 'asc,desc'");
  const sign = order === 'asc' ? 1 : -1;
  const all = [...store.tickets.values()].filter(keep).sort((a, b) => sign * (a.created_at - b.created_at || a.id - b.id));
  const { items, hasMore } = slice(all, paging);
  const headers: Record<string, string> = hasMore ? { Link: nextLink(ctx.baseUrl, ctx.path, query, paging.page) } : {};
  return json(200, { tickets: items.map((t) => ticketJson(t, store, { shape: 'list', includes: ctx.includes })) }, headers);
}

function listPredicate(ctx: HandlerContext): (t: Ticket) => boolean {
  const { query, store } = ctx;
  const filter = query.get('filter');
  if (filter !== null && !(LIST_FILTERS as readonly string[]).includes(filter)) throw invalid('filter', `It should be one of these values: '${LIST_FILTERS.join(',')}'`);
  const since = optional(query.get('updated_since'), (v) => parseDateInput(v), 'updated_since', "It should be in the 'valid date' format");
  const requesterId = optional(query.get('requester_id'), (v) => (/^\d+$/.test(v) ? Number(v) : undefined), 'requester_id', 'It should be a/an Positive Integer');
  const type = optional(query.get('type'), (v) => (TICKET_TYPES.includes(v) ? v : undefined), 'type', `It should be one of these values: '${TICKET_TYPES.join(',')}'`);
  const email = query.get('email');
  const requesterByEmail = email === null ? undefined : (store.findRequesterByEmail(email)?.id ?? -1);
  const oldest = ctx.clock.now() - ApiLimits.LIST_DEFAULT_WINDOW_DAYS * DAY_MS;
  const me = ctx.caller.agentId;
  return (t) => {
    if (filter === 'deleted' ? !t.deleted : filter === 'spam' ? !t.spam || t.deleted : t.deleted || t.spam) return false;
    if (filter === 'watching') return false;
    if (filter === 'new_and_my_open' && !(t.status === 2 && (t.responder_id === null || t.responder_id === me))) return false;
    if (since !== undefined ? t.updated_at < since : t.created_at < oldest) return false;
    if (requesterId !== undefined && t.requester_id !== requesterId) return false;
    if (requesterByEmail !== undefined && t.requester_id !== requesterByEmail) return false;
    return type === undefined || t.type === type;
  };
}

function optional<T>(raw: string | null, parse: (v: string) => T | undefined, field: string, message: string): T | undefined {
  if (raw === null) return undefined;
  const value = parse(raw);
  if (value === undefined) throw invalid(field, message);
  return value;
}

export function filterTickets(ctx: HandlerContext): ApiResponse {
  const raw = ctx.query.get('query');
  if (raw === null) throw invalid('query', 'It should be a/an String', 'missing_field');
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) throw invalid('query', 'The query must be wrapped in double quotes, e.g. query="priority:3"');
  const text = raw.slice(1, -1);
  if (text.length > ApiLimits.FILTER_QUERY_MAX_CHARS) {
    throw invalid('query', `The query is ${text.length} characters long; the limit is ${ApiLimits.FILTER_QUERY_MAX_CHARS}`);
  }
  let parsed;
  try {
    parsed = parseQuery(text);
  } catch (error) {
    if (error instanceof QueryError) throw invalid('query', error.message);
    throw error;
  }
  const paging = readPaging(ctx.query, false, ApiLimits.FILTER_PAGE_SIZE);
  const qctx = { requesterEmail: (t: Ticket) => ctx.store.emailOf(t.requester_id) };
  const all = [...ctx.store.tickets.values()]
    .filter((t) => !t.deleted && !t.spam && matches(parsed, t, qctx))
    .sort((a, b) => b.created_at - a.created_at || b.id - a.id);
  const { items } = slice(all, paging);
  return json(200, { tickets: items.map((t) => ticketJson(t, ctx.store, { shape: 'list' })), total: all.length });
}
