/**
 * The promise under load (issue: budget-aware client): a storm of tickets in one minute on a
 * Starter account whose other integrations spend 40% of the budget finishes with every ticket
 * processed exactly once, no 429 for anyone and no limit exceeded. `npm run bench` measures the
 * same storms in detail; this test guards the outcome.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../../devkit/harness/index.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const SUBJECTS = [
  'VPN drops again', 'Printer jammed on floor 2', 'Laptop will not boot', 'Outlook password prompt',
  'Need access to the finance share', 'Monitor flickers', 'Tunnel to datacenter is slow', 'New starter needs a laptop',
];

async function storm(h: Harness, tickets: number): Promise<number[]> {
  const requesters = h.fake.store.requesters.list();
  const ids: number[] = [];
  for (let i = 0; i < tickets; i += 1) {
    await h.clock.advance(60_000 / tickets);
    const requester = requesters[(i * 7) % requesters.length];
    if (requester === undefined) throw new Error('no requesters');
    const subject = `${SUBJECTS[i % SUBJECTS.length]} #${i}`;
    ids.push(h.createTicket({ subject, requester_id: requester.id, description: i % 3 === 0 ? 'I am working from home.' : 'At the office.' }).id);
  }
  await h.settle();
  return ids;
}

function unfinished(h: Harness, ids: readonly number[]): number[] {
  return ids.filter((id) => {
    const o = h.outcome(id);
    return o === null || o.state === 'partial';
  });
}

async function runUntilDone(h: Harness, ids: readonly number[], maxMinutes: number): Promise<number> {
  let minutes = 0;
  while (unfinished(h, ids).length > 0 && minutes < maxMinutes) {
    await h.minutes(1);
    minutes += 1;
  }
  return minutes;
}

function perTicket(calls: Array<{ method: string; path: string; status: number }>, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const id = pattern.exec(c.path)?.[1];
    if (id !== undefined && c.status < 300) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function expectWithinLimits(h: Harness): void {
  const minutes = h.fake.stats.minutes();
  expect(minutes.reduce((n, m) => n + (m.rateLimited.admin ?? 0), 0), '429s the app received').toBe(0);
  expect(minutes.reduce((n, m) => n + (m.rateLimited.others ?? 0), 0), '429s other integrations received').toBe(0);
  expect(h.fake.stats.peakPerMinute('overall', 'admin'), "the app's credits per minute").toBeLessThanOrEqual(50);
  expect(h.fake.stats.peakPerMinute('overall'), 'account credits per minute').toBeLessThanOrEqual(100);
  expect(h.fake.stats.peakPerMinute('update_ticket'), 'ticket updates per minute').toBeLessThanOrEqual(50);
  expect(h.rt.stats.templates.peak, "FDK's 50 template calls a minute").toBeLessThanOrEqual(50);
  expect(h.rt.stats.templates.refused).toBe(0);
  // $db: 50 a minute per installation; the app leaves at least 10 for agents' sidebars.
  expect(h.rt.stats.db.peak).toBeLessThanOrEqual(40);
  expect(h.rt.stats.db.refused).toBe(0);
  expect(h.rt.stats.schedules.peak).toBeLessThanOrEqual(10);
}

function expectExactlyOnce(h: Harness, ids: readonly number[]): void {
  const puts = perTicket(h.appCalls('PUT'), /\/tickets\/(\d+)$/);
  const notes = perTicket(h.appCalls('POST'), /\/tickets\/(\d+)\/notes$/);
  expect([...puts.values()].every((n) => n === 1), 'one update per ticket').toBe(true);
  expect([...notes.values()].every((n) => n === 1), 'one note per ticket').toBe(true);
  for (const id of ids) expect(h.appNotes(id).length).toBeLessThanOrEqual(1);
}

describe('storms on a Starter account with other integrations at 40%', () => {
  for (const tickets of [300, 2000]) {
    test(`${tickets} tickets in a minute: all processed once, no 429, no limit exceeded`, async () => {
      h = await startHarness({ plan: 'starter' });
      await h.minutes(6);
      h.fake.background.start({ callsPerMinute: 40 });
      const ids = await storm(h, tickets);
      await runUntilDone(h, ids, tickets === 300 ? 30 : 120);
      h.fake.background.stop();
      expect(unfinished(h, ids)).toEqual([]);
      expectWithinLimits(h);
      expectExactlyOnce(h, ids);
    }, 600_000);
  }
});

describe('a revoked API key', () => {
  test('stops spending within one call, shows in health, and resumes once the key works again', async () => {
    h = await startHarness({ plan: 'starter' });
    await h.minutes(6);
    h.fake.revokeKey(h.apiKey);
    const first = h.createTicket({ subject: 'VPN is down for me' });
    await h.settle();
    const rejected = h.appCalls().filter((c) => c.status === 401);
    expect(rejected).toHaveLength(1);
    const more = [h.createTicket({ subject: 'Tunnel broken' }), h.createTicket({ subject: 'VPN again' })];
    await h.minutes(3);
    expect(h.appCalls().filter((c) => c.status === 401)).toHaveLength(1);
    const insights = await h.rt.invokeServerMethod('getTicketInsights', { ticket_id: first.id });
    const health = (insights.response as { health: { key: string; lastError: { message: string; hint: string } | null } }).health;
    expect(health.key).toBe('rejected');
    expect(health.lastError?.message).toBe('Freshservice rejected the API key (401). An admin should update it in the app settings.');
    h.fake.restoreKey(h.apiKey);
    await h.minutes(12);
    expect(unfinished(h, [first.id, ...more.map((t) => t.id)])).toEqual([]);
    expect(h.appNotes(first.id)).toHaveLength(1);
  }, 120_000);
});
