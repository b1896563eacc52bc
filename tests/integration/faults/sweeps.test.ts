/**
 * Triage on a bad day: tickets deferred to sweeps while requests fail, answers get lost, a sweep
 * runs out of time, and inline handlers are still at work when the burst's first sweep starts.
 * Every created ticket must end with exactly its planned update and note.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { SoakDriver } from '../../../devkit/soak/driver.ts';
import { generateSoakWorkload } from '../../../devkit/soak/workload.ts';
import type { World } from '../../../devkit/soak/world.ts';
import { burst, expectExactlyOnce, faultWorld, makeTicket, plannedFor, runUntilDone, verdict, type Made } from './helpers.ts';

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

async function warm(): Promise<World> {
  w = await faultWorld();
  await w.minutes(6);
  await w.nextMinute(2000);
  return w;
}

describe('bursts', () => {
  test('the sweep a burst starts at once leaves tickets that inline handlers are still processing alone', async () => {
    // Ten tickets at the same instant: six take the inline slots, the rest defer and the first of
    // them sweeps at once, while the six are still writing.
    const w = await warm();
    const made = burst(w, 10, 1);
    await w.settle();
    await runUntilDone(w, made.map((m) => m.id));
    expectExactlyOnce(verdict(w, made.map(plannedFor)));
  });

  test('bursts under 20% server errors, dropped connections both ways and a slow call', async () => {
    const w = await warm();
    w.fake.faults.set({ errors: { rate: 0.2 }, drops: { rate: 0.1, phase: 'after' }, latency: { fixedMs: 13_500, method: 'PUT', times: 1 } });
    const made: Made[] = [];
    for (let round = 0; round < 3; round += 1) {
      made.push(...burst(w, 12, round * 100));
      await w.settle();
      w.fake.faults.set({ drops: { rate: 0.1, phase: round % 2 === 0 ? 'before' : 'after' } });
      await w.minutes(1);
    }
    await runUntilDone(w, made.map((m) => m.id), 30);
    w.fake.faults.clear();
    await runUntilDone(w, made.map((m) => m.id), 10);
    expect(w.fake.calls.filter((c) => c.fault === 'error').length).toBeGreaterThan(3);
    expect(w.fake.calls.filter((c) => c.fault === 'drop').length).toBeGreaterThan(1);
    expectExactlyOnce(verdict(w, made.map(plannedFor)));
  });
});

describe('sweeps that stop part-way', () => {
  test('a sweep out of time does not forget that a note may already be posted', async () => {
    const w = await warm();
    const made = burst(w, 10, 1);
    // The last ticket of the burst is deferred; its note is posted by the burst's first sweep, but
    // the answer is lost, so the app only knows it may exist.
    const target = made.at(-1) as Made;
    expect(target.kind).toBe('change');
    const noteTicket = made.filter((m) => m.kind === 'note').at(-1) as Made;
    w.fake.faults.set({ drops: { rate: 1, phase: 'after', method: 'POST', path: `/api/v2/tickets/${noteTicket.id}/notes`, times: 1 } });
    await w.settle();
    // The next sweep's listing takes 13 s: it has no time left to post anything this round.
    w.fake.faults.set({ latency: { fixedMs: 13_000, method: 'GET', path: /^\/api\/v2\/tickets$/, times: 1 } });
    await runUntilDone(w, made.map((m) => m.id), 20);
    expect(w.fake.calls.filter((c) => c.fault === 'drop')).toHaveLength(1);
    expect(w.fake.calls.filter((c) => c.fault === 'latency')).toHaveLength(1);
    expectExactlyOnce(verdict(w, made.map(plannedFor)));
  });

  test('a create event delivered again after a sweep handled the ticket changes nothing', async () => {
    const w = await warm();
    // The create event does not arrive: the heartbeat's safety check finds the ticket and a sweep handles it.
    const payloads: unknown[] = [];
    const off = w.fake.events.on('onTicketCreate', (e) => payloads.push(e.data));
    w.events!.enabled = false;
    const made = makeTicket(w, 'both', 1);
    w.events!.enabled = true;
    off();
    expect(payloads).toHaveLength(1);
    await runUntilDone(w, [made.id], 15);
    expect(w.outcome(made.id)?.via).toBe('sweep');
    // Now the platform delivers the create event late.
    await w.rt.fireProductEvent('service_ticket', 'onTicketCreate', payloads[0]);
    await w.settle();
    await w.minutes(3);
    expectExactlyOnce(verdict(w, [plannedFor(made)]));
  });

  test('a sweep whose budget runs out before a batch\'s duplicate search leaves the batch for later', async () => {
    // A small budget (10% of Starter: 10 calls a minute) and a burst with near-copies: sweeps plan in
    // several rounds and the budget runs out part-way; a copy must never be recorded as having no original.
    w = await faultWorld({ plan: 'starter', iparams: { budget_share: 10 } });
    await w.minutes(6);
    const workload = generateSoakWorkload({ creates: 60, updates: 0, spanMinutes: 1, storms: [{ minute: 0, tickets: 60 }], seed: 30 });
    const driver = new SoakDriver(w, workload);
    const driven = await driver.play();
    await w.settle();
    const ids = driven.ids.filter((id) => id > 0);
    await runUntilDone(w, ids, 60);
    expect(workload.tickets.filter((t) => t.duplicateOf !== null).length).toBeGreaterThan(3);
    expectExactlyOnce(verdict(w, [...driven.planned.values()]));
    // Each other ticket and each duplicate is listed once (the listing and the filter both return them).
    for (const id of ids) {
      const o = w.outcome(id);
      const open = o?.requester?.open.map((t) => t.id) ?? [];
      const dups = o?.dups.map((d) => d.id) ?? [];
      expect([new Set(open).size, new Set(dups).size], `ticket ${id}`).toEqual([open.length, dups.length]);
    }
  }, 60_000);
});
