/**
 * Finding duplicate candidates: the requester's other tickets inside the look-back window, through
 * the ticket filter endpoint (full ticket objects, 30 a page). One query covers many requesters
 * (`requester_id:A OR requester_id:B ...`, within the 512-character limit), so a sweep pays a
 * fraction of a call per ticket, and a single create pays one call.
 */
import { normalizeApiTicket, type TicketFacts } from '../../../core/ticket';
import { callTemplate, fits, type Invoke, type Meter } from '../freshservice/client';

/** The filter query language's limit (freshservice-api.md §4.5). */
export const MAX_QUERY_LENGTH = 512;
const PAGE_SIZE = 30;
/** A requester with more tickets than this in the window stops paging: enough to find duplicates. */
const MAX_PAGES = 4;

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Requester clauses grouped into as few queries as fit in 512 characters (quotes included). */
export function candidateQueries(requesterIds: readonly number[], sinceMs: number): string[] {
  const suffix = `) AND created_at:>'${day(sinceMs)}'`;
  const queries: string[] = [];
  let clauses: string[] = [];
  const render = (parts: string[]): string => `"(${parts.join(' OR ')}${suffix}"`;
  for (const id of [...new Set(requesterIds)]) {
    const next = [...clauses, `requester_id:${id}`];
    if (clauses.length > 0 && render(next).length > MAX_QUERY_LENGTH) {
      queries.push(render(clauses));
      clauses = [`requester_id:${id}`];
    } else {
      clauses = next;
    }
  }
  if (clauses.length > 0) queries.push(render(clauses));
  return queries;
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
  for (let page = 1; more && page <= MAX_PAGES && fits(meter, 'filterTickets'); page += 1) {
    more = await fetchPage(invoke, meter, query, page, out);
  }
}

/** Tickets of these requesters created since `sinceMs`, deduplicated by id. */
export async function fetchCandidates(invoke: Invoke, meter: Meter, requesterIds: readonly number[], sinceMs: number): Promise<TicketFacts[]> {
  const found: TicketFacts[] = [];
  for (const query of candidateQueries(requesterIds, sinceMs)) await runQuery(invoke, meter, query, found);
  const byId = new Map(found.map((t) => [t.id, t]));
  return [...byId.values()];
}
