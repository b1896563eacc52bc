import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateRules } from '../../../core/rules/evaluate.ts';
import { checkRules } from '../../../core/rules/check.ts';
import type { Condition, Rule, RuleSet } from '../../../core/rules/types.ts';
import type { TicketFacts } from '../../../core/ticket.ts';
import { MAX_MATCH_TEXT } from '../../../core/text.ts';
import { makeFacts } from './helpers.ts';

const set = (...rules: Rule[]): RuleSet => ({ version: 1, rules });
const rule = (name: string, when: Condition, then: Rule['then'] = { priority: 3 }, over: Partial<Rule> = {}): Rule => ({ name, on: 'create', when, then, ...over });
const holds = (when: Condition, facts: TicketFacts = makeFacts(), event: 'create' | 'update' = 'create', changes = {}): boolean =>
  evaluateRules(set(rule('r', when, { priority: 1 }, { on: 'both' })), facts, { event, changes }).matched.length === 1;

describe('evaluateRules: text operators', () => {
  const facts = makeFacts({ subject: 'Ünïcode VPN Tunnel — ÉCHEC', descriptionText: 'The tunnel drops.\nError 0x80 at login.', requester: { id: 1, email: 'Ana.Silva@Corp.Example', name: 'Ana Silva' }, category: null });

  it.each<[Condition, boolean]>([
    [{ field: 'subject', op: 'contains_any', value: ['vpn', 'wifi'] }, true],
    [{ field: 'subject', op: 'contains_any', value: ['echec'] }, true],
    [{ field: 'subject', op: 'contains_any', value: ['wifi'] }, false],
    [{ field: 'subject', op: 'contains_all', value: ['vpn', 'unicode'] }, true],
    [{ field: 'subject', op: 'contains_all', value: ['vpn', 'wifi'] }, false],
    [{ field: 'subject', op: 'starts_with', value: 'UNICODE' }, true],
    [{ field: 'subject', op: 'ends_with', value: 'échec' }, true],
    [{ field: 'subject', op: 'equals', value: 'unicode vpn tunnel — echec' }, true],
    [{ field: 'subject', op: 'not_equals', value: 'x' }, true],
    [{ field: 'subject', op: 'in', value: ['a', 'UNICODE VPN TUNNEL — ÉCHEC'] }, true],
    [{ field: 'description_text', op: 'matches', value: 'error\\s+0x\\d+' }, true],
    [{ field: 'description_text', op: 'matches', value: '^error' }, false],
    [{ field: 'description_text', op: 'matches', value: '(a+)+' }, false],
    [{ field: 'requester.email', op: 'ends_with', value: '@corp.example' }, true],
    [{ field: 'requester.name', op: 'equals', value: 'ana silva' }, true],
    [{ field: 'category', op: 'is_empty' }, true],
    [{ field: 'type', op: 'is_empty' }, false],
    [{ field: 'category', op: 'equals', value: 'x' }, false],
    [{ field: 'category', op: 'not_equals', value: 'x' }, true],
    [{ field: 'sub_category', op: 'equals', value: 'vpn' }, true],
  ])('evaluateRules: %j → %s', (when, expected) => {
    expect(holds(when, facts)).toBe(expected);
  });
});

