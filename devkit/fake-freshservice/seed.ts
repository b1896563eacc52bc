/**
 * The seeded account, deterministic from `seed` and the clock's "now": 12 agents (one admin, one
 * restricted, one integration user for background traffic), 8 groups, 6 departments, 150
 * requesters and about 300 tickets over the last 30 days (plus a few older ones, so the list's
 * 30-day default is visible), with conversations. API keys are drawn from the seed at run time.
 */
import type { KeyRing } from './auth.ts';
import type { Ticket } from './model.ts';
import { CATEGORIES, CUSTOM_FIELDS, fullName } from './model.ts';
import { stream, type Random } from './prng.ts';
import { AGENTS, DEPARTMENTS, DUPLICATES, GROUPS, ISSUES, JOB_TITLES, LANGUAGES, NOTE_BODIES, PEOPLE, REPLY_BODIES, TIME_ZONES, type Issue } from './seed-corpus.ts';
import type { Store, TicketInput } from './store.ts';
import { escapeHtml } from './html.ts';

export interface SeededKeys {
  admin: string;
  agent: string;
  restricted: string;
  /** The key the background "other integrations" use. */
  others: string;
  agentIds: { admin: number; agent: number; restricted: number; others: number };
}

export interface SeedOptions {
  seed: number;
  adminApiKey?: string;
  /** false: only the agents who own the keys. */
  withData: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const SEED_COUNTS = { requesters: 150, recentTickets: 282, olderTickets: 10, duplicatePairs: Object.keys(DUPLICATES).length } as const;

const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '.');

export function seedAccount(store: Store, keys: KeyRing, options: SeedOptions): SeededKeys {
  const keyRandom = stream(options.seed, 0x4b455953);
  const random = stream(options.seed, 0xda7a);
  const now = store.clock.now();
  const departments = options.withData ? DEPARTMENTS.map((name) => store.departments.create({ name, created_at: now - 400 * DAY, updated_at: now - 400 * DAY }).id) : [];
  const agentIds = AGENTS.map(([first, last, role]) =>
    store.agents.create({
      first_name: first, last_name: last, email: `${ascii(first)}.${ascii(last)}@corp.example`, role: role === 'others' ? 'admin' : role,
      job_title: role === 'admin' ? 'IT Manager' : role === 'others' ? 'Integration user' : 'Service Desk Agent',
      department_ids: departments.length > 0 ? [departments[2] as number] : [], last_login_at: now - random.int(1, 72) * HOUR,
      created_at: now - 500 * DAY, updated_at: now - 30 * DAY,
    }).id,
  );
  const idOf = (role: string): number => agentIds[AGENTS.findIndex(([, , r]) => r === role)] as number;
  const tokens = { admin: keyRandom.token(), agent: keyRandom.token(), restricted: keyRandom.token(), others: keyRandom.token() };
  const seeded: SeededKeys = {
    ...tokens, admin: options.adminApiKey ?? tokens.admin,
    agentIds: { admin: idOf('admin'), agent: idOf('agent'), restricted: idOf('restricted'), others: idOf('others') },
  };
  for (const label of ['admin', 'agent', 'restricted', 'others'] as const) {
    keys.add({ key: seeded[label], label, agentId: seeded.agentIds[label], role: label === 'others' ? 'admin' : label });
  }
  if (options.withData) seedData(store, random, agentIds.slice(0, -1), departments, now);
  return seeded;
}

