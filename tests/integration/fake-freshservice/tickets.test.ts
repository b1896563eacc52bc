import { describe, expect, test } from 'vitest';
import { startHarness } from './harness.ts';

const DAY = 86_400_000;

describe('tickets: list (reference §4.4)', () => {
  test('list: 30 per page by default, newest first, full tickets without tags', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets');
    expect(a.status).toBe(200);
    expect(a.body.tickets).toHaveLength(30);
    const created = a.body.tickets.map((t: any) => Date.parse(t.created_at));
    expect([...created].sort((x, y) => y - x)).toEqual(created);
    const first = a.body.tickets[0];
    expect(first).toHaveProperty('description');
    expect(first).toHaveProperty('description_text');
    expect(first).not.toHaveProperty('tags');
    expect(first).not.toHaveProperty('sla_policy_id');
    expect(a.headers.get('link')).toBe(`<${h.fake.url}/api/v2/tickets?page=2>; rel="next"`);
  });

  test('list: per_page up to 100; 0, 101 and text are 400 invalid_value on per_page', async () => {
    const h = await startHarness();
    expect((await h.get('/api/v2/tickets?per_page=100')).body.tickets).toHaveLength(100);
    for (const bad of ['0', '101', 'ten']) {
      const a = await h.get(`/api/v2/tickets?per_page=${bad}`);
      expect(a.status).toBe(400);
      expect(a.body).toEqual({ description: 'Validation failed', errors: [{ field: 'per_page', message: 'It should be a Positive Integer less than or equal to 100', code: 'invalid_value' }] });
    }
  });

  test('list: following Link headers visits every ticket of the last 30 days exactly once, and the last page has no Link', async () => {
    const h = await startHarness();
    const seen: number[] = [];
    let path: string | undefined = '/api/v2/tickets?per_page=100&order_type=asc';
    let pages = 0;
    while (path) {
      const a = await h.get(path);
      seen.push(...a.body.tickets.map((t: any) => t.id));
      const link = a.headers.get('link');
      path = link ? /^<[^>]*?(\/api\/v2\/[^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
      pages += 1;
    }
    const expected = h.fake.store.tickets.list().filter((t) => !t.deleted && !t.spam && t.created_at >= h.clock.now() - 30 * DAY);
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect(seen).toEqual(expected.sort((a, b) => a.created_at - b.created_at).map((t) => t.id));
  });

  test('list: tickets older than 30 days appear only with updated_since', async () => {
    const h = await startHarness();
    const old = h.fake.store.tickets.list().filter((t) => t.created_at < h.clock.now() - 30 * DAY && !t.deleted && !t.spam);
    expect(old.length).toBeGreaterThan(0);
    const all = await h.get('/api/v2/tickets?per_page=100&page=1&updated_since=2026-09-01');
    const ids = new Set<number>(all.body.tickets.map((t: any) => t.id));
    for (let page = 2; all.body.tickets.length === 100 && page < 10; page += 1) {
      const next = await h.get(`/api/v2/tickets?per_page=100&page=${page}&updated_since=2026-09-01`);
      next.body.tickets.forEach((t: any) => ids.add(t.id));
      if (next.body.tickets.length < 100) break;
    }
    for (const t of old) expect(ids.has(t.id)).toBe(true);
    expect((await h.get('/api/v2/tickets?updated_since=yesterday')).body.errors[0]).toMatchObject({ field: 'updated_since', code: 'invalid_value' });
  });

  test('list: updated_since returns only tickets updated at or after it', async () => {
    const h = await startHarness();
    const since = h.clock.now() - 2 * DAY;
    const a = await h.get(`/api/v2/tickets?per_page=100&updated_since=${new Date(since).toISOString()}`);
    expect(a.body.tickets.length).toBeGreaterThan(0);
    for (const t of a.body.tickets) expect(Date.parse(t.updated_at)).toBeGreaterThanOrEqual(since);
  });

  test('list: requester_id, email and type narrow the list; an unknown email gives an empty list', async () => {
    const h = await startHarness();
    const sample = h.fake.store.tickets.list().find((t) => !t.deleted && !t.spam && t.created_at > h.clock.now() - 20 * DAY)!;
    const byId = await h.get(`/api/v2/tickets?requester_id=${sample.requester_id}`);
    expect(byId.body.tickets.map((t: any) => t.requester_id)).toContain(sample.requester_id);
    expect(new Set(byId.body.tickets.map((t: any) => t.requester_id))).toEqual(new Set([sample.requester_id]));
    const email = h.fake.store.requesters.get(sample.requester_id)!.primary_email;
    const byEmail = await h.get(`/api/v2/tickets?email=${encodeURIComponent(email)}`);
    expect(byEmail.body.tickets.map((t: any) => t.id)).toEqual(byId.body.tickets.map((t: any) => t.id));
    expect((await h.get('/api/v2/tickets?email=nobody%40nowhere.example')).body.tickets).toEqual([]);
    const requests = await h.get('/api/v2/tickets?type=Service+Request&per_page=100');
    expect(requests.body.tickets.length).toBeGreaterThan(0);
    expect(requests.body.tickets.every((t: any) => t.type === 'Service Request')).toBe(true);
  });

  test('list: filter=deleted and filter=spam show only those; the default hides them', async () => {
    const h = await startHarness();
    const victim = (await h.get('/api/v2/tickets?per_page=1')).body.tickets[0].id;
    expect((await h.api('DELETE', `/api/v2/tickets/${victim}`)).status).toBe(204);
    const deleted = await h.get('/api/v2/tickets?filter=deleted&per_page=100');
    expect(deleted.body.tickets.map((t: any) => t.id)).toContain(victim);
    expect(deleted.body.tickets.every((t: any) => t.deleted)).toBe(true);
    expect((await h.get('/api/v2/tickets?per_page=100')).body.tickets.map((t: any) => t.id)).not.toContain(victim);
    expect((await h.get('/api/v2/tickets?filter=spam&per_page=100')).body.tickets.every((t: any) => t.spam)).toBe(true);
    expect((await h.get('/api/v2/tickets?filter=everything')).body.errors[0].field).toBe('filter');
  });

  test('list: order_type=asc reverses the order; other values are 400', async () => {
    const h = await startHarness();
    const asc = await h.get('/api/v2/tickets?order_type=asc');
    const times = asc.body.tickets.map((t: any) => Date.parse(t.created_at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((await h.get('/api/v2/tickets?order_type=up')).status).toBe(400);
  });

  test('list: include=tags adds tags, include=requester and stats embed objects; unknown include is 400', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets?include=tags,requester,stats&per_page=5');
    expect(a.body.tickets[0]).toHaveProperty('tags');
    expect(a.body.tickets[0].requester).toEqual(expect.objectContaining({ id: a.body.tickets[0].requester_id, email: expect.any(String) }));
    expect(Object.keys(a.body.tickets[0].stats).sort()).toEqual(['closed_at', 'first_responded_at', 'resolved_at']);
    const bad = await h.get('/api/v2/tickets?include=conversations');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'include', code: 'invalid_value' });
  });

  test('list: an unknown query parameter is 400 invalid_field', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets?created_since=2026-01-01');
    expect(a.body).toEqual({ description: 'Validation failed', errors: [{ field: 'created_since', message: 'Unexpected/invalid field in request', code: 'invalid_field' }] });
  });
});

