/** Duplicate candidates for a sweep's batch: grouped queries, and what happens when one overflows. */
import { describe, expect, test } from 'vitest';
import { appBudget } from '../../../core/budget.ts';
import { createMeter, type Invoke } from '../../../server/lib/freshservice/client.ts';
import { searchCandidates } from '../../../server/lib/work/candidates.ts';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 10);
const A = 101;
const B = 202;

function ticket(id: number, requester: number): Record<string, unknown> {
  return { id, requester_id: requester, subject: `Ticket ${id}`, description_text: '', status: 2, priority: 1, created_at: new Date(NOW - id * 1000).toISOString(), updated_at: new Date(NOW).toISOString() };
}

/**
 * A fake filter endpoint, newest first, 30 a page: requester A sent 200 alerts; requester B one
 * ticket, older than all of them.
 */
function filterEndpoint(): Invoke & { queries: string[] } {
  const all = [...Array.from({ length: 200 }, (_, i) => ticket(1000 + i, A)), ticket(5000, B)].sort((x, y) => String(y.created_at).localeCompare(String(x.created_at)));
  const queries: string[] = [];
  const fn = ((_name: string, options: { context?: Record<string, unknown> }) => {
    const query = String(options.context?.query);
    const page = Number(options.context?.page);
    queries.push(`${query} p${page}`);
    const wanted = [A, B].filter((r) => query.includes(`requester_id:${r}`));
    const hits = all.filter((t) => wanted.includes(t.requester_id as number));
    const body = { tickets: hits.slice((page - 1) * 30, page * 30), total: hits.length };
    return Promise.resolve({ status: 200, headers: {}, response: JSON.stringify(body) });
  }) as Invoke & { queries: string[] };
  fn.queries = queries;
  return fn;
}

describe('searchCandidates', () => {
  test("a prolific requester in the same query cannot push another requester's original out", async () => {
    const invoke = filterEndpoint();
    const meter = createMeter(appBudget('enterprise', 100), { now: () => NOW });
    const found = await searchCandidates(invoke, meter, [A, B], NOW - 72 * 3600_000);
    expect(found.missed.size).toBe(0);
    expect(found.tickets.map((t) => t.id)).toContain(5000);
    // The grouped query overflowed its four pages, then each requester was asked on their own.
    expect(invoke.queries.filter((q) => q.includes(`requester_id:${A} OR requester_id:${B}`))).toHaveLength(4);
    expect(invoke.queries.filter((q) => q.includes(`(requester_id:${B})`))).toEqual([expect.stringMatching(/ p1$/)]);
  });
});
