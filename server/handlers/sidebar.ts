/**
 * Server methods behind the ticket sidebar. `getTicketInsights` is the one call per sidebar open:
 * one `$db` read (the ticket's block) and two schedule fetches for health, no API call. The
 * actions each take one of the minute's agent-action slots, so agents clicking in many sidebars
 * cannot push the app over its budget, and confirm what they did and what it cost.
 */
import { minuteOf } from '../../core/budget';
import { buildInsights } from '../../core/insights';
import { blockKey, readOutcome, outcomeAttr } from '../../core/record';
import { normalizeApiTicket, type TicketFacts } from '../../core/ticket';
import { composeNote, noteContext, renderTemplate } from '../../core/templates';
import { createContext, describeError, type Ctx } from '../lib/context';
import { callTemplate } from '../lib/freshservice/client';
import { isFreshserviceError } from '../lib/freshservice/errors';
import { noteStopped } from '../lib/health';
import { healthView } from '../lib/health-view';
import { ACTION_SLOTS } from '../lib/limits';
import { readBacklog, readHealth } from '../lib/schedules';
import { appendTo, claim, getOrNull, isDbError, remove, setPaths } from '../lib/store/db';
import { ackClaimKey, actionSlotKey, rerunLockKey, TTL } from '../lib/store/keys';
import { executeWork } from '../lib/work/execute';
import { writeOutcome } from '../lib/work/timeline-store';
import { fetchCandidates } from '../lib/work/candidates';
import { noteRefFor, planCreate } from '../lib/work/plan';

interface MethodError {
  status: number;
  message: string;
}

function fail(status: number, message: string): MethodError {
  return { status, message };
}

function ticketIdOf(args: unknown): number {
  const id = Number((args as { ticket_id?: unknown } | null)?.ticket_id);
  if (!Number.isInteger(id) || id <= 0) throw fail(400, 'ticket_id must be a positive whole number.');
  return id;
}

/** Runs a server method: its result goes to renderData, its failure becomes `{ status, message }`. */
async function respond(ctx: Ctx, name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    renderData(null, await run());
  } catch (error) {
    await noteStopped(ctx);
    const failure = asFailure(ctx, error);
    ctx.log.warn(name, failure.message);
    renderData(failure);
  }
}

function secondsLeft(ctx: Ctx): number {
  return 60 - Math.floor((ctx.now() % 60_000) / 1000);
}

/**
 * The `{ status, message }` an agent sees. `$db` refusing for its per-minute limit (shared by the
 * handlers and every agent's sidebar) is a 429 that says when to try again, not a failure.
 */
function asFailure(ctx: Ctx, error: unknown): MethodError {
  if (isDbError(error) && error.busy) return fail(429, `Ticket Radar's storage is at its limit of 50 operations this minute; try again in ${secondsLeft(ctx)} s.`);
  if (isFreshserviceError(error)) return fail(502, describeError(error));
  const known = typeof (error as MethodError | null)?.status === 'number' && typeof (error as MethodError).message === 'string';
  return fail(known ? (error as MethodError).status : 500, describeError(error));
}

async function takeActionSlot(ctx: Ctx, ticketId: number): Promise<void> {
  const minute = minuteOf(ctx.now());
  for (let slot = 0; slot < ACTION_SLOTS; slot += 1) {
    if (await claim(actionSlotKey(minute, slot), { t: ticketId }, TTL.slot)) return;
  }
  throw fail(429, `Agents' actions have used this minute's share of the API budget; try again in ${secondsLeft(ctx)} s.`);
}

/** The ticket as it is now, with its tags and its requester (rules and templates read requester.name and .email). */
async function viewTicket(ctx: Ctx, ticketId: number): Promise<TicketFacts> {
  const result = await callTemplate<{ ticket?: unknown }>(ctx.invoke, ctx.meter, 'viewTicket', { context: { ticket_id: ticketId, include: 'requester,tags' }, includes: 2 });
  const { facts } = normalizeApiTicket(result.data?.ticket);
  if (facts === null) throw fail(502, `Freshservice returned no usable ticket ${ticketId}.`);
  return facts;
}

function cost(ctx: Ctx): { calls: number; credits: number } {
  return { calls: ctx.meter.made, credits: ctx.meter.spend.credits };
}

export function getTicketInsights(args: unknown): Promise<void> {
  const ctx = createContext(args);
  return respond(ctx, 'insights', async () => {
    const ticketId = ticketIdOf(args);
    const block = await getOrNull(blockKey(ticketId));
    const [health, backlog] = await Promise.all([readHealth(), readBacklog()]);
    return buildInsights({ ticketId, block, now: ctx.now(), health: healthView(ctx.settings, health, backlog, ctx.now()), ackConfigured: ctx.settings.ackTemplate.trim() !== '' });
  });
}

export function dismissDuplicate(args: unknown): Promise<void> {
  const ctx = createContext(args);
  return respond(ctx, 'dismiss', async () => {
    const ticketId = ticketIdOf(args);
    const duplicateId = Number((args as { duplicate_id?: unknown }).duplicate_id);
    if (!Number.isInteger(duplicateId) || duplicateId <= 0) throw fail(400, 'duplicate_id must be a positive whole number.');
    await appendTo(blockKey(ticketId), `x${ticketId}`, [duplicateId]);
    ctx.log.info('dismiss', `ticket ${ticketId}: ${duplicateId} marked "not a duplicate"`);
    return { ticketId, dismissed: duplicateId };
  });
}

/** Lets go of a claim; when that fails its TTL does it. */
async function release(key: string): Promise<void> {
  await remove(key).catch(() => undefined);
}

