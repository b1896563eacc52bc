import { describe, expect, test } from 'vitest';
import { startHarness } from './harness.ts';

const UNAUTHORIZED = { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' };
const FORBIDDEN = { code: 'access_denied', message: 'You are not authorized to perform this action.' };

describe('auth: HTTP Basic with the API key as username (reference §1)', () => {
  test('auth: any password is accepted with a valid key', async () => {
    const h = await startHarness();
    for (const password of ['X', 'anything', '']) {
      const header = `Basic ${Buffer.from(`${h.fake.keys.agent}:${password}`).toString('base64')}`;
      expect((await h.get('/api/v2/agents/me', { key: null, headers: { Authorization: header } })).status).toBe(200);
    }
  });

  test('auth: a missing, unknown or malformed Authorization header is 401 invalid_credentials', async () => {
    const h = await startHarness();
    const answers = [
      await h.get('/api/v2/tickets', { key: null }),
      await h.get('/api/v2/tickets', { key: 'wrong-key' }),
      await h.get('/api/v2/tickets', { key: null, headers: { Authorization: `Bearer ${h.fake.keys.admin}` } }),
      await h.get('/api/v2/tickets', { key: null, headers: { Authorization: `Basic ${h.fake.keys.admin}` } }),
      await h.get('/api/v2/tickets', { key: 'priya.raman@corp.example' }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body).toEqual(UNAUTHORIZED);
      expect(a.headers.get('x-ratelimit-used-currentrequest')).toBe('1');
    }
  });

  test('auth: a key revoked mid-run answers 401 from then on, and works again once restored', async () => {
    const h = await startHarness();
    expect((await h.get('/api/v2/agents/me', { key: h.fake.keys.agent })).status).toBe(200);
    h.fake.revokeKey(h.fake.keys.agent);
    const revoked = await h.get('/api/v2/agents/me', { key: h.fake.keys.agent });
    expect(revoked.status).toBe(401);
    expect(h.fake.calls.at(-1)?.caller).toBe('agent');
    expect((await h.get('/api/v2/agents/me')).status).toBe(200);
    h.fake.restoreKey(h.fake.keys.agent);
    expect((await h.get('/api/v2/agents/me', { key: h.fake.keys.agent })).status).toBe(200);
    expect(() => h.fake.revokeKey('nope')).toThrow(/no such API key/);
  });

  test('auth: adminApiKey replaces the generated admin key', async () => {
    const h = await startHarness({ adminApiKey: 'my-own-admin-key' });
    expect(h.fake.keys.admin).toBe('my-own-admin-key');
    expect((await h.get('/api/v2/agents/me', { key: 'my-own-admin-key' })).body.agent.id).toBe(h.fake.keys.agentIds.admin);
  });
});

describe('auth: permissions follow the agent role (reference §1, COMM403)', () => {
  test('/agents/me: every key gets its own agent', async () => {
    const h = await startHarness();
    for (const role of ['admin', 'agent', 'restricted'] as const) {
      const a = await h.get('/api/v2/agents/me', { key: h.fake.keys[role] });
      expect(a.status).toBe(200);
      expect(a.body.agent.id).toBe(h.fake.keys.agentIds[role]);
    }
  });

  test('/agents/{id} and /agents: admin only; agent and restricted keys get 403 access_denied', async () => {
    const h = await startHarness();
    const id = h.fake.keys.agentIds.agent;
    expect((await h.get(`/api/v2/agents/${id}`)).status).toBe(200);
    for (const key of [h.fake.keys.agent, h.fake.keys.restricted]) {
      const a = await h.get(`/api/v2/agents/${id}`, { key });
      expect(a.status).toBe(403);
      expect(a.body).toEqual(FORBIDDEN);
      expect((await h.get('/api/v2/agents', { key })).status).toBe(403);
    }
  });

  test('restricted: reads work, every write is 403 and changes nothing', async () => {
    const h = await startHarness();
    const key = h.fake.keys.restricted;
    expect((await h.get('/api/v2/tickets/1', { key })).status).toBe(200);
    expect((await h.get('/api/v2/tickets?per_page=1', { key })).status).toBe(200);
    expect((await h.get('/api/v2/tickets/filter?query="status:2"', { key })).status).toBe(200);
    const before = h.fake.store.tickets.get(1);
    const notes = h.fake.store.conversations.list(1).length;
    const writes = [
      await h.api('PUT', '/api/v2/tickets/1', { key, body: { priority: 4 } }),
      await h.api('POST', '/api/v2/tickets/1/notes', { key, body: { body: 'hi' } }),
      await h.api('POST', '/api/v2/tickets/1/reply', { key, body: { body: 'hi' } }),
      await h.api('POST', '/api/v2/tickets', { key, body: { email: 'a@b.example', status: 2, priority: 1 } }),
      await h.api('DELETE', '/api/v2/tickets/1', { key }),
    ];
    for (const a of writes) expect([a.status, a.body]).toEqual([403, FORBIDDEN]);
    expect(h.fake.store.tickets.get(1)).toEqual(before);
    expect(h.fake.store.conversations.list(1)).toHaveLength(notes);
  });

  test('agent: can write tickets and notes', async () => {
    const h = await startHarness();
    const key = h.fake.keys.agent;
    expect((await h.api('PUT', '/api/v2/tickets/2', { key, body: { priority: 4 } })).status).toBe(200);
    expect((await h.api('POST', '/api/v2/tickets/2/notes', { key, body: { body: 'hi' } })).body.conversation.user_id).toBe(h.fake.keys.agentIds.agent);
  });
});