describe('evaluateRules: numbers, tags and custom fields', () => {
  const facts = makeFacts({ priority: 3, groupId: null, tags: ['VIP', 'Remote'], customFields: { cf_laptops: 3, cf_site: 'Lisbon', cf_vip: true, cf_code: '042', cf_none: null } });

  it.each<[Condition, boolean]>([
    [{ field: 'priority', op: 'equals', value: 3 }, true],
    [{ field: 'priority', op: 'in', value: [1, 2] }, false],
    [{ field: 'priority', op: 'gt', value: 2 }, true],
    [{ field: 'priority', op: 'lt', value: 3 }, false],
    [{ field: 'priority', op: 'not_equals', value: 3 }, false],
    [{ field: 'group_id', op: 'is_empty' }, true],
    [{ field: 'group_id', op: 'equals', value: 5 }, false],
    [{ field: 'group_id', op: 'gt', value: 0 }, false],
    [{ field: 'status', op: 'equals', value: 2 }, true],
    [{ field: 'tags', op: 'contains_any', value: ['vip'] }, true],
    [{ field: 'tags', op: 'contains_all', value: ['vip', 'remote'] }, true],
    [{ field: 'tags', op: 'contains_all', value: ['vip', 'onsite'] }, false],
    [{ field: 'tags', op: 'contains_any', value: ['vi'] }, false],
    [{ field: 'tags', op: 'is_empty' }, false],
    [{ field: 'custom_fields.cf_laptops', op: 'gt', value: 2 }, true],
    [{ field: 'custom_fields.cf_laptops', op: 'equals', value: 3 }, true],
    [{ field: 'custom_fields.cf_laptops', op: 'equals', value: '3' }, true],
    [{ field: 'custom_fields.cf_site', op: 'contains_any', value: ['lisb'] }, true],
    [{ field: 'custom_fields.cf_vip', op: 'equals', value: true }, true],
    [{ field: 'custom_fields.cf_vip', op: 'equals', value: false }, false],
    [{ field: 'custom_fields.cf_code', op: 'lt', value: 50 }, true],
    [{ field: 'custom_fields.cf_none', op: 'is_empty' }, true],
    [{ field: 'custom_fields.cf_missing', op: 'is_empty' }, true],
    [{ field: 'custom_fields.cf_missing', op: 'not_equals', value: 'x' }, true],
    [{ field: 'custom_fields.constructor', op: 'is_empty' }, true],
  ])('evaluateRules: %j → %s', (when, expected) => {
    expect(holds(when, facts)).toBe(expected);
  });
});

describe('evaluateRules: combinators and changes', () => {
  const a: Condition = { field: 'subject', op: 'contains_any', value: ['vpn'] };
  const b: Condition = { field: 'priority', op: 'equals', value: 4 };

  it('evaluateRules: all, any and not combine as expected', () => {
    expect(holds({ all: [a, b] })).toBe(false);
    expect(holds({ any: [a, b] })).toBe(true);
    expect(holds({ not: b })).toBe(true);
    expect(holds({ not: { any: [a, b] } })).toBe(false);
    expect(holds({ all: [a, { not: b }] })).toBe(true);
  });

  it('evaluateRules: changes conditions read the update', () => {
    const reopened: Condition = { field: 'changes.status', op: 'changed', from: [4, 5], to: 2 };
    expect(holds(reopened, makeFacts(), 'update', { status: [5, 2] })).toBe(true);
    expect(holds(reopened, makeFacts(), 'update', { status: [3, 2] })).toBe(false);
    expect(holds(reopened, makeFacts(), 'update', {})).toBe(false);
    expect(holds(reopened, makeFacts(), 'create')).toBe(false);
    expect(holds({ field: 'changes.priority', op: 'increased', to: 4 }, makeFacts(), 'update', { priority: [2, 4] })).toBe(true);
    expect(holds({ field: 'changes.priority', op: 'increased' }, makeFacts(), 'update', { priority: [4, 2] })).toBe(false);
    expect(holds({ field: 'changes.priority', op: 'decreased' }, makeFacts(), 'update', { priority: [4, 2] })).toBe(true);
    expect(holds({ field: 'changes.priority', op: 'decreased' }, makeFacts(), 'update', { priority: [null, 2] })).toBe(false);
    expect(holds({ field: 'changes.group_id', op: 'changed', from: null }, makeFacts(), 'update', { group_id: [null, 7] })).toBe(true);
    expect(holds({ field: 'changes.type', op: 'changed', to: 'service request' }, makeFacts(), 'update', { type: ['Incident', 'Service Request'] })).toBe(true);
    expect(holds({ field: 'changes.status', op: 'equals' } as Condition, makeFacts(), 'update', { status: [5, 2] })).toBe(false);
  });

  it('evaluateRules: traces explain every leaf evaluated, including negated ones', () => {
    const ev = evaluateRules(set(rule('r', { all: [a, { not: b }, { field: 'changes.status', op: 'changed', to: 2 }] }, { priority: 1 }, { on: 'update' })), makeFacts({ subject: 'x'.repeat(300) + ' vpn' }), { event: 'update', changes: { status: [5, 2] } });
    expect(ev.matched[0]?.reasons).toEqual([
      { field: 'subject', op: 'contains_any', expected: '["vpn"]', actual: `${'x'.repeat(119)}…`, matched: true, negated: false },
      { field: 'priority', op: 'equals', expected: '4', actual: '2', matched: false, negated: true },
      { field: 'changes.status', op: 'changed', expected: 'changed to 2', actual: '5 → 2', matched: true, negated: false },
    ]);
  });
});

