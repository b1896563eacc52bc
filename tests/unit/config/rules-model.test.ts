/**
 * The rules editor's model and rules format v1 (config/src/rules/model.ts, from-document.ts,
 * values.ts, catalog.ts, locate.ts): typed text to values, the model to JSON and back, and what
 * the editor refuses to show so that nothing changes meaning.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkRules } from '../../../core/rules/check.ts';
import { actionOptions, fieldChoice, freeActions, opOptions, opsFor, valueHint } from '../../../config/src/rules/catalog.ts';
import { canonical, fromDocument } from '../../../config/src/rules/from-document.ts';
import { groupErrors, locate } from '../../../config/src/rules/locate.ts';
import { emptyDraft, newRule, toDocument, toStoredText, type RulesDraft } from '../../../config/src/rules/model.ts';
import { actionValue, changeSide, conditionValue, splitList, textOf } from '../../../config/src/rules/values.ts';
import { setField } from '../../../config/src/rules/condition-row.ts';

const SAMPLE = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../devkit/server/sample-iparams.json'), 'utf8')) as { rules: { rules: Array<Record<string, unknown>> } };

/** The sample rules with numeric group ids, as a stored document. */
function sampleDoc(): unknown {
  const text = JSON.stringify(SAMPLE.rules).replace(/"\$group:[^"]+"/g, '17000012345');
  return JSON.parse(text);
}

function draftOf(doc: unknown): RulesDraft {
  const result = fromDocument(doc);
  if (!result.ok) throw new Error(result.reason);
  return result.draft;
}

describe('values: text as typed ↔ format v1', () => {
  test('lists are comma-separated; numbers where the field takes numbers', () => {
    expect(splitList(' vpn, tunnel ,, ')).toEqual(['vpn', 'tunnel']);
    expect(conditionValue('subject', 'contains_any', 'vpn, tunnel')).toEqual(['vpn', 'tunnel']);
    expect(conditionValue('priority', 'in', '3, 4')).toEqual([3, 4]);
    expect(conditionValue('priority', 'equals', '4')).toBe(4);
    expect(conditionValue('priority', 'equals', 'high')).toBe('high');
    expect(conditionValue('priority', 'gt', '2')).toBe(2);
    expect(conditionValue('subject', 'equals', ' Exactly ')).toBe(' Exactly ');
    expect(conditionValue('subject', 'matches', '^re:')).toBe('^re:');
    expect(conditionValue('subject', 'is_empty', 'ignored')).toBeUndefined();
    expect(conditionValue('subject', 'equals', '  ')).toBeUndefined();
  });

  test('custom fields take text, numbers or true/false', () => {
    expect(conditionValue('custom_fields.cf_vip', 'equals', 'true')).toBe(true);
    expect(conditionValue('custom_fields.cf_floor', 'equals', '3')).toBe(3);
    expect(conditionValue('custom_fields.cf_site', 'equals', 'Lisbon')).toBe('Lisbon');
    expect(conditionValue('custom_fields.cf_site', 'in', 'Lisbon, 3')).toEqual(['Lisbon', 3]);
    expect(conditionValue('tags', 'equals', 'vpn')).toBe('vpn');
  });

  test('changes: empty is any, one value or a list, "none" is null', () => {
    expect(changeSide('changes.status', '')).toBeUndefined();
    expect(changeSide('changes.status', '4, 5')).toEqual([4, 5]);
    expect(changeSide('changes.status', 'None')).toBeNull();
    expect(changeSide('changes.type', 'Incident')).toBe('Incident');
  });

  test('actions: whole numbers, lists, text', () => {
    expect(actionValue('priority', ' 3 ')).toBe(3);
    expect(actionValue('priority', 'three')).toBe('three');
    expect(actionValue('tags_add', 'vpn, remote')).toEqual(['vpn', 'remote']);
    expect(actionValue('note', 'Hi {{requester.name}}')).toBe('Hi {{requester.name}}');
    expect(textOf([4, 5])).toBe('4, 5');
    expect(textOf(null)).toBe('none');
    expect(textOf({ a: 1 })).toBe('{"a":1}');
    expect(textOf(true)).toBe('true');
  });
});

