/**
 * The catalogue of rule fields and operators (DESIGN.md §4), shared by the checker, the evaluator
 * and the install page's editor help.
 */
import { NUMBER_CHANGE_FIELDS, TEXT_CHANGE_FIELDS, type ChangeField } from '../ticket.ts';
import type { ChangeOp, FieldOp } from './types.ts';

export type FieldKind = 'text' | 'number' | 'tags' | 'custom';

/** Ticket fields a condition can test (besides `custom_fields.<name>` and `changes.<field>`). */
export const FIELDS: Readonly<Record<string, { kind: FieldKind; label: string }>> = {
  subject: { kind: 'text', label: 'Subject' },
  description_text: { kind: 'text', label: 'Description (plain text)' },
  'requester.email': { kind: 'text', label: "Requester's email" },
  'requester.name': { kind: 'text', label: "Requester's name" },
  type: { kind: 'text', label: 'Type ("Incident", "Service Request")' },
  category: { kind: 'text', label: 'Category' },
  sub_category: { kind: 'text', label: 'Sub-category' },
  source: { kind: 'number', label: 'Source (1 Email, 2 Portal, 3 Phone, …)' },
  priority: { kind: 'number', label: 'Priority (1 Low … 4 Urgent)' },
  urgency: { kind: 'number', label: 'Urgency (1 Low … 3 High)' },
  impact: { kind: 'number', label: 'Impact (1 Low … 3 High)' },
  status: { kind: 'number', label: 'Status (2 Open, 3 Pending, 4 Resolved, 5 Closed)' },
  group_id: { kind: 'number', label: 'Group id' },
  department_id: { kind: 'number', label: 'Department id' },
  responder_id: { kind: 'number', label: 'Agent id' },
  tags: { kind: 'tags', label: 'Tags' },
};

const TEXT_OPS: readonly FieldOp[] = ['equals', 'not_equals', 'in', 'contains_any', 'contains_all', 'starts_with', 'ends_with', 'matches', 'is_empty'];
const NUMBER_OPS: readonly FieldOp[] = ['equals', 'not_equals', 'in', 'gt', 'lt', 'is_empty'];

/** Operators each kind of field accepts. Custom fields take any field operator; values decide. */
export const OPS_BY_KIND: Readonly<Record<FieldKind, readonly FieldOp[]>> = {
  text: TEXT_OPS,
  number: NUMBER_OPS,
  tags: ['contains_any', 'contains_all', 'is_empty'],
  custom: [...TEXT_OPS, 'gt', 'lt'],
};

export const FIELD_OPS: readonly FieldOp[] = OPS_BY_KIND.custom;
export const CHANGE_OPS: readonly ChangeOp[] = ['changed', 'increased', 'decreased'];

export const CUSTOM_PREFIX = 'custom_fields.';
export const CHANGES_PREFIX = 'changes.';

export type FieldRef =
  | { kind: FieldKind; name: string }
  | { kind: 'change'; name: ChangeField; valueKind: 'number' | 'text' };

const CHANGE_KINDS = new Map<string, 'number' | 'text'>([
  ...NUMBER_CHANGE_FIELDS.map((f) => [f, 'number'] as const),
  ...TEXT_CHANGE_FIELDS.map((f) => [f, 'text'] as const),
]);

export const CHANGE_FIELD_NAMES: readonly ChangeField[] = [...NUMBER_CHANGE_FIELDS, ...TEXT_CHANGE_FIELDS];

/** Resolves a condition's `field`; null when it names nothing we know. */
export function resolveField(field: string): FieldRef | null {
  const known = Object.prototype.hasOwnProperty.call(FIELDS, field) ? FIELDS[field] : undefined;
  if (known !== undefined) return { kind: known.kind, name: field };
  if (field.startsWith(CUSTOM_PREFIX)) {
    const name = field.slice(CUSTOM_PREFIX.length);
    return name === '' ? null : { kind: 'custom', name };
  }
  return resolveChange(field);
}

function resolveChange(field: string): FieldRef | null {
  if (!field.startsWith(CHANGES_PREFIX)) return null;
  const name = field.slice(CHANGES_PREFIX.length);
  const valueKind = CHANGE_KINDS.get(name);
  return valueKind === undefined ? null : { kind: 'change', name: name as ChangeField, valueKind };
}
