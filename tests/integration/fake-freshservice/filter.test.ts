import { describe, expect, test } from 'vitest';
import type { Ticket } from '../../../devkit/fake-freshservice/index.ts';
import { parseQuery } from '../../../devkit/fake-freshservice/filter-query.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

/** Every matching ticket id over all pages, checking page size and `total` on the way. */
async function filterAll(h: Harness, query: string): Promise<{ ids: number[]; total: number }> {
  const ids: number[] = [];
  let total = -1;
  for (let page = 1; page < 50; page += 1) {
    const a = await h.get(`/api/v2/tickets/filter?query=${encodeURIComponent(`"${query}"`)}&page=${page}`);
    expect(a.status, a.text).toBe(200);
    expect(a.headers.get('link')).toBeNull();
    total = a.body.total;
    expect(a.body.tickets.length).toBeLessThanOrEqual(30);
    ids.push(...a.body.tickets.map((t: any) => t.id));
    if (a.body.tickets.length < 30) break;
  }
  return { ids, total };
}

function expected(h: Harness, predicate: (t: Ticket) => boolean): number[] {
  return h.fake.store.tickets.list().filter((t) => !t.deleted && !t.spam && predicate(t)).sort((a, b) => b.created_at - a.created_at || b.id - a.id).map((t) => t.id);
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('filter: query language (reference §4.5)', () => {
  test('filter: field:value on numbers, newest first, {tickets, total}, 30 per page and no Link header', async () => {
    const h = await startHarness();
    const { ids, total } = await filterAll(h, 'status:2');
    const want = expected(h, (t) => t.status === 2);
    expect(want.length).toBeGreaterThan(30);
    expect(ids).toEqual(want);
    expect(total).toBe(want.length);
  });

  test('filter: AND binds tighter than OR', async () => {
    const h = await startHarness();
    const { ids } = await filterAll(h, 'priority:4 OR priority:3 AND status:2');
    expect(ids).toEqual(expected(h, (t) => t.priority === 4 || (t.priority === 3 && t.status === 2)));
  });

  test('filter: parentheses group OR inside AND', async () => {
    const h = await startHarness();
    const { ids } = await filterAll(h, '(priority:4 OR priority:3) AND status:2');
    expect(ids).toEqual(expected(h, (t) => (t.priority === 4 || t.priority === 3) && t.status === 2));
  });

  test('filter: :> and :< compare numbers inclusively', async () => {
    const h = await startHarness();
    expect((await filterAll(h, 'priority:>3')).ids).toEqual(expected(h, (t) => t.priority >= 3));
    expect((await filterAll(h, 'urgency:<1')).ids).toEqual(expected(h, (t) => t.urgency <= 1));
  });

  test("filter: dates 'yyyy-mm-dd' in UTC with :> and :< compare by day", async () => {
    const h = await startHarness();
    const from = day(h.clock.now() - 5 * 86_400_000);
    const to = day(h.clock.now() - 2 * 86_400_000);
    const { ids } = await filterAll(h, `created_at:>'${from}' AND created_at:<'${to}'`);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected(h, (t) => day(t.created_at) >= from && day(t.created_at) <= to));
    expect((await filterAll(h, `updated_at:>'${day(h.clock.now())}'`)).ids).toEqual(expected(h, (t) => day(t.updated_at) >= day(h.clock.now())));
  });

  test('filter: null matches no value (agent_id is the responder)', async () => {
    const h = await startHarness();
    const { ids } = await filterAll(h, 'agent_id:null AND status:2');
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected(h, (t) => t.responder_id === null && t.status === 2));
    const agent = h.fake.store.tickets.list().find((t) => t.responder_id !== null)!.responder_id!;
    expect((await filterAll(h, `agent_id:${agent}`)).ids).toEqual(expected(h, (t) => t.responder_id === agent));
  });

  test("filter: strings in single quotes: tag, email (case-insensitive) and a dropdown custom field", async () => {
    const h = await startHarness();
    await h.api('PUT', '/api/v2/tickets/20', { body: { tags: ['radar-done', 'vpn'] } });
    expect((await filterAll(h, "tag:'radar-done'")).ids).toEqual([20]);
    const t = h.fake.store.tickets.get(21)!;
    const email = h.fake.store.requesters.get(t.requester_id)!.primary_email;
    expect((await filterAll(h, `email:'${email.toUpperCase()}'`)).ids).toEqual(expected(h, (x) => x.requester_id === t.requester_id));
    expect((await filterAll(h, "affected_site:'Berlin' AND status:2")).ids).toEqual(expected(h, (x) => x.custom_fields['affected_site'] === 'Berlin' && x.status === 2));
  });

  test('filter: group_id and requester_id', async () => {
    const h = await startHarness();
    const g = h.fake.store.groups.list()[1]!.id;
    expect((await filterAll(h, `group_id:${g}`)).ids).toEqual(expected(h, (t) => t.group_id === g));
    const r = h.fake.store.tickets.get(50)!.requester_id;
    expect((await filterAll(h, `requester_id:${r}`)).ids).toEqual(expected(h, (t) => t.requester_id === r));
  });

  test('filter: number, checkbox and date custom fields', async () => {
    const h = await startHarness();
    const id = h.fake.store.tickets.list().find((t) => !t.deleted && !t.spam)!.id;
    h.fake.store.tickets.update(id, { custom_fields: { outage_start: '2026-11-20' } });
    expect((await filterAll(h, 'hours_lost:>8')).ids).toEqual(expected(h, (t) => Number(t.custom_fields['hours_lost'] ?? 0) >= 8));
    expect((await filterAll(h, 'vip_requester:true')).ids).toEqual(expected(h, (t) => t.custom_fields['vip_requester'] === true));
    expect((await filterAll(h, "outage_start:>'2026-11-20' AND outage_start:<'2026-11-20'")).ids).toEqual([id]);
    const text = await h.get(`/api/v2/tickets/filter?query=${encodeURIComponent('"asset_tag:\'LT-1\'"')}`);
    expect(text.body.errors[0].message).toMatch(/'asset_tag' is not a field the ticket filter supports/);
  });

  test('filter: a page past the end is empty but still reports total', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets/filter?query="priority:4"&page=40');
    expect(a.body.tickets).toEqual([]);
    expect(a.body.total).toBe(expected(h, (t) => t.priority === 4).length);
  });

  test('filter: per_page is accepted and ignored (30 per page)', async () => {
    const h = await startHarness();
    expect((await h.get('/api/v2/tickets/filter?query="status:2"&per_page=100')).body.tickets).toHaveLength(30);
  });
});