describe('evaluateRules: merging actions', () => {
  it('evaluateRules: rules run in order; the first rule to set a field wins and differences are conflicts', () => {
    const ev = evaluateRules(
      set(
        rule('first', { field: 'subject', op: 'contains_any', value: ['vpn'] }, { priority: 3, group_id: 10, tags_add: ['vpn'], note: 'one {{matched}}', notify_emails: ['NOC@corp.example'] }),
        rule('second', { field: 'subject', op: 'contains_any', value: ['tunnel', 'hour'] }, { priority: 4, group_id: 10, urgency: 3, tags_add: ['network', 'VPN'], tags_remove: ['triage'], note: 'two', notify_emails: ['noc@corp.example', 'ops@corp.example'] }),
      ),
      makeFacts(),
      { event: 'create' },
    );
    expect(ev.matched.map((m) => [m.rule, m.index, m.matchedValues])).toEqual([['first', 0, ['vpn']], ['second', 1, ['tunnel', 'hour']]]);
    expect(ev.changes).toEqual({ priority: 3, group_id: 10, urgency: 3 });
    expect(ev.provenance).toEqual({ priority: 'first', group_id: 'first', urgency: 'second', 'tag:vpn': 'first', 'tag:network': 'second', 'tag:triage': 'second' });
    expect(ev.conflicts).toEqual([{ field: 'priority', keptFrom: 'first', ignoredFrom: 'second', kept: 3, ignored: 4 }]);
    expect(ev.tagsAdd).toEqual(['vpn', 'network']);
    expect(ev.tagsRemove).toEqual(['triage']);
    expect(ev.notes.map((n) => n.rule)).toEqual(['first', 'second']);
    expect(ev.notifyEmails).toEqual(['noc@corp.example', 'ops@corp.example']);
  });

  it('evaluateRules: a tag added by one rule and removed by a later one is a conflict', () => {
    const ev = evaluateRules(set(rule('add', { field: 'status', op: 'equals', value: 2 }, { tags_add: ['vip'] }), rule('remove', { field: 'status', op: 'equals', value: 2 }, { tags_remove: ['VIP'] })), makeFacts(), { event: 'create' });
    expect(ev.tagsAdd).toEqual(['vip']);
    expect(ev.tagsRemove).toEqual([]);
    expect(ev.conflicts).toEqual([{ field: 'tag:vip', keptFrom: 'add', ignoredFrom: 'remove', kept: 'add', ignored: 'remove' }]);
    const reverse = evaluateRules(set(rule('remove', { field: 'status', op: 'equals', value: 2 }, { tags_remove: ['vip'] }), rule('add', { field: 'status', op: 'equals', value: 2 }, { tags_add: ['vip'] })), makeFacts(), { event: 'create' });
    expect(reverse.conflicts[0]).toMatchObject({ kept: 'remove', ignored: 'add' });
  });

  it('evaluateRules: stop ends the run, disabled rules and other events are skipped', () => {
    const always: Condition = { field: 'status', op: 'equals', value: 2 };
    const ev = evaluateRules(
      set(rule('off', always, { priority: 1 }, { enabled: false }), rule('update only', always, { priority: 2 }, { on: 'update' }), rule('stopper', always, { urgency: 1 }, { stop: true }), rule('never reached', always, { impact: 1 })),
      makeFacts(),
      { event: 'create' },
    );
    expect(ev.matched.map((m) => m.rule)).toEqual(['stopper']);
    expect(ev.changes).toEqual({ urgency: 1 });
  });

  it('evaluateRules: stop on a rule that does not match does not stop', () => {
    const ev = evaluateRules(set(rule('no', { field: 'status', op: 'equals', value: 9 }, { priority: 1 }, { stop: true }), rule('yes', { field: 'status', op: 'equals', value: 2 }, { priority: 2 })), makeFacts(), { event: 'create' });
    expect(ev.changes).toEqual({ priority: 2 });
  });

  it('evaluateRules: matched values come from search operators in branches that held', () => {
    const when: Condition = {
      any: [
        { all: [{ field: 'subject', op: 'contains_any', value: ['vpn'] }, { field: 'priority', op: 'equals', value: 4 }] },
        { all: [{ field: 'description_text', op: 'matches', value: 'work\\w+' }, { field: 'requester.email', op: 'ends_with', value: '@corp.example' }] },
      ],
    };
    const ev = evaluateRules(set(rule('r', when)), makeFacts(), { event: 'create' });
    expect(ev.matched[0]?.matchedValues).toEqual(['working']);
  });
});

