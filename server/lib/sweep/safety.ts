/**
 * The safety check behind "no ticket is ever left untriaged": every five minutes, with no backlog,
 * the heartbeat lists the tickets touched since its last check (one call) and looks up their
 * outcomes (a `$db` operation per block). A ticket older than two minutes with no outcome — its
 * event never arrived, or its handler died before recording anything — starts a backlog episode
 * from that ticket, and the next sweep handles it.
 */
import { blockKeyOf, blockOf, outcomeAttr } from '../../../core/record';
import { normalizeApiTicket, type TicketFacts } from '../../../core/ticket';
import type { Ctx } from '../context';
import { callTemplate, fits } from '../freshservice/client';
import { raiseBacklog } from '../schedules';
import { getOrNull, put } from '../store/db';
import { STATE_KEY } from '../store/keys';
import { readState, type SweepState } from './state';

/** Inline handlers get this long to record an outcome before the check calls a ticket missing. */
const GRACE_MS = 2 * 60_000;
/** Slack for tickets created just before the previous check's window (clocks, slow deliveries). */
const CREATED_MARGIN_MS = 5 * 60_000;
/** Blocks looked up at most per check; the rest wait for the next check. */
const MAX_BLOCKS = 3;

async function missingOutcomes(tickets: readonly TicketFacts[]): Promise<TicketFacts[]> {
  const blocks = [...new Set(tickets.map((t) => blockOf(t.id)))].slice(0, MAX_BLOCKS);
  const missing: TicketFacts[] = [];
  for (const block of blocks) {
    const record = await getOrNull(blockKeyOf(block));
    for (const t of tickets.filter((x) => blockOf(x.id) === block)) {
      if (record?.[outcomeAttr(t.id)] === undefined) missing.push(t);
    }
  }
  return missing;
}

export interface SafetyReport {
  checked: number;
  missing: number;
}

async function listSince(ctx: Ctx, since: number): Promise<TicketFacts[]> {
  const anchor = new Date(since).toISOString();
  const result = await callTemplate<{ tickets?: unknown[] }>(ctx.invoke, ctx.meter, 'listTickets', { context: { updated_since: anchor, page: 1, include: 'tags' }, includes: 1 });
  const raw = Array.isArray(result.data?.tickets) ? result.data.tickets : [];
  return raw.map((t) => normalizeApiTicket(t).facts).filter((t): t is TicketFacts => t !== null);
}

/**
 * Tickets created since the previous check's window (with a margin) whose grace has passed. Older
 * tickets in the listing were only updated — by agents or other integrations — and were either
 * checked before or created before the app was installed, which is not the app's to triage.
 */
function dueTickets(listed: readonly TicketFacts[], state: SweepState, now: number): TicketFacts[] {
  const from = state.checkedUntil - GRACE_MS - CREATED_MARGIN_MS;
  return listed.filter((t) => t.id > state.checkedId && (t.createdAt ?? 0) >= from && (t.createdAt ?? 0) < now - GRACE_MS).sort((a, b) => a.id - b.id);
}

/** More than a page or a few blocks to check: a sweep verifies them all more cheaply. */
function tooMany(listed: readonly TicketFacts[], due: readonly TicketFacts[]): boolean {
  return listed.length >= 100 || new Set(due.map((t) => blockOf(t.id))).size > MAX_BLOCKS;
}

async function raiseFor(missing: readonly TicketFacts[], reason: string, now: number): Promise<void> {
  const first = missing[0];
  if (first !== undefined) await raiseBacklog({ fromId: first.id, since: first.createdAt ?? now, reason }, now);
}

export async function safetyCheck(ctx: Ctx): Promise<SafetyReport> {
  const now = ctx.now();
  const state = readState(await getOrNull(STATE_KEY), now);
  if (!fits(ctx.meter, 'listTickets', 1)) return { checked: 0, missing: 0 };
  const listed = await listSince(ctx, state.checkedUntil - GRACE_MS);
  const due = dueTickets(listed, state, now);
  const verifyAll = tooMany(listed, due);
  const missing = verifyAll ? due : await missingOutcomes(due);
  await raiseFor(missing, verifyAll ? 'verify' : 'missed', now);
  const lastId = due.at(-1)?.id ?? state.checkedId;
  await put(STATE_KEY, { ...state, checkedUntil: now - GRACE_MS, checkedId: Math.max(state.checkedId, lastId) });
  return { checked: due.length, missing: verifyAll ? 0 : missing.length };
}
