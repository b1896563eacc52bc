/**
 * The rule tester and the note preview (config/src/tester/*.ts, preview.ts): the sample ticket as
 * core's facts, each condition explained, what would change, and templates rendered with the same
 * Handlebars the page loads.
 */
import Handlebars from 'handlebars';
import { describe, expect, test } from 'vitest';
import type { RuleSet } from '../../../core/rules/types.ts';
import { previewNote } from '../../../config/src/preview.ts';
import { conditionItems, explainCondition, testAll, testRule } from '../../../config/src/tester/run.ts';
import { defaultSample, sampleChanges, sampleFacts, sampleFromFacts, sampleJson } from '../../../config/src/tester/sample.ts';

const engine = Handlebars.create();

const RULES: RuleSet = {
  version: 1,
  rules: [
    {
      name: 'VPN to Network',
      on: 'create',
      when: { all: [{ field: 'subject', op: 'contains_any', value: ['vpn', 'tunnel'] }, { not: { field: 'requester.email', op: 'ends_with', value: '@partner.example' } }] },
      then: { priority: 3, group_id: 17000012345, tags_add: ['vpn'], note: 'Routed because the subject mentions {{matched}}.', notify_emails: ['noc@corp.example'] },
      stop: true,
    },
    { name: 'Printers', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['printer'] }, then: { priority: 1 } },
    { name: 'Reopened', on: 'update', when: { field: 'changes.status', op: 'changed', from: [4, 5], to: 2 }, then: { tags_add: ['reopened'] } },
    { name: 'Off', on: 'both', enabled: false, when: { any: [{ field: 'subject', op: 'is_empty' }, { all: [{ field: 'priority', op: 'gt', value: 1 }] }] }, then: { urgency: 3 } },
  ],
};

describe('the sample ticket', () => {
  test('becomes core facts through the API reader', () => {
    const facts = sampleFacts(defaultSample());
    expect(facts).toMatchObject({ id: 1042, subject: 'VPN tunnel drops every hour', requester: { email: 'ana.silva@corp.example', name: 'Ana Silva' }, priority: 2, status: 2, type: 'Incident', category: null, tags: [], tagsKnown: true });
    const sample = defaultSample();
    sample.fields.id = 'x';
    sample.fields.tags = 'vpn, remote';
    sample.fields.groupId = ' 17 ';
    expect(sampleJson(sample)).toMatchObject({ id: 1, tags: ['vpn', 'remote'], group_id: 17 });
  });

  test('"before" values make the changes of an update; equal or empty ones are no change', () => {
    const sample = defaultSample();
    sample.event = 'update';
    sample.previous.status = '5';
    sample.previous.priority = '2';
    sample.previous.responderId = 'none';
    sample.fields.responderId = '9';
    expect(sampleChanges(sample)).toEqual({ status: [5, 2], responder_id: [null, 9] });
  });

  test('a loaded ticket fills the sample; the event and "before" values stay', () => {
    const base = defaultSample();
    base.event = 'update';
    const facts = { ...sampleFacts(base), id: 77, subject: 'Loaded', tags: ['a', 'b'], groupId: 5, category: null };
    const filled = sampleFromFacts(facts, base);
    expect(filled.event).toBe('update');
    expect(filled.fields).toMatchObject({ id: '77', subject: 'Loaded', tags: 'a, b', groupId: '5', category: '' });
  });
});