/** Two agents re-running triage on one ticket at once: the second is told, not run (it would write twice). */
export function rerunTriage(args: unknown): Promise<void> {
  const ctx = createContext(args);
  return respond(ctx, 'rerun', async () => {
    const ticketId = ticketIdOf(args);
    if (!(await claim(rerunLockKey(ticketId), { at: ctx.now() }, TTL.rerun))) throw fail(409, 'Triage is already being re-run on this ticket; its result shows when it finishes.');
    try {
      return await rerun(ctx, ticketId);
    } finally {
      await release(rerunLockKey(ticketId));
    }
  });
}

async function rerun(ctx: Ctx, ticketId: number): Promise<unknown> {
  await takeActionSlot(ctx, ticketId);
  const facts = await viewTicket(ctx, ticketId);
  const since = ctx.now() - ctx.settings.windowHours * 3600_000;
  const candidates = facts.requester.id === null ? [] : await fetchCandidates(ctx.invoke, ctx.meter, [facts.requester.id], since);
  const work = planCreate(facts, candidates, ctx.settings, { now: ctx.now(), via: 'rerun', engine: ctx.engine, ticketUrl: ctx.ticketUrl, withAck: false });
  work.noteRef = noteRefFor(ticketId, `rerun-${ctx.now()}`);
  const outcome = await executeWork(work, ctx.invoke, ctx.meter);
  await writeOutcome(ticketId, outcome);
  ctx.log.info('rerun', `ticket ${ticketId}: ${outcome.state}; ${outcome.changes.length} change(s)`);
  return { ticketId, state: outcome.state, rules: outcome.rules.map((r) => r.name), changes: outcome.changes, error: outcome.error, cost: cost(ctx) };
}

const ACK_POSTED = 'The acknowledgement was already posted on this ticket.';

async function ackAlreadyPosted(ticketId: number): Promise<boolean> {
  const block = await getOrNull(blockKey(ticketId));
  const marker = block?.[`a${ticketId}`] as { at?: unknown } | undefined;
  return marker?.at !== undefined || readOutcome(block?.[outcomeAttr(ticketId)])?.ack === 'done';
}

async function ensureAckAllowed(ctx: Ctx, ticketId: number): Promise<void> {
  if (ctx.settings.ackTemplate.trim() === '') throw fail(400, 'No acknowledgement template is configured; an admin can add one in the app settings.');
  if (await ackAlreadyPosted(ticketId)) throw fail(409, ACK_POSTED);
}

function ackBody(ctx: Ctx, facts: TicketFacts): string {
  const rendered = renderTemplate(ctx.engine, ctx.settings.ackTemplate, noteContext(facts, { matched: '', rule: '', duplicates: [] }));
  if (!rendered.ok) throw fail(400, `The acknowledgement template failed: ${rendered.error}`);
  return composeNote({ parts: [{ heading: 'Acknowledgement', text: rendered.text }], duplicates: [], footer: noteRefFor(facts.id, 'ack') });
}

/** Posts the acknowledgement; the ticket's claim is let go if it fails before or while posting, so it can be tried again. */
async function postAck(ctx: Ctx, ticketId: number): Promise<number | null> {
  try {
    await takeActionSlot(ctx, ticketId);
    const body = ackBody(ctx, await viewTicket(ctx, ticketId));
    const note = await callTemplate<{ conversation?: { id?: number } }>(ctx.invoke, ctx.meter, 'createNote', { context: { ticket_id: ticketId }, body: { body, private: true } });
    return note.data?.conversation?.id ?? null;
  } catch (error) {
    await release(ackClaimKey(ticketId));
    throw error;
  }
}

/** Two sidebars pressing "acknowledge" at once: the ticket's claim lets one post, the other is told it is posted. */
export function postAcknowledgement(args: unknown): Promise<void> {
  const ctx = createContext(args);
  return respond(ctx, 'acknowledge', async () => {
    const ticketId = ticketIdOf(args);
    await ensureAckAllowed(ctx, ticketId);
    if (!(await claim(ackClaimKey(ticketId), { at: ctx.now() }, TTL.claim))) throw fail(409, ACK_POSTED);
    const noteId = await postAck(ctx, ticketId);
    await setPaths(blockKey(ticketId), { [`a${ticketId}`]: { at: ctx.now(), noteId } });
    return { ticketId, noteId, cost: cost(ctx) };
  });
}

export function refreshRequesterTickets(args: unknown): Promise<void> {
  const ctx = createContext(args);
  return respond(ctx, 'requester', async () => {
    const ticketId = ticketIdOf(args);
    const requesterId = Number((args as { requester_id?: unknown }).requester_id);
    if (!Number.isInteger(requesterId) || requesterId <= 0) throw fail(400, 'requester_id must be a positive whole number.');
    await takeActionSlot(ctx, ticketId);
    const query = `"requester_id:${requesterId} AND (status:2 OR status:3)"`;
    const result = await callTemplate<{ tickets?: unknown[] }>(ctx.invoke, ctx.meter, 'filterTickets', { context: { query, page: 1 } });
    const open = (result.data?.tickets ?? []).map((t) => normalizeApiTicket(t).facts).filter((t): t is TicketFacts => t !== null && t.id !== ticketId)
      .slice(0, 10).map((t) => ({ id: t.id, subject: t.subject.slice(0, 120), status: t.status }));
    const snapshot = { id: requesterId, name: String((args as { requester_name?: unknown }).requester_name ?? ''), email: String((args as { requester_email?: unknown }).requester_email ?? ''), open, at: ctx.now() };
    await setPaths(blockKey(ticketId), { [`r${ticketId}`]: snapshot });
    return { ticketId, requester: snapshot, cost: cost(ctx) };
  });
}
