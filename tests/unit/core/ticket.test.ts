import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_MATCH_TEXT } from '../../../core/text.ts';
import { changesFromEventData, normalizeApiTicket, normalizeChanges, normalizeEventData, TicketLimits } from '../../../core/ticket.ts';

/** Shaped like server/test_data onTicketCreate `data` (fdk-platform.md §2.3). */
function eventData(ticket: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    actor: { profile_id: 9 },
    requester: { id: 21000418006, name: 'Ana Silva', email: 'ana.silva@corp.example', mobile: null, phone: null, language: 'en' },
    ticket: {
      id: 1042,
      subject: 'VPN <b>down</b>',
      description: '<div>VPN tunnel drops</div>',
      description_text: 'VPN tunnel drops',
      requester_id: 21000418006,
      requester_name: 'Ana Silva',
      group_id: 17000012345,
      group_name: 'Network',
      department_id: null,
      responder_id: null,
      status: 2,
      status_name: 'Open',
      priority: 1,
      priority_name: 'Low',
      urgency: 1,
      impact: 1,
      source: 1,
      type: 'Incident',
      category: 'Network',
      sub_category: null,
      tags: ['vpn', { name: 'remote' }],
      spam: false,
      created_at: '2026-01-10T09:00:00Z',
      updated_at: '2026-01-10T09:00:05Z',
      custom_fields: [
        { name: 'cf_site', value: 'Lisbon' },
        { name: 'cf_laptops', value: 3 },
        { name: 'cf_vip', value: true },
        { name: 'cf_empty', value: null },
        { name: 'cf_multi', value: ['a', 'b'] },
      ],
      ...ticket,
    },
    ...extra,
  };
}

/** Shaped like `GET /api/v2/tickets/{id}?include=requester,tags` (freshservice-api.md §4.2). */
function apiTicket(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1038,
    workspace_id: 2,
    subject: 'VPN keeps disconnecting',
    description: '<div>It drops&nbsp;<b>every</b> hour</div>',
    description_text: 'It drops every hour',
    requester_id: 21000418006,
    responder_id: 21000000002,
    group_id: 17000012345,
    department_id: 17000000001,
    status: 3,
    priority: 2,
    source: 2,
    type: 'Incident',
    urgency: 2,
    impact: 3,
    category: 'Network',
    sub_category: 'VPN',
    spam: false,
    deleted: false,
    tags: ['vpn'],
    custom_fields: { cf_site: 'Porto', cf_count: 7 },
    created_at: '2026-01-09T08:00:00Z',
    updated_at: '2026-01-09T10:00:00Z',
    requester: { id: 21000418006, name: 'Ana Silva', email: 'ana.silva@corp.example', mobile: null, phone: null },
    ...over,
  };
}