describe('tickets: view (reference §4.2, §4.3)', () => {
  test('view: the §4.2 fields, blank ones as null, custom_fields as an object, no tags by default', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets/1');
    expect(a.status).toBe(200);
    const t = a.body.ticket;
    for (const key of ['id', 'workspace_id', 'subject', 'description', 'description_text', 'requester_id', 'requested_for_id', 'responder_id', 'group_id',
      'department_id', 'email_config_id', 'status', 'priority', 'source', 'type', 'urgency', 'impact', 'category', 'sub_category', 'item_category',
      'due_by', 'fr_due_by', 'fr_escalated', 'is_escalated', 'spam', 'deleted', 'cc_emails', 'fwd_emails', 'reply_cc_emails', 'to_emails',
      'attachments', 'custom_fields', 'created_at', 'updated_at', 'resolution_notes', 'resolution_notes_html', 'sla_policy_id', 'approval_status']) {
      expect(t).toHaveProperty(key);
    }
    expect(t).not.toHaveProperty('tags');
    expect(t.item_category).toBeNull();
    expect(t.custom_fields).toHaveProperty('affected_site');
    expect(t.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('view: include= embeds conversations (≤ 10, oldest first), requester, requested_for, stats, tags and the rest', async () => {
    const h = await startHarness();
    const long = h.fake.store.tickets.list().find((t) => h.fake.store.conversations.list(t.id).length > 30)!;
    const a = await h.get(`/api/v2/tickets/${long.id}?include=conversations,requester,requested_for,stats,problem,assets,changes,related_tickets,tags`);
    const t = a.body.ticket;
    expect(t.conversations).toHaveLength(10);
    expect(t.conversations[0].id).toBe(h.fake.store.conversations.list(long.id)[0]!.id);
    expect(t.requester).toEqual({ id: long.requester_id, name: expect.any(String), email: expect.any(String), mobile: expect.toSatisfy((v) => v === null || typeof v === 'string'), phone: expect.toSatisfy((v) => v === null || typeof v === 'string') });
    expect(t.requested_for.id).toBe(long.requested_for_id);
    expect(t.tags).toEqual(long.tags);
    expect(t).toMatchObject({ problem: null, assets: [], changes: [], related_tickets: { parent_id: null, child_ids: [] } });
    expect(a.headers.get('x-ratelimit-used-currentrequest')).toBe('10');
  });

  test('view: an unknown id is 404 with an empty body', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets/424242');
    expect(a.status).toBe(404);
    expect(a.text).toBe('');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('99');
  });

  test('view: HTML and script in a description become plain description_text', async () => {
    const h = await startHarness();
    const t = h.fake.store.tickets.list().find((x) => x.description?.includes('<script>'))!;
    const a = await h.get(`/api/v2/tickets/${t.id}`);
    expect(a.body.ticket.description).toContain('<script>');
    expect(a.body.ticket.description_text).not.toContain('<');
    expect(a.body.ticket.description_text).not.toContain('xss');
  });
});

describe('tickets: create (reference §4.6)', () => {
  test('create: 201 with the ticket (tags included) and a Location header; ids are sequential', async () => {
    const h = await startHarness();
    const before = h.fake.store.tickets.size;
    const requester = h.fake.store.requesters.list()[3]!;
    const a = await h.api('POST', '/api/v2/tickets', {
      body: { subject: 'Monitor dead', description: '<p>It is <b>dead</b></p>', requester_id: requester.id, status: 2, priority: 3, tags: ['hw'], custom_fields: { hours_lost: 2 } },
    });
    expect(a.status).toBe(201);
    expect(a.body.ticket).toMatchObject({ id: before + 1, subject: 'Monitor dead', description_text: 'It is dead', status: 2, priority: 3, source: 2, type: 'Incident', tags: ['hw'], requester_id: requester.id });
    expect(a.body.ticket.custom_fields.hours_lost).toBe(2);
    expect(a.headers.get('location')).toBe(`${h.fake.url}/api/v2/tickets/${before + 1}`);
    expect(a.body.ticket.created_at).toBe(new Date(h.clock.now()).toISOString().replace('.000', ''));
  });

  test('create: an unknown email creates the requester', async () => {
    const h = await startHarness();
    const a = await h.api('POST', '/api/v2/tickets', { body: { email: 'new.person@corp.example', name: 'Névé Person', subject: 'Hello', status: 2, priority: 1 } });
    expect(a.status).toBe(201);
    const r = h.fake.store.requesters.get(a.body.ticket.requester_id);
    expect(r).toMatchObject({ first_name: 'Névé', last_name: 'Person', primary_email: 'new.person@corp.example' });
  });

  test('create: missing requester, status and priority are reported together as missing_field', async () => {
    const h = await startHarness();
    const a = await h.api('POST', '/api/v2/tickets', { body: { subject: 'x' } });
    expect(a.status).toBe(400);
    expect(a.body.description).toBe('Validation failed');
    expect(a.body.errors.map((e: any) => [e.field, e.code])).toEqual([['requester_id', 'missing_field'], ['status', 'missing_field'], ['priority', 'missing_field']]);
  });

  test('create: bad enum values are invalid_value with field details; wrong types datatype_mismatch', async () => {
    const h = await startHarness();
    const requester_id = h.fake.store.requesters.list()[0]!.id;
    const a = await h.api('POST', '/api/v2/tickets', { body: { requester_id, status: 9, priority: 'high', urgency: 4, source: 16, type: 'Problem', group_id: 123, category: 'Cooking' } });
    expect(a.body.errors).toEqual([
      { field: 'status', message: "It should be one of these values: '2,3,4,5'", code: 'invalid_value' },
      { field: 'priority', message: 'It should be a/an Integer', code: 'datatype_mismatch' },
      { field: 'urgency', message: "It should be one of these values: '1,2,3'", code: 'invalid_value' },
      { field: 'source', message: expect.stringContaining("'1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,18'"), code: 'invalid_value' },
      { field: 'type', message: "It should be one of these values: 'Incident,Service Request'", code: 'invalid_value' },
      { field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' },
      { field: 'category', message: expect.stringContaining('Hardware'), code: 'invalid_value' },
    ]);
    expect(h.fake.store.tickets.size).toBe(h.fake.store.tickets.list().length);
  });
});

describe('tickets: update (reference §4.7)', () => {
  test('update: partial; answers 200 with the whole ticket including tags', async () => {
    const h = await startHarness();
    const before = h.fake.store.tickets.get(7)!;
    await h.clock.advance(5_000);
    const a = await h.api('PUT', '/api/v2/tickets/7', { body: { priority: 4 } });
    expect(a.status).toBe(200);
    expect(a.body.ticket).toMatchObject({ id: 7, priority: 4, subject: before.subject, status: before.status, tags: before.tags });
    expect(Date.parse(a.body.ticket.updated_at)).toBe(h.clock.now());
  });

  test('update: tags replaces the whole list', async () => {
    const h = await startHarness();
    await h.api('PUT', '/api/v2/tickets/8', { body: { tags: ['a', 'b'] } });
    const a = await h.api('PUT', '/api/v2/tickets/8', { body: { tags: ['c'] } });
    expect(a.body.ticket.tags).toEqual(['c']);
    expect((await h.get('/api/v2/tickets/8?include=tags')).body.ticket.tags).toEqual(['c']);
    expect((await h.api('PUT', '/api/v2/tickets/8', { body: { tags: [] } })).body.ticket.tags).toEqual([]);
  });

  test('update: custom_fields merge by key', async () => {
    const h = await startHarness();
    await h.api('PUT', '/api/v2/tickets/9', { body: { custom_fields: { asset_tag: 'LT-1' } } });
    const a = await h.api('PUT', '/api/v2/tickets/9', { body: { custom_fields: { hours_lost: 3 } } });
    expect(a.body.ticket.custom_fields).toMatchObject({ asset_tag: 'LT-1', hours_lost: 3 });
    const bad = await h.api('PUT', '/api/v2/tickets/9', { body: { custom_fields: { colour: 'red', hours_lost: 'three' } } });
    expect(bad.body.errors).toEqual([
      { field: 'custom_fields.colour', message: 'Unexpected/invalid field in request', code: 'invalid_field' },
      { field: 'custom_fields.hours_lost', message: 'It should be a/an Number', code: 'datatype_mismatch' },
    ]);
  });

  test('update: unknown body fields are 400 invalid_field and nothing changes', async () => {
    const h = await startHarness();
    const before = h.fake.store.tickets.get(10)!;
    const a = await h.api('PUT', '/api/v2/tickets/10', { body: { priority: 4, colour: 'blue', description_text: 'x' } });
    expect(a.status).toBe(400);
    expect(a.body.errors).toEqual([
      { field: 'colour', message: 'Unexpected/invalid field in request', code: 'invalid_field' },
      { field: 'description_text', message: 'Unexpected/invalid field in request', code: 'invalid_field' },
    ]);
    expect(h.fake.store.tickets.get(10)).toEqual(before);
  });

  test('update: workspace_id is readonly_field; responder_id null unassigns', async () => {
    const h = await startHarness();
    expect((await h.api('PUT', '/api/v2/tickets/11', { body: { workspace_id: 3 } })).body.errors[0]).toMatchObject({ field: 'workspace_id', code: 'readonly_field' });
    expect((await h.api('PUT', '/api/v2/tickets/11', { body: { responder_id: null } })).body.ticket.responder_id).toBeNull();
  });

  test('update: sub_category must belong to the category', async () => {
    const h = await startHarness();
    const ok = await h.api('PUT', '/api/v2/tickets/12', { body: { category: 'Network', sub_category: 'VPN' } });
    expect(ok.status).toBe(200);
    const bad = await h.api('PUT', '/api/v2/tickets/12', { body: { sub_category: 'Laptop' } });
    expect(bad.body.errors[0]).toMatchObject({ field: 'sub_category', code: 'invalid_value' });
  });

  test('update: an unknown ticket is 404', async () => {
    const h = await startHarness();
    expect((await h.api('PUT', '/api/v2/tickets/99999', { body: { priority: 1 } })).status).toBe(404);
  });
});

describe('tickets: delete (reference §4.8)', () => {
  test('delete: 204 with no body; the ticket stays viewable as deleted; a second delete or an update is 404', async () => {
    const h = await startHarness();
    const a = await h.api('DELETE', '/api/v2/tickets/13');
    expect(a.status).toBe(204);
    expect(a.text).toBe('');
    expect((await h.get('/api/v2/tickets/13')).body.ticket.deleted).toBe(true);
    expect((await h.api('DELETE', '/api/v2/tickets/13')).status).toBe(404);
    expect((await h.api('PUT', '/api/v2/tickets/13', { body: { priority: 1 } })).status).toBe(404);
  });
});
