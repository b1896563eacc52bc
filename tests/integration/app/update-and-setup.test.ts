import { afterEach, describe, expect, test } from 'vitest';
import { blockKey, readTimeline, timelineAttr } from '../../../core/record.ts';
import { startHarness, type Harness } from '../../../devkit/harness/index.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const ESCALATION_RULES = {
  version: 1,
  rules: [
    {
      name: 'Reopened tickets go back to the desk',
      on: 'update',
      when: { field: 'changes.status', op: 'changed', from: [4, 5], to: 2 },
      then: { tags_add: ['reopened'], note: 'Reopened after it was resolved.' },
    },
    {
      name: 'Raised to urgent',
      on: 'update',
      when: { field: 'changes.priority', op: 'changed', to: 4 },
      then: { urgency: 3, note: 'Now urgent.' },
    },
  ],
};

function agentUpdate(h: Harness, id: number, patch: Record<string, unknown>): void {
  // An agent other than the app's own edits the ticket in the UI.
  h.fake.store.tickets.update(id, patch, { actor: h.fake.keys.agentIds.agent });
}

describe('onTicketUpdate: timeline and escalation', () => {
  test('status, priority and group changes land on the ticket timeline', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const t = h.createTicket({ subject: 'Mouse is broken', status: 2, priority: 1 });
    await h.settle();
    agentUpdate(h, t.id, { status: 3 });
    await h.settle();
    await h.clock.advance(90_000);
    agentUpdate(h, t.id, { status: 4, priority: 2 });
    await h.settle();
    const entries = readTimeline(h.rt.db.get(blockKey(t.id))?.[timelineAttr(t.id)]);
    expect(entries.map((e) => [e.field, e.from, e.to])).toEqual([
      ['status', 2, 3],
      ['status', 3, 4],
      ['priority', 1, 2],
    ]);
    expect(entries[0]?.by).toBe(h.fake.keys.agentIds.agent);
  });

  test('a reopened ticket triggers the escalation rule once, with a note', async () => {
    h = await startHarness({ rules: ESCALATION_RULES });
    const t = h.createTicket({ subject: 'Cannot print', status: 4 });
    await h.settle();
    agentUpdate(h, t.id, { status: 2 });
    await h.settle();
    expect(h.fake.store.tickets.get(t.id)?.tags).toContain('reopened');
    const notes = h.appNotes(t.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('Reopened after it was resolved.');
    const escalations = h.rt.db.get(blockKey(t.id))?.[`e${t.id}`] as Array<{ rules: string[] }>;
    expect(escalations.map((e) => e.rules)).toEqual([['Reopened tickets go back to the desk']]);
  });

  test('a redelivered update event does not act twice', async () => {
    h = await startHarness({ rules: ESCALATION_RULES, events: false });
    const t = h.createTicket({ subject: 'Laptop fan loud', priority: 2 });
    const data = {
      ticket: { id: t.id, subject: t.subject, priority: 4, status: 2, requester_id: t.requester_id, tags: [] },
      requester: { id: t.requester_id },
      actor: { id: h.fake.keys.agentIds.agent, type: 'agent' },
      changes: { priority: [2, 4] },
    };
    h.fake.store.tickets.update(t.id, { priority: 4 }, { actor: h.fake.keys.agentIds.agent });
    await h.rt.fireProductEvent('service_ticket', 'onTicketUpdate', data);
    await h.rt.fireProductEvent('service_ticket', 'onTicketUpdate', data);
    await h.settle();
    expect(h.appCalls('PUT')).toHaveLength(1);
    expect(h.appNotes(t.id)).toHaveLength(1);
    expect(h.fake.store.tickets.get(t.id)?.urgency).toBe(3);
  });

  test("the app's own updates are ignored: no timeline write, no rule", async () => {
    h = await startHarness({ rules: ESCALATION_RULES, events: false });
    const t = h.createTicket({ subject: 'Phone dead', priority: 2 });
    const ops = h.rt.stats.db.total;
    await h.rt.fireProductEvent('service_ticket', 'onTicketUpdate', {
      ticket: { id: t.id, priority: 4, status: 2 }, requester: { id: t.requester_id }, actor: { id: h.agentId }, changes: { priority: [2, 4] },
    });
    await h.settle();
    expect(h.rt.stats.db.total).toBe(ops);
    expect(h.appCalls('PUT')).toHaveLength(0);
  });
});

