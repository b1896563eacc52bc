import { describe, expect, test, vi } from 'vitest';
import type { TicketEvent } from '../../../devkit/fake-freshservice/index.ts';
import { fullName } from '../../../devkit/fake-freshservice/model.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

function record(h: Harness): TicketEvent[] {
  const seen: TicketEvent[] = [];
  h.fake.events.on('*', (e) => seen.push(e));
  return seen;
}

describe('events: onTicketCreate (fdk-platform.md §2.3)', () => {
  test('create over HTTP: data.ticket in the event-payload shape, data.requester and the key owner as actor', async () => {
    const h = await startHarness();
    const seen = record(h);
    const requester = h.fake.store.requesters.list()[1]!;
    const group = h.fake.store.groups.list()[1]!;
    const a = await h.api('POST', '/api/v2/tickets', {
      key: h.fake.keys.agent,
      body: { requester_id: requester.id, subject: 'VPN down', description: '<p>VPN <b>down</b></p>', status: 2, priority: 3, group_id: group.id, tags: ['vpn'], custom_fields: { affected_site: 'Berlin' } },
    });
    expect(seen).toHaveLength(1);
    const { event, data } = seen[0]!;
    expect(event).toBe('onTicketCreate');
    expect(data.ticket).toMatchObject({
      id: a.body.ticket.id, subject: 'VPN down', description: '<p>VPN <b>down</b></p>', description_text: 'VPN down',
      status: 2, status_name: 'Open', priority: 3, priority_name: 'High', urgency: 1, urgency_name: 'Low', impact: 1, source: 2, source_name: 'Portal',
      type: 'Incident', type_name: 'Incident', group_id: group.id, group_name: group.name, requester_id: requester.id, requester_name: fullName(requester),
      responder_id: null, responder_name: null, tags: ['vpn'], created_at: a.body.ticket.created_at,
    });
    expect(data.ticket.custom_fields).toContainEqual({ name: 'affected_site', value: 'Berlin' });
    expect(data.ticket.custom_fields).toContainEqual({ name: 'asset_tag', value: null });
    expect(data.requester).toMatchObject({ id: requester.id, email: requester.primary_email, name: fullName(requester) });
    expect(data.actor).toEqual({ id: h.fake.keys.agentIds.agent, name: 'Marcus Webb', email: 'marcus.webb@corp.example', type: 'agent' });
    expect(data).not.toHaveProperty('changes');
  });

  test('store.tickets.create: emits onTicketCreate with the given actor, or the system', async () => {
    const h = await startHarness();
    const seen = record(h);
    const requester = h.fake.store.requesters.list()[0]!;
    h.fake.store.tickets.create({ requester_id: requester.id, subject: 'From the portal' }, { actor: requester.id });
    h.fake.store.tickets.create({ requester_id: requester.id, subject: 'From automation' });
    expect(seen.map((e) => [e.event, e.data.actor.type, e.data.actor.id])).toEqual([
      ['onTicketCreate', 'requester', requester.id],
      ['onTicketCreate', 'system', null],
    ]);
  });
});