describe('filter: bad queries are 400 on the query field', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['no double quotes', 'priority:3', /wrapped in double quotes/],
    ['unknown field', '"colour:3"', /'colour' is not a field/],
    ['responder_id is not a filter field', '"responder_id:3"', /not a field/],
    ['equality on a date', `"created_at:'2026-11-01'"`, /dates cannot be compared for equality/],
    ['a badly formed date', `"created_at:>'01/11/2026'"`, /yyyy-mm-dd/],
    ['a quoted number', `"priority:'3'"`, /expects a number/],
    ['an unclosed parenthesis', '"(priority:3 OR status:2"', /expected '\)'/],
    ['lower-case and', '"priority:3 and status:2"', /expected AND or OR/],
    ['a missing value', '"priority:"', /expected a value/],
    ['an unclosed string', `"tag:'abc"`, /never closed/],
    ['an empty query', '""', /empty/],
  ];
  for (const [what, query, message] of bad) {
    test(`filter: ${what} is 400 invalid_value`, async () => {
      const h = await startHarness();
      const a = await h.get(`/api/v2/tickets/filter?query=${encodeURIComponent(query)}`);
      expect(a.status).toBe(400);
      expect(a.body.errors[0]).toMatchObject({ field: 'query', code: 'invalid_value' });
      expect(a.body.errors[0].message).toMatch(message);
    });
  }

  test('filter: a query over 512 characters is 400; exactly 512 is accepted', async () => {
    const h = await startHarness();
    const clause = ' OR priority:1';
    let q = 'priority:1';
    while (q.length + clause.length <= 512) q += clause;
    q += ' '.repeat(512 - q.length);
    expect((await h.get(`/api/v2/tickets/filter?query=${encodeURIComponent(`"${q}"`)}`)).status).toBe(200);
    const long = await h.get(`/api/v2/tickets/filter?query=${encodeURIComponent(`"${q} "`)}`);
    expect(long.status).toBe(400);
    expect(long.body.errors[0].message).toBe('The query is 513 characters long; the limit is 512');
  });

  test('filter: a missing query is 400 missing_field', async () => {
    const h = await startHarness();
    expect((await h.get('/api/v2/tickets/filter')).body.errors[0]).toMatchObject({ field: 'query', code: 'missing_field' });
  });
});

describe('filter-query: parser', () => {
  test('parseQuery: builds a tree with AND above OR and parentheses honoured', () => {
    expect(parseQuery("(status:2 OR status:3) AND tag:'x'")).toEqual({
      kind: 'and',
      left: { kind: 'or', left: { kind: 'condition', field: 'status', op: ':', value: { kind: 'number', value: 2 } }, right: { kind: 'condition', field: 'status', op: ':', value: { kind: 'number', value: 3 } } },
      right: { kind: 'condition', field: 'tag', op: ':', value: { kind: 'string', value: 'x' } },
    });
  });

  test("parseQuery: escaped quotes inside strings", () => {
    expect(parseQuery("email:'o\\'brien@corp.example'")).toMatchObject({ value: { kind: 'string', value: "o'brien@corp.example" } });
  });
});
