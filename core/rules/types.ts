/**
 * Rules format v1 (DESIGN.md §4). The JSON Schema in `schema.ts` / `rules.schema.json` describes the
 * same shape; `checkRules` adds what a schema cannot say (field/operator/value compatibility, safe
 * regular expressions, unique names, limits).
 */

export type RuleEvent = 'create' | 'update' | 'both';

/** Operators on ticket fields. */
export type FieldOp =
  | 'equals'
  | 'not_equals'
  | 'in'
  | 'contains_any'
  | 'contains_all'
  | 'starts_with'
  | 'ends_with'
  | 'matches'
  | 'gt'
  | 'lt'
  | 'is_empty';

/**
 * Operators on `changes.<field>` (update events only): `changed` (optionally constrained by
 * `from`/`to`), `increased`/`decreased` (numeric fields: the new value is greater/smaller).
 */
export type ChangeOp = 'changed' | 'increased' | 'decreased';

export type Op = FieldOp | ChangeOp;

export type Scalar = string | number | boolean;
export type LeafValue = Scalar | Array<string | number>;
export type ChangeSide = string | number | null | Array<string | number | null>;

export interface Leaf {
  /** A field name (see `FIELDS`), `custom_fields.<name>` or `changes.<field>`. */
  field: string;
  op: Op;
  value?: LeafValue;
  /** Only with `changes.<field>`: the old value, or a list of accepted old values. */
  from?: ChangeSide;
  /** Only with `changes.<field>`: the new value, or a list of accepted new values. */
  to?: ChangeSide;
}

export interface AllOf {
  all: Condition[];
}
export interface AnyOf {
  any: Condition[];
}
export interface NotOf {
  not: Condition;
}

export type Condition = AllOf | AnyOf | NotOf | Leaf;

export interface Actions {
  priority?: number;
  urgency?: number;
  impact?: number;
  status?: number;
  group_id?: number;
  responder_id?: number;
  type?: string;
  category?: string;
  sub_category?: string;
  tags_add?: string[];
  tags_remove?: string[];
  /** A private note, rendered from this Handlebars template (see `core/templates.ts`). */
  note?: string;
  /** Addresses notified with the note (`notify_emails` of the notes API); needs `note`. */
  notify_emails?: string[];
}

export interface Rule {
  name: string;
  description?: string;
  on: RuleEvent;
  when: Condition;
  then: Actions;
  /** When the rule matches, later rules are not evaluated. Default false. */
  stop?: boolean;
  /** Default true. */
  enabled?: boolean;
}

export interface RuleSet {
  version: 1;
  rules: Rule[];
}

/** Ticket fields a rule can set, in the order they are applied and reported. */
export const SCALAR_ACTIONS = ['priority', 'urgency', 'impact', 'status', 'group_id', 'responder_id', 'type', 'category', 'sub_category'] as const;
export type ScalarAction = (typeof SCALAR_ACTIONS)[number];

export const ACTION_KEYS = [...SCALAR_ACTIONS, 'tags_add', 'tags_remove', 'note', 'notify_emails'] as const;

export function isAll(c: Condition): c is AllOf {
  return Object.prototype.hasOwnProperty.call(c, 'all');
}
export function isAny(c: Condition): c is AnyOf {
  return Object.prototype.hasOwnProperty.call(c, 'any');
}
export function isNot(c: Condition): c is NotOf {
  return Object.prototype.hasOwnProperty.call(c, 'not');
}
