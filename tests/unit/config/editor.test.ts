// @vitest-environment happy-dom
/**
 * The rules editor and the JSON view in the page (config/src/rules/*.ts): editing without writing
 * JSON, errors placed on the rule and row they are about, and switching views without losing text.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { checkSettings } from '../../../core/settings.ts';
import { validateRulesSchema } from '../../../server/lib/engines.ts';
import { button, choose, press, settle, setup, toggle, type, type Fixture } from './page-fixture.ts';

afterEach(() => {
  document.body.replaceChildren();
});

function stored(f: Fixture): { version: number; rules: Array<Record<string, unknown>> } {
  return JSON.parse(f.page.postConfigs().rules as string) as { version: number; rules: Array<Record<string, unknown>> };
}

const cards = (f: Fixture): HTMLElement[] => f.$$('#rules-editor .tr-rule');
const part = (root: Element, name: string): HTMLElement => root.querySelector(`[data-part="${name}"]`) as HTMLElement;

function jsonArea(f: Fixture): HTMLTextAreaElement {
  return f.$('#rules-json-text') as HTMLTextAreaElement;
}

function typeJson(f: Fixture, text: string): void {
  const area = jsonArea(f);
  area.value = text;
  area.dispatchEvent(new Event('input'));
}

describe('rules editor', () => {
  test('add a rule, name it, set its condition and actions: the stored JSON follows', () => {
    const f = setup();
    press(f.$('#add-rule'));
    const card = cards(f)[0]!;
    type(part(card, 'name'), 'VPN');
    expect(card.querySelector('.tr-rule__title')?.textContent).toBe('Rule 1 · VPN');
    type(part(card.querySelector('.tr-cond')!, 'value'), 'vpn, tunnel');
    choose(part(card.querySelector('.tr-action')!, 'value'), '3');
    choose(part(card, 'on'), 'both');
    choose(part(card, 'match'), 'any');
    press(button(card, 'Add action'));
    const second = cards(f)[0]!.querySelectorAll('.tr-action')[1]!;
    choose(part(second, 'action'), 'tags_add');
    type(part(cards(f)[0]!.querySelectorAll('.tr-action')[1]!, 'value'), 'vpn, remote');
    toggle(part(cards(f)[0]!, 'stop'), true);
    toggle(part(cards(f)[0]!.querySelector('.tr-cond')!, 'negate'), true);
    toggle(cards(f)[0]!.querySelector('fw-toggle')!, false);
    type(part(cards(f)[0]!, 'description'), 'Network tickets');
    expect(stored(f)).toEqual({
      version: 1,
      rules: [{ name: 'VPN', description: 'Network tickets', on: 'both', when: { any: [{ not: { field: 'subject', op: 'contains_any', value: ['vpn', 'tunnel'] } }] }, then: { priority: 3, tags_add: ['vpn', 'remote'] }, stop: true, enabled: false }],
    });
  });

  test('changing the field rebuilds the row with its operators; change fields get from/to; custom fields get a name', () => {
    const f = setup();
    press(f.$('#add-rule'));
    const row = (): Element => cards(f)[0]!.querySelector('.tr-cond')!;
    choose(part(row(), 'field'), 'priority');
    expect((part(row(), 'op') as HTMLElement & { options: Array<{ value: string }> }).options.map((o) => o.value)).toEqual(['equals', 'not_equals', 'in', 'gt', 'lt', 'is_empty']);
    type(part(row(), 'value'), '4');
    choose(part(row(), 'op'), 'is_empty');
    expect(row().querySelector('[data-part="value"]')).toBeNull();
    choose(part(row(), 'field'), 'changes.status');
    type(part(row(), 'from'), '4, 5');
    type(part(row(), 'to'), '2');
    choose(part(cards(f)[0]!, 'on'), 'update');
    expect(stored(f).rules[0]?.when).toEqual({ all: [{ field: 'changes.status', op: 'changed', from: [4, 5], to: 2 }] });
    choose(part(row(), 'field'), 'custom_fields.');
    type(part(row(), 'custom'), ' cf_site ');
    choose(part(row(), 'op'), 'equals');
    type(part(row(), 'value'), 'Lisbon');
    expect(stored(f).rules[0]?.when).toEqual({ all: [{ field: 'custom_fields.cf_site', op: 'equals', value: 'Lisbon' }] });
  });

  test('move rules up and down from the keyboard-reachable buttons; the ends are disabled', () => {
    const f = setup();
    for (const name of ['A', 'B', 'C']) {
      press(f.$('#add-rule'));
      type(part(cards(f).at(-1)!, 'name'), name);
    }
    const names = (): string[] => stored(f).rules.map((r) => r.name as string);
    expect(button(cards(f)[0]!, 'Move up').hasAttribute('disabled')).toBe(true);
    expect(button(cards(f)[2]!, 'Move down').hasAttribute('disabled')).toBe(true);
    press(button(cards(f)[2]!, 'Move up'));
    expect(names()).toEqual(['A', 'C', 'B']);
    press(button(cards(f)[1]!, 'Move up'));
    expect(names()).toEqual(['C', 'A', 'B']);
    press(button(cards(f)[0]!, 'Move up'));
    expect(names()).toEqual(['C', 'A', 'B']);
    press(button(cards(f)[0]!, 'Move down'));
    expect(names()).toEqual(['A', 'C', 'B']);
    expect(button(cards(f)[1]!, 'Move up').textContent).toBe('Move up, rule 2');
  });

  test('remove a rule, then undo; remove a condition and an action; actions run out', () => {
    const f = setup();
    press(f.$('#add-rule'));
    press(f.$('#add-rule'));
    type(part(cards(f)[0]!, 'name'), 'First');
    press(button(cards(f)[0]!, 'Remove'));
    expect(cards(f)).toHaveLength(1);
    expect(f.$('.tr-undo').textContent).toContain('Removed rule "First".');
    press(button(f.$('.tr-undo'), 'Undo'));
    expect(stored(f).rules.map((r) => r.name)).toEqual(['First', 'Rule 2']);
    expect(f.$$('.tr-undo')).toHaveLength(0);

    const card = (): HTMLElement => cards(f)[0]!;
    press(button(card().querySelector('.tr-cond')!, 'Remove'));
    expect(card().querySelectorAll('.tr-cond')).toHaveLength(0);
    press(button(card(), 'Add condition'));
    expect(card().querySelectorAll('.tr-cond')).toHaveLength(1);
    for (let i = 0; i < 12; i++) press(button(card(), 'Add action'));
    expect(card().querySelectorAll('.tr-action')).toHaveLength(13);
    expect(button(card(), 'Add action').hasAttribute('disabled')).toBe(true);
    press(button(card(), 'Add action'));
    expect(card().querySelectorAll('.tr-action')).toHaveLength(13);
    press(button(card().querySelector('.tr-action')!, 'Remove'));
    expect(card().querySelectorAll('.tr-action')).toHaveLength(12);
  });

  test('errors after validate: on the rule, its row and input; they follow each edit', async () => {
    const f = setup();
    press(f.$('#add-rule'));
    type(f.$('fw-input#api-key'), 'abcdefghij');
    const card = (): HTMLElement => cards(f)[0]!;
    choose(part(card().querySelector('.tr-cond')!, 'op'), 'matches');
    type(part(card().querySelector('.tr-cond')!, 'value'), '(a+)+');
    await expect(f.page.validate()).resolves.toBe(false);
    const row = card().querySelector('.tr-cond')!;
    expect(row.querySelector('[data-errors="row"]')?.textContent).toContain('at when.all[0].value: the pattern "(a+)+" is not allowed');
    expect(part(row, 'value').getAttribute('state')).toBe('error');
    expect(card().querySelector('.tr-action [data-errors="row"]')?.textContent).toContain('at then.priority: must be a priority from 1 (Low) to 4 (Urgent)');
    expect(card().classList.contains('tr-invalid')).toBe(true);
    expect(f.$('#rules-summary').textContent).toBe('2 problems in the rules. Each is shown on the rule it is about.');
    type(part(row, 'value'), '^vpn');
    choose(part(card().querySelector('.tr-action')!, 'value'), '2');
    expect(row.querySelector('[data-errors="row"]')?.textContent).toBe('');
    expect(part(row, 'value').getAttribute('state')).toBe('normal');
    expect(card().classList.contains('tr-invalid')).toBe(false);
    expect(f.$('#rules-summary').textContent).toBe('');
    type(part(card(), 'name'), '');
    expect(part(card(), 'name').getAttribute('error-text')).toContain('`name` must be a non-empty text');
  });
});

describe('the JSON view', () => {
  test('switching keeps the text: back and forth without edits restores it exactly', () => {
    const f = setup();
    press(f.$('#add-rule'));
    press(f.$('#rules-switch'));
    expect(f.$('#rules-editor').hidden).toBe(true);
    expect(f.$('#rules-switch').textContent).toBe('Back to the editor');
    const written = '{"version": 1,\n "rules": [{"name": "Mine", "on": "create", "when": {"field": "subject", "op": "equals", "value": "x"}, "then": {"priority": 1}}]}';
    typeJson(f, written);
    expect(f.page.postConfigs().rules).toBe(JSON.stringify(JSON.parse(written)));
    press(f.$('#rules-switch'));
    expect(f.$('#rules-json').hidden).toBe(true);
    expect(cards(f)).toHaveLength(1);
    press(f.$('#rules-switch'));
    expect(jsonArea(f).value).toBe(written);
    press(f.$('#rules-switch'));
    type(part(cards(f)[0]!, 'name'), 'Mine, edited');
    press(f.$('#rules-switch'));
    expect(JSON.parse(jsonArea(f).value).rules[0].name).toBe('Mine, edited');
  });

  test('invalid JSON stays with its line and column; "Show me where" selects the place; saving is blocked; the text is kept', async () => {
    const f = setup();
    type(f.$('fw-input#api-key'), 'abcdefghij');
    press(f.$('#rules-switch'));
    const broken = '{"version": 1,\n  "rules": [,]}';
    typeJson(f, broken);
    press(f.$('#rules-switch'));
    expect(f.$('#rules-json').hidden).toBe(false);
    expect(f.$('#rules-json-problem').textContent).toContain('The JSON has a syntax error at line 2, column 13: expected a value');
    press(button(f.$('#rules-json-problem'), 'Show me where'));
    expect(jsonArea(f).selectionStart).toBe(27);
    await expect(f.page.validate()).resolves.toBe(false);
    expect(jsonArea(f).value).toBe(broken);
    expect(f.page.postConfigs().rules).toBe(broken);
    expect(f.$('#form-summary').textContent).toContain('Triage rules: one problem');
    // Fixing it clears the message as it is typed.
    typeJson(f, '{"version": 1, "rules": []}');
    expect(f.$('#rules-json-problem').textContent).toBe('');
    typeJson(f, '');
    press(f.$('#rules-switch'));
    expect(f.$('#rules-json').hidden).toBe(true);
    expect(f.page.postConfigs().rules).toBe('{"version":1,"rules":[]}');
  });

  test('JSON the editor cannot show stays in the JSON view with the reason; its errors are listed', async () => {
    const f = setup();
    press(f.$('#rules-switch'));
    typeJson(f, JSON.stringify({ version: 1, rules: [{ name: 'N', on: 'create', when: { all: [{ any: [{ field: 'subject', op: 'equals', value: 'x' }] }] }, then: { priority: 1 } }] }));
    press(f.$('#rules-switch'));
    expect(f.$('#rules-json-problem').textContent).toContain('nests conditions more deeply than the editor shows');
    typeJson(f, JSON.stringify({ version: 1, rules: [{ name: 'N', on: 'create', when: { field: 'subject', op: 'equals' }, then: { priority: 7 } }] }));
    expect(f.$$('#rules-json-errors li')).toHaveLength(0);
    await expect(f.page.validate()).resolves.toBe(false);
    expect(f.$$('#rules-json-errors li').length).toBe(2);
    expect(f.$('#rules-json-errors li[data-path="/rules/0/then/priority"]').textContent).toContain('must be a priority from 1 (Low) to 4 (Urgent); got 7');
  });
});

describe('"Check the rules" (without saving)', () => {
  test('runs core locally and the server for the schema; says when all is well, or why the server could not help', async () => {
    const f = setup();
    f.client.invoke.mockImplementation((_name: string, payload: { settings: Record<string, unknown> }) => Promise.resolve({ response: checkSettings(payload.settings, { validateSchema: validateRulesSchema, keyStored: true }) }));
    press(f.$('#rules-check'));
    await settle();
    expect(f.client.invoke).toHaveBeenCalledWith('checkSettings', { settings: { rules: '{"version":1,"rules":[]}' }, key_stored: true });
    expect(f.$('#rules-check-status').textContent).toBe('No problems found: the rules pass every check, the JSON Schema included.');

    press(f.$('#rules-switch'));
    const area = jsonArea(f);
    area.value = JSON.stringify({ version: 1, rules: [{ name: 'R', on: 'create', when: { field: 'subject', op: 'equals', value: 'x' }, then: { priority: 1 }, extra: 1 }] });
    area.dispatchEvent(new Event('input'));
    press(f.$('#rules-check'));
    await settle();
    expect(f.$('#rules-check-status').textContent).toBe('');
    expect(f.$$('#rules-json-errors li').map((li) => li.textContent)).toEqual(['Rule 1 "R" at extra: unknown key `extra`']);
    expect(f.$('#rules-summary').textContent).toBe('One problem in the rules. They are listed under the JSON.');

    f.client.invoke.mockRejectedValueOnce({ status: 429, message: 'Too many server calls' });
    typeJson(f, '{"version": 1, "rules": []}');
    press(f.$('#rules-check'));
    await settle();
    expect(f.$('#rules-check-status').textContent).toBe("No problems found by this page's checks; the server could not add its own (status 429: Too many server calls).");
  });
});

describe('stored rules (getConfigs)', () => {
  test('broken JSON opens in the JSON view with the error and the text as stored', () => {
    const f = setup();
    f.page.getConfigs({ rules: '{"version": 1, "rules": [' });
    expect(f.$('#rules-json').hidden).toBe(false);
    expect(jsonArea(f).value).toBe('{"version": 1, "rules": [');
    expect(f.$('#rules-json-problem').textContent).toContain('The stored rules are not valid JSON. The JSON has a syntax error at line 1, column 26');
    expect(f.page.postConfigs().rules).toBe('{"version": 1, "rules": [');
  });

  test('rules of an unknown form, or that fail the checks, open in the JSON view with the reason and the errors', () => {
    const f = setup();
    f.page.getConfigs({ rules: JSON.stringify({ version: 2, rules: [] }) });
    expect(f.$('#rules-json-problem').textContent).toContain('The editor cannot show the stored rules: The document has a version');
    expect(f.$('#rules-json-errors').textContent).toContain('`version` must be 1');
    f.page.getConfigs({ rules: JSON.stringify({ version: 1, rules: [{ name: 'R', on: 'create', when: { all: [] }, then: { priority: 1 } }] }) });
    expect(f.$('#rules-json-problem').textContent).toContain('The stored rules have problems; they are listed below.');
    expect(JSON.parse(jsonArea(f).value)).toEqual({ version: 1, rules: [{ name: 'R', on: 'create', when: { all: [] }, then: { priority: 1 } }] });
    press(f.$('#rules-switch'));
    expect(f.$('#rules-json').hidden).toBe(true);
    expect(cards(f)[0]?.querySelector('[data-errors="conditions"]')?.textContent).toBe('Rule 1 "R" has no conditions, so it would never match: add at least one.');
    f.page.getConfigs({ rules: '' });
    expect(cards(f)).toHaveLength(0);
    expect(f.$('#rules-editor').hidden).toBe(false);
  });
});