describe('app setup', () => {
  test('install refuses broken rules with a message of at most 60 characters', async () => {
    h = await startHarness();
    await h.rt.uninstall();
    const outcome = await h.rt.install({ api_key: h.apiKey, plan: 'starter', budget_share: 50, rules: '{"version":1,"rules":[{"name":"x","on":"create","when":{"field":"subject","op":"matches","value":"(a+)+$"},"then":{"priority":2}}]}', __meta: { secure: ['api_key'] } });
    expect(outcome.allowed).toBe(false);
    expect(outcome.message?.length).toBeLessThanOrEqual(60);
    expect(outcome.message).toMatch(/regular expression|regex|backtrack|nested/i);
  });

  test('install arms the heartbeat and six ticks; uninstall removes every schedule', async () => {
    h = await startHarness();
    const names = h.rt.schedules.list().map((s) => s.name).sort();
    expect(names).toEqual(['radar-heartbeat', 'radar-tick-0', 'radar-tick-1', 'radar-tick-2', 'radar-tick-3', 'radar-tick-4', 'radar-tick-5']);
    await h.rt.uninstall();
    expect(h.rt.schedules.list()).toEqual([]);
  });

  test('idle ticks cost no API call and no $db operation', async () => {
    h = await startHarness();
    const calls = h.appCalls().length;
    const ops = h.rt.stats.db.total;
    await h.minutes(12);
    // Heartbeats run a safety check every five minutes: one list call and at most a block read each.
    expect(h.appCalls('GET', /\/tickets\/filter/)).toHaveLength(0);
    expect(h.appCalls().length - calls).toBeLessThanOrEqual(2);
    expect(h.rt.stats.db.total - ops).toBeLessThanOrEqual(4);
    expect(h.rt.schedules.list().filter((s) => s.name.startsWith('radar-tick-'))).toHaveLength(6);
  });
});

describe('tickets from before the installation', () => {
  test('an old ticket that someone updates is recorded on its timeline but never triaged by the safety check or a sweep', async () => {
    h = await startHarness();
    const old = h.fake.store.tickets.list().filter((t) => t.created_at < h!.clock.now() - 24 * 3600_000)[0];
    expect(old).toBeDefined();
    await h.minutes(6);
    // Another integration retitles it so that a create rule would match, then an agent changes its priority.
    h.fake.store.tickets.update(old!.id, { subject: 'VPN keeps dropping at the branch' }, { actor: h.fake.keys.agentIds.agent });
    agentUpdate(h, old!.id, { priority: old!.priority === 3 ? 2 : 3 });
    await h.settle();
    await h.minutes(12);
    expect(h.outcome(old!.id)).toBeNull();
    expect(h.appCalls('PUT', new RegExp(`/tickets/${old!.id}$`))).toHaveLength(0);
    expect(h.appNotes(old!.id)).toHaveLength(0);
    const block = h.rt.db.get(blockKey(old!.id));
    expect(readTimeline(block?.[timelineAttr(old!.id)]).map((e) => e.field)).toContain('priority');
    // A ticket created after the installation whose event never arrived is still found.
    h.events!.enabled = false;
    const missed = h.createTicket({ subject: 'VPN tunnel down', description: 'No VPN since this morning.' });
    h.events!.enabled = true;
    await h.minutes(12);
    expect(h.outcome(missed.id)?.via).toBe('sweep');
  });
});

describe('timeline bounds', () => {
  test('a block that reaches 40 KB is compacted and time in status stays exact', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] }, events: false });
    const t = h.createTicket({ subject: 'Flapping monitor alert', status: 2 });
    // A long history already stored, ending now: open 60 s, then pending 30 s, over and over, as
    // many flips as fit just under 40 KB, so the next few appends overflow the block.
    const flips = 1306;
    const created = h.clock.now() - (flips / 2) * 90_000;
    await h.rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: t.id, subject: t.subject, status: 2, requester_id: t.requester_id, tags: [], created_at: new Date(created).toISOString() }, requester: { id: t.requester_id } });
    await h.settle();
    const key = `radar:b:${Math.floor(t.id / 20)}`;
    const history: Array<[number, string, number, number, number]> = [];
    let at = created;
    let status = 2;
    for (let i = 0; i < flips; i += 1) {
      at += status === 2 ? 60_000 : 30_000;
      const next = status === 2 ? 3 : 2;
      history.push([at, 'status', status, next, 5]);
      status = next;
    }
    const stored = { ...h.rt.db.get(key), [`l${t.id}`]: history };
    expect(key.length + JSON.stringify(stored).length).toBeGreaterThan(40 * 1024 - 200);
    h.rt.db.set(key, stored);
    for (let i = 0; i < 10; i += 1) {
      await h.clock.advance(status === 2 ? 60_000 : 30_000);
      const next = status === 2 ? 3 : 2;
      await h.rt.fireProductEvent('service_ticket', 'onTicketUpdate', {
        ticket: { id: t.id, subject: t.subject, status: next, requester_id: t.requester_id },
        requester: { id: t.requester_id }, actor: { id: h.fake.keys.agentIds.agent }, changes: { status: [status, next] },
      });
      status = next;
    }
    await h.settle();
    const block = h.rt.db.get(key) ?? {};
    expect(JSON.stringify(block).length).toBeLessThan(40 * 1024);
    expect((block[`l${t.id}`] as unknown[]).length).toBeLessThan(100);
    expect(h.logText()).not.toMatch(/failed/);
    const view = (await h.rt.invokeServerMethod('getTicketInsights', { ticket_id: t.id })).response as { timeline: { durations: Array<{ status: number; ms: number }> } };
    const byStatus = Object.fromEntries(view.timeline.durations.map((d) => [d.status, d.ms]));
    expect(byStatus[2]).toBe((flips / 2 + 5) * 60_000);
    expect(byStatus[3]).toBe((flips / 2 + 5) * 30_000);
  }, 120_000);
});