describe('evaluateRules: robustness and cost', () => {
  const fields = ['subject', 'description_text', 'requester.email', 'priority', 'status', 'group_id', 'tags', 'custom_fields.cf_a', 'changes.status', 'changes.priority', 'nope'];
  const ops = ['equals', 'not_equals', 'in', 'contains_any', 'contains_all', 'starts_with', 'ends_with', 'matches', 'gt', 'lt', 'is_empty', 'changed', 'increased', 'decreased', 'constructor', '__proto__'];
  const valueArb = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 10 }), fc.boolean(), fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 5 })), { maxLength: 4 }), fc.constant(null), fc.constant('(a+)+$'));
  const leafArb = fc.record({ field: fc.constantFrom(...fields), op: fc.constantFrom(...ops), value: valueArb, from: valueArb, to: valueArb }, { requiredKeys: ['field', 'op'] });
  const condArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    cond: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, fc.record({ all: fc.array(tie('cond'), { maxLength: 3 }) }), fc.record({ any: fc.array(tie('cond'), { maxLength: 3 }) }), fc.record({ not: tie('cond') }), fc.jsonValue({ maxDepth: 1 })),
  })).cond;
  const ruleArb = fc.record({ name: fc.oneof(fc.string(), fc.integer()), on: fc.constantFrom('create', 'update', 'both', 'x'), when: condArb, then: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ priority: valueArb, tags_add: valueArb, tags_remove: valueArb, note: valueArb, notify_emails: valueArb, type: valueArb }, { requiredKeys: [] })), stop: fc.oneof(fc.boolean(), fc.constant('yes')), enabled: fc.boolean() }, { requiredKeys: ['when'] });
  const factsArb = fc.record({
    subject: fc.string({ unit: 'binary', maxLength: 40 }),
    descriptionText: fc.string({ maxLength: 80 }),
    priority: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 4 })),
    status: fc.oneof(fc.constant(null), fc.integer({ min: 2, max: 7 })),
    tags: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
    customFields: fc.dictionary(fc.constantFrom('cf_a', 'cf_b'), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null))),
  });

  it('evaluateRules: never throws on random facts and random (unchecked) rules', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 4 }), factsArb, fc.constantFrom<'create' | 'update'>('create', 'update'), (rules, over, event) => {
        const ev = evaluateRules({ version: 1, rules } as unknown as RuleSet, makeFacts(over as Partial<TicketFacts>), { event, changes: { status: [4, 2], priority: [1, 3] } });
        return Array.isArray(ev.matched) && Array.isArray(ev.conflicts);
      }),
      { numRuns: 1000 },
    );
  });

  it('evaluateRules: tolerates documents that are not rule sets', () => {
    for (const bad of [null, 'x', { version: 1 }, { version: 1, rules: 'x' }, { version: 1, rules: [null, 1, { on: 'create' }] }]) {
      expect(evaluateRules(bad as unknown as RuleSet, makeFacts(), { event: 'create' }).matched).toEqual([]);
    }
  });

  it('evaluateRules: a rule without a name is reported by position', () => {
    const ev = evaluateRules({ version: 1, rules: [{ on: 'create', when: { field: 'status', op: 'equals', value: 2 }, then: 'x' }] } as unknown as RuleSet, makeFacts(), { event: 'create' });
    expect(ev.matched[0]?.rule).toBe('rule 1');
  });

  it('evaluateRules: stops at absurd depth instead of overflowing the stack', () => {
    let when: unknown = { field: 'status', op: 'equals', value: 2 };
    for (let i = 0; i < 10_000; i++) when = { not: { not: when } };
    expect(evaluateRules({ version: 1, rules: [{ name: 'deep', on: 'create', when, then: {} }] } as unknown as RuleSet, makeFacts(), { event: 'create' }).matched).toEqual([]);
  });

  // Its CPU time is measured by `npm run bench`, not asserted here.
  it('evaluateRules: 200 checked rules on a 64 KB description look at a bounded prefix', () => {
    const rules: Rule[] = Array.from({ length: 200 }, (_, i) =>
      rule(`r${i}`, { any: [{ field: 'description_text', op: 'contains_any', value: [`word${i}`, 'zzz'] }, { field: 'description_text', op: 'matches', value: `\\w+x${i}!` }, { field: 'subject', op: 'starts_with', value: 'nope' }] }, { tags_add: [`t${i}`] }),
    );
    const rs = set(...rules);
    expect(checkRules(rs).ok).toBe(true);
    const facts = makeFacts({ descriptionText: 'a'.repeat(64 * 1024) });
    const ev = evaluateRules(rs, facts, { event: 'create' });
    expect(ev.matched).toEqual([]);
    expect(facts.descriptionText.length).toBeGreaterThan(MAX_MATCH_TEXT);
  });
});

