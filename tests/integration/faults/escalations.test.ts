/**
 * Update rules (escalations) on a bad day: an agent's change that a rule acts on must lead to the
 * rule's update and note exactly once, whatever fails on the way — a 5xx, a lost answer, a storage
 * refusal, a redelivered event, a queue drained twice, a ticket deleted while its action waits.
 * Each test is the regression test of a defect the soak found (see the report of issue #10).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { blockKey, readTimeline, timelineAttr } from '../../../core/record.ts';
import type { World } from '../../../devkit/soak/world.ts';
import { agentUpdate, burst, expectExactlyOnce, faultWorld, makeTicket, plannedFor, raise, resolveAndReopen, runUntilDone, verdict } from './helpers.ts';

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

/** A quiet ticket, triaged, then raised to urgent by an agent with `fault` switched on for the escalation. */
async function raisedWith(fault: (w: World, id: number) => void): Promise<{ w: World; plan: ReturnType<typeof plannedFor> }> {
  const world = await faultWorld();
  w = world;
  await world.minutes(6);
  const plan = plannedFor(makeTicket(world, 'none', 1));
  await world.settle();
  fault(world, plan.id);
  raise(world, plan);
  await world.settle();
  await runUntilDone(world, [plan.id], 10, 8);
  return { w: world, plan };
}

describe('escalations survive API faults', () => {
  test('a 5xx on the escalation update: applied later, once', async () => {
    const { w, plan } = await raisedWith((w, id) => w.fake.faults.set({ errors: { rate: 1, method: 'PUT', path: `/api/v2/tickets/${id}`, times: 1 } }));
    expect(w.fake.store.tickets.get(plan.id)?.urgency).toBe(3);
    expectExactlyOnce(verdict(w, [plan]));
  });

  test('a 5xx on the escalation note: posted later, once', async () => {
    const { w, plan } = await raisedWith((w, id) => w.fake.faults.set({ errors: { rate: 1, method: 'POST', path: `/api/v2/tickets/${id}/notes`, times: 1 } }));
    expectExactlyOnce(verdict(w, [plan]));
  });

  test('an escalation note whose answer was lost (the note exists) is not posted again', async () => {
    const { w, plan } = await raisedWith((w, id) => w.fake.faults.set({ drops: { rate: 1, phase: 'after', method: 'POST', path: `/api/v2/tickets/${id}/notes`, times: 1 } }));
    expect(w.fake.calls.filter((c) => c.fault === 'drop')).toHaveLength(1);
    expectExactlyOnce(verdict(w, [plan]));
  });

  test('an escalation update whose answer was lost (it was applied) is not sent again', async () => {
    const { w, plan } = await raisedWith((w, id) => w.fake.faults.set({ drops: { rate: 1, phase: 'after', method: 'PUT', path: `/api/v2/tickets/${id}`, times: 1 } }));
    expect(w.fake.calls.filter((c) => c.fault === 'drop')).toHaveLength(1);
    expectExactlyOnce(verdict(w, [plan]));
  });
});

describe('escalations survive platform faults', () => {
  test('$db refusing the update handler (429) loses neither the escalation nor the timeline entry', async () => {
    w = await faultWorld();
    await w.minutes(6);
    const plan = plannedFor(makeTicket(w, 'change', 1));
    await w.settle();
    w.rt.faults.dbRateLimited = 1;
    raise(w, plan);
    await w.settle();
    w.rt.faults.dbRateLimited = 0;
    await runUntilDone(w, [plan.id], 12, 8);
    expectExactlyOnce(verdict(w, [plan]));
    const timeline = readTimeline(w.rt.db.get(blockKey(plan.id))?.[timelineAttr(plan.id)]);
    expect(timeline.filter((e) => e.field === 'priority').map((e) => [e.from, e.to])).toEqual([[1, 4]]);
  });

  test('an update event redelivered later, with a new timestamp, acts once and is recorded once', async () => {
    w = await faultWorld();
    await w.minutes(6);
    const plan = plannedFor(makeTicket(w, 'none', 1));
    await w.settle();
    // The first delivery takes 5 s (a slow update), so the redelivery carries a later timestamp.
    w.fake.faults.set({ latency: { fixedMs: 5000, method: 'PUT', times: 1 } });
    w.rt.faults.eventRedelivery = 1;
    raise(w, plan);
    await w.settle();
    w.rt.faults.eventRedelivery = 0;
    await runUntilDone(w, [plan.id], 10, 8);
    expect(w.rt.stats.invocations.redelivered).toBeGreaterThan(0);
    expectExactlyOnce(verdict(w, [plan]));
    const timeline = readTimeline(w.rt.db.get(blockKey(plan.id))?.[timelineAttr(plan.id)]);
    const view = (await w.rt.invokeServerMethod('getTicketInsights', { ticket_id: plan.id })).response as { timeline: { entries: unknown[] } };
    expect(timeline.length).toBeGreaterThan(0);
    expect(view.timeline.entries.filter((e) => (e as { field?: string }).field === 'priority')).toHaveLength(1);
  });

  test('escalations queued during the first backlog of a new installation are carried out', async () => {
    w = await faultWorld();
    // No warm-up: the app's sweep state does not exist yet when the first backlog starts.
    const quiet = plannedFor(makeTicket(w, 'none', 100));
    await w.settle();
    await w.nextMinute(2000);
    const made = burst(w, 10, 1);
    await w.settle();
    raise(w, quiet);
    await w.settle();
    await runUntilDone(w, [quiet.id, ...made.map((m) => m.id)], 20, 8);
    expectExactlyOnce(verdict(w, [quiet, ...made.map(plannedFor)]));
  });

  test('an escalation queued for a ticket that is deleted meanwhile does not stall the sweeps', async () => {
    w = await faultWorld();
    await w.minutes(6);
    const doomed = makeTicket(w, 'none', 100);
    await w.settle();
    await w.nextMinute(2000);
    const first = burst(w, 10, 1);
    await w.settle();
    agentUpdate(w, doomed.id, { priority: 4 });
    await w.settle();
    w.fake.store.tickets.delete(doomed.id, { actor: w.fake.keys.agentIds.agent });
    const later = burst(w, 6, 50);
    await w.settle();
    await runUntilDone(w, [...first, ...later].map((m) => m.id), 20, 4);
    expectExactlyOnce(verdict(w, [...first, ...later].map(plannedFor)));
  });

  test('storage refusing a fifth of all operations while escalations queue and drain: each acts once', async () => {
    w = await faultWorld({ faults: { dbRateLimited: 0.2 } });
    await w.minutes(6);
    await w.nextMinute(2000);
    const made = burst(w, 12, 1);
    await w.settle();
    const plans = made.map(plannedFor);
    for (const plan of plans.filter((_, i) => i % 4 !== 3)) raise(w, plan);
    await w.settle();
    for (const plan of plans.filter((_, i) => i % 4 === 3)) await resolveAndReopen(w, plan);
    await w.settle();
    await runUntilDone(w, made.map((m) => m.id), 30, 10);
    w.rt.faults.dbRateLimited = 0;
    await runUntilDone(w, made.map((m) => m.id), 10, 8);
    expectExactlyOnce(verdict(w, plans));
  });
});
