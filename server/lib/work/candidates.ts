/**
 * Finding duplicate candidates: the requester's other tickets inside the look-back window, through
 * the ticket filter endpoint (full ticket objects, 30 a page). One query covers many requesters
 * (`requester_id:A OR requester_id:B ...`, within the 512-character limit), so a sweep pays a
 * fraction of a call per ticket, and a single create pays one call.
 */
import { normalizeApiTicket, type TicketFacts } from '../../../core/ticket';
import { callTemplate, type Invoke, type Meter } from '../freshservice/client';
import { isFreshserviceError } from '../freshservice/errors';

/** The filter query language's limit (freshservice-api.md §4.5). */
export const MAX_QUERY_LENGTH = 512;
const PAGE_SIZE = 30;
/** A requester with more tickets than this in the window stops paging: enough to find duplicates. */
const MAX_PAGES = 4;

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Requester clauses grouped into as few queries as fit in 512 characters (quotes included), with the requesters each covers. */
export function candidateQueryGroups(requesterIds: readonly number[], sinceMs: number): Array<{ query: string; requesters: number[] }> {
  const suffix = `) AND created_at:>'${day(sinceMs)}'`;
  const groups: Array<{ query: string; requesters: number[] }> = [];
  let ids: number[] = [];
  const render = (group: number[]): string => `"(${group.map((id) => `requester_id:${id}`).join(' OR ')}${suffix}"`;
  for (const id of [...new Set(requesterIds)]) {
    if (ids.length > 0 && render([...ids, id]).length > MAX_QUERY_LENGTH) {
      groups.push({ query: render(ids), requesters: ids });
      ids = [id];
    } else {
      ids = [...ids, id];
    }
  }
  if (ids.length > 0) groups.push({ query: render(ids), requesters: ids });
  return groups;
}

export function candidateQueries(requesterIds: readonly number[], sinceMs: number): string[] {
  return candidateQueryGroups(requesterIds, sinceMs).map((g) => g.query);
}

interface FilterPage {
  tickets?: unknown[];
  total?: number;
}

/** Fetches one page into `out`; returns whether a further page may exist. */
async function fetchPage(invoke: Invoke, meter: Meter, query: string, page: number, out: TicketFacts[]): Promise<boolean> {
  const result = await callTemplate<FilterPage>(invoke, meter, 'filterTickets', { context: { query, page } });
  const tickets = Array.isArray(result.data?.tickets) ? result.data.tickets : [];
  for (const raw of tickets) {
    const { facts } = normalizeApiTicket(raw);
    if (facts !== null) out.push(facts);
  }
  return tickets.length >= PAGE_SIZE;
}

async function runQuery(invoke: Invoke, meter: Meter, query: string, out: TicketFacts[]): Promise<void> {
  let more = true;
  // A page the budget cannot pay for throws (a `budget` error): candidates must never be silently
  // incomplete, or a copy would be recorded as having no original.
  for (let page = 1; more && page <= MAX_PAGES; page += 1) {
    more = await fetchPage(invoke, meter, query, page, out);
  }
}

function uniqueById(tickets: readonly TicketFacts[]): TicketFacts[] {
  return [...new Map(tickets.map((t) => [t.id, t])).values()];
}

/** Tickets of these requesters created since `sinceMs`, deduplicated by id. */
export async function fetchCandidates(invoke: Invoke, meter: Meter, requesterIds: readonly number[], sinceMs: number): Promise<TicketFacts[]> {
  const found: TicketFacts[] = [];
  for (const query of candidateQueries(requesterIds, sinceMs)) await runQuery(invoke, meter, query, found);
  return uniqueById(found);
}

export interface CandidateSearch {
  tickets: TicketFacts[];
  /** Requesters whose query failed transiently or did not fit the budget: their tickets must wait. */
  missed: Set<number>;
}

/**
 * Like `fetchCandidates` for a sweep's batch: a query that fails transiently (a 5xx, a lost
 * connection, the budget) leaves its requesters `missed` instead of failing the whole batch.
 */
export async function searchCandidates(invoke: Invoke, meter: Meter, requesterIds: readonly number[], sinceMs: number): Promise<CandidateSearch> {
  const found: TicketFacts[] = [];
  const missed = new Set<number>();
  for (const group of candidateQueryGroups(requesterIds, sinceMs)) {
    const got: TicketFacts[] = [];
    try {
      await runQuery(invoke, meter, group.query, got);
      found.push(...got);
    } catch (error) {
      if (!isFreshserviceError(error) || !error.transient) throw error;
      for (const id of group.requesters) missed.add(id);
    }
  }
  return { tickets: uniqueById(found), missed };
}
