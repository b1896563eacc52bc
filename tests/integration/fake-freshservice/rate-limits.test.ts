import { describe, expect, test } from 'vitest';
import { PLAN_LIMITS } from '../../../devkit/fake-freshservice/index.ts';
import { burst, remaining, startHarness } from './harness.ts';

describe('rate limits: overall account limit', () => {
  test('starter: the 101st call within a minute is answered 429', async () => {
    const h = await startHarness({ plan: 'starter' });
    const answers = await burst(h, 100, '/api/v2/agents/me');
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const over = await h.get('/api/v2/agents/me');
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(over.body).toMatchObject({ code: 'rate_limit_exceeded', limit: 'overall' });
    expect(over.body.message).toContain('100 calls per minute on the starter plan');
  });

  test('headers: X-RateLimit-Total/Remaining/Used-CurrentRequest count down on every answer', async () => {
    const h = await startHarness({ plan: 'growth' });
    const answers = await burst(h, 3, '/api/v2/groups');
    expect(answers.map((a) => a.headers.get('x-ratelimit-total'))).toEqual(['200', '200', '200']);
    expect(answers.map(remaining)).toEqual([199, 198, 197]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-used-currentrequest'))).toEqual(['1', '1', '1']);
    expect(answers[0]?.headers.get('retry-after')).toBeNull();
  });

  test('plans: each plan reports its own per-minute total', async () => {
    for (const plan of ['starter', 'growth', 'pro', 'enterprise'] as const) {
      const h = await startHarness({ plan });
      const a = await h.get('/api/v2/agents/me');
      expect(Number(a.headers.get('x-ratelimit-total'))).toBe(PLAN_LIMITS[plan].overall);
    }
  });

  test('Retry-After: whole seconds until the minute window ends, at least 1', async () => {
    const h = await startHarness();
    await h.clock.advance(20_500);
    await burst(h, 100, '/api/v2/agents/me');
    const over = await h.get('/api/v2/agents/me');
    expect(over.headers.get('retry-after')).toBe('40');
    expect(h.fake.calls.at(-1)).toMatchObject({ status: 429, retryAfter: 40, credits: 0, limit: 'overall' });
    await h.clock.advance(39_200);
    expect((await h.get('/api/v2/agents/me')).headers.get('retry-after')).toBe('1');
  });

  test('window: the budget resets when the clock enters the next minute', async () => {
    const h = await startHarness();
    await burst(h, 100, '/api/v2/agents/me');
    expect((await h.get('/api/v2/agents/me')).status).toBe(429);
    await h.clock.advance(60_000);
    const fresh = await h.get('/api/v2/agents/me');
    expect(fresh.status).toBe(200);
    expect(remaining(fresh)).toBe(99);
  });

  test('429: a refused call consumes nothing, so Remaining stays at 0 and X-RateLimit-Used-CurrentRequest is 0', async () => {
    const h = await startHarness();
    await burst(h, 100, '/api/v2/agents/me');
    const refused = await burst(h, 5, '/api/v2/agents/me');
    expect(refused.map((a) => a.status)).toEqual([429, 429, 429, 429, 429]);
    expect(refused.map(remaining)).toEqual([0, 0, 0, 0, 0]);
    expect(refused[0]?.headers.get('x-ratelimit-used-currentrequest')).toBe('0');
    expect(h.fake.stats.minuteAt(h.clock.now())).toMatchObject({ credits: 100, calls: 105, rateLimited: { admin: 5 } });
  });

  test('failed calls: 401, 404, 405 and 400 answers all count toward the limit', async () => {
    const h = await startHarness();
    expect((await h.get('/api/v2/agents/me', { key: 'not-a-key' })).status).toBe(401);
    expect((await h.get('/api/v2/tickets/99999')).status).toBe(404);
    expect((await h.api('PATCH', '/api/v2/tickets')).status).toBe(405);
    const bad = await h.get('/api/v2/tickets?per_page=500');
    expect(bad.status).toBe(400);
    expect(remaining(bad)).toBe(96);
    expect(bad.headers.get('x-ratelimit-used-currentrequest')).toBe('1');
  });

  test('setPlan: a higher plan takes effect in the current minute', async () => {
    const h = await startHarness({ plan: 'starter' });
    await burst(h, 100, '/api/v2/agents/me');
    h.fake.setPlan('growth');
    const a = await h.get('/api/v2/agents/me');
    expect(a.status).toBe(200);
    expect(a.headers.get('x-ratelimit-total')).toBe('200');
    expect(remaining(a)).toBe(99);
  });
});

describe('rate limits: sub-limits (reference §2.2)', () => {
  test('starter: the 41st ticket list within a minute is answered 429 while other calls still pass', async () => {
    const h = await startHarness({ plan: 'starter' });
    const lists = await burst(h, 40, '/api/v2/tickets?per_page=1');
    expect(lists.every((a) => a.status === 200)).toBe(true);
    const over = await h.get('/api/v2/tickets?per_page=1');
    expect(over.status).toBe(429);
    expect(over.body.limit).toBe('list_tickets');
    expect(over.body.message).toContain('"List All Tickets" allows 40 calls per minute');
    expect(remaining(over)).toBe(60);
    expect((await h.get('/api/v2/tickets/1')).status).toBe(200);
  });

  test('view ticket: the 51st view within a minute is answered 429 on starter', async () => {
    const h = await startHarness();
    expect((await burst(h, 50, '/api/v2/tickets/2')).every((a) => a.status === 200)).toBe(true);
    expect((await h.get('/api/v2/tickets/2')).body.limit).toBe('view_ticket');
  });

  test('update ticket: the 51st update within a minute is answered 429 on starter', async () => {
    const h = await startHarness();
    for (let i = 0; i < 50; i += 1) expect((await h.api('PUT', '/api/v2/tickets/3', { body: { priority: 1 + (i % 4) } })).status).toBe(200);
    const over = await h.api('PUT', '/api/v2/tickets/3', { body: { priority: 2 } });
    expect(over.status).toBe(429);
    expect(over.body.limit).toBe('update_ticket');
  });

  test('list requesters and list agents have their own sub-limits (40 on starter)', async () => {
    const h = await startHarness();
    await burst(h, 40, '/api/v2/requesters?per_page=1');
    expect((await h.get('/api/v2/requesters?per_page=1')).body.limit).toBe('list_requesters');
    await h.clock.advance(60_000);
    await burst(h, 40, '/api/v2/agents?per_page=1');
    expect((await h.get('/api/v2/agents?per_page=1')).body.limit).toBe('list_agents');
  });

  test('filter, conversations, requesters/{id} and groups have no sub-limit', async () => {
    const h = await startHarness();
    const mixed = [
      ...(await burst(h, 45, '/api/v2/tickets/filter?query="status:2"')),
      ...(await burst(h, 45, '/api/v2/tickets/1/conversations')),
    ];
    expect(mixed.every((a) => a.status === 200)).toBe(true);
  });
});

describe('rate limits: include= credits (reference §2.1)', () => {
  test('view: +1 credit per embedded resource', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets/1?include=conversations,requester');
    expect(a.headers.get('x-ratelimit-used-currentrequest')).toBe('3');
    expect(remaining(a)).toBe(97);
  });

  test('list: +2 credits per include', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets?include=stats');
    expect(a.headers.get('x-ratelimit-used-currentrequest')).toBe('3');
    const b = await h.get('/api/v2/tickets?include=stats,requester,tags');
    expect(b.headers.get('x-ratelimit-used-currentrequest')).toBe('7');
    expect(remaining(b)).toBe(90);
  });

  test('credits: a call whose credits do not fit what is left is refused', async () => {
    const h = await startHarness();
    await burst(h, 98, '/api/v2/agents/me');
    const a = await h.get('/api/v2/tickets?include=stats');
    expect(a.status).toBe(429);
    expect((await h.get('/api/v2/agents/me')).status).toBe(200);
  });

  test('credits: includes count against the sub-limit too', async () => {
    const h = await startHarness();
    const answers = await burst(h, 14, '/api/v2/tickets?per_page=1&include=stats');
    expect(answers.slice(0, 13).every((a) => a.status === 200)).toBe(true);
    expect(answers[13]?.body.limit).toBe('list_tickets');
  });
});

