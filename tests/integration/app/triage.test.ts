import { afterEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../../devkit/harness/index.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('onTicketCreate: triage', () => {
  test('a ticket matching two rules gets one update with both rules\' changes and one note', async () => {
    h = await startHarness();
    const before = h.appCalls().length;
    const ticket = h.createTicket({ subject: 'VPN drops every hour', description: '<p>I am working from home this week.</p>', priority: 1, urgency: 1 });
    await h.settle();
    const puts = h.appCalls('PUT', new RegExp(`/tickets/${ticket.id}$`));
    expect(puts).toHaveLength(1);
    const stored = h.fake.store.tickets.get(ticket.id);
    expect(stored?.priority).toBe(3);
    expect(stored?.urgency).toBe(2);
    expect(stored?.tags.sort()).toEqual(['remote', 'vpn']);
    const notes = h.appNotes(ticket.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('Routed to Network because the subject mentions vpn.');
    expect(notes[0]?.body).toContain('Requester works remotely.');
    const outcome = h.outcome(ticket.id);
    expect(outcome?.state).toBe('done');
    expect(outcome?.rules.map((r) => r.name)).toEqual(['VPN to Network', 'Remote staff']);
    // The duplicate search, the update and the note: at most three calls for a create.
    expect(h.appCalls().length - before).toBeLessThanOrEqual(3);
  });

  test('a replayed create event changes nothing', async () => {
    h = await startHarness();
    const ticket = h.createTicket({ subject: 'VPN tunnel down', priority: 1 });
    await h.settle();
    const calls = h.appCalls().length;
    const data = { ticket: { id: ticket.id, subject: ticket.subject, priority: 1, requester_id: ticket.requester_id, tags: [] }, requester: { id: ticket.requester_id } };
    await h.rt.fireProductEvent('service_ticket', 'onTicketCreate', data);
    await h.rt.fireProductEvent('service_ticket', 'onTicketCreate', data);
    await h.settle();
    expect(h.appCalls().length).toBe(calls);
    expect(h.appNotes(ticket.id)).toHaveLength(1);
    expect(h.logText()).toContain(`ticket ${ticket.id} was already handled (redelivered event)`);
  });

  test("the app's own update does not trigger it again", async () => {
    h = await startHarness();
    const ticket = h.createTicket({ subject: 'VPN broken', priority: 1 });
    await h.settle();
    expect(h.logText()).toContain("ignored: the app's own update");
    expect(h.appCalls('PUT')).toHaveLength(1);
    expect(h.appNotes(ticket.id)).toHaveLength(1);
  });

  test('a ticket no rule matches is recorded with no writes', async () => {
    h = await startHarness();
    const ticket = h.createTicket({ subject: 'Printer on floor 3 is jammed' });
    await h.settle();
    expect(h.appCalls('PUT')).toHaveLength(0);
    expect(h.appNotes(ticket.id)).toHaveLength(0);
    const outcome = h.outcome(ticket.id);
    expect(outcome?.state).toBe('done');
    expect(outcome?.rules).toEqual([]);
  });

  test('a similar ticket from the same requester is tagged and noted as a possible duplicate', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const first = h.createTicket({ subject: 'Outlook keeps asking for my password', description: 'Since this morning Outlook prompts for my password every five minutes.' });
    await h.settle();
    const second = h.createTicket({ subject: 'Outlook asking for password again', description: 'Outlook prompts for my password every few minutes since this morning.' });
    await h.settle();
    const outcome = h.outcome(second.id);
    expect(outcome?.dups.map((d) => d.id)).toContain(first.id);
    expect(h.fake.store.tickets.get(second.id)?.tags).toContain('possible-duplicate');
    const notes = h.appNotes(second.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain(`/a/tickets/${first.id}`);
    expect(h.outcome(first.id)?.dups).toEqual([]);
  });
});

describe('rules on the requester', () => {
  const RULES = {
    version: 1,
    rules: [
      { name: 'Corporate staff', on: 'create', when: { field: 'requester.email', op: 'ends_with', value: '@corp.example' }, then: { tags_add: ['corp'] } },
      {
        name: 'Corporate escalation', on: 'update',
        when: { all: [{ field: 'changes.priority', op: 'changed', to: 4 }, { field: 'requester.email', op: 'ends_with', value: '@corp.example' }] },
        then: { tags_add: ['corp-urgent'] },
      },
    ],
  };

  test('match the same whether a ticket is triaged as it arrives, by a sweep, or by a queued escalation', async () => {
    h = await startHarness({ rules: RULES });
    await h.minutes(6);
    // Fourteen tickets two seconds apart: six are triaged as they arrive, the rest by sweeps.
    const made = [];
    for (let i = 0; i < 14; i += 1) {
      const person = h.fake.store.requesters.create({ first_name: `Staff${i}`, last_name: 'Corp', primary_email: `staff${i}@corp.example` });
      made.push(h.fake.store.tickets.create({ requester_id: person.id, subject: `Topic number ${i} ${'xyz'.repeat(i)}`, description: `Case ${i}`, source: 1, status: 2, priority: 1 }));
      await h.settle();
      await h.clock.advance(2000);
    }
    await h.settle();
    // Agents raise every ticket to urgent while the backlog is still being swept: escalations queue.
    for (const t of made) h.fake.store.tickets.update(t.id, { priority: 4 }, { actor: h.fake.keys.agentIds.agent });
    await h.settle();
    // Fourteen update events at once outrun $db's 50 a minute: those refused are kept in schedules
    // and handled when they fire, at least five minutes later.
    await h.minutes(15);
    const via = new Set(made.map((t) => h!.outcome(t.id)?.via));
    expect(via).toEqual(new Set(['event', 'sweep']));
    for (const t of made) expect(h.fake.store.tickets.get(t.id)?.tags.sort()).toEqual(['corp', 'corp-urgent']);
  });
});