function seedData(store: Store, random: Random, agentIds: number[], departments: number[], now: number): void {
  const groupIds = GROUPS.map(([name, description], i) => {
    const members = [agentIds[1 + (i % 10)], agentIds[1 + ((i + 3) % 10)], agentIds[1 + ((i + 6) % 10)]].filter((id): id is number => id !== undefined);
    return store.groups.create({ name, description, members: [...new Set(members)], leaders: members.slice(0, 1), observers: i === 7 ? [agentIds[0] as number] : [],
      unassigned_for: '30m', created_at: now - 400 * DAY, updated_at: now - 60 * DAY }).id;
  });
  const requesters = seedRequesters(store, random, departments, now);
  const plans = planTickets(random, requesters, now);
  plans.sort((a, b) => a.created - b.created);
  for (const plan of plans) {
    const ticket = store.tickets.insert(buildTicket(store, random, plan, groupIds, now));
    seedConversations(store, random, ticket, agentIds, now);
  }
  // One long thread, for conversation paging.
  const long = [...store.tickets.values()].find((t) => t.status === 2 && !t.deleted && !t.spam);
  if (long) {
    for (let i = 0; i < 35; i += 1) {
      const at = Math.min(now - HOUR, long.created_at + (i + 1) * 5 * 60_000);
      store.conversations.create(long.id, { body: `<p>Update ${i + 1}: still investigating.</p>`, user_id: agentIds[1] as number, created_at: at, updated_at: at }, i % 2 === 0 ? 'note' : 'reply');
    }
  }
}

function seedRequesters(store: Store, random: Random, departments: number[], now: number): number[] {
  const ids: number[] = [];
  const used = new Set<string>();
  for (let i = 0; i < SEED_COUNTS.requesters; i += 1) {
    const base = PEOPLE[i % PEOPLE.length] as readonly [string, string | null, string];
    const other = PEOPLE[(i * 7 + Math.floor(i / PEOPLE.length) * 13) % PEOPLE.length] as readonly [string, string | null, string];
    // Later rounds pair first names with other surnames; single-name people keep their name.
    const remix = i >= PEOPLE.length && base[1] !== null && other[1] !== null;
    const [first, last] = remix ? [base[0], other[1]] : [base[0], base[1]];
    let local = remix ? `${base[2].split('.')[0]}.${other[2].split('.')[1] ?? other[2]}` : base[2];
    while (used.has(local)) local += random.int(1, 9);
    used.add(local);
    const domain = random.chance(0.12) ? 'contractor.example' : 'corp.example';
    const created = now - random.int(40, 900) * DAY;
    ids.push(store.requesters.create({
      first_name: first, last_name: last, primary_email: `${local}@${domain}`, job_title: random.pick(JOB_TITLES),
      work_phone_number: random.chance(0.5) ? `+44 20 7946 ${String(random.int(0, 9999)).padStart(4, '0')}` : null,
      mobile_phone_number: random.chance(0.3) ? `+49 151 ${random.int(1_000_000, 9_999_999)}` : null,
      department_ids: departments.length > 0 ? [random.pick(departments)] : [], time_zone: random.pick(TIME_ZONES),
      time_format: random.chance(0.7) ? '24h' : '12h', language: random.pick(LANGUAGES), has_logged_in: random.chance(0.8),
      created_at: created, updated_at: created + random.int(0, 30) * DAY,
    }).id);
  }
  return ids;
}

interface Plan {
  created: number;
  issue: Issue;
  requester: number;
  /** For the second ticket of a near-duplicate pair. */
  duplicateOf?: { subject: string; detail: string };
}

function planTickets(random: Random, requesters: number[], now: number): Plan[] {
  const plans: Plan[] = [];
  const weights = ISSUES.map((issue) => (/[<]/.test(issue.subject) ? 0.3 : 1));
  for (let i = 0; i < SEED_COUNTS.recentTickets; i += 1) {
    plans.push({ created: now - random.int(10 * 60_000, 30 * DAY - HOUR), issue: random.weighted(ISSUES, weights), requester: random.pick(requesters) });
  }
  for (let i = 0; i < SEED_COUNTS.olderTickets; i += 1) {
    plans.push({ created: now - random.int(31 * DAY, 60 * DAY), issue: random.pick(ISSUES), requester: random.pick(requesters) });
  }
  for (const [subject, second] of Object.entries(DUPLICATES)) {
    const issue = ISSUES.find((x) => x.subject === subject) as Issue;
    const requester = random.pick(requesters);
    const created = now - random.int(8 * HOUR, 20 * DAY);
    plans.push({ created, issue, requester }, { created: created + random.int(HOUR, 6 * HOUR), issue, requester, duplicateOf: second });
  }
  return plans;
}

