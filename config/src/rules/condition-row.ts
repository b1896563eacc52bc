/**
 * One condition row of the rules editor: field, operator and value (or from/to for a change),
 * an optional "not", and a remove button. Changing the field or the operator rebuilds the row,
 * because they decide which operators and inputs make sense.
 */
import { CUSTOM_PREFIX } from '../../../core/rules/fields';
import { fwButton, fwInput, fwSelect, h, props, restoreFocus, type Child } from '../dom';
import { CHANGE_SIDE_HINT, FIELD_OPTIONS, fieldChoice, isChangeField, opOptions, opsFor, valueHint } from './catalog';
import type { ConditionRow, RuleDraft } from './model';

export interface RowContext {
  rule: RuleDraft;
  /** Position of the rule, 1-based, for labels. */
  position: number;
  /** The model changed: `structure` when rows were added, removed or rebuilt. */
  changed(kind: 'value' | 'structure', focusKey?: string): void;
  /** Runs `fn` after the current event (Crayons dropdowns dislike being replaced mid-event). */
  defer(fn: () => void): void;
}

const fieldName = (ctx: RowContext, row: ConditionRow, part: string): string => `rule${ctx.rule.key}-cond${row.key}-${part}`;
export const rowFocusKey = (row: ConditionRow, part: string): string => `cond-${row.key}-${part}`;

/** A new field keeps the operator when the field takes it, else gets the field's first one. */
export function setField(row: ConditionRow, field: string): void {
  row.field = field;
  const ops = opsFor(field);
  if (!ops.includes(row.op)) row.op = ops[0] ?? 'equals';
}

function rebuild(ctx: RowContext, row: ConditionRow, part: string, el: HTMLElement): void {
  ctx.defer(() => {
    const old = el.closest('[data-row-key]');
    if (old === null) return;
    const next = conditionRow(ctx, row);
    old.replaceWith(next);
    restoreFocus(next, rowFocusKey(row, part));
    ctx.changed('value');
  });
}

function fieldSelect(ctx: RowContext, row: ConditionRow): HTMLElement {
  const el: HTMLElement = fwSelect({
    name: fieldName(ctx, row, 'field'),
    label: 'Field',
    value: fieldChoice(row.field),
    options: FIELD_OPTIONS,
    focusKey: rowFocusKey(row, 'field'),
    attrs: { 'data-part': 'field' },
    onChange: (value) => {
      setField(row, value === CUSTOM_PREFIX ? `${CUSTOM_PREFIX}${row.field.startsWith(CUSTOM_PREFIX) ? row.field.slice(CUSTOM_PREFIX.length) : ''}` : value);
      rebuild(ctx, row, 'field', el);
    },
  });
  return el;
}

function customName(ctx: RowContext, row: ConditionRow): HTMLElement {
  return fwInput({
    name: fieldName(ctx, row, 'custom'),
    label: 'Custom field name',
    value: row.field.slice(CUSTOM_PREFIX.length),
    placeholder: 'e.g. cf_location',
    attrs: { 'data-part': 'custom' },
    onInput: (value) => {
      row.field = `${CUSTOM_PREFIX}${value.trim()}`;
      ctx.changed('value');
    },
  });
}

function opSelect(ctx: RowContext, row: ConditionRow): HTMLElement {
  const el: HTMLElement = fwSelect({
    name: fieldName(ctx, row, 'op'),
    label: 'Operator',
    value: row.op,
    options: opOptions(row.field, row.op),
    focusKey: rowFocusKey(row, 'op'),
    attrs: { 'data-part': 'op' },
    onChange: (value) => {
      row.op = value;
      rebuild(ctx, row, 'op', el);
    },
  });
  return el;
}

function textInput(ctx: RowContext, row: ConditionRow, part: 'value' | 'from' | 'to', label: string, hint: string): HTMLElement {
  return fwInput({
    name: fieldName(ctx, row, part),
    label,
    value: row[part],
    hint,
    focusKey: rowFocusKey(row, part),
    attrs: { 'data-part': part },
    onInput: (value) => {
      row[part] = value;
      ctx.changed('value');
    },
  });
}

function valueInputs(ctx: RowContext, row: ConditionRow): Child[] {
  if (isChangeField(row.field)) return [textInput(ctx, row, 'from', 'From', CHANGE_SIDE_HINT), textInput(ctx, row, 'to', 'To', '')];
  if (row.op === 'is_empty') return [];
  return [textInput(ctx, row, 'value', 'Value', valueHint(row.field, row.op))];
}

function negateBox(ctx: RowContext, row: ConditionRow): HTMLElement {
  const el = h('fw-checkbox', { 'data-part': 'negate', name: fieldName(ctx, row, 'not'), 'data-focus': rowFocusKey(row, 'not') }, ['Not']);
  props(el, { checked: row.negate, description: '' });
  el.addEventListener('fwChange', () => {
    const checked = (el as HTMLElement & { checked?: boolean }).checked === true;
    if (checked === row.negate) return;
    row.negate = checked;
    ctx.changed('value');
  });
  return el;
}

function removeButton(ctx: RowContext, row: ConditionRow, index: number): HTMLElement {
  return fwButton({
    label: 'Remove',
    srLabel: ` condition ${index + 1} of rule ${ctx.position}`,
    color: 'text',
    size: 'small',
    focusKey: rowFocusKey(row, 'remove'),
    onClick: () => {
      ctx.rule.conditions = ctx.rule.conditions.filter((r) => r !== row);
      ctx.changed('structure', `rule-${ctx.rule.key}-add-condition`);
    },
  });
}

export function conditionRow(ctx: RowContext, row: ConditionRow): HTMLElement {
  const index = ctx.rule.conditions.indexOf(row);
  const custom = row.field.startsWith(CUSTOM_PREFIX);
  return h('div', { class: 'tr-cond', 'data-row-key': row.key, role: 'group', 'aria-label': `Condition ${index + 1}` }, [
    h('div', { class: 'tr-cond__inputs' }, [fieldSelect(ctx, row), custom ? customName(ctx, row) : null, opSelect(ctx, row), ...valueInputs(ctx, row)]),
    h('div', { class: 'tr-cond__tools' }, [negateBox(ctx, row), removeButton(ctx, row, index)]),
    h('p', { class: 'tr-row-error', 'data-errors': 'row' }),
  ]);
}
