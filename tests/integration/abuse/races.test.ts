/**
 * Abuse: the same work arriving twice at the same moment, and different work on one ticket racing.
 * Invocations run concurrently in the runtime (as on the platform); the fake's own event payloads
 * are delivered by hand so that two of them are in flight at once. Whatever the interleaving: one
 * update and one note per piece of work, nobody's change overwritten, nothing lost.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Insights } from '../../../core/insights.ts';
import { blockKey, readTimeline, timelineAttr } from '../../../core/record.ts';
import { startHarness, type Harness } from '../../../devkit/harness/index.ts';
import type { SmiSuccess } from '../../../devkit/runtime/index.ts';
import { captureEvents, crashLines, eventFor, expectCleanEnd, fire, linesSince, nextMinute, until, writes } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const puts = (h: Harness, id: number): number => writes(h, id).filter((c) => c.method === 'PUT').length;
const timeline = (h: Harness, id: number) => readTimeline(h.rt.db.get(blockKey(id))?.[timelineAttr(id)]).map((e) => [e.field, e.from, e.to, e.by]);

const RULES = {
  version: 1,
  rules: [
    { name: 'VPN to Network', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['vpn'] }, then: { priority: 3, tags_add: ['vpn'], note: 'Routed to Network because the subject mentions {{matched}}.' } },
    { name: 'Raised to urgent', on: 'update', when: { field: 'changes.priority', op: 'changed', to: 4 }, then: { urgency: 3, tags_add: ['urgent'], note: 'Now urgent.' } },
  ],
};

describe('events delivered twice at once', () => {
  test('the same create event twice at the same time: one update, one note', async () => {
    h = await startHarness({ events: false });
    const events = captureEvents(h);
    const t = h.createTicket({ subject: 'VPN drops every hour', description: 'I am working from home.', priority: 1, urgency: 1 });
    const data = eventFor(events, 'onTicketCreate', t.id);
    const results = await Promise.all([fire(h, 'onTicketCreate', data), fire(h, 'onTicketCreate', data)]);
    await h.settle();
    results.forEach(expectCleanEnd);
    expect(puts(h, t.id)).toBe(1);
    expect(h.appNotes(t.id)).toHaveLength(1);
    expect(h.fake.store.tickets.get(t.id)).toMatchObject({ priority: 3, urgency: 2, tags: ['vpn', 'remote'] });
    expect(h.outcome(t.id)).toMatchObject({ state: 'done', rules: [{ name: 'VPN to Network' }, { name: 'Remote staff' }] });
    expect(h.logText()).toContain(`ticket ${t.id} was already handled (redelivered event)`);
  });

  test('the same update event twice at the same time: one escalation, the change on the timeline once', async () => {
    h = await startHarness({ rules: RULES, events: false });
    const events = captureEvents(h);
    const t = h.createTicket({ subject: 'Laptop fan is loud', priority: 2 });
    await fire(h, 'onTicketCreate', eventFor(events, 'onTicketCreate', t.id));
    await h.settle();
    await h.clock.advance(30_000);
    h.fake.store.tickets.update(t.id, { priority: 4 }, { actor: h.fake.keys.agentIds.agent });
    const data = eventFor(events, 'onTicketUpdate', t.id);
    const results = await Promise.all([fire(h, 'onTicketUpdate', data), fire(h, 'onTicketUpdate', data)]);
    await h.settle();
    results.forEach(expectCleanEnd);
    expect(puts(h, t.id)).toBe(1);
    expect(h.appNotes(t.id).map((n) => n.body)).toEqual([expect.stringContaining('Now urgent.')]);
    expect(h.fake.store.tickets.get(t.id)).toMatchObject({ priority: 4, urgency: 3, tags: ['urgent'] });
    const view = (await h.rt.invokeServerMethod('getTicketInsights', { ticket_id: t.id })).response as Insights;
    expect(view.timeline.entries.map((e) => [e.field, e.from, e.to])).toEqual([['priority', 2, 4]]);
    expect(view.timeline.escalations.map((e) => e.rules)).toEqual([['Raised to urgent']]);
  });
});

describe('create and update of one ticket racing', () => {
  test("an agent's change arriving while the create is in flight: one triage, the change on the timeline, nothing overwritten or lost", async () => {
    h = await startHarness({ rules: RULES, events: false });
    const events = captureEvents(h);
    await h.minutes(6);
    const t = h.createTicket({ subject: 'VPN drops every hour', priority: 1, status: 2 });
    const create = eventFor(events, 'onTicketCreate', t.id);
    // Seconds later, before the app has acted, an agent raises the ticket to urgent.
    await h.clock.advance(2_000);
    h.fake.store.tickets.update(t.id, { priority: 4 }, { actor: h.fake.keys.agentIds.agent });
    const update = eventFor(events, 'onTicketUpdate', t.id);
    const results = await Promise.all([fire(h, 'onTicketCreate', create), fire(h, 'onTicketUpdate', update)]);
    await h.settle();
    results.forEach(expectCleanEnd);
    await h.minutes(3);
    const ticket = h.fake.store.tickets.get(t.id);
    // The agent's priority stands; triage's tag and the escalation's urgency and tag are all there.
    expect(ticket).toMatchObject({ priority: 4, urgency: 3 });
    expect([...(ticket?.tags ?? [])].sort()).toEqual(['urgent', 'vpn']);
    const notes = h.appNotes(t.id).map((n) => n.body);
    expect(notes).toHaveLength(2);
    expect(notes.filter((b) => b.includes('Routed to Network because the subject mentions vpn.') && b.includes(`ref T${t.id}-create`))).toHaveLength(1);
    expect(notes.filter((b) => b.includes('Now urgent.'))).toHaveLength(1);
    expect(puts(h, t.id)).toBe(2);
    expect(h.outcome(t.id)).toMatchObject({ state: 'done', rules: [{ name: 'VPN to Network' }] });
    expect(timeline(h, t.id)).toEqual([['priority', 1, 4, h.fake.keys.agentIds.agent]]);
    expect(crashLines(h)).toEqual([]);
  });

  test('a status change racing the create (no update rule): triaged once, the status kept, the timeline entry recorded', async () => {
    h = await startHarness({ events: false });
    const events = captureEvents(h);
    await h.minutes(6);
    const t = h.createTicket({ subject: 'VPN client crashes on start', priority: 1, status: 2 });
    const create = eventFor(events, 'onTicketCreate', t.id);
    await h.clock.advance(2_000);
    h.fake.store.tickets.update(t.id, { status: 3 }, { actor: h.fake.keys.agentIds.agent });
    const update = eventFor(events, 'onTicketUpdate', t.id);
    const results = await Promise.all([fire(h, 'onTicketUpdate', update), fire(h, 'onTicketCreate', create)]);
    await h.settle();
    results.forEach(expectCleanEnd);
    await h.minutes(3);
    expect(h.fake.store.tickets.get(t.id)).toMatchObject({ status: 3, priority: 3, tags: ['vpn'] });
    expect(puts(h, t.id)).toBe(1);
    expect(h.appNotes(t.id)).toHaveLength(1);
    expect(h.outcome(t.id)?.state).toBe('done');
    expect(timeline(h, t.id)).toEqual([['status', 2, 3, h.fake.keys.agentIds.agent]]);
  });
});

describe('two sidebars acting on one ticket at once', () => {
  test('two acknowledgements at the same time: one note; the other agent is told it is already posted', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const t = h.createTicket({ subject: 'Keyboard missing keys' });
    await h.settle();
    await h.updateSettings({ ack_template: 'We got it, {{requester.first_name}}.' });
    const answers = await Promise.allSettled([h.rt.invokeServerMethod('postAcknowledgement', { ticket_id: t.id }), h.rt.invokeServerMethod('postAcknowledgement', { ticket_id: t.id })]);
    const posted = answers.filter((a) => a.status === 'fulfilled');
    const refused = answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(posted).toHaveLength(1);
    expect(refused.map((r) => r.reason)).toEqual([expect.objectContaining({ status: 409, message: 'The acknowledgement was already posted on this ticket.' })]);
    expect(h.appNotes(t.id)).toHaveLength(1);
    const view = (await h.rt.invokeServerMethod('getTicketInsights', { ticket_id: t.id })).response as Insights;
    expect(view.ack.state).toBe('done');
  });

  test('two re-runs of triage at the same time: one update and one note; the other agent is told; a later re-run works', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const t = h.createTicket({ subject: 'Tunnel to the datacenter is slow', priority: 1 });
    await h.settle();
    await h.updateSettings({ rules: JSON.stringify({ version: 1, rules: [{ name: 'Tunnel', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['tunnel'] }, then: { priority: 3, tags_add: ['network'], note: 'Tunnel trouble.' } }] }) });
    const answers = await Promise.allSettled([h.rt.invokeServerMethod('rerunTriage', { ticket_id: t.id }), h.rt.invokeServerMethod('rerunTriage', { ticket_id: t.id })]);
    const ran = answers.filter((a): a is PromiseFulfilledResult<SmiSuccess> => a.status === 'fulfilled');
    const refused = answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(ran.map((a) => a.value.response)).toEqual([expect.objectContaining({ state: 'done', rules: ['Tunnel'] })]);
    expect(refused.map((r) => r.reason)).toEqual([expect.objectContaining({ status: 409, message: expect.stringMatching(/already being re-run/) })]);
    expect(puts(h, t.id)).toBe(1);
    expect(h.appNotes(t.id)).toHaveLength(1);
    expect(h.fake.store.tickets.get(t.id)).toMatchObject({ priority: 3, tags: ['network'] });
    // The lock does not outlive the re-run: the next minute an agent can run it again (nothing left to change).
    await nextMinute(h);
    const again = (await h.rt.invokeServerMethod('rerunTriage', { ticket_id: t.id })).response as { state: string; changes: unknown[] };
    expect(again).toMatchObject({ state: 'done', changes: [] });
    expect(puts(h, t.id)).toBe(1);
  });
});

describe('a scheduled event delivered twice at once', () => {
  test('the heartbeat twice at the same time: a ticket whose event never came is triaged once', async () => {
    h = await startHarness({ events: false });
    await h.minutes(6);
    const t = h.createTicket({ subject: 'VPN certificate expired', priority: 1 });
    await h.minutes(3);
    expect(h.outcome(t.id)).toBeNull();
    const lists = h.appCalls('GET', /\/tickets$/).length;
    await Promise.all([h.rt.schedules.fire('radar-heartbeat'), h.rt.schedules.fire('radar-heartbeat')]);
    await h.settle();
    // Each delivery looks once (one list call each), and one backlog is started for the missing ticket.
    expect(h.appCalls('GET', /\/tickets$/).length - lists).toBeLessThanOrEqual(2);
    expect(h.rt.schedules.list().filter((s) => s.name === 'radar-backlog')).toHaveLength(1);
    await h.minutes(3);
    expect(h.outcome(t.id)?.state).toBe('done');
    expect(puts(h, t.id)).toBe(1);
    expect(h.appNotes(t.id)).toHaveLength(1);
    expect(crashLines(h)).toEqual([]);
  });

  test('a tick twice at the same time during a backlog: one sweep works the minute, every ticket is triaged once', async () => {
    h = await startHarness({ events: false });
    const events = captureEvents(h);
    await h.minutes(6);
    await nextMinute(h, 2);
    const ids: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const requester = h.fake.store.requesters.create({ first_name: `Req${i}`, last_name: 'Racer', primary_email: `req${i}.racer@corp.example` });
      ids.push(h.createTicket({ subject: i % 2 === 0 ? `VPN drops at site ${i}` : `Printer ${i} jammed`, requester_id: requester.id, priority: 1 }).id);
    }
    // A burst: the first tickets are handled as they arrive, the rest start a backlog.
    await Promise.all(ids.map((id) => fire(h!, 'onTicketCreate', eventFor(events, 'onTicketCreate', id))));
    await h.settle();
    expect(h.rt.schedules.get('radar-backlog')).toBeDefined();
    expect(ids.filter((id) => h!.outcome(id)?.state !== 'done').length).toBeGreaterThan(0);
    // The start of the next minute, just before its tick is due: deliver that tick twice at once.
    await h.clock.advanceTo(Math.ceil(h.clock.now() / 60_000) * 60_000);
    const tick = h.rt.schedules.list().filter((s) => s.name.startsWith('radar-tick-')).sort((a, b) => a.nextAt - b.nextAt)[0];
    if (tick === undefined) throw new Error('no tick armed');
    const mark = h.rt.logs.length;
    const first = h.rt.schedules.fire(tick.name);
    // The tick re-arms itself first thing; the second delivery starts while the first sweeps.
    await until(() => h!.rt.schedules.get(tick.name) !== undefined, `${tick.name} re-armed`);
    const second = h.rt.schedules.fire(tick.name);
    await Promise.all([first, second]);
    await h.settle();
    expect(linesSince(h, mark).filter((l) => l.includes('another sweep already runs this minute')).length).toBeGreaterThanOrEqual(1);
    await h.minutes(10);
    ids.forEach((id, i) => {
      // VPN tickets (even i) get one update and one note; the others match no rule and get neither.
      const once = i % 2 === 0 ? 1 : 0;
      expect({ id, state: h!.outcome(id)?.state, puts: puts(h!, id), notes: h!.appNotes(id).length }).toEqual({ id, state: 'done', puts: once, notes: once });
    });
    expect(crashLines(h)).toEqual([]);
  }, 60_000);
});
