/**
 * Rediscovering deferred tickets instead of queueing them: `GET /api/v2/tickets?updated_since=
 * <anchor>&order_type=asc&per_page=100&include=tags` returns every ticket touched since the episode
 * began, oldest first, 100 at a time, tags included (3 credits a page). Ticket ids grow with
 * creation time, so the unfinished tickets are the ones above the watermark, and they sit at or
 * after the remembered page; old tickets updated meanwhile only push them later.
 */
import { normalizeApiTicket, type TicketFacts } from '../../../core/ticket';
import { callTemplate, fits, type Invoke, type Meter } from '../freshservice/client';
import type { SweepState } from './state';

export const LIST_PAGE_SIZE = 100;
const MAX_LIST_CALLS = 3;

export interface Listing {
  /** Tickets above the watermark on the page used, by id. */
  tickets: TicketFacts[];
  page: number;
  /** Every id from wm+1 up to the largest listed id is either listed or does not exist (deleted, spam, other workspace). */
  complete: boolean;
  /** More tickets may follow on later pages. */
  more: boolean;
}

/** What a listing or a view embeds: tags always (updates merge them), the requester when rules read it (each include costs 2 credits on a list, 1 on a view). */
export function listIncludes(withRequester: boolean): { include: string; includes: number } {
  return withRequester ? { include: 'tags,requester', includes: 2 } : { include: 'tags', includes: 1 };
}

async function fetchPage(invoke: Invoke, meter: Meter, anchor: string, page: number, withRequester: boolean): Promise<TicketFacts[]> {
  const { include, includes } = listIncludes(withRequester);
  const result = await callTemplate<{ tickets?: unknown[] }>(invoke, meter, 'listTickets', { context: { updated_since: anchor, page, include }, includes });
  const raw = Array.isArray(result.data?.tickets) ? result.data.tickets : [];
  return raw.map((t) => normalizeApiTicket(t).facts).filter((t): t is TicketFacts => t !== null);
}

interface Probe {
  page: number;
  tickets: TicketFacts[];
}

interface Walk {
  page: number;
  /** Went back a page once already (never twice: the listing only ever drifts forward). */
  backtracked: boolean;
  /** The page before `page` holds nothing above the watermark. */
  previousBelow: boolean;
}

function above(tickets: readonly TicketFacts[], wm: number): TicketFacts[] {
  return tickets.filter((t) => t.id > wm).sort((a, b) => a.id - b.id);
}

function answer(probe: Probe, wm: number, complete: boolean): Listing {
  return { tickets: above(probe.tickets, wm), page: probe.page, complete, more: probe.tickets.length >= LIST_PAGE_SIZE };
}

function back(probe: Probe): Walk {
  return { page: probe.page - 1, backtracked: true, previousBelow: false };
}

/** A page with nothing above the watermark: the answer if it is the last page, else the next page. */
function pastPage(probe: Probe, wm: number, walk: Walk): Walk | Listing {
  if (probe.tickets.length < LIST_PAGE_SIZE) return answer(probe, wm, true);
  return { page: probe.page + 1, backtracked: walk.backtracked, previousBelow: true };
}

/** Every listed ticket is above the watermark and the first is not wm+1: the rest may be a page earlier. */
function gapBefore(probe: Probe, fresh: readonly TicketFacts[], wm: number): boolean {
  return (fresh[0]?.id ?? 0) > wm + 1 && fresh.length === probe.tickets.length;
}

/** A page with tickets above the watermark: go back if they may start a page earlier, else answer. */
function freshPage(probe: Probe, fresh: readonly TicketFacts[], wm: number, walk: Walk): Walk | Listing {
  const gap = gapBefore(probe, fresh, wm);
  const mayGoBack = probe.page > 1 && !walk.backtracked && !walk.previousBelow;
  if (gap && mayGoBack) return back(probe);
  return answer(probe, wm, !gap || probe.page === 1 || walk.previousBelow);
}

/** Decides the next page to look at, or the answer. */
function step(probe: Probe, wm: number, walk: Walk): Walk | Listing {
  const fresh = above(probe.tickets, wm);
  if (probe.tickets.length === 0) return probe.page > 1 && !walk.backtracked ? back(probe) : answer(probe, wm, true);
  return fresh.length === 0 ? pastPage(probe, wm, walk) : freshPage(probe, fresh, wm, walk);
}

export async function listBacklog(invoke: Invoke, meter: Meter, state: SweepState, withRequester = false): Promise<Listing> {
  let walk: Walk = { page: state.page, backtracked: false, previousBelow: false };
  let last: Probe = { page: walk.page, tickets: [] };
  for (let calls = 0; calls < MAX_LIST_CALLS && fits(meter, 'listTickets', listIncludes(withRequester).includes); calls += 1) {
    last = { page: walk.page, tickets: await fetchPage(invoke, meter, state.anchor, walk.page, withRequester) };
    const next = step(last, state.wm, walk);
    if ('tickets' in next) return next;
    walk = next;
  }
  return answer(last, state.wm, false);
}
