/**
 * What the editor offers: the fields and operators of rules format v1 (from core/rules/fields.ts),
 * the actions, and the words and hints shown for each.
 */
import { CHANGE_FIELD_NAMES, CHANGE_OPS, CHANGES_PREFIX, CUSTOM_PREFIX, FIELDS, OPS_BY_KIND, resolveField } from '../../../core/rules/fields';
import { ACTION_KEYS } from '../../../core/rules/types';
import { LEVEL_NAMES, PRIORITY_NAMES } from '../../../core/enums';
import type { SelectOption } from '../dom';

export const CHANGE_LABELS: Readonly<Record<string, string>> = {
  status: 'status', priority: 'priority', urgency: 'urgency', impact: 'impact', group_id: 'group', responder_id: 'agent',
  source: 'source', department_id: 'department', type: 'type', category: 'category', sub_category: 'sub-category',
};

/** The field dropdown: ticket fields, "custom field…" (with a name beside it), and changes (update rules). */
export const FIELD_OPTIONS: readonly SelectOption[] = [
  ...Object.entries(FIELDS).map(([value, f]) => ({ value, text: f.label })),
  { value: CUSTOM_PREFIX, text: 'Custom field…' },
  ...CHANGE_FIELD_NAMES.map((name) => ({ value: `${CHANGES_PREFIX}${name}`, text: `Change of ${CHANGE_LABELS[name] ?? name} (update events)` })),
];

export const OP_LABELS: Readonly<Record<string, string>> = {
  equals: 'is',
  not_equals: 'is not',
  in: 'is one of',
  contains_any: 'contains any of',
  contains_all: 'contains all of',
  starts_with: 'starts with',
  ends_with: 'ends with',
  matches: 'matches the pattern',
  gt: 'is greater than',
  lt: 'is less than',
  is_empty: 'is empty',
  changed: 'changed',
  increased: 'increased',
  decreased: 'decreased',
};

/** The dropdown value for a row's field: custom fields share one entry. */
export function fieldChoice(field: string): string {
  return field.startsWith(CUSTOM_PREFIX) ? CUSTOM_PREFIX : field;
}

/** Operators the field takes (a custom field without a name yet takes every field operator). */
export function opsFor(field: string): readonly string[] {
  const ref = resolveField(field);
  if (ref === null) return field.startsWith(CHANGES_PREFIX) ? CHANGE_OPS : OPS_BY_KIND.custom;
  return ref.kind === 'change' ? CHANGE_OPS : OPS_BY_KIND[ref.kind];
}

export function opOptions(field: string, current: string): SelectOption[] {
  const ops = opsFor(field);
  // An operator the field does not take (from JSON) stays visible, so the check can point at it.
  const shown = ops.includes(current) || current === '' ? ops : [...ops, current];
  return shown.map((op) => ({ value: op, text: OP_LABELS[op] ?? op }));
}

export function isChangeField(field: string): boolean {
  return field.startsWith(CHANGES_PREFIX);
}

/** The hint under a condition's value. */
const OP_HINTS: Readonly<Record<string, string>> = {
  in: 'Comma-separated, e.g. vpn, tunnel',
  contains_any: 'Comma-separated, e.g. vpn, tunnel',
  contains_all: 'Comma-separated, e.g. vpn, tunnel',
  matches: 'A regular expression, e.g. ^(urgent|asap)\\b',
};

export function valueHint(field: string, op: string): string {
  const byOp = Object.prototype.hasOwnProperty.call(OP_HINTS, op) ? OP_HINTS[op] : undefined;
  if (byOp !== undefined) return byOp;
  const known = Object.prototype.hasOwnProperty.call(FIELDS, field) ? FIELDS[field] : undefined;
  return known !== undefined && known.kind === 'number' ? known.label : '';
}

export const CHANGE_SIDE_HINT = 'Empty for any value; several comma-separated; "none" for no value';

const levelChoices = (names: Readonly<Record<number, string>>): SelectOption[] =>
  Object.entries(names).map(([code, name]) => ({ value: code, text: `${code} ${name}` }));

export interface ActionSpec {
  label: string;
  hint: string;
  choices?: readonly SelectOption[];
  multiline?: boolean;
}

export const ACTION_SPECS: Readonly<Record<string, ActionSpec>> = {
  priority: { label: 'Set priority', hint: '', choices: levelChoices(PRIORITY_NAMES) },
  urgency: { label: 'Set urgency', hint: '', choices: levelChoices(LEVEL_NAMES) },
  impact: { label: 'Set impact', hint: '', choices: levelChoices(LEVEL_NAMES) },
  status: { label: 'Set status', hint: '2 Open, 3 Pending, 4 Resolved, 5 Closed, or a custom status id' },
  group_id: { label: 'Assign to group', hint: 'The group id, e.g. 17000012345' },
  responder_id: { label: 'Assign to agent', hint: 'The agent id' },
  type: { label: 'Set type', hint: 'e.g. Incident or Service Request' },
  category: { label: 'Set category', hint: '' },
  sub_category: { label: 'Set sub-category', hint: '' },
  tags_add: { label: 'Add tags', hint: 'Comma-separated' },
  tags_remove: { label: 'Remove tags', hint: 'Comma-separated' },
  note: { label: 'Add a private note', hint: 'A template: the variables are listed under "Acknowledgement note"', multiline: true },
  notify_emails: { label: 'Notify with the note', hint: 'Comma-separated email addresses; needs a note' },
};

/** Actions a rule can still add: each action at most once. */
export function freeActions(used: readonly string[]): string[] {
  return ACTION_KEYS.filter((a) => !used.includes(a));
}

/** The action dropdown of a row: the free actions plus its own (even an unknown one from JSON). */
export function actionOptions(current: string, used: readonly string[]): SelectOption[] {
  const known = ACTION_KEYS.filter((k) => k === current || !used.includes(k));
  const keys = known.includes(current as (typeof ACTION_KEYS)[number]) ? known : [current, ...known];
  return keys.map((k) => ({ value: k, text: ACTION_SPECS[k]?.label ?? k }));
}
