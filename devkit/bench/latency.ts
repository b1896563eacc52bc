/**
 * Latency, in real (wall) time on this machine, with the median and p95 over many runs after a
 * few warm-up runs that are not counted:
 *
 * - `invocation`: the whole onTicketCreate invocation of the built app in the devkit runtime — a
 *   fresh `vm` context, server.js evaluated in it, iparams parsed (100 rules), the duplicate
 *   lookup, rule evaluation, one update and one note — for a ticket with a 64 KB description that
 *   matches 3 of 100 rules. The three API calls go over loopback HTTP to the fake Freshservice in
 *   the same process, so the figure includes HTTP and the fake's own work; `cpuMs` is the process's
 *   CPU time (user + system) over the same span, which also includes the fake.
 * - `queued`: the same invocation while the backlog marker is up (the path most events of a storm
 *   take): fresh context, settings parsed, one schedule fetch, no API call, no `$db` operation.
 * - `pure`: the part that is the app's own logic, run in-process: normalising the event payload
 *   and planning the ticket (core rule evaluation, update planning, duplicate scoring against no
 *   candidates, note rendering) with the 100 rules already parsed.
 * - `settings`: parsing and checking the 100-rule text, with the JSON-Schema step (a fresh ajv
 *   compile, as install and `checkSettings` run it) and without it (what a handler does, on first
 *   use of the rules only).
 * - `duplicates`: `findDuplicates` over 1,000 candidates of the same requester with 8 KB
 *   descriptions: cold (fingerprints built) and warm (fingerprints cached on the same objects).
 */
import Ajv from 'ajv';
import Handlebars from 'handlebars';
import { appBudget } from '../../core/budget.ts';
import { parseRulesText } from '../../core/rules/check.ts';
import { RULES_SCHEMA } from '../../core/rules/schema.ts';
import { findDuplicates } from '../../core/similarity.ts';
import type { TemplateEngine } from '../../core/templates.ts';
import { stripHtml } from '../../core/text.ts';
import { normalizeEventData, type TicketFacts } from '../../core/ticket.ts';
import { planCreate } from '../../server/lib/work/plan.ts';
import type { Settings } from '../../server/lib/settings.ts';
import type { TicketEvent } from '../fake-freshservice/index.ts';
import { median, percentile } from './metrics.ts';
import { hundredRules, type GroupIds } from './rules.ts';
import { longDescription } from './workload.ts';
import { startWorld } from './world.ts';

export interface Timing {
  runs: number;
  medianMs: number;
  p95Ms: number;
}

export interface LatencyReport {
  invocation: Timing & { cpuMedianMs: number; cpuP95Ms: number; apiCalls: number; processedInline: boolean; descriptionBytes: number; rules: number };
  /** The same invocation while a backlog is pending: what most events of a storm cost (no API call, no $db). */
  queued: Timing & { apiCalls: number; dbOps: number };
  pure: Timing;
  settingsWithSchema: Timing;
  settingsWithoutSchema: Timing;
  duplicatesCold: Timing & { candidates: number; descriptionBytes: number };
  duplicatesWarm: Timing;
}

const engine = Handlebars as unknown as TemplateEngine;

