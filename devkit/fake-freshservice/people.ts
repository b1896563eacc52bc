/**
 * Requesters, agents and groups (reference §6).
 * - `/agents/{id}` and `/agents` need an admin key (403 otherwise, COMM403); `/agents/me` works
 *   for every key and answers `{agent}` like `/agents/{id}` (§6, the envelope is UNCONFIRMED).
 * - Lists are sorted by first name (§6) and paged like tickets (`per_page` ≤ 100, `Link`).
 * - Requester lists filter by `email`, `mobile_phone_number`, `work_phone_number` (§6).
 * - An agent's `role` is kept in the fake's own `roles` entry: admins get the "Account Admin"
 *   role, restricted agents a read-only one.
 */
import { toIso } from './dates.ts';
import type { ApiResponse } from './http.ts';
import { json, notFound } from './http.ts';
import type { Agent, Group, Requester } from './model.ts';
import { nextLink, readPaging, slice } from './paging.ts';
import type { HandlerContext } from './routes.ts';

const ROLE_IDS = { admin: 10_000_038_001, agent: 10_000_038_002, restricted: 10_000_038_003 } as const;

export function requesterJson(r: Requester): Record<string, unknown> {
  return {
    id: r.id, is_agent: false, first_name: r.first_name, last_name: r.last_name, job_title: r.job_title,
    primary_email: r.primary_email || null, secondary_emails: [...r.secondary_emails], work_phone_number: r.work_phone_number,
    mobile_phone_number: r.mobile_phone_number, department_ids: [...r.department_ids],
    can_see_all_tickets_from_associated_departments: false, reporting_manager_id: r.reporting_manager_id, address: r.address,
    time_zone: r.time_zone, time_format: r.time_format, language: r.language, location_id: r.location_id,
    background_information: r.background_information, custom_fields: {}, active: r.active, has_logged_in: r.has_logged_in,
    created_at: toIso(r.created_at), updated_at: toIso(r.updated_at), external_id: null,
  };
}

export function agentJson(a: Agent, groups: Iterable<Group>): Record<string, unknown> {
  const memberOf: number[] = [];
  const observerOf: number[] = [];
  for (const g of groups) {
    if (g.members.includes(a.id)) memberOf.push(g.id);
    if (g.observers.includes(a.id)) observerOf.push(g.id);
  }
  return {
    id: a.id, first_name: a.first_name, last_name: a.last_name, occasional: a.occasional, active: a.active,
    job_title: a.job_title, email: a.email, work_phone_number: null, mobile_phone_number: null,
    department_ids: [...a.department_ids], reporting_manager_id: null, address: null, time_zone: a.time_zone,
    time_format: '24h', language: a.language, location_id: null, scoreboard_level_id: null,
    member_of: memberOf, observer_of: observerOf, member_of_pending_approval: [], observer_of_pending_approval: [],
    roles: [{ role_id: ROLE_IDS[a.role], assignment_scope: a.role === 'admin' ? 'entire_helpdesk' : 'member_groups', groups: [] }],
    last_login_at: toIso(a.last_login_at), last_active_at: toIso(a.last_login_at), custom_fields: {},
    has_logged_in: a.last_login_at !== null, workspace_ids: [2], api_key_enabled: true,
    created_at: toIso(a.created_at), updated_at: toIso(a.updated_at),
  };
}

export function groupJson(g: Group): Record<string, unknown> {
  return {
    id: g.id, name: g.name, description: g.description, escalate_to: g.escalate_to, unassigned_for: g.unassigned_for,
    business_hours_id: null, workspace_id: 2, members: [...g.members], observers: [...g.observers], leaders: [...g.leaders],
    members_pending_approval: [], leaders_pending_approval: [], observers_pending_approval: [],
    restricted: false, approval_required: false, auto_ticket_assign: false,
    created_at: toIso(g.created_at), updated_at: toIso(g.updated_at),
  };
}

function paged<T>(ctx: HandlerContext, key: string, items: T[], render: (item: T) => unknown): ApiResponse {
  const paging = readPaging(ctx.query);
  const page = slice(items, paging);
  const headers: Record<string, string> = page.hasMore ? { Link: nextLink(ctx.baseUrl, ctx.path, ctx.query, paging.page) } : {};
  return json(200, { [key]: page.items.map(render) }, headers);
}

const byFirstName = <T extends { first_name: string; id: number }>(a: T, b: T): number => a.first_name.localeCompare(b.first_name) || a.id - b.id;

export function listRequesters(ctx: HandlerContext): ApiResponse {
  const email = ctx.query.get('email')?.toLowerCase();
  const mobile = ctx.query.get('mobile_phone_number');
  const work = ctx.query.get('work_phone_number');
  const items = [...ctx.store.requesters.values()]
    .filter((r) => (email === undefined || r.primary_email.toLowerCase() === email) && (mobile === null || r.mobile_phone_number === mobile) && (work === null || r.work_phone_number === work))
    .sort(byFirstName);
  return paged(ctx, 'requesters', items, requesterJson);
}

export function viewRequester(ctx: HandlerContext): ApiResponse {
  const r = ctx.store.requesters.live(ctx.id);
  if (!r) throw notFound();
  return json(200, { requester: requesterJson(r) });
}

export function listAgents(ctx: HandlerContext): ApiResponse {
  const email = ctx.query.get('email')?.toLowerCase();
  const active = ctx.query.get('active');
  const state = ctx.query.get('state');
  const items = [...ctx.store.agents.values()]
    .filter((a) => (email === undefined || a.email.toLowerCase() === email) && (active === null || String(a.active) === active))
    .filter((a) => state === null || (state === 'occasional') === a.occasional)
    .sort(byFirstName);
  return paged(ctx, 'agents', items, (a) => agentJson(a, ctx.store.groups.values()));
}

export function viewAgent(ctx: HandlerContext): ApiResponse {
  const a = ctx.store.agents.live(ctx.id);
  if (!a) throw notFound();
  return json(200, { agent: agentJson(a, ctx.store.groups.values()) });
}

export function viewMe(ctx: HandlerContext): ApiResponse {
  const a = ctx.store.agents.live(ctx.caller.agentId);
  if (!a) throw notFound();
  return json(200, { agent: agentJson(a, ctx.store.groups.values()) });
}

export function listGroups(ctx: HandlerContext): ApiResponse {
  const items = [...ctx.store.groups.values()].sort((a, b) => a.id - b.id);
  return paged(ctx, 'groups', items, groupJson);
}

export function viewGroup(ctx: HandlerContext): ApiResponse {
  const g = ctx.store.groups.live(ctx.id);
  if (!g) throw notFound();
  return json(200, { group: groupJson(g) });
}