describe('evaluateRules: values facts may carry', () => {
  it('evaluateRules: non-finite numbers count as missing', () => {
    const facts = makeFacts({ priority: Number.NaN, customFields: { cf_n: Number.POSITIVE_INFINITY } });
    expect(holds({ field: 'priority', op: 'gt', value: 0 }, facts)).toBe(false);
    expect(holds({ field: 'custom_fields.cf_n', op: 'gt', value: 0 }, facts)).toBe(false);
  });

  it('evaluateRules: an any that is not a list is false', () => {
    expect(holds({ any: 'x' } as unknown as Condition)).toBe(false);
  });
});

describe('evaluateRules: every ticket field', () => {
  it('evaluateRules: reads each field the catalogue lists', () => {
    const facts = makeFacts({ source: 2, urgency: 3, impact: 1, departmentId: 77, responderId: 88, groupId: 99, type: 'Service Request' });
    const cases: Array<[string, number | string]> = [['source', 2], ['urgency', 3], ['impact', 1], ['department_id', 77], ['responder_id', 88], ['group_id', 99], ['status', 2], ['priority', 2], ['type', 'service request'], ['category', 'network'], ['sub_category', 'vpn']];
    for (const [field, value] of cases) expect(holds({ field, op: 'equals', value }, facts), field).toBe(true);
  });
});