function timing(samples: readonly number[]): Timing {
  return { runs: samples.length, medianMs: median(samples), p95Ms: percentile(samples, 95) };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function repeat(warmup: number, runs: number, fn: () => void): number[] {
  for (let i = 0; i < warmup; i += 1) fn();
  return Array.from({ length: runs }, () => time(fn));
}

/** A fresh ajv per call, as each invocation of the app has (its module-level cache dies with the context). */
function schemaErrors(doc: unknown): never[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(RULES_SCHEMA);
  validate(doc);
  return (validate.errors ?? []) as never[];
}

function settingsFor(rulesText: string): Settings {
  const parsed = parseRulesText(rulesText, { templates: engine });
  if (!parsed.ok) throw new Error(`latency: the 100 rules do not check: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return {
    plan: 'starter', share: 50, budget: appBudget('starter', 50), rules: parsed.rules, rulesIssue: null, windowHours: 72, threshold: 0.6,
    ackTemplate: '', agentId: null, apiKey: '',
  };
}

interface InvocationTimings {
  wall: number[];
  cpu: number[];
  apiCalls: number;
  inline: boolean;
  event: TicketEvent;
  groups: GroupIds;
  queued: number[];
  queuedCalls: number;
  queuedDb: number;
}

async function invocationTimings(runs: number, warmup: number): Promise<InvocationTimings> {
  const world = await startWorld({ kind: 'app', plan: 'starter', rules: hundredRules, events: false });
  try {
    const { clock, fake, rt } = world;
    let captured: TicketEvent | undefined;
    fake.events.on('onTicketCreate', (e) => { captured = e; });
    const requesters = fake.store.requesters.list();
    for (let m = 0; m < 6; m += 1) {
      await clock.advance(60_000);
      await world.settle();
    }
    const description = longDescription(11, 64 * 1024);
    const wall: number[] = [];
    const cpu: number[] = [];
    let calls = 0;
    let inline = true;
    for (let i = 0; i < warmup + runs; i += 1) {
      // A fresh minute each time, so the ticket is processed inline (one of the minute's slots).
      await clock.advance(60_000);
      await world.settle();
      const requester = requesters[i % requesters.length];
      if (requester === undefined) throw new Error('latency: the fake has no requesters');
      const ticket = fake.store.tickets.create({ requester_id: requester.id, subject: `VPN tunnel drops during calls (${i})`, description: `<p>I am working from home today; error 809 again.</p>${description}`, source: 1, status: 2, priority: 1 });
      const event = captured;
      if (event === undefined || event.data.ticket.id !== ticket.id) throw new Error('latency: no create event captured');
      const before = fake.calls.length;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await rt.fireProductEvent('service_ticket', 'onTicketCreate', event.data);
      const dt = performance.now() - t0;
      const used = process.cpuUsage(cpu0);
      if (!result.ok) throw new Error(`latency: the invocation failed: ${result.error?.message ?? ''}`);
      if (i < warmup) continue;
      wall.push(dt);
      cpu.push((used.user + used.system) / 1000);
      const made = fake.calls.slice(before).filter((c) => c.caller === 'admin').length;
      calls = Math.max(calls, made);
      if (made < 3) inline = false;
    }
    if (captured === undefined) throw new Error('latency: no event');
    const last = captured;
    // The storm path: in a fresh minute, fill the inline slots until one ticket is deferred and the
    // backlog marker is up; then every further event only checks the marker.
    await clock.advance(60_000);
    await world.settle();
    const fire = async (i: number): Promise<number> => {
      const requester = requesters[i % requesters.length];
      if (requester === undefined) throw new Error('latency: the fake has no requesters');
      fake.store.tickets.create({ requester_id: requester.id, subject: `VPN tunnel drops during calls (q${i})`, description: `<p>I am working from home today; error 809 again.</p>${description}`, source: 1, status: 2, priority: 1 });
      const data = (captured as TicketEvent).data;
      const t0 = performance.now();
      const result = await rt.fireProductEvent('service_ticket', 'onTicketCreate', data);
      const dt = performance.now() - t0;
      if (!result.ok) throw new Error(`latency: the invocation failed: ${result.error?.message ?? ''}`);
      return dt;
    };
    let i = 0;
    while (rt.schedules.get('radar-backlog') === undefined && i < 20) await fire(i++);
    if (rt.schedules.get('radar-backlog') === undefined) throw new Error('latency: no backlog after 20 tickets in a minute');
    const before = { calls: fake.calls.length, db: rt.stats.db.total };
    const queued: number[] = [];
    for (let k = 0; k < warmup + runs; k += 1) {
      const dt = await fire(100 + k);
      if (k >= warmup) queued.push(dt);
    }
    const queuedCalls = fake.calls.slice(before.calls).filter((c) => c.caller === 'admin').length;
    return { wall, cpu, apiCalls: calls, inline, event: last, groups: world.groups, queued, queuedCalls, queuedDb: rt.stats.db.total - before.db };
  } finally {
    await world.stop();
  }
}

function candidates(count: number, bytes: number, now: number): TicketFacts[] {
  const out: TicketFacts[] = [];
  const texts = Array.from({ length: 25 }, (_, i) => stripHtml(longDescription(100 + i, bytes * 2)).slice(0, bytes));
  for (let i = 0; i < count; i += 1) {
    out.push({
      id: 10_000 + i, subject: `Ticket ${i}: ${['VPN drops', 'Printer jams', 'Outlook crashes', 'Badge not working', 'Excel freezes'][i % 5] as string} on floor ${i % 9}`,
      descriptionText: `${texts[i % texts.length] as string} ref ${i}`, requester: { id: 1, email: 'rosa.castillo@corp.example', name: 'Rosa Castillo' },
      source: 1, type: 'Incident', category: null, subCategory: null, priority: 1, urgency: 1, impact: 1, status: 2, groupId: null, departmentId: null,
      responderId: null, tags: [], tagsKnown: true, customFields: Object.create(null) as Record<string, never>, createdAt: now - (i + 1) * 60_000, updatedAt: now,
      spam: false, deleted: false,
    });
  }
  return out;
}

export async function measureLatency(options: { runs?: number; warmup?: number } = {}): Promise<LatencyReport> {
  const runs = options.runs ?? 50;
  const warmup = options.warmup ?? 5;
  const inv = await invocationTimings(runs, warmup);
  const rulesText = JSON.stringify(hundredRules(inv.groups));
  const settings = settingsFor(rulesText);
  const now = Date.parse(String(inv.event.data.ticket.created_at));
  const pure = repeat(warmup, runs, () => {
    const { facts } = normalizeEventData(inv.event.data);
    if (facts === null) throw new Error('latency: payload did not normalise');
    planCreate(facts, [], settings, { now, via: 'event', engine, ticketUrl: (id) => `https://x/a/tickets/${id}`, withAck: true });
  });
  const withSchema = repeat(3, 20, () => { parseRulesText(rulesText, { validateSchema: schemaErrors, templates: engine }); });
  const withoutSchema = repeat(3, 20, () => { parseRulesText(rulesText, { templates: engine }); });
  const pool = candidates(1000, 8 * 1024, now);
  const target: TicketFacts = { ...(pool[0] as TicketFacts), id: 1, subject: 'VPN drops on floor 3 again', createdAt: now };
  const options2 = { windowHours: 72, threshold: 0.6, now, max: 5 };
  // Cold: fresh objects each run, so no fingerprint is cached (they are cached per object).
  const fresh = Array.from({ length: 11 }, () => ({ target: { ...target }, pool: pool.map((c) => ({ ...c })) }));
  let next = 0;
  const cold = repeat(1, 10, () => {
    const run = fresh[next++] as { target: TicketFacts; pool: TicketFacts[] };
    findDuplicates(run.target, run.pool, options2);
  });
  const warmPool = pool.map((c) => ({ ...c }));
  const warmTarget = { ...target };
  const warm = repeat(2, 20, () => { findDuplicates(warmTarget, warmPool, options2); });
  return {
    invocation: {
      ...timing(inv.wall), cpuMedianMs: median(inv.cpu), cpuP95Ms: percentile(inv.cpu, 95), apiCalls: inv.apiCalls, processedInline: inv.inline,
      descriptionBytes: String(inv.event.data.ticket.description ?? '').length, rules: 100,
    },
    queued: { ...timing(inv.queued), apiCalls: inv.queuedCalls, dbOps: inv.queuedDb },
    pure: timing(pure),
    settingsWithSchema: timing(withSchema),
    settingsWithoutSchema: timing(withoutSchema),
    duplicatesCold: { ...timing(cold), candidates: pool.length, descriptionBytes: 8 * 1024 },
    duplicatesWarm: timing(warm),
  };
}
