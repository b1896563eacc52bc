/**
 * One rule in the editor: name, events, conditions, actions, "stop", and the buttons that move
 * (keyboard-reachable up/down), test and remove it.
 */
import { fwButton, fwInput, fwSelect, h, props } from '../dom';
import { actionRow } from './action-row';
import { freeActions } from './catalog';
import { conditionRow, type RowContext } from './condition-row';
import { newAction, newCondition, type MatchMode, type RuleDraft } from './model';

export interface CardContext {
  rules: RuleDraft[];
  changed(kind: 'value' | 'structure', focusKey?: string): void;
  defer(fn: () => void): void;
  test(index: number): void;
  remove(index: number): void;
}

export const ruleFocusKey = (rule: RuleDraft, part: string): string => `rule-${rule.key}-${part}`;

const ON_OPTIONS = [
  { value: 'create', text: 'New tickets' },
  { value: 'update', text: 'Ticket updates' },
  { value: 'both', text: 'New tickets and updates' },
];

const MATCH_OPTIONS = [
  { value: 'all', text: 'All of these conditions' },
  { value: 'any', text: 'Any of these conditions' },
];

/** Swaps rule `index` with its neighbour (`delta` −1 up, +1 down); false at either end. */
export function moveRule(rules: RuleDraft[], index: number, delta: -1 | 1): boolean {
  const other = index + delta;
  const a = rules[index];
  const b = rules[other];
  if (a === undefined || b === undefined) return false;
  rules[index] = b;
  rules[other] = a;
  return true;
}

function title(rule: RuleDraft, position: number): string {
  return rule.name.trim() === '' ? `Rule ${position}` : `Rule ${position} · ${rule.name.trim()}`;
}

function moveButton(ctx: CardContext, rule: RuleDraft, index: number, delta: -1 | 1): HTMLElement {
  const up = delta === -1;
  return fwButton({
    label: up ? 'Move up' : 'Move down',
    srLabel: `, rule ${index + 1}`,
    size: 'small',
    focusKey: ruleFocusKey(rule, up ? 'up' : 'down'),
    disabled: up ? index === 0 : index === ctx.rules.length - 1,
    onClick: () => {
      if (!moveRule(ctx.rules, index, delta)) return;
      const edge = up ? index + delta === 0 : index + delta === ctx.rules.length - 1;
      // At the top (or bottom) the button just pressed is disabled: keep focus on its twin.
      ctx.changed('structure', ruleFocusKey(rule, edge === up ? 'down' : 'up'));
    },
  });
}

function header(ctx: CardContext, rule: RuleDraft, index: number): HTMLElement {
  const heading = h('h3', { class: 'tr-rule__title', id: `rule-${rule.key}-title` }, [title(rule, index + 1)]);
  const enabled = h('fw-toggle', { 'data-part': 'enabled', label: 'On', size: 'small' });
  props(enabled, { checked: rule.enabled });
  enabled.addEventListener('fwChange', (event) => {
    const checked = (event as CustomEvent<{ checked?: boolean }>).detail?.checked === true;
    if (checked === rule.enabled) return;
    rule.enabled = checked;
    ctx.changed('value');
  });
  const tools = h('div', { class: 'tr-rule__tools' }, [
    enabled,
    moveButton(ctx, rule, index, -1),
    moveButton(ctx, rule, index, 1),
    fwButton({ label: 'Test', srLabel: ` rule ${index + 1}`, size: 'small', focusKey: ruleFocusKey(rule, 'test'), onClick: () => ctx.test(index) }),
    fwButton({ label: 'Remove', srLabel: ` rule ${index + 1}`, size: 'small', color: 'text', focusKey: ruleFocusKey(rule, 'remove'), onClick: () => ctx.remove(index) }),
  ]);
  return h('div', { class: 'tr-rule__head' }, [heading, tools]);
}