function buildTicket(store: Store, random: Random, plan: Plan, groupIds: number[], now: number): TicketInput {
  const { issue, created } = plan;
  const age = now - created;
  const status = age < 2 * DAY ? random.weighted([2, 3], [0.8, 0.2]) : age > 30 * DAY ? random.weighted([4, 5], [0.3, 0.7]) : random.weighted([2, 3, 4, 5], [0.35, 0.2, 0.25, 0.2]);
  const groupIndex = Math.max(0, GROUPS.findIndex(([, , cats]) => cats.includes(issue.category)));
  const groupId = random.chance(0.9) ? (groupIds[groupIndex] as number) : null;
  const members = groupId === null ? [] : (store.group(groupId)?.members ?? []);
  const responder = members.length > 0 && (status !== 2 || random.chance(0.5)) ? random.pick(members) : null;
  const requester = store.requester(plan.requester);
  const name = requester ? escapeHtml(fullName(requester)) : 'Colleague';
  const detail = plan.duplicateOf?.detail ?? issue.detail;
  const updated = Math.min(now - 60_000, created + random.int(5 * 60_000, Math.max(5 * 60_000, Math.min(age, 5 * DAY))));
  const custom: Ticket['custom_fields'] = {};
  if (random.chance(0.6)) custom['affected_site'] = random.pick(CUSTOM_FIELDS[0]?.choices ?? ['London']);
  if (random.chance(0.1)) custom['vip_requester'] = true;
  if (random.chance(0.2)) custom['hours_lost'] = random.int(1, 16);
  if (issue.category === 'Hardware' && random.chance(0.5)) custom['asset_tag'] = `LT-${random.int(10_000, 99_999)}`;
  return {
    workspace_id: 2, subject: plan.duplicateOf?.subject ?? issue.subject,
    description: `<div>Hi team,<br><br>${detail}<br><br>Thanks,<br>${name}</div>`,
    requester_id: plan.requester, requested_for_id: plan.requester, responder_id: responder, group_id: groupId,
    department_id: requester?.department_ids[0] ?? null, email_config_id: null,
    status, priority: random.weighted([1, 2, 3, 4], [0.3, 0.4, 0.2, 0.1]), source: random.weighted([1, 2, 3, 4, 15, 9], [0.4, 0.35, 0.1, 0.05, 0.05, 0.05]),
    type: issue.type ?? 'Incident', urgency: random.int(1, 3), impact: random.int(1, 3),
    category: issue.category, sub_category: CATEGORIES[issue.category]?.includes(issue.sub) ? issue.sub : null, item_category: null,
    fr_escalated: false, is_escalated: random.chance(0.05), spam: random.chance(0.008), deleted: random.chance(0.008),
    cc_emails: [], fwd_emails: [], reply_cc_emails: [], to_emails: null,
    tags: random.chance(0.3) ? [random.pick(['vip', 'follow-up', 'hardware-refresh', 'remote', issue.sub.toLowerCase()])] : [],
    custom_fields: custom, created_at: created, updated_at: updated,
    resolution_notes: null, resolution_notes_html: null, first_responded_at: null,
    resolved_at: status >= 4 ? updated : null, closed_at: status === 5 ? updated : null,
  };
}

function seedConversations(store: Store, random: Random, ticket: Ticket, agentIds: number[], now: number): void {
  if (!random.chance(0.4)) return;
  const count = random.int(1, 4);
  const span = Math.max(60_000, Math.min(ticket.updated_at, now - 60_000) - ticket.created_at);
  for (let i = 0; i < count; i += 1) {
    const at = ticket.created_at + Math.floor((span * (i + 1)) / (count + 1));
    const reply = random.chance(0.5);
    store.conversations.create(ticket.id, {
      body: reply ? random.pick(REPLY_BODIES) : random.pick(NOTE_BODIES), user_id: ticket.responder_id ?? random.pick(agentIds.slice(1)),
      created_at: at, updated_at: at, ...(reply ? { from_email: 'support@ticket-radar-demo.freshservice.com', to_emails: [store.emailOf(ticket.requester_id) ?? ''] } : {}),
    }, reply ? 'reply' : 'note');
  }
}
