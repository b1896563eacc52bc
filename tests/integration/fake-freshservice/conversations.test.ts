import { describe, expect, test } from 'vitest';
import { startHarness } from './harness.ts';

describe('notes (reference §5)', () => {
  test('notes: 201 {conversation}, private by default, notify_emails become to_emails, user is the key owner', async () => {
    const h = await startHarness();
    const a = await h.api('POST', '/api/v2/tickets/4/notes', { body: { body: '<p>Routed to <b>Network</b></p>', notify_emails: ['lead@corp.example'] } });
    expect(a.status).toBe(201);
    expect(a.body.conversation).toEqual({
      id: expect.any(Number), incoming: false, private: true, user_id: h.fake.keys.agentIds.admin, support_email: null,
      body: '<p>Routed to <b>Network</b></p>', body_text: 'Routed to Network', ticket_id: 4, to_emails: ['lead@corp.example'],
      attachments: [], created_at: expect.any(String), updated_at: expect.any(String),
    });
    expect(h.fake.store.conversations.list(4).at(-1)?.id).toBe(a.body.conversation.id);
  });

  test('notes: private:false makes a public note; user_id must be a known user', async () => {
    const h = await startHarness();
    expect((await h.api('POST', '/api/v2/tickets/4/notes', { body: { body: 'x', private: false } })).body.conversation.private).toBe(false);
    const bad = await h.api('POST', '/api/v2/tickets/4/notes', { body: { body: 'x', user_id: 5 } });
    expect(bad.body.errors[0]).toMatchObject({ field: 'user_id', code: 'invalid_value' });
  });

  test('notes: missing body, wrong types and unknown fields are 400 together', async () => {
    const h = await startHarness();
    const a = await h.api('POST', '/api/v2/tickets/4/notes', { body: { private: 'yes', notify_emails: ['not-an-email'], colour: 'red' } });
    expect(a.status).toBe(400);
    expect(a.body.errors.map((e: any) => [e.field, e.code])).toEqual([
      ['private', 'datatype_mismatch'], ['notify_emails', 'invalid_value'], ['colour', 'invalid_field'], ['body', 'missing_field'],
    ]);
  });

  test('notes: an unknown or deleted ticket is 404', async () => {
    const h = await startHarness();
    expect((await h.api('POST', '/api/v2/tickets/99999/notes', { body: { body: 'x' } })).status).toBe(404);
    await h.api('DELETE', '/api/v2/tickets/5');
    expect((await h.api('POST', '/api/v2/tickets/5/notes', { body: { body: 'x' } })).status).toBe(404);
  });
});

describe('replies (reference §5)', () => {
  test('reply: 201 {conversation} to the requester from the support address', async () => {
    const h = await startHarness();
    const t = h.fake.store.tickets.get(6)!;
    const a = await h.api('POST', '/api/v2/tickets/6/reply', { body: { body: 'On it', cc_emails: ['boss@corp.example'] } });
    expect(a.status).toBe(201);
    expect(a.body.conversation).toMatchObject({ ticket_id: 6, body_text: 'On it', cc_emails: ['boss@corp.example'], bcc_emails: [], to_emails: [h.fake.store.requesters.get(t.requester_id)!.primary_email] });
    expect(a.body.conversation.from_email).toMatch(/^support@/);
    expect(a.body.conversation).not.toHaveProperty('private');
  });
});

describe('conversations: list (reference §5)', () => {
  test('conversations: 30 per page oldest first with Link; per_page up to 100', async () => {
    const h = await startHarness();
    const long = h.fake.store.tickets.list().find((t) => h.fake.store.conversations.list(t.id).length > 30)!;
    const all = h.fake.store.conversations.list(long.id);
    const first = await h.get(`/api/v2/tickets/${long.id}/conversations`);
    expect(first.body.conversations).toHaveLength(30);
    expect(first.headers.get('link')).toBe(`<${h.fake.url}/api/v2/tickets/${long.id}/conversations?page=2>; rel="next"`);
    const second = await h.get(`/api/v2/tickets/${long.id}/conversations?page=2`);
    expect([...first.body.conversations, ...second.body.conversations].map((c: any) => c.id)).toEqual(all.map((c) => c.id));
    expect(second.headers.get('link')).toBeNull();
    expect(first.body.conversations[0]).toHaveProperty('source');
    expect((await h.get(`/api/v2/tickets/${long.id}/conversations?per_page=100`)).body.conversations).toHaveLength(all.length);
    expect((await h.get(`/api/v2/tickets/${long.id}/conversations?per_page=101`)).status).toBe(400);
    expect((await h.get('/api/v2/tickets/99999/conversations')).status).toBe(404);
  });
});
