/**
 * The endpoints the fake serves, as data: method, path, rate-limit class, credits shape,
 * accepted query parameters and `include=` values, permission. The pipeline reads this table;
 * handlers only see a checked request.
 */
import type { Clock } from '../clock.ts';
import type { Identity, Permission } from './auth.ts';
import { createNote, createReply, listConversations } from './conversations.ts';
import type { ApiResponse } from './http.ts';
import type { SubLimit } from './limits.ts';
import { listAgents, listGroups, listRequesters, viewAgent, viewGroup, viewMe, viewRequester } from './people.ts';
import type { Store } from './store.ts';
import { filterTickets, listTickets } from './ticket-list.ts';
import { LIST_INCLUDES, VIEW_INCLUDES } from './ticket-view.ts';
import { createTicket, deleteTicket, updateTicket, viewTicket } from './tickets.ts';

export type EndpointClass =
  | 'list_tickets' | 'filter_tickets' | 'view_ticket' | 'create_ticket' | 'update_ticket' | 'delete_ticket'
  | 'create_note' | 'create_reply' | 'list_conversations'
  | 'list_requesters' | 'view_requester' | 'list_agents' | 'view_agent' | 'view_me' | 'list_groups' | 'view_group'
  | 'unknown';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HandlerContext {
  store: Store;
  clock: Clock;
  caller: Identity;
  /** The `{id}` of the path, 0 when the path has none. */
  id: number;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body of POST/PUT (an object), `{}` otherwise. */
  body: Record<string, unknown>;
  /** Checked `include=` values. */
  includes: readonly string[];
  baseUrl: string;
}

export interface Route {
  method: Method;
  pattern: RegExp;
  endpoint: EndpointClass;
  subLimit?: SubLimit;
  /** Include credits: single-object endpoints +1 each, list endpoints +2 each (reference §2.1). */
  shape: 'show' | 'list';
  includes?: readonly string[];
  /** Query parameters accepted besides `include`; others are 400 `invalid_field` (reference §7). */
  query: readonly string[];
  permission: Permission;
  handler: (ctx: HandlerContext) => ApiResponse;
}

const ID = '(\\d{1,15})';
const path = (p: string): RegExp => new RegExp(`^/api/v2/${p}$`);
const PAGING = ['page', 'per_page'];

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: path('tickets'), endpoint: 'list_tickets', subLimit: 'list_tickets', shape: 'list', includes: LIST_INCLUDES,
    query: [...PAGING, 'updated_since', 'requester_id', 'email', 'type', 'filter', 'order_type', 'workspace_id'], permission: 'read', handler: listTickets },
  { method: 'POST', pattern: path('tickets'), endpoint: 'create_ticket', subLimit: 'create_ticket', shape: 'show', query: [], permission: 'write', handler: createTicket },
  { method: 'GET', pattern: path('tickets/filter'), endpoint: 'filter_tickets', shape: 'list', query: ['query', ...PAGING, 'workspace_id'], permission: 'read', handler: filterTickets },
  { method: 'GET', pattern: path(`tickets/${ID}`), endpoint: 'view_ticket', subLimit: 'view_ticket', shape: 'show', includes: VIEW_INCLUDES, query: [], permission: 'read', handler: viewTicket },
  { method: 'PUT', pattern: path(`tickets/${ID}`), endpoint: 'update_ticket', subLimit: 'update_ticket', shape: 'show', query: ['bypass_mandatory'], permission: 'write', handler: updateTicket },
  { method: 'DELETE', pattern: path(`tickets/${ID}`), endpoint: 'delete_ticket', shape: 'show', query: [], permission: 'write', handler: deleteTicket },
  { method: 'POST', pattern: path(`tickets/${ID}/notes`), endpoint: 'create_note', shape: 'show', query: [], permission: 'write', handler: createNote },
  { method: 'POST', pattern: path(`tickets/${ID}/reply`), endpoint: 'create_reply', shape: 'show', query: [], permission: 'write', handler: createReply },
  { method: 'GET', pattern: path(`tickets/${ID}/conversations`), endpoint: 'list_conversations', shape: 'list', query: PAGING, permission: 'read', handler: listConversations },
  { method: 'GET', pattern: path('requesters'), endpoint: 'list_requesters', subLimit: 'list_requesters', shape: 'list',
    query: [...PAGING, 'email', 'mobile_phone_number', 'work_phone_number'], permission: 'read', handler: listRequesters },
  { method: 'GET', pattern: path(`requesters/${ID}`), endpoint: 'view_requester', shape: 'show', query: [], permission: 'read', handler: viewRequester },
  { method: 'GET', pattern: path('agents'), endpoint: 'list_agents', subLimit: 'list_agents', shape: 'list', query: [...PAGING, 'email', 'active', 'state'], permission: 'admin', handler: listAgents },
  { method: 'GET', pattern: path('agents/me'), endpoint: 'view_me', shape: 'show', query: [], permission: 'read', handler: viewMe },
  { method: 'GET', pattern: path(`agents/${ID}`), endpoint: 'view_agent', shape: 'show', query: [], permission: 'admin', handler: viewAgent },
  { method: 'GET', pattern: path('groups'), endpoint: 'list_groups', shape: 'list', query: [...PAGING, 'workspace_id'], permission: 'read', handler: listGroups },
  { method: 'GET', pattern: path(`groups/${ID}`), endpoint: 'view_group', shape: 'show', query: ['workspace_id'], permission: 'read', handler: viewGroup },
];

export type RouteMatch = { kind: 'found'; route: Route; id: number } | { kind: 'not_found' } | { kind: 'method_not_allowed'; allow: Method[] };

export function matchRoute(method: string, pathname: string): RouteMatch {
  const allow: Method[] = [];
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    if (route.method === method) return { kind: 'found', route, id: m[1] === undefined ? 0 : Number(m[1]) };
    allow.push(route.method);
  }
  return allow.length === 0 ? { kind: 'not_found' } : { kind: 'method_not_allowed', allow };
}
