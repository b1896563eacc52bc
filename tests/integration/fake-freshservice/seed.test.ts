import { describe, expect, test } from 'vitest';
import { VirtualClock } from '../../../devkit/clock.ts';
import { fullName } from '../../../devkit/fake-freshservice/model.ts';
import { startHarness } from './harness.ts';

const DAY = 86_400_000;

describe('seed: the seeded account', () => {
  test('seed: counts of agents, groups, departments, requesters and tickets', async () => {
    const { fake, clock } = await startHarness();
    const s = fake.store;
    expect([s.agents.size, s.groups.size, s.departments.size, s.requesters.size]).toEqual([12, 8, 6, 150]);
    expect(s.tickets.size).toBeGreaterThanOrEqual(290);
    expect(s.tickets.size).toBeLessThanOrEqual(320);
    const recent = s.tickets.list().filter((t) => t.created_at >= clock.now() - 30 * DAY);
    expect(recent.length).toBeGreaterThanOrEqual(280);
    expect(s.tickets.list().every((t) => t.created_at <= clock.now() && t.updated_at >= t.created_at && t.updated_at <= clock.now())).toBe(true);
  });

  test('seed: ticket ids are 1..N in creation order; user, agent and group ids are 10–11 digits', async () => {
    const { fake } = await startHarness();
    const tickets = fake.store.tickets.list();
    expect(tickets.map((t) => t.id)).toEqual(tickets.map((_, i) => i + 1));
    expect(tickets.map((t) => t.created_at)).toEqual([...tickets.map((t) => t.created_at)].sort((a, b) => a - b));
    const big = [...fake.store.agents.list(), ...fake.store.requesters.list(), ...fake.store.groups.list(), ...fake.store.departments.list()].map((x) => x.id);
    expect(big.every((id) => /^\d{10,11}$/.test(String(id)) && Number.isSafeInteger(id))).toBe(true);
    expect(new Set(big).size).toBe(big.length);
  });

  test('seed: people with non-ASCII names, and one with no last name', async () => {
    const { fake } = await startHarness();
    const names = fake.store.requesters.list().map(fullName);
    for (const name of ['José Müller', '王芳', 'Zoë Martin', 'Łukasz Wiśniewski', "Siobhán O'Brien", 'Cher']) expect(names).toContain(name);
    expect(new Set(fake.store.requesters.list().map((r) => r.primary_email)).size).toBe(150);
  });

  test('seed: awkward subjects and descriptions: HTML, <script>, non-ASCII', async () => {
    const { fake } = await startHarness();
    const tickets = fake.store.tickets.list();
    expect(tickets.some((t) => t.subject?.includes('<script>'))).toBe(true);
    expect(tickets.some((t) => t.subject?.includes('<b>'))).toBe(true);
    expect(tickets.some((t) => /[\u4e00-\u9fff]/.test(t.subject ?? ''))).toBe(true);
    expect(tickets.some((t) => /[äöüß]/.test(t.subject ?? ''))).toBe(true);
    expect(tickets.every((t) => t.description?.startsWith('<div>'))).toBe(true);
  });

  test('seed: near-duplicate pairs from the same requester within hours', async () => {
    const { fake } = await startHarness();
    const tickets = fake.store.tickets.list();
    const pairs = [
      ['VPN disconnects every 10 minutes', 'VPN keeps disconnecting every 10 min'],
      ['Password reset for SAP', 'SAP password reset please'],
    ];
    for (const [a, b] of pairs) {
      const second = tickets.find((t) => t.subject === b)!;
      const first = tickets.find((t) => t.subject === a && t.requester_id === second.requester_id && t.created_at < second.created_at && second.created_at - t.created_at <= 6 * 3_600_000);
      expect(first, `${a} / ${b}`).toBeDefined();
    }
  });

  test('seed: a mix of statuses, priorities, sources, types, groups, assignees and conversations', async () => {
    const { fake } = await startHarness();
    const tickets = fake.store.tickets.list();
    expect(new Set(tickets.map((t) => t.status))).toEqual(new Set([2, 3, 4, 5]));
    expect(new Set(tickets.map((t) => t.priority))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(tickets.map((t) => t.type))).toEqual(new Set(['Incident', 'Service Request']));
    expect(new Set(tickets.map((t) => t.source)).size).toBeGreaterThan(3);
    expect(tickets.filter((t) => t.responder_id === null).length).toBeGreaterThan(10);
    expect(tickets.filter((t) => t.tags.length > 0).length).toBeGreaterThan(10);
    expect(tickets.filter((t) => fake.store.conversations.list(t.id).length > 0).length).toBeGreaterThan(50);
  });

  test('seed: the same seed and start time give the same account and keys; another seed differs', async () => {
    const start = Date.UTC(2026, 5, 1, 12, 0, 0);
    const a = await startHarness({ seed: 42, clock: new VirtualClock(start) });
    const b = await startHarness({ seed: 42, clock: new VirtualClock(start) });
    const c = await startHarness({ seed: 43, clock: new VirtualClock(start) });
    expect(b.fake.keys).toEqual(a.fake.keys);
    expect(b.fake.store.tickets.list()).toEqual(a.fake.store.tickets.list());
    expect(b.fake.store.requesters.list()).toEqual(a.fake.store.requesters.list());
    expect(c.fake.keys.admin).not.toBe(a.fake.keys.admin);
    expect(c.fake.store.tickets.list().map((t) => t.subject)).not.toEqual(a.fake.store.tickets.list().map((t) => t.subject));
    expect(new Set([a.fake.keys.admin, a.fake.keys.agent, a.fake.keys.restricted]).size).toBe(3);
  });

  test('seed: adminApiKey changes only the admin key', async () => {
    const a = await startHarness({ seed: 5 });
    const b = await startHarness({ seed: 5, adminApiKey: 'custom' });
    expect(b.fake.keys).toEqual({ ...a.fake.keys, admin: 'custom' });
  });

  test('seed: seedData false leaves only the agents who own the keys', async () => {
    const h = await startHarness({ seedData: false });
    expect([h.fake.store.tickets.size, h.fake.store.requesters.size, h.fake.store.groups.size]).toEqual([0, 0, 0]);
    expect((await h.get('/api/v2/agents/me', { key: h.fake.keys.agent })).status).toBe(200);
    expect((await h.get('/api/v2/tickets')).body).toEqual({ tickets: [] });
  });

  test('startFakeFreshservice: rejects a bad plan, port or admin key', async () => {
    await expect(startHarness({ plan: 'gold' as never })).rejects.toThrow(/plan to be one of starter, growth, pro, enterprise/);
    await expect(startHarness({ port: -1 })).rejects.toThrow(/port/);
    await expect(startHarness({ adminApiKey: 'has:colon' })).rejects.toThrow(/adminApiKey/);
  });
});
