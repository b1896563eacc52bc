import { describe, expect, test } from 'vitest';
import { startHarness } from './harness.ts';

describe('store: direct data access for tests', () => {
  test('store: get and list hand out copies; changing them changes nothing', async () => {
    const { fake } = await startHarness();
    const t = fake.store.tickets.get(1)!;
    t.subject = 'changed behind the API';
    fake.store.tickets.list()[0]!.tags.push('x');
    expect(fake.store.tickets.get(1)!.subject).not.toBe('changed behind the API');
    expect(fake.store.tickets.get(1)!.tags).not.toContain('x');
    const r = fake.store.requesters.list()[0]!;
    r.first_name = 'Changed';
    expect(fake.store.requesters.get(r.id)!.first_name).toBe('José');
  });

  test('store: create and update requesters, agents and groups, visible over HTTP with no call logged', async () => {
    const h = await startHarness();
    const r = h.fake.store.requesters.create({ first_name: 'Ada', last_name: 'Lovelace', primary_email: 'ada@corp.example' });
    h.fake.store.requesters.update(r.id, { job_title: 'Analyst' });
    const g = h.fake.store.groups.create({ name: 'Escalations' });
    h.fake.store.groups.update(g.id, { description: 'Second line' });
    const a = h.fake.store.agents.create({ first_name: 'New', last_name: 'Agent', email: 'new.agent@corp.example' });
    expect(h.fake.calls).toHaveLength(0);
    expect((await h.get(`/api/v2/requesters/${r.id}`)).body.requester).toMatchObject({ first_name: 'Ada', job_title: 'Analyst' });
    expect((await h.get(`/api/v2/groups/${g.id}`)).body.group).toMatchObject({ name: 'Escalations', description: 'Second line' });
    expect((await h.get(`/api/v2/agents/${a.id}`)).body.agent.email).toBe('new.agent@corp.example');
    expect(() => h.fake.store.groups.update(1, { name: 'x' })).toThrow(/no record with id 1/);
    expect(() => h.fake.store.groups.create({ id: g.id })).toThrow(/already exists/);
  });

  test('store: conversations.create adds a note that the API lists and that bumps the ticket', async () => {
    const h = await startHarness();
    await h.clock.advance(1000);
    const c = h.fake.store.conversations.create(3, { body: '<p>From a test</p>', user_id: h.fake.keys.agentIds.agent });
    expect(c).toMatchObject({ kind: 'note', private: true, ticket_id: 3 });
    const list = await h.get('/api/v2/tickets/3/conversations?per_page=100');
    expect(list.body.conversations.at(-1)).toMatchObject({ id: c.id, body_text: 'From a test', private: true, source: 2 });
    expect(h.fake.store.tickets.get(3)!.updated_at).toBe(h.clock.now());
  });

  test('html: entities, line breaks, scripts and styles in descriptions become clean text', async () => {
    const h = await startHarness();
    const requester_id = h.fake.store.requesters.list()[0]!.id;
    const description = '<style>p{color:red}</style><p>Tom &amp; Jerry&nbsp;say &quot;hi&quot; &#8211; &#x263A;</p><ul><li>one</li><li>two</li></ul>x &bogus; y<br/>z';
    const a = await h.api('POST', '/api/v2/tickets', { body: { requester_id, status: 2, priority: 1, description } });
    expect(a.body.ticket.description_text).toBe('Tom & Jerry say "hi" – ☺\none\ntwo\nx &bogus; y\nz');
  });

  test('dates: date inputs accept the documented forms and offsets; impossible dates are 400', async () => {
    const h = await startHarness();
    const t = h.fake.store.tickets.list().find((x) => !x.deleted)!;
    for (const [input, iso] of [
      ['2026-12-01', '2026-12-01T00:00:00Z'],
      ['2026-12-01T10:30', '2026-12-01T10:30:00Z'],
      ['2026-12-01T10:30:15+05:30', '2026-12-01T05:00:15Z'],
      ['2026-12-01T10:30:15-0200', '2026-12-01T12:30:15Z'],
      ['2026-12-01T10:30:15+01', '2026-12-01T09:30:15Z'],
      ['2026-12-01T10:30:15.250Z', '2026-12-01T10:30:15Z'],
    ]) {
      expect((await h.api('PUT', `/api/v2/tickets/${t.id}`, { body: { due_by: input } })).body.ticket.due_by).toBe(iso);
    }
    for (const bad of ['2026-02-30', '2026-12-01T25:00', '01/12/2026', 'tomorrow']) {
      const a = await h.api('PUT', `/api/v2/tickets/${t.id}`, { body: { due_by: bad } });
      expect(a.body.errors[0]).toMatchObject({ field: 'due_by', code: 'invalid_value' });
    }
  });
});