describe('rate limits: statistics', () => {
  test('stats: per-minute credits, sub-limit use, callers and peaks', async () => {
    const h = await startHarness();
    await burst(h, 3, '/api/v2/tickets?include=stats');
    await burst(h, 2, '/api/v2/agents/me', { key: h.fake.keys.agent });
    await h.clock.advance(60_000);
    await burst(h, 4, '/api/v2/tickets/1');
    const [first, second] = h.fake.stats.minutes();
    expect(first).toMatchObject({ credits: 11, calls: 5, byCaller: { admin: 9, agent: 2 } });
    expect(first?.sub.list_tickets).toBe(9);
    expect(second?.sub.view_ticket).toBe(4);
    expect(h.fake.stats.peakPerMinute()).toBe(11);
    expect(h.fake.stats.peakPerMinute('view_ticket')).toBe(4);
    expect(h.fake.stats.peakPerMinute('overall', 'agent')).toBe(2);
  });

  test('calls: every request is logged with caller, endpoint class, status and credits', async () => {
    const h = await startHarness();
    await h.get('/api/v2/tickets/5?include=stats', { key: h.fake.keys.restricted });
    await h.get('/api/v2/tickets/5', { key: null });
    expect(h.fake.calls).toEqual([
      { at: h.clock.now(), method: 'GET', path: '/api/v2/tickets/5', query: { include: 'stats' }, status: 200, credits: 2, caller: 'restricted', endpoint: 'view_ticket' },
      { at: h.clock.now(), method: 'GET', path: '/api/v2/tickets/5', query: {}, status: 401, credits: 1, caller: 'unknown', endpoint: 'view_ticket' },
    ]);
  });
});