describe('testRule', () => {
  const facts = sampleFacts(defaultSample());

  test('a matching rule: each condition with the ticket\'s value, the update it would make, the note', () => {
    const result = testRule(RULES, 0, facts, { event: 'create' }, engine);
    expect(result).toMatchObject({ name: 'VPN to Network', notRun: null, matched: true, matchedRules: ['VPN to Network'], notify: ['noc@corp.example'], skipped: [], conflicts: [] });
    expect(result.conditions).toEqual([
      { holds: true, negated: false, trace: { field: 'subject', op: 'contains_any', expected: '["vpn","tunnel"]', actual: 'VPN tunnel drops every hour', matched: true, negated: false } },
      { holds: true, negated: true, trace: { field: 'requester.email', op: 'ends_with', expected: '"@partner.example"', actual: 'ana.silva@corp.example', matched: false, negated: true } },
    ]);
    expect(result.diff).toEqual([{ field: 'priority', from: 2, to: 3 }, { field: 'group_id', from: null, to: 17000012345 }, { field: 'tags', from: [], to: ['vpn'] }]);
    expect(result.notes).toEqual([{ rule: 'VPN to Network', text: 'Routed because the subject mentions vpn, tunnel.', ok: true }]);
  });

  test('a rule that does not match says which condition failed, and changes nothing', () => {
    const result = testRule(RULES, 1, facts, { event: 'create' }, engine);
    expect(result.matched).toBe(false);
    expect(result.conditions).toEqual([{ holds: false, negated: false, trace: expect.objectContaining({ field: 'subject', matched: false, actual: 'VPN tunnel drops every hour' }) }]);
    expect(result.diff).toEqual([]);
  });

  test('a rule for other events, or switched off, is explained but changes nothing', () => {
    const update = testRule(RULES, 2, facts, { event: 'create' }, engine);
    expect(update.notRun).toContain('runs on ticket updates only');
    expect(update.diff).toEqual([]);
    const create = testRule(RULES, 1, facts, { event: 'update', changes: {} }, engine);
    expect(create.notRun).toContain('runs on new tickets only');
    const off = testRule(RULES, 3, facts, { event: 'create' }, engine);
    expect(off.notRun).toBe('This rule is switched off, so it never runs.');
    expect(off.matched).toBe(true);
    expect(off.conditions.map((c) => [c.holds, c.trace === null])).toEqual([[false, false], [true, true]]);
  });

  test('an update rule on an update: the change condition with from → to', () => {
    const result = testRule(RULES, 2, facts, { event: 'update', changes: { status: [5, 2] } }, engine);
    expect(result.matched).toBe(true);
    expect(result.conditions[0]?.trace).toMatchObject({ field: 'changes.status', actual: '5 → 2', expected: 'changed from [4,5] to 2' });
    expect(result.diff).toEqual([{ field: 'tags', from: [], to: ['reopened'] }]);
  });

  test('a missing rule is named by its position; a note that cannot render says why', () => {
    expect(testRule(RULES, 9, facts, { event: 'create' }, engine).name).toBe('Rule 10');
    const broken: RuleSet = { version: 1, rules: [{ name: 'N', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['vpn'] }, then: { note: 'Hi {{#each}}' } }] };
    expect(testRule(broken, 0, facts, { event: 'create' }, engine).notes[0]?.ok).toBe(false);
    expect(testRule(RULES, 0, facts, { event: 'create' }, undefined).notes[0]).toMatchObject({ ok: false, text: expect.stringContaining('did not load') });
  });

  test('conditionItems and explainCondition on odd input', () => {
    expect(conditionItems({ any: [1, 2] })).toEqual([1, 2]);
    expect(conditionItems({ field: 'subject' })).toEqual([{ field: 'subject' }]);
    expect(explainCondition({ field: 'nope', op: 'equals', value: 'x' }, facts, { event: 'create' })).toEqual({ trace: null, holds: false, negated: false });
  });
});

describe('testAll', () => {
  test('every rule in order, as the server would: stop ends the run, conflicts and skipped tags are reported', () => {
    const facts = sampleFacts(defaultSample());
    const result = testAll(RULES, facts, { event: 'create' }, engine);
    expect(result.matchedRules).toEqual(['VPN to Network']);
    const both: RuleSet = { version: 1, rules: [{ name: 'A', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['vpn'] }, then: { priority: 3, tags_add: ['x'] } }, { name: 'B', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['tunnel'] }, then: { priority: 4 } }] };
    const unknownTags = { ...facts, tagsKnown: false };
    const merged = testAll(both, unknownTags, { event: 'create' }, engine);
    expect(merged.conflicts).toEqual(['priority: "A" sets 3, so "B" (4) is ignored.']);
    expect(merged.skipped[0]).toContain('tags');
  });
});

describe('previewNote', () => {
  const facts = sampleFacts(defaultSample());

  test('renders on the sample ticket as plain text', () => {
    expect(previewNote(engine, 'Hi {{requester.first_name}}, about "{{ticket.subject}}" ({{ticket.priority_name}}).', facts)).toEqual({ kind: 'text', text: 'Hi Ana, about "VPN tunnel drops every hour" (Medium).' });
    expect(previewNote(engine, '<b>{{requester.name}}</b>', facts)).toEqual({ kind: 'text', text: '<b>Ana Silva</b>' });
  });

  test('empty, engine missing, and templates that do not work (with the line)', () => {
    expect(previewNote(engine, '  ', facts).kind).toBe('empty');
    expect(previewNote(undefined, 'Hi', facts).kind).toBe('unavailable');
    const broken = previewNote(engine, 'Hi\n{{requester.name', facts);
    expect(broken).toMatchObject({ kind: 'error', line: 2 });
    expect(broken.text).toContain('The template does not work (line 2)');
    expect(previewNote(engine, '{{> partial}}', facts)).toMatchObject({ kind: 'error', text: expect.stringContaining('partials') });
    expect(previewNote(engine, '{{unknownHelper ticket}}', facts)).toMatchObject({ kind: 'error' });
  });
});
