/**
 * What the real Freshservice allows, as named data. Every limit the fake enforces is read from
 * here, and every error it sends names the limit it broke, so a failing test points at a rule.
 */

export type Plan = 'starter' | 'growth' | 'pro' | 'enterprise';
export const PLANS: readonly Plan[] = ['starter', 'growth', 'pro', 'enterprise'];

/** Operations with their own per-minute sub-limit inside the account limit (reference §2.2). */
export type SubLimit = 'list_tickets' | 'view_ticket' | 'create_ticket' | 'update_ticket' | 'list_agents' | 'list_requesters';
export const SUB_LIMITS: readonly SubLimit[] = ['list_tickets', 'view_ticket', 'create_ticket', 'update_ticket', 'list_agents', 'list_requesters'];

/** The names the reference's table uses, for messages. */
export const SUB_LIMIT_LABELS: Readonly<Record<SubLimit, string>> = {
  list_tickets: 'List All Tickets',
  view_ticket: 'View Ticket',
  create_ticket: 'Create Ticket',
  update_ticket: 'Update Ticket',
  list_agents: 'List All Agents',
  list_requesters: 'List All Requesters',
};

export interface PlanLimits {
  /** Calls (credits) per minute for the whole account, every integration together. */
  readonly overall: number;
  readonly sub: Readonly<Record<SubLimit, number>>;
}

/** Per-minute limits by plan: reference §2.2 (DOC `#rate-limit`, same numbers in ALERT and EXA). */
export const PLAN_LIMITS: Readonly<Record<Plan, PlanLimits>> = {
  starter: { overall: 100, sub: { list_tickets: 40, view_ticket: 50, create_ticket: 50, update_ticket: 50, list_agents: 40, list_requesters: 40 } },
  growth: { overall: 200, sub: { list_tickets: 70, view_ticket: 80, create_ticket: 80, update_ticket: 80, list_agents: 70, list_requesters: 70 } },
  pro: { overall: 400, sub: { list_tickets: 120, view_ticket: 140, create_ticket: 140, update_ticket: 140, list_agents: 120, list_requesters: 120 } },
  enterprise: { overall: 500, sub: { list_tickets: 140, view_ticket: 160, create_ticket: 160, update_ticket: 160, list_agents: 140, list_requesters: 140 } },
};

export const ApiLimits = {
  /** Fixed rate-limit windows of one clock minute (reference §2.3 suggests fixed windows; our choice). */
  WINDOW_MS: 60_000,
  /** Extra credits per `include=` item: SHOW endpoints +1, list endpoints +2 (reference §2.1). */
  INCLUDE_CREDITS_SHOW: 1,
  INCLUDE_CREDITS_LIST: 2,
  /** `per_page` default and maximum on list endpoints (reference §4.4). */
  DEFAULT_PER_PAGE: 30,
  MAX_PER_PAGE: 100,
  /** Ticket filter: fixed page size, query length (reference §4.5). */
  FILTER_PAGE_SIZE: 30,
  FILTER_QUERY_MAX_CHARS: 512,
  /** The ticket list shows tickets created in the last 30 days unless `updated_since` is given (§4.4). */
  LIST_DEFAULT_WINDOW_DAYS: 30,
  /** `include=conversations` on a ticket embeds at most 10, oldest first (§4.3). */
  VIEW_CONVERSATIONS_INCLUDED: 10,
  /** Request bodies larger than this get 413. The reference is silent; 1 MiB is our choice. */
  MAX_BODY_BYTES: 1024 * 1024,
} as const;

export function isPlan(value: unknown): value is Plan {
  return typeof value === 'string' && (PLANS as readonly string[]).includes(value);
}