describe('events: onTicketUpdate (fdk-platform.md §2.3)', () => {
  test('update: changes carry [old, new] with the sample keys for status, priority, group, agent, type and source', async () => {
    const h = await startHarness();
    const before = h.fake.store.tickets.list().find((t) => t.status === 2 && t.priority === 1 && t.type === 'Incident' && !t.deleted)!;
    const group = h.fake.store.groups.list().find((g) => g.id !== before.group_id)!;
    const agent = h.fake.store.agents.get(h.fake.keys.agentIds.agent)!;
    const seen = record(h);
    await h.api('PUT', `/api/v2/tickets/${before.id}`, { body: { status: 3, priority: 4, group_id: group.id, responder_id: agent.id, type: 'Service Request', source: 3, urgency: before.urgency === 3 ? 1 : 3 } });
    expect(seen).toHaveLength(1);
    const { event, data } = seen[0]!;
    expect(event).toBe('onTicketUpdate');
    expect(data.changes).toMatchObject({
      status: [2, 3], status_name: ['Open', 'Pending'], priority: [1, 4], priority_name: ['Low', 'Urgent'],
      group_id: [before.group_id, group.id], group_name: [expect.toSatisfy((v) => v === null || typeof v === 'string'), group.name],
      agent_id: [before.responder_id, agent.id], agent_name: [expect.toSatisfy((v) => v === null || typeof v === 'string'), 'Marcus Webb'],
      type: ['Incident', 'Service Request'], type_name: ['Incident', 'Service Request'], source: [before.source, 3], source_name: [expect.any(String), 'Phone'],
      urgency: [before.urgency, before.urgency === 3 ? 1 : 3],
    });
    expect(data.ticket).toMatchObject({ id: before.id, status: 3, status_name: 'Pending', responder_id: agent.id, responder_name: 'Marcus Webb', responder_email: agent.email });
    expect(data.actor).toMatchObject({ id: h.fake.keys.agentIds.admin, type: 'agent' });
  });

  test('update: tag-only, custom-field-only, urgency-only and no-op updates emit nothing', async () => {
    const h = await startHarness();
    const seen = record(h);
    const t = h.fake.store.tickets.get(30)!;
    await h.api('PUT', '/api/v2/tickets/30', { body: { tags: ['x', 'y'] } });
    await h.api('PUT', '/api/v2/tickets/30', { body: { custom_fields: { hours_lost: 5 } } });
    await h.api('PUT', '/api/v2/tickets/30', { body: { urgency: t.urgency === 1 ? 2 : 1, subject: 'renamed' } });
    await h.api('PUT', '/api/v2/tickets/30', { body: { status: t.status } });
    expect(seen).toEqual([]);
  });

  test('update: a triggering change also lists the other fields that changed, custom fields as [{name, value:[old,new]}]', async () => {
    const h = await startHarness();
    const t = h.fake.store.tickets.get(31)!;
    const seen = record(h);
    await h.api('PUT', '/api/v2/tickets/31', { body: { priority: t.priority === 4 ? 1 : 4, category: 'Email', sub_category: 'Outlook', custom_fields: { asset_tag: 'LT-9' } } });
    const changes = seen[0]!.data.changes!;
    expect(changes['category']).toEqual([t.category, 'Email']);
    expect(changes['custom_fields']).toEqual([{ name: 'asset_tag', value: [t.custom_fields['asset_tag'] ?? null, 'LT-9'] }]);
  });

  test('store.tickets.update: emits with the given agent as actor; a status change from the store works like the API', async () => {
    const h = await startHarness();
    const seen = record(h);
    const t = h.fake.store.tickets.list().find((x) => x.status === 2 && !x.deleted)!;
    const updated = h.fake.store.tickets.update(t.id, { status: 4 }, { actor: h.fake.keys.agentIds.restricted });
    expect(updated.resolved_at).toBe(h.clock.now());
    expect(seen[0]?.data.changes).toMatchObject({ status: [2, 4], status_name: ['Open', 'Resolved'] });
    expect(seen[0]?.data.actor).toMatchObject({ id: h.fake.keys.agentIds.restricted, name: 'Tomás Ortega', type: 'agent' });
    h.fake.store.tickets.update(t.id, { tags: ['quiet'] });
    expect(seen).toHaveLength(1);
  });

  test('delete: announced as an update with deleted [false, true]', async () => {
    const h = await startHarness();
    const seen = record(h);
    await h.api('DELETE', '/api/v2/tickets/32');
    expect(seen.map((e) => [e.event, e.data.changes])).toEqual([['onTicketUpdate', { deleted: [false, true] }]]);
  });

  test('events: listeners can subscribe to one event and unsubscribe; a throwing listener does not fail the request', async () => {
    const h = await startHarness();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const creates: number[] = [];
    const off = h.fake.events.on('onTicketCreate', (e) => creates.push(e.data.ticket.id));
    h.fake.events.on('onTicketUpdate', () => {
      throw new Error('listener bug');
    });
    const requester_id = h.fake.store.requesters.list()[0]!.id;
    await h.api('POST', '/api/v2/tickets', { body: { requester_id, status: 2, priority: 1 } });
    expect((await h.api('PUT', '/api/v2/tickets/33', { body: { priority: 4 } })).status).toBe(200);
    off();
    await h.api('POST', '/api/v2/tickets', { body: { requester_id, status: 2, priority: 1 } });
    expect(creates).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith('fake-freshservice: an onTicketUpdate listener threw:', expect.any(Error));
    errors.mockRestore();
  });
});
