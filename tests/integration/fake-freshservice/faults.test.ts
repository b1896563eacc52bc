import { describe, expect, test } from 'vitest';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

async function statuses(h: Harness, n: number, path = '/api/v2/agents/me'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) out.push((await h.get(path)).status);
  return out;
}

describe('faults: server errors', () => {
  test('errors: rate 1 answers the chosen 5xx, charges credits and skips the handler', async () => {
    const h = await startHarness();
    h.fake.faults.set({ errors: { rate: 1, statuses: [503] } });
    const before = h.fake.store.tickets.get(1);
    const a = await h.api('PUT', '/api/v2/tickets/1', { body: { priority: 4 } });
    expect(a.status).toBe(503);
    expect(a.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('99');
    expect(h.fake.store.tickets.get(1)).toEqual(before);
    expect(h.fake.calls.at(-1)).toMatchObject({ status: 503, credits: 1, fault: 'error' });
    h.fake.faults.set({ errors: { rate: 1, statuses: [500] } });
    const b = await h.get('/api/v2/tickets/1');
    expect(b.body).toMatchObject({ code: 'internal_error' });
  });

  test('errors: a rate draws from the seeded PRNG, so the same seed fails the same requests', async () => {
    const runs: number[][] = [];
    for (let i = 0; i < 2; i += 1) {
      const h = await startHarness({ seed: 7, plan: 'enterprise' });
      h.fake.faults.set({ errors: { rate: 0.3 } });
      runs.push(await statuses(h, 200));
    }
    expect(runs[0]).toEqual(runs[1]);
    const failed = runs[0]!.filter((s) => s >= 500);
    expect(failed.length).toBeGreaterThan(40);
    expect(failed.length).toBeLessThan(80);
    expect(new Set(failed)).toEqual(new Set([500, 502, 503]));
  });

  test('errors: times limits the number of failures; path and method scope them', async () => {
    const h = await startHarness();
    h.fake.faults.set({ errors: { rate: 1, statuses: [502], times: 2, method: 'PUT', path: '/api/v2/tickets/' } });
    expect((await h.get('/api/v2/tickets/1')).status).toBe(200);
    const puts: number[] = [];
    for (let i = 0; i < 3; i += 1) puts.push((await h.api('PUT', '/api/v2/tickets/1', { body: { priority: 2 } })).status);
    expect(puts).toEqual([502, 502, 200]);
    h.fake.faults.set({ errors: { rate: 1, path: /\/conversations$/ } });
    expect((await h.get('/api/v2/tickets/1')).status).toBe(200);
    expect((await h.get('/api/v2/tickets/1/conversations')).status).toBeGreaterThanOrEqual(500);
    h.fake.faults.clear();
    expect((await h.get('/api/v2/tickets/1/conversations')).status).toBe(200);
  });

  test('faults: bad settings are rejected with the knob named', async () => {
    const h = await startHarness();
    expect(() => h.fake.faults.set({ errors: { rate: 2 } })).toThrow(/faults\.errors\.rate/);
    expect(() => h.fake.faults.set({ latency: { fixedMs: -1 } })).toThrow(/faults\.latency/);
    expect(() => h.fake.faults.set({ drops: { rate: 0.5, times: 1.5 } })).toThrow(/faults\.drops\.times/);
  });
});

describe('faults: latency in virtual time', () => {
  test('latency: an answer arrives only once the clock has moved past the delay', async () => {
    const h = await startHarness();
    h.fake.faults.set({ latency: { fixedMs: 1500 } });
    const start = h.clock.now();
    let done = false;
    const pending = h.get('/api/v2/tickets/1').then((a) => {
      done = true;
      return a;
    });
    await h.clock.advance(1000);
    expect(done).toBe(false);
    await h.clock.advance(500);
    expect(done).toBe(true);
    expect((await pending).status).toBe(200);
    expect(h.fake.calls.at(-1)).toMatchObject({ at: start + 1500, fault: 'latency' });
  });

  test('latency: jitter adds a seeded delay below jitterMs; concurrent requests wait in parallel', async () => {
    const h = await startHarness();
    h.fake.faults.set({ latency: { fixedMs: 200, jitterMs: 100 } });
    const start = h.clock.now();
    const answers = Promise.all([h.get('/api/v2/tickets/1'), h.get('/api/v2/tickets/2'), h.get('/api/v2/tickets/3')]);
    while (h.fake.calls.length < 3) await h.clock.runNext();
    expect((await answers).map((a) => a.status)).toEqual([200, 200, 200]);
    for (const c of h.fake.calls) {
      expect(c.at - start).toBeGreaterThanOrEqual(200);
      expect(c.at - start).toBeLessThan(300);
    }
  });

  test('latency: a delayed call lands in the minute it is handled in', async () => {
    const h = await startHarness();
    await h.clock.advance(59_000);
    h.fake.faults.set({ latency: { fixedMs: 2000 } });
    const pending = h.get('/api/v2/agents/me');
    await h.clock.advance(2000);
    await pending;
    expect(h.fake.stats.minutes().map((m) => m.window - Math.floor(h.clock.now() / 60_000))).toEqual([0]);
  });
});

describe('faults: dropped connections', () => {
  test("drops 'before': the socket dies before the API sees the request; nothing is charged or changed", async () => {
    const h = await startHarness();
    h.fake.faults.set({ drops: { rate: 1, times: 1 } });
    const before = h.fake.store.tickets.get(1);
    await expect(h.api('PUT', '/api/v2/tickets/1', { body: { priority: 4 } })).rejects.toThrow();
    expect(h.fake.store.tickets.get(1)).toEqual(before);
    expect(h.fake.calls.at(-1)).toMatchObject({ status: 0, credits: 0, fault: 'drop', endpoint: 'update_ticket', caller: 'admin' });
    const next = await h.get('/api/v2/agents/me');
    expect(next.status).toBe(200);
    expect(next.headers.get('x-ratelimit-remaining')).toBe('99');
  });

  test("drops 'after': the write happens and is charged, but the answer dies part-way", async () => {
    const h = await startHarness();
    h.fake.faults.set({ drops: { rate: 1, phase: 'after', times: 1 } });
    await expect(h.api('POST', '/api/v2/tickets/1/notes', { body: { body: 'posted once?' } })).rejects.toThrow();
    expect(h.fake.store.conversations.list(1).at(-1)?.body).toBe('posted once?');
    expect(h.fake.calls.at(-1)).toMatchObject({ status: 201, credits: 1, fault: 'drop' });
    expect((await h.get('/api/v2/agents/me')).headers.get('x-ratelimit-remaining')).toBe('98');
  });

  test('drops: an empty answer (204) is dropped whole', async () => {
    const h = await startHarness();
    h.fake.faults.set({ drops: { rate: 1, phase: 'after', method: 'DELETE' } });
    await expect(h.api('DELETE', '/api/v2/tickets/2')).rejects.toThrow();
    expect(h.fake.store.tickets.get(2)?.deleted).toBe(true);
    expect((await h.get('/api/v2/tickets/2')).status).toBe(200);
  });

  test('faults: the server keeps serving after a mix of every fault', async () => {
    const h = await startHarness({ plan: 'enterprise' });
    h.fake.faults.set({ errors: { rate: 0.2 }, drops: { rate: 0.1 }, latency: { fixedMs: 10, jitterMs: 5 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      const p = h.get('/api/v2/tickets/1').then((a) => String(a.status), () => 'dropped');
      await h.clock.advance(20);
      outcomes.push(await p);
    }
    expect(outcomes).toContain('200');
    expect(outcomes).toContain('dropped');
    expect(outcomes.some((o) => o.startsWith('5'))).toBe(true);
    h.fake.faults.clear();
    expect((await h.get('/api/v2/tickets/1')).status).toBe(200);
  });
});
