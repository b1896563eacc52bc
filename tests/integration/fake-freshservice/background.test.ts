import { describe, expect, test } from 'vitest';
import { burst, remaining, startHarness } from './harness.ts';

describe('background: traffic from other integrations', () => {
  test('background: spends the configured calls per minute, evenly spaced on the clock', async () => {
    const h = await startHarness();
    const start = h.clock.now();
    h.fake.background.start({ callsPerMinute: 30 });
    await h.clock.advance(3 * 60_000);
    const others = h.fake.calls.filter((c) => c.caller === 'others');
    expect(others).toHaveLength(90);
    expect(others.slice(0, 3).map((c) => c.at - start)).toEqual([1000, 3000, 5000]);
    const gaps = others.slice(1).map((c, i) => c.at - others[i]!.at);
    expect(new Set(gaps)).toEqual(new Set([2000]));
    expect(h.fake.stats.minutes().map((m) => m.byCaller.others)).toEqual([30, 30, 30]);
    expect(others.every((c) => c.status === 200)).toBe(true);
  });

  test('background: the default mix is 40% view, 20% list, 20% update, 20% lookups, in every minute', async () => {
    const h = await startHarness({ plan: 'pro' });
    h.fake.background.start({ callsPerMinute: 100 });
    await h.clock.advance(60_000);
    expect(h.fake.background.report.byKind).toEqual({ view_ticket: 40, list_tickets: 20, update_ticket: 20, lookups: 20 });
    const minute = h.fake.stats.minutes()[0]!;
    expect(minute.sub).toMatchObject({ view_ticket: 40, list_tickets: 20, update_ticket: 20 });
    const lookups = h.fake.calls.filter((c) => c.caller === 'others' && ['view_requester', 'view_agent', 'list_groups'].includes(c.endpoint));
    expect(lookups).toHaveLength(20);
    expect(lookups.every((c) => c.status === 200)).toBe(true);
  });

  test('background: a custom mix is honoured', async () => {
    const h = await startHarness();
    h.fake.background.start({ callsPerMinute: 10, mix: { list_tickets: 1 } });
    await h.clock.advance(60_000);
    expect(h.fake.background.report.byKind).toEqual({ view_ticket: 0, list_tickets: 10, update_ticket: 0, lookups: 0 });
  });

  test('background: shares the account budget with the app, which sees a smaller Remaining', async () => {
    const h = await startHarness();
    h.fake.background.start({ callsPerMinute: 40 });
    await h.clock.advance(30_000);
    const a = await h.get('/api/v2/agents/me');
    expect(remaining(a)).toBe(100 - 20 - 1);
  });

  test('background: records the 429s the other integrations receive when the app has spent the budget', async () => {
    const h = await startHarness();
    h.fake.background.start({ callsPerMinute: 60 });
    const app = await burst(h, 100, '/api/v2/agents/me');
    expect(app.every((x) => x.status === 200)).toBe(true);
    await h.clock.advance(60_000);
    expect(h.fake.background.report.rateLimited).toBe(60);
    expect(h.fake.stats.rateLimited('others')).toBe(60);
    expect(h.fake.stats.rateLimited('admin')).toBe(0);
    await h.clock.advance(60_000);
    expect(h.fake.background.report).toMatchObject({ sent: 120, rateLimited: 60, byStatus: { 200: 60, 429: 60 } });
  });

  test('background: its updates write a custom field and fire no ticket events', async () => {
    const h = await startHarness();
    const events: unknown[] = [];
    h.fake.events.on('*', (e) => events.push(e));
    h.fake.background.start({ callsPerMinute: 20, mix: { update_ticket: 1 } });
    await h.clock.advance(60_000);
    expect(h.fake.background.report.byStatus).toEqual({ 200: 20 });
    expect(events).toEqual([]);
    expect(h.fake.store.tickets.list().filter((t) => String(t.custom_fields['external_ref'] ?? '').startsWith('SYNC-')).length).toBeGreaterThan(0);
  });

  test('background: stop() ends the traffic; start() validates its options', async () => {
    const h = await startHarness();
    h.fake.background.start({ callsPerMinute: 6 });
    await h.clock.advance(60_000);
    h.fake.background.stop();
    expect(h.fake.background.running).toBe(false);
    await h.clock.advance(60_000);
    expect(h.fake.background.report.sent).toBe(6);
    expect(h.clock.pendingTimers).toBe(0);
    expect(() => h.fake.background.start({ callsPerMinute: 0 })).toThrow(/callsPerMinute/);
    expect(() => h.fake.background.start({ callsPerMinute: 5, mix: { view_ticket: 0 } })).toThrow(/mix weights/);
  });

  test('background: started mid-minute, it uses the remaining slots of that minute', async () => {
    const h = await startHarness();
    await h.clock.advance(30_000);
    h.fake.background.start({ callsPerMinute: 10 });
    await h.clock.advance(30_000);
    expect(h.fake.background.report.sent).toBe(5);
  });
});
