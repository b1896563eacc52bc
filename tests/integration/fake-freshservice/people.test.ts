import { describe, expect, test } from 'vitest';
import { startHarness } from './harness.ts';

describe('requesters (reference §6)', () => {
  test('requesters/{id}: {requester} with the documented fields; unknown id 404', async () => {
    const h = await startHarness();
    const r = h.fake.store.requesters.list()[0]!;
    const a = await h.get(`/api/v2/requesters/${r.id}`);
    expect(a.status).toBe(200);
    expect(a.body.requester).toMatchObject({ id: r.id, is_agent: false, first_name: 'José', last_name: 'Müller', primary_email: r.primary_email });
    for (const key of ['job_title', 'secondary_emails', 'work_phone_number', 'mobile_phone_number', 'department_ids', 'time_zone', 'time_format', 'language', 'custom_fields', 'active', 'created_at', 'updated_at']) {
      expect(a.body.requester).toHaveProperty(key);
    }
    expect((await h.get('/api/v2/requesters/1')).status).toBe(404);
  });

  test('requesters: sorted by first name, paged, filtered by email', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/requesters?per_page=100');
    const names = a.body.requesters.map((r: any) => r.first_name);
    expect(names).toEqual([...names].sort((x: string, y: string) => x.localeCompare(y)));
    expect(a.headers.get('link')).toContain('page=2');
    const one = await h.get('/api/v2/requesters?email=ZOE.MARTIN%40corp.example');
    expect(one.body.requesters.map((r: any) => r.first_name)).toEqual(['Zoë']);
  });
});

describe('agents (reference §6)', () => {
  test('agents/{id}: {agent} with roles and group membership', async () => {
    const h = await startHarness();
    const id = h.fake.keys.agentIds.agent;
    const a = await h.get(`/api/v2/agents/${id}`);
    expect(a.body.agent).toMatchObject({ id, email: expect.stringMatching(/@corp\.example$/), roles: [expect.objectContaining({ role_id: expect.any(Number) })] });
    expect(a.body.agent.member_of.length).toBeGreaterThan(0);
    expect((await h.get('/api/v2/agents/12345')).status).toBe(404);
  });

  test('agents: ids are large (10–11 digits) and below 2^53', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/agents?per_page=100');
    expect(a.body.agents).toHaveLength(12);
    for (const agent of a.body.agents) {
      expect(String(agent.id)).toMatch(/^\d{10,11}$/);
      expect(Number.isSafeInteger(agent.id)).toBe(true);
    }
  });
});

describe('groups (reference §6)', () => {
  test('groups: {groups} list and {group} by id; unknown id 404', async () => {
    const h = await startHarness();
    const list = await h.get('/api/v2/groups');
    expect(list.body.groups).toHaveLength(8);
    expect(list.body.groups.map((g: any) => g.name)).toContain('Network Team');
    const g = list.body.groups[1];
    const one = await h.get(`/api/v2/groups/${g.id}`);
    expect(one.body.group).toEqual(g);
    expect(String(g.id)).toMatch(/^\d{11}$/);
    expect((await h.get('/api/v2/groups/1')).status).toBe(404);
  });
});
