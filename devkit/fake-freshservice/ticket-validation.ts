/**
 * Checks a create/update ticket body the way reference §4.6/§4.7/§7 describe: unknown fields are
 * 400 `invalid_field` (never ignored), wrong JSON types `datatype_mismatch`, values outside a
 * choice list or pointing at nothing `invalid_value`, and every error in the body is reported at
 * once (n8n handles `errors.length > 1`).
 *
 * Decisions where the reference is silent:
 * - Create requires `status` and `priority` (DOC stars them; the defaults are only claimed by a
 *   low-trust guide), and a requester (`requester_id`, `email` or `phone`). `source` defaults to
 *   2 (Portal) and `type` to "Incident", as DOC's sample response shows.
 * - `workspace_id` on PUT is `readonly_field` (§4.7: it cannot be changed with PUT).
 * - `type` accepts "Incident" and "Service Request" on both create and update.
 * - Custom-field keys must exist on the account; values must fit the field's type.
 */
import { parseDateInput } from './dates.ts';
import type { FieldError } from './http.ts';
import { UNKNOWN_FIELD_MESSAGE, validationFailed } from './http.ts';
import type { CustomValue, Ticket } from './model.ts';
import { CATEGORIES, CUSTOM_FIELDS, SOURCE_NAMES, TICKET_TYPES } from './model.ts';
import type { Store, TicketPatch } from './store.ts';

export type Mode = 'create' | 'update';

/** What the body asks for, once checked; the requester fields are resolved by the handler. */
export interface CheckedTicket {
  patch: TicketPatch;
  email?: string;
  phone?: string;
  name?: string;
}

type Check = (value: unknown, field: string, store: Store) => FieldError | undefined;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const mismatch = (field: string, type: string): FieldError => ({ field, message: `It should be a/an ${type}`, code: 'datatype_mismatch' });
const notOneOf = (field: string, choices: readonly (string | number)[]): FieldError => ({
  field, message: `It should be one of these values: '${choices.join(',')}'`, code: 'invalid_value',
});

const text: Check = (v, f) => (v === null || typeof v === 'string' ? undefined : mismatch(f, 'String'));
const oneOf = (choices: readonly (string | number)[]): Check => (v, f) => {
  if (typeof choices[0] === 'number' && typeof v !== 'number') return mismatch(f, 'Integer');
  return choices.includes(v as never) ? undefined : notOneOf(f, choices);
};
const reference = (kind: 'agent' | 'group' | 'department' | 'user', nullable: boolean): Check => (v, f, store) => {
  if (v === null && nullable) return undefined;
  if (!isInt(v)) return mismatch(f, 'Positive Integer');
  const found = kind === 'agent' ? store.agent(v) : kind === 'group' ? store.group(v) : kind === 'department' ? store.department(v) : (store.requester(v) ?? store.agent(v));
  return found ? undefined : { field: f, message: `There is no ${kind === 'user' ? 'requester' : kind} matching the given ${f}`, code: 'invalid_value' };
};
const emailList: Check = (v, f) => {
  if (!Array.isArray(v)) return mismatch(f, 'Array');
  return v.every((e) => typeof e === 'string' && EMAIL.test(e)) ? undefined : { field: f, message: 'It should contain elements that are valid email addresses', code: 'invalid_value' };
};
const date: Check = (v, f) => (v === null || (typeof v === 'string' && parseDateInput(v) !== undefined) ? undefined : { field: f, message: "It should be in the 'valid date' format", code: 'invalid_value' });
const anything: Check = () => undefined;

const COMMON: Readonly<Record<string, Check>> = {
  subject: text,
  description: text,
  requester_id: reference('user', false),
  email: (v, f) => (typeof v === 'string' && EMAIL.test(v) ? undefined : { field: f, message: 'It should be a valid email address', code: 'invalid_value' }),
  phone: (v, f) => (typeof v === 'string' ? undefined : mismatch(f, 'String')),
  name: (v, f) => (typeof v === 'string' ? undefined : mismatch(f, 'String')),
  responder_id: reference('agent', true),
  group_id: reference('group', true),
  department_id: reference('department', true),
  email_config_id: (v, f) => (v === null || isInt(v) ? undefined : mismatch(f, 'Positive Integer')),
  status: oneOf([2, 3, 4, 5]),
  priority: oneOf([1, 2, 3, 4]),
  urgency: oneOf([1, 2, 3]),
  impact: oneOf([1, 2, 3]),
  source: oneOf(Object.keys(SOURCE_NAMES).map(Number)),
  type: oneOf(TICKET_TYPES),
  category: (v, f) => (v === null ? undefined : typeof v !== 'string' ? mismatch(f, 'String') : Object.hasOwn(CATEGORIES, v) ? undefined : notOneOf(f, Object.keys(CATEGORIES))),
  sub_category: text,
  item_category: text,
  due_by: date,
  fr_due_by: date,
  cc_emails: emailList,
  tags: (v, f) => (Array.isArray(v) && v.every((t) => typeof t === 'string' && t.trim() !== '') ? undefined : { field: f, message: 'It should be a/an Array of non-empty Strings', code: 'datatype_mismatch' }),
  custom_fields: anything,
  assets: (v, f) => (Array.isArray(v) ? undefined : mismatch(f, 'Array')),
  problem: anything,
  change_initiating_ticket: anything,
  change_initiated_by_ticket: anything,
};
const CREATE_ONLY: Readonly<Record<string, Check>> = { workspace_id: (v, f) => (isInt(v) ? undefined : mismatch(f, 'Positive Integer')) };

