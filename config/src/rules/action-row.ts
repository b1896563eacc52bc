/**
 * One action row of the rules editor: which action, and its value (a dropdown for priority,
 * urgency and impact, a text area for the note template, a text field for the rest).
 */
import { fwButton, fwInput, fwSelect, fwTextarea, h } from '../dom';
import { ACTION_SPECS, actionOptions } from './catalog';
import type { ActionRow } from './model';
import type { RowContext } from './condition-row';

export const actionFocusKey = (row: ActionRow, part: string): string => `action-${row.key}-${part}`;
const inputName = (ctx: RowContext, row: ActionRow, part: string): string => `rule${ctx.rule.key}-action${row.key}-${part}`;

function actionSelect(ctx: RowContext, row: ActionRow): HTMLElement {
  const used = ctx.rule.actions.map((a) => a.action);
  return fwSelect({
    name: inputName(ctx, row, 'action'),
    label: 'Action',
    value: row.action,
    options: actionOptions(row.action, used),
    focusKey: actionFocusKey(row, 'action'),
    attrs: { 'data-part': 'action' },
    onChange: (value) => {
      row.action = value;
      row.value = '';
      ctx.defer(() => ctx.changed('structure', actionFocusKey(row, 'action')));
    },
  });
}

function valueInput(ctx: RowContext, row: ActionRow): HTMLElement {
  const spec = ACTION_SPECS[row.action] ?? { label: row.action, hint: '' };
  const common = {
    name: inputName(ctx, row, 'value'),
    label: 'Value',
    value: row.value,
    hint: spec.hint,
    focusKey: actionFocusKey(row, 'value'),
    attrs: { 'data-part': 'value' },
  };
  const update = (value: string): void => {
    row.value = value;
    ctx.changed('value');
  };
  if (spec.choices !== undefined) return fwSelect({ ...common, options: spec.choices, onChange: update });
  if (spec.multiline === true) return fwTextarea({ ...common, rows: 3, onInput: update });
  return fwInput({ ...common, onInput: update });
}

function removeButton(ctx: RowContext, row: ActionRow, index: number): HTMLElement {
  return fwButton({
    label: 'Remove',
    srLabel: ` action ${index + 1} of rule ${ctx.position}`,
    color: 'text',
    size: 'small',
    focusKey: actionFocusKey(row, 'remove'),
    onClick: () => {
      ctx.rule.actions = ctx.rule.actions.filter((a) => a !== row);
      ctx.changed('structure', `rule-${ctx.rule.key}-add-action`);
    },
  });
}

export function actionRow(ctx: RowContext, row: ActionRow): HTMLElement {
  const index = ctx.rule.actions.indexOf(row);
  const wide = ACTION_SPECS[row.action]?.multiline === true;
  return h('div', { class: `tr-action${wide ? ' tr-action--wide' : ''}`, 'data-action-key': row.key, role: 'group', 'aria-label': `Action ${index + 1}` }, [
    h('div', { class: 'tr-action__inputs' }, [actionSelect(ctx, row), valueInput(ctx, row)]),
    h('div', { class: 'tr-action__tools' }, [removeButton(ctx, row, index)]),
    h('p', { class: 'tr-row-error', 'data-errors': 'row' }),
  ]);
}
