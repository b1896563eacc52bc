/**
 * Values as the rules editor shows them (one line of text) and as rules format v1 stores them.
 * Lists are comma-separated; numbers are written as numbers where the field or action takes
 * numbers; `none` in a change's from/to means "no value" (null). Anything that does not convert
 * is kept as the admin typed it, so core's checks can say what is wrong with it.
 */
import { resolveField, type FieldRef } from '../../../core/rules/fields';

const LIST_OPS = new Set(['in', 'contains_any', 'contains_all']);
const NUMBER_OPS = new Set(['gt', 'lt']);
const NUMERIC = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

/** The comma-separated items of `text`, trimmed, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function numberOrText(text: string): number | string {
  const t = text.trim();
  return NUMERIC.test(t) ? Number(t) : text;
}

/** Custom fields hold text, numbers or true/false; typed text becomes the closest of those. */
function scalarOf(text: string): string | number | boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === 'false') return t === 'true';
  return numberOrText(text);
}

type Kind = 'text' | 'number' | 'tags' | 'custom';

const SINGLE: Readonly<Record<Kind, (text: string) => unknown>> = {
  text: (t) => t,
  tags: (t) => t,
  number: numberOrText,
  custom: scalarOf,
};

const ITEM: Readonly<Record<Kind, (text: string) => unknown>> = {
  text: (t) => t,
  tags: (t) => t,
  number: numberOrText,
  custom: (t) => numberOrText(t),
};

function kindOf(ref: FieldRef | null): Kind {
  return ref === null || ref.kind === 'change' ? 'custom' : ref.kind;
}

/** A condition's `value` for `op` on `field`; undefined when the operator takes none or nothing was typed. */
export function conditionValue(field: string, op: string, text: string): unknown {
  if (op === 'is_empty' || text.trim() === '') return undefined;
  const kind = kindOf(resolveField(field));
  if (LIST_OPS.has(op)) return splitList(text).map(ITEM[kind]);
  if (NUMBER_OPS.has(op)) return numberOrText(text);
  if (op === 'equals' || op === 'not_equals') return SINGLE[kind](text);
  return text;
}

function sideItem(text: string, numeric: boolean): string | number | null {
  if (text.toLowerCase() === 'none') return null;
  return numeric ? numberOrText(text) : text;
}

/** A change condition's `from`/`to`: undefined (any), one value, or a list. */
export function changeSide(field: string, text: string): unknown {
  const items = splitList(text);
  if (items.length === 0) return undefined;
  const ref = resolveField(field);
  const numeric = ref !== null && ref.kind === 'change' && ref.valueKind === 'number';
  const values = items.map((t) => sideItem(t, numeric));
  return values.length === 1 ? values[0] : values;
}

const NUMBER_ACTIONS = new Set(['priority', 'urgency', 'impact', 'status', 'group_id', 'responder_id']);
const LIST_ACTIONS = new Set(['tags_add', 'tags_remove', 'notify_emails']);

/** An action's value from its text. */
export function actionValue(action: string, text: string): unknown {
  if (NUMBER_ACTIONS.has(action)) return INTEGER.test(text.trim()) ? Number(text.trim()) : text;
  if (LIST_ACTIONS.has(action)) return splitList(text);
  return text;
}

/** The text the editor shows for a stored value. */
export function textOf(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