/** Checks `body` for `mode`; throws the 400 answer listing every problem. */
export function checkTicketBody(body: Record<string, unknown>, mode: Mode, store: Store, current?: Ticket): CheckedTicket {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(body)) {
    const check = Object.hasOwn(COMMON, field) ? COMMON[field] : mode === 'create' && Object.hasOwn(CREATE_ONLY, field) ? CREATE_ONLY[field] : undefined;
    if (check) {
      const error = check(value, field, store);
      if (error) errors.push(error);
    } else if (field === 'workspace_id') {
      errors.push({ field, message: 'workspace_id cannot be changed with PUT; use move_workspace', code: 'readonly_field' });
    } else {
      errors.push({ field, message: UNKNOWN_FIELD_MESSAGE, code: 'invalid_field' });
    }
  }
  errors.push(...checkSubCategory(body, current), ...checkCustomFields(body['custom_fields']));
  if (mode === 'create') errors.push(...checkMandatory(body));
  if (errors.length > 0) throw validationFailed(errors);
  return toChecked(body);
}

function checkMandatory(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (body['requester_id'] === undefined && body['email'] === undefined && body['phone'] === undefined) {
    errors.push({ field: 'requester_id', message: 'Please fill at least 1 of requester_id, phone, email fields', code: 'missing_field' });
  }
  if (body['phone'] !== undefined && body['email'] === undefined && body['requester_id'] === undefined && body['name'] === undefined) {
    errors.push({ field: 'name', message: 'It should be a/an String (name is mandatory when only phone is given)', code: 'missing_field' });
  }
  if (body['status'] === undefined) errors.push({ field: 'status', message: "It should be one of these values: '2,3,4,5'", code: 'missing_field' });
  if (body['priority'] === undefined) errors.push({ field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'missing_field' });
  return errors;
}

/** `sub_category` must be a choice of the ticket's (new or current) category. */
function checkSubCategory(body: Record<string, unknown>, current: Ticket | undefined): FieldError[] {
  const sub = body['sub_category'];
  if (typeof sub !== 'string') return [];
  const category = body['category'] !== undefined ? body['category'] : (current?.category ?? null);
  if (typeof category !== 'string') return [{ field: 'sub_category', message: 'It should be empty while category is empty', code: 'invalid_value' }];
  const choices = Object.hasOwn(CATEGORIES, category) ? CATEGORIES[category] : undefined;
  return choices && !choices.includes(sub) ? [notOneOf('sub_category', choices)] : [];
}

function checkCustomFields(value: unknown): FieldError[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [mismatch('custom_fields', 'key/value pair')];
  const errors: FieldError[] = [];
  for (const [name, v] of Object.entries(value)) {
    const def = CUSTOM_FIELDS.find((d) => d.name === name);
    const field = `custom_fields.${name}`;
    if (!def) errors.push({ field, message: UNKNOWN_FIELD_MESSAGE, code: 'invalid_field' });
    else if (v === null) continue;
    else if (def.type === 'number' && typeof v !== 'number') errors.push(mismatch(field, 'Number'));
    else if (def.type === 'checkbox' && typeof v !== 'boolean') errors.push(mismatch(field, 'Boolean'));
    else if ((def.type === 'text' || def.type === 'dropdown') && typeof v !== 'string') errors.push(mismatch(field, 'String'));
    else if (def.type === 'dropdown' && !def.choices?.includes(v as string)) errors.push(notOneOf(field, def.choices ?? []));
    else if (def.type === 'date' && (typeof v !== 'string' || parseDateInput(v) === undefined)) errors.push({ field, message: "It should be in the 'valid date' format", code: 'invalid_value' });
  }
  return errors;
}

function toChecked(body: Record<string, unknown>): CheckedTicket {
  const { email, phone, name, due_by, fr_due_by, custom_fields, assets: _a, problem: _p, change_initiating_ticket: _c1, change_initiated_by_ticket: _c2, ...rest } = body;
  const patch = { ...rest } as TicketPatch;
  if (typeof due_by === 'string' || due_by === null) patch.due_by = due_by === null ? null : (parseDateInput(due_by) as number);
  if (typeof fr_due_by === 'string' || fr_due_by === null) patch.fr_due_by = fr_due_by === null ? null : (parseDateInput(fr_due_by) as number);
  if (custom_fields !== undefined) patch.custom_fields = { ...(custom_fields as Record<string, CustomValue>) };
  if (Array.isArray(patch.tags)) patch.tags = [...new Set(patch.tags.map((t) => t.trim()))];
  const checked: CheckedTicket = { patch };
  if (typeof email === 'string') checked.email = email;
  if (typeof phone === 'string') checked.phone = phone;
  if (typeof name === 'string') checked.name = name;
  return checked;
}