describe('the model ↔ format v1', () => {
  test("the sample rules open in the editor and come back identical (bare conditions, from/to lists, stop)", () => {
    const doc = sampleDoc();
    const draft = draftOf(doc);
    expect(draft.rules.map((r) => [r.name, r.match, r.bare, r.conditions.length, r.actions.length, r.stop])).toEqual([
      ['VPN to Network', 'any', false, 2, 4, true],
      ['Access requests to Identity & Access', 'all', true, 1, 2, false],
      ['Outages are urgent', 'all', true, 1, 5, false],
      ['Reopened tickets go back to the Service Desk', 'all', true, 1, 3, false],
    ]);
    expect(draft.rules[3]?.conditions[0]).toMatchObject({ field: 'changes.status', op: 'changed', from: '4, 5', to: '2' });
    expect(toDocument(draft)).toEqual(doc);
    expect(checkRules(toDocument(draft)).ok).toBe(true);
  });

  test('a negated condition, a description, a disabled rule and $schema survive the round trip', () => {
    const doc = {
      $schema: './rules.schema.json',
      version: 1,
      rules: [{ name: 'Not VIP', description: 'Everyone else', on: 'both', when: { not: { field: 'custom_fields.cf_vip', op: 'equals', value: true } }, then: { priority: 1 }, enabled: false }],
    };
    const draft = draftOf(doc);
    expect(draft.rules[0]).toMatchObject({ bare: true, enabled: false, description: 'Everyone else' });
    expect(draft.rules[0]?.conditions[0]).toMatchObject({ negate: true, field: 'custom_fields.cf_vip', value: 'true' });
    expect(toDocument(draft)).toEqual(doc);
  });

  test('forms that mean the same compare equal: stop false, enabled true, a one-item from list', () => {
    const doc = { version: 1, rules: [{ name: 'R', on: 'update', when: { all: [{ field: 'changes.priority', op: 'increased', from: [1] }] }, then: { urgency: 3 }, stop: false, enabled: true }] };
    const draft = draftOf(doc);
    expect(toDocument(draft)).toEqual({ version: 1, rules: [{ name: 'R', on: 'update', when: { all: [{ field: 'changes.priority', op: 'increased', from: 1 }] }, then: { urgency: 3 } }] });
    expect(canonical({ b: 1, a: [2] }, '')).toBe('{"a":[2],"b":1}');
  });

  test.each([
    ['nested conditions', { version: 1, rules: [{ name: 'N', on: 'create', when: { all: [{ any: [{ field: 'subject', op: 'equals', value: 'x' }] }] }, then: { priority: 1 } }] }, 'nests conditions more deeply'],
    ['a double not', { version: 1, rules: [{ name: 'N', on: 'create', when: { not: { not: { field: 'subject', op: 'equals', value: 'x' } } }, then: { priority: 1 } }] }, 'nests conditions'],
    ['an unknown rule key', { version: 1, rules: [{ name: 'U', on: 'create', when: { field: 'subject', op: 'equals', value: 'x' }, then: { priority: 1 }, colour: 'red' }] }, 'has the unknown key `colour`'],
    ['an unknown action', { version: 1, rules: [{ name: 'U', on: 'create', when: { field: 'subject', op: 'equals', value: 'x' }, then: { priorty: 1 } }] }, 'uses the unknown action `priorty`'],
    ['a number written as text', { version: 1, rules: [{ name: 'T', on: 'create', when: { field: 'priority', op: 'equals', value: '3' }, then: { priority: 1 } }] }, 'holds a value the editor would change'],
    ['a list item with a comma', { version: 1, rules: [{ name: 'C', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['a, b'] }, then: { priority: 1 } }] }, 'holds a value the editor would change'],
    ['a rule that is not an object', { version: 1, rules: ['x'] }, 'Rule 1 is not an object'],
    ['no actions object', { version: 1, rules: [{ name: 'A', on: 'create', when: { field: 'subject', op: 'equals', value: 'x' } }] }, 'Rule 1 "A" has no actions object'],
    ['version 2', { version: 2, rules: [] }, 'a version or top-level keys the editor does not know'],
    ['not a rules document', [1, 2], 'not in format v1'],
  ])('refuses %s, with a reason', (_what, doc, reason) => {
    const result = fromDocument(doc);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  test('a new rule is a complete shape with empty values; the stored text is compact JSON', () => {
    const draft = emptyDraft();
    draft.rules.push(newRule(1));
    expect(toDocument(draft)).toEqual({ version: 1, rules: [{ name: 'Rule 1', on: 'create', when: { all: [{ field: 'subject', op: 'contains_any' }] }, then: { priority: '' } }] });
    expect(toStoredText(emptyDraft())).toBe('{"version":1,"rules":[]}');
  });
});

describe('catalog', () => {
  test('operators follow the field; a new field keeps the operator when it can', () => {
    expect(opsFor('tags')).toEqual(['contains_any', 'contains_all', 'is_empty']);
    expect(opsFor('changes.status')).toEqual(['changed', 'increased', 'decreased']);
    expect(opsFor('changes.bogus')).toEqual(['changed', 'increased', 'decreased']);
    expect(opsFor('custom_fields.')).toContain('gt');
    const row = { key: 1, field: 'subject', op: 'contains_any', value: 'x', from: '', to: '', negate: false };
    setField(row, 'tags');
    expect(row.op).toBe('contains_any');
    setField(row, 'priority');
    expect(row.op).toBe('equals');
    setField(row, 'changes.group_id');
    expect(row.op).toBe('changed');
    expect(fieldChoice('custom_fields.cf_x')).toBe('custom_fields.');
    expect(opOptions('tags', 'starts_with').map((o) => o.value)).toEqual(['contains_any', 'contains_all', 'is_empty', 'starts_with']);
    expect(valueHint('priority', 'equals')).toBe('Priority (1 Low … 4 Urgent)');
    expect(valueHint('subject', 'in')).toContain('Comma-separated');
    expect(valueHint('subject', 'equals')).toBe('');
  });

  test('each action at most once; an unknown action from JSON stays listed', () => {
    expect(freeActions(['priority', 'note'])).not.toContain('note');
    expect(actionOptions('priority', ['priority', 'urgency']).map((o) => o.value)).not.toContain('urgency');
    expect(actionOptions('priority', ['priority'])[0]).toEqual({ value: 'priority', text: 'Set priority' });
    expect(actionOptions('bogus', ['bogus'])[0]).toEqual({ value: 'bogus', text: 'bogus' });
  });
});

describe('locate: where a rule error belongs in the editor', () => {
  const at = (path: string) => locate({ path, message: 'm', short: 's' });

  test('rows, parts, actions and the rule itself', () => {
    expect(at('/rules/1/when/all/2/value')).toEqual({ area: 'condition', rule: 1, row: 2, action: null, part: 'value' });
    expect(at('/rules/0/when/any/0/not/field')).toMatchObject({ area: 'condition', row: 0, part: 'field' });
    expect(at('/rules/0/when/all/0')).toMatchObject({ area: 'condition', row: 0, part: null });
    expect(at('/rules/0/when/all')).toMatchObject({ area: 'conditions' });
    expect(at('/rules/0/when/op')).toMatchObject({ area: 'condition', row: 0, part: 'op' });
    expect(at('/rules/0/when')).toMatchObject({ area: 'conditions' });
    expect(at('/rules/0/then/tags_add')).toMatchObject({ area: 'action', action: 'tags_add' });
    expect(at('/rules/0/then')).toMatchObject({ area: 'actions' });
    expect(at('/rules/3/name')).toMatchObject({ area: 'name', rule: 3 });
    expect(at('/rules/3/on')).toMatchObject({ area: 'on' });
    expect(at('/rules/3/stop')).toMatchObject({ area: 'rule' });
    expect(at('/version')).toMatchObject({ area: 'top', rule: null });
  });

  test('groupErrors puts messages on rules and rows by their keys, in plainer words for empty lists', () => {
    const draft = draftOf(sampleDoc());
    const first = draft.rules[0]!;
    first.name = 'VPN';
    const { top, byRule } = groupErrors(draft.rules, [
      { path: '/rules/0/when/any/1/value', message: 'bad value', short: '' },
      { path: '/rules/0/then/group_id', message: 'bad group', short: '' },
      { path: '/rules/0/then/urgency', message: 'no such row', short: '' },
      { path: '/rules/0/name', message: 'bad name', short: '' },
      { path: '/rules/0/name', message: 'second name error', short: '' },
      { path: '/rules/0/on', message: 'bad on', short: '' },
      { path: '/rules/0/stop', message: 'bad stop', short: '' },
      { path: '/rules/0/when/any/9', message: 'no such condition', short: '' },
      { path: '/rules/9/name', message: 'no such rule', short: '' },
      { path: '', message: 'not JSON', short: '' },
    ]);
    expect(top).toEqual(['no such rule', 'not JSON']);
    const errors = byRule.get(first.key)!;
    expect(errors.rows.get(first.conditions[1]!.key)).toEqual({ messages: ['bad value'], parts: new Set(['value']) });
    expect(errors.actionRows.get(first.actions.find((a) => a.action === 'group_id')!.key)).toEqual(['bad group']);
    expect(errors.actions).toEqual(['no such row']);
    expect(errors.name).toBe('bad name');
    expect(errors.on).toBe('bad on');
    expect(errors.rule).toEqual(['bad stop']);
    expect(errors.conditions).toEqual(['no such condition']);

    first.conditions = [];
    first.actions = [];
    const plain = groupErrors(draft.rules, [{ path: '/rules/0/when/any', message: 'core', short: '' }, { path: '/rules/0/then', message: 'core', short: '' }]).byRule.get(first.key)!;
    expect(plain.conditions).toEqual(['Rule 1 "VPN" has no conditions, so it would never match: add at least one.']);
    expect(plain.actions).toEqual(['Rule 1 "VPN" has no actions: add at least one, e.g. "Set priority".']);
  });
});