describe('normalizeEventData', () => {
  it('normalizeEventData: reads a create event into facts with no issues', () => {
    const { facts, issues } = normalizeEventData(eventData());
    expect(issues).toEqual([]);
    expect(facts).toMatchObject({
      id: 1042,
      subject: 'VPN <b>down</b>',
      descriptionText: 'VPN tunnel drops',
      requester: { id: 21000418006, email: 'ana.silva@corp.example', name: 'Ana Silva' },
      source: 1,
      type: 'Incident',
      category: 'Network',
      subCategory: null,
      priority: 1,
      status: 2,
      groupId: 17000012345,
      departmentId: null,
      responderId: null,
      tags: ['vpn', 'remote'],
      tagsKnown: true,
      createdAt: Date.UTC(2026, 0, 10, 9, 0, 0),
      updatedAt: Date.UTC(2026, 0, 10, 9, 0, 5),
      spam: false,
      deleted: false,
    });
    expect({ ...facts?.customFields }).toEqual({ cf_site: 'Lisbon', cf_laptops: 3, cf_vip: true, cf_empty: null, cf_multi: 'a, b' });
  });

  it('normalizeEventData: keeps HTML in subjects as text', () => {
    expect(normalizeEventData(eventData({ subject: '<script>alert(1)</script>' })).facts?.subject).toBe('<script>alert(1)</script>');
  });

  it('normalizeEventData: strips HTML from description when description_text is missing', () => {
    const { facts } = normalizeEventData(eventData({ description_text: undefined, description: '<p>Hello&nbsp;<b>there</b></p><script>x()</script>' }));
    expect(facts?.descriptionText).toBe('Hello there');
  });

  it('normalizeEventData: falls back to the ticket for the requester', () => {
    const data = eventData({ requester_email: 'b@corp.example' }, { requester: undefined });
    const { facts } = normalizeEventData(data);
    expect(facts?.requester).toEqual({ id: 21000418006, email: 'b@corp.example', name: 'Ana Silva' });
  });

  it('normalizeEventData: cuts huge descriptions and says so', () => {
    const { facts, issues } = normalizeEventData(eventData({ description_text: 'x'.repeat(1_000_000) }));
    expect(facts?.descriptionText.length).toBe(MAX_MATCH_TEXT);
    expect(issues).toEqual([`ticket.description_text: cut from 1000000 to ${MAX_MATCH_TEXT} characters`]);
  });

  it('normalizeEventData: lists wrongly typed fields and uses defaults', () => {
    const { facts, issues } = normalizeEventData(eventData({ priority: 'high', group_id: -4, created_at: 'yesterday', tags: 'vpn', spam: 'no', subject: { a: 1 } }));
    expect(facts).toMatchObject({ priority: null, groupId: null, createdAt: null, tags: [], tagsKnown: false, spam: false, subject: '' });
    expect(issues).toEqual(expect.arrayContaining([
      'ticket.priority: expected an integer, got "high" (string)',
      'ticket.group_id: expected a positive integer, got -4 (number)',
      'ticket.subject: expected a string, got {"a":1} (object)',
      'ticket.tags: expected a list of tags',
      'ticket.created_at: expected a date-time, got "yesterday" (string)',
      'ticket.spam: expected a boolean, got "no" (string)',
    ]));
    expect(issues).toHaveLength(6);
  });

  it('normalizeEventData: reports missing required fields', () => {
    const { facts, issues } = normalizeEventData({ ticket: { id: 5 } });
    expect(facts).toMatchObject({ id: 5, subject: '', status: null, priority: null, createdAt: null, requester: { id: null, email: '', name: '' } });
    expect(issues).toEqual(['ticket.subject: missing', 'ticket.priority: missing', 'ticket.status: missing', 'ticket.created_at: missing']);
  });

  it('normalizeEventData: gives no facts without a ticket or a ticket id', () => {
    expect(normalizeEventData(null)).toEqual({ facts: null, issues: ['data: expected an object, got null'] });
    expect(normalizeEventData([])).toEqual({ facts: null, issues: ['data: expected an object, got an array'] });
    expect(normalizeEventData({ ticket: 'x' })).toEqual({ facts: null, issues: ['data.ticket: expected an object, got string'] });
    expect(normalizeEventData({ ticket: {} }).facts).toBeNull();
    expect(normalizeEventData({ ticket: {} }).issues).toContain('ticket.id: missing');
  });

  it('normalizeEventData: accepts integer strings and epoch times', () => {
    const { facts, issues } = normalizeEventData(eventData({ id: '1042', priority: '3', created_at: 1768035600, updated_at: 1768035600000 }));
    expect(issues).toEqual([]);
    expect(facts).toMatchObject({ id: 1042, priority: 3, createdAt: 1768035600000, updatedAt: 1768035600000 });
  });

  it('normalizeEventData: reads tags given as objects or numbers and drops junk', () => {
    const { facts, issues } = normalizeEventData(eventData({ tags: ['a', { name: 'b' }, 7, '', { x: 1 }, null, 'a'] }));
    expect(facts?.tags).toEqual(['a', 'b', '7']);
    expect(issues).toEqual(['ticket.tags: dropped entries that are not tag names']);
  });

  it('normalizeEventData: reports unusable custom fields', () => {
    const { facts, issues } = normalizeEventData(eventData({ custom_fields: [{ name: 'cf_obj', value: { a: 1 } }, { value: 2 }, 'junk', { name: 'cf_nan', value: Number.NaN }] }));
    expect({ ...facts?.customFields }).toEqual({ cf_obj: null, cf_nan: null });
    expect(issues).toEqual(['ticket.custom_fields.cf_obj: unsupported value, kept as empty', 'ticket.custom_fields: dropped an entry without a name', 'ticket.custom_fields: dropped an entry without a name']);
    expect(normalizeEventData(eventData({ custom_fields: 'x' })).issues).toEqual(['ticket.custom_fields: expected an object or a list']);
  });

  it('normalizeEventData: custom fields cannot reach the prototype', () => {
    const { facts } = normalizeEventData(eventData({ custom_fields: [{ name: '__proto__', value: 'x' }, { name: 'constructor', value: 'y' }] }));
    expect(Object.getPrototypeOf(facts?.customFields)).toBeNull();
    expect(facts?.customFields.constructor).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('normalizeEventData: keeps at most the limit of custom fields', () => {
    const many = Array.from({ length: TicketLimits.CUSTOM_FIELDS + 5 }, (_, i) => ({ name: `cf_${i}`, value: i }));
    const { facts, issues } = normalizeEventData(eventData({ custom_fields: many }));
    expect(Object.keys(facts?.customFields ?? {})).toHaveLength(TicketLimits.CUSTOM_FIELDS);
    expect(issues).toEqual([`ticket.custom_fields: kept the first ${TicketLimits.CUSTOM_FIELDS} of ${TicketLimits.CUSTOM_FIELDS + 5}`]);
  });

  it('normalizeEventData: never throws on any JSON and explains what it dropped', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        const out = normalizeEventData(data);
        return Array.isArray(out.issues) && (out.facts !== null || out.issues.length > 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('normalizeEventData: never throws on ticket-shaped objects with random field values', () => {
    const keys = ['id', 'subject', 'description', 'description_text', 'status', 'priority', 'urgency', 'impact', 'source', 'group_id', 'responder_id', 'department_id', 'type', 'category', 'sub_category', 'tags', 'custom_fields', 'created_at', 'updated_at', 'spam', 'deleted', 'requester_id', 'requester_name'];
    const ticket = fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(ticket, fc.jsonValue({ maxDepth: 2 }), (t, requester) => {
        const out = normalizeEventData({ ticket: t, requester });
        if (out.facts !== null) {
          expect(typeof out.facts.subject).toBe('string');
          expect(out.facts.descriptionText.length).toBeLessThanOrEqual(MAX_MATCH_TEXT);
          expect(Array.isArray(out.facts.tags)).toBe(true);
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('normalizeApiTicket', () => {
  it('normalizeApiTicket: reads an API ticket with custom fields as an object and an embedded requester', () => {
    const { facts, issues } = normalizeApiTicket(apiTicket());
    expect(issues).toEqual([]);
    expect(facts).toMatchObject({
      id: 1038,
      subject: 'VPN keeps disconnecting',
      descriptionText: 'It drops every hour',
      requester: { id: 21000418006, email: 'ana.silva@corp.example', name: 'Ana Silva' },
      status: 3,
      priority: 2,
      urgency: 2,
      impact: 3,
      responderId: 21000000002,
      departmentId: 17000000001,
      subCategory: 'VPN',
      tags: ['vpn'],
      tagsKnown: true,
      deleted: false,
    });
    expect({ ...facts?.customFields }).toEqual({ cf_site: 'Porto', cf_count: 7 });
  });

  it('normalizeApiTicket: unwraps the {"ticket": …} envelope', () => {
    expect(normalizeApiTicket({ ticket: apiTicket() }).facts?.id).toBe(1038);
  });

  it('normalizeApiTicket: marks tags unknown when the answer has none (no include=tags)', () => {
    const { facts } = normalizeApiTicket(apiTicket({ tags: undefined, requester: undefined }));
    expect(facts).toMatchObject({ tags: [], tagsKnown: false, requester: { id: 21000418006, email: '', name: '' } });
  });

  it('normalizeApiTicket: reads deleted and spam flags', () => {
    expect(normalizeApiTicket(apiTicket({ deleted: true, spam: true })).facts).toMatchObject({ deleted: true, spam: true });
  });

  it('normalizeApiTicket: cuts long subjects and names', () => {
    const { facts, issues } = normalizeApiTicket(apiTicket({ subject: 's'.repeat(5000), requester: { name: 'n'.repeat(300) } }));
    expect(facts?.subject.length).toBe(TicketLimits.SUBJECT);
    expect(facts?.requester.name.length).toBe(TicketLimits.NAME);
    expect(issues).toContain(`ticket.subject: cut from 5000 to ${TicketLimits.SUBJECT} characters`);
  });

  it('normalizeApiTicket: rejects non-objects', () => {
    expect(normalizeApiTicket('x')).toEqual({ facts: null, issues: ['ticket: expected an object, got string'] });
  });

  it('normalizeApiTicket: never throws on any JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (json) => Array.isArray(normalizeApiTicket(json).issues)), { numRuns: 1000 });
  });
});

describe('normalizeChanges', () => {
  it('normalizeChanges: reads the Freshservice update sample', () => {
    const changes = normalizeChanges({
      priority: [1, 4], priority_name: ['Low', 'Urgent'], status: ['*', 2], status_name: ['*', 'Open'], agent_id: [null, 21000000002], agent_name: [null, 'Bo'],
      group_id: ['17000012345', 17000012399], type_name: ['Incident', 'Service Request'], source: [1, 2], urgency: [1, 3], impact: [2, 2],
      department_id: [null, 17000000001], category: ['', 'Network'], sub_category: ['x', null],
      custom_fields: [{ name: 'cf_site', value: ['a', 'b'] }], manual_due_by: [null, '2026-01-01'],
    });
    expect(changes).toEqual({
      status: [null, 2], priority: [1, 4], urgency: [1, 3], impact: [2, 2], group_id: [17000012345, 17000012399], responder_id: [null, 21000000002],
      source: [1, 2], department_id: [null, 17000000001], type: ['Incident', 'Service Request'], category: [null, 'Network'], sub_category: ['x', null],
    });
  });

  it('normalizeChanges: ignores garbage and malformed pairs', () => {
    expect(normalizeChanges(null)).toEqual({});
    expect(normalizeChanges([1, 2])).toEqual({});
    expect(normalizeChanges({ status: [2], priority: 'x', urgency: [{}, 'high'], foo: [1, 2] })).toEqual({ urgency: [null, null] });
  });

  it('normalizeChanges: prefers agent_id over responder_id and type over type_name', () => {
    expect(normalizeChanges({ agent_id: [1, 2], responder_id: [3, 4], type: ['A', 'B'], type_name: ['C', 'D'] })).toMatchObject({ responder_id: [1, 2], type: ['A', 'B'] });
  });

  it('normalizeChanges: never throws and only yields [from, to] pairs of numbers, strings or null', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        for (const pair of Object.values(normalizeChanges(json))) {
          expect(pair).toHaveLength(2);
          for (const v of pair) expect(v === null || typeof v === 'number' || typeof v === 'string').toBe(true);
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  it('changesFromEventData: reads data.changes or data.ticket.changes', () => {
    expect(changesFromEventData({ changes: { status: [2, 4] }, ticket: { changes: { status: [3, 5] } } })).toEqual({ status: [2, 4] });
    expect(changesFromEventData({ ticket: { changes: { status: [3, 5] } } })).toEqual({ status: [3, 5] });
    expect(changesFromEventData({ ticket: 'x' })).toEqual({});
    expect(changesFromEventData('x')).toEqual({});
  });
});

describe('readers', () => {
  it('readers: empty text reads as null, booleans and numbers as text', () => {
    const { facts } = normalizeApiTicket(apiTicket({ category: '', type: true, sub_category: 42 }));
    expect(facts).toMatchObject({ category: null, type: 'true', subCategory: '42' });
  });

  it('toTime: refuses non-finite numbers and non-text', async () => {
    const { toTime, toInteger } = await import('../../../core/read.ts');
    expect(toTime(Number.POSITIVE_INFINITY)).toBeNull();
    expect(toTime({})).toBeNull();
    expect(toTime('2026-01-10T09:00:00Z')).toBe(Date.UTC(2026, 0, 10, 9));
    expect(toInteger(' 12 ')).toBe(12);
    expect(toInteger('99999999999999999')).toBeNull();
    expect(toInteger(1.5)).toBeNull();
  });
});