function basics(ctx: CardContext, rule: RuleDraft, index: number): HTMLElement {
  const name = fwInput({
    name: `rule${rule.key}-name`, label: 'Name', value: rule.name, required: true, focusKey: ruleFocusKey(rule, 'name'), attrs: { 'data-part': 'name' },
    onInput: (value) => {
      rule.name = value;
      const heading = document.getElementById(`rule-${rule.key}-title`);
      if (heading !== null) heading.textContent = title(rule, index + 1);
      ctx.changed('value');
    },
  });
  const on = fwSelect({
    name: `rule${rule.key}-on`, label: 'Runs on', value: rule.on, options: ON_OPTIONS, attrs: { 'data-part': 'on' },
    onChange: (value) => {
      rule.on = value;
      ctx.changed('value');
    },
  });
  const description = fwInput({
    name: `rule${rule.key}-description`, label: 'Description (optional)', value: rule.description, attrs: { 'data-part': 'description' },
    onInput: (value) => {
      rule.description = value;
      ctx.changed('value');
    },
  });
  return h('div', { class: 'tr-rule__basics' }, [name, on, description]);
}

function conditionsBlock(ctx: CardContext, rule: RuleDraft, index: number): HTMLElement {
  const rowCtx: RowContext = { rule, position: index + 1, changed: ctx.changed, defer: ctx.defer };
  const match = fwSelect({
    name: `rule${rule.key}-match`, label: 'Match', value: rule.match, options: MATCH_OPTIONS, attrs: { 'data-part': 'match' },
    onChange: (value) => {
      rule.match = value as MatchMode;
      rule.bare = false;
      ctx.changed('value');
    },
  });
  const add = fwButton({
    label: 'Add condition', srLabel: ` to rule ${index + 1}`, size: 'small', focusKey: ruleFocusKey(rule, 'add-condition'),
    onClick: () => {
      rule.conditions.push(newCondition());
      rule.bare = false;
      ctx.changed('structure', ruleFocusKey(rule, 'add-condition'));
    },
  });
  return h('fieldset', { class: 'tr-block', 'data-block': 'conditions' }, [
    h('legend', {}, ['When']),
    match,
    h('div', { class: 'tr-rows' }, rule.conditions.map((row) => conditionRow(rowCtx, row))),
    h('p', { class: 'tr-block-error', 'data-errors': 'conditions' }),
    add,
  ]);
}

function actionsBlock(ctx: CardContext, rule: RuleDraft, index: number): HTMLElement {
  const rowCtx: RowContext = { rule, position: index + 1, changed: ctx.changed, defer: ctx.defer };
  const free = freeActions(rule.actions.map((a) => a.action));
  const add = fwButton({
    label: 'Add action', srLabel: ` to rule ${index + 1}`, size: 'small', focusKey: ruleFocusKey(rule, 'add-action'), disabled: free.length === 0,
    onClick: () => {
      const next = freeActions(rule.actions.map((a) => a.action))[0];
      if (next === undefined) return;
      rule.actions.push(newAction(next));
      ctx.changed('structure', ruleFocusKey(rule, 'add-action'));
    },
  });
  return h('fieldset', { class: 'tr-block', 'data-block': 'actions' }, [
    h('legend', {}, ['Then']),
    h('div', { class: 'tr-rows' }, rule.actions.map((row) => actionRow(rowCtx, row))),
    h('p', { class: 'tr-block-error', 'data-errors': 'actions' }),
    add,
  ]);
}

function stopBox(ctx: CardContext, rule: RuleDraft): HTMLElement {
  const el = h('fw-checkbox', { 'data-part': 'stop', name: `rule${rule.key}-stop` }, ['Stop here: when this rule matches, the rules after it are not evaluated']);
  props(el, { checked: rule.stop });
  el.addEventListener('fwChange', () => {
    const checked = (el as HTMLElement & { checked?: boolean }).checked === true;
    if (checked === rule.stop) return;
    rule.stop = checked;
    ctx.changed('value');
  });
  return el;
}

export function ruleCard(ctx: CardContext, rule: RuleDraft, index: number): HTMLElement {
  return h('section', { class: 'tr-rule', 'data-rule-key': rule.key, 'aria-labelledby': `rule-${rule.key}-title` }, [
    header(ctx, rule, index),
    h('div', { class: 'tr-rule__errors', 'data-errors': 'rule' }),
    basics(ctx, rule, index),
    conditionsBlock(ctx, rule, index),
    actionsBlock(ctx, rule, index),
    stopBox(ctx, rule),
  ]);
}
