/**
 * Value checks used by `checkRules`: what a condition's `value` must look like for its operator and
 * field, and what each action accepts. Each check returns null when fine, else `{ message, short }`.
 */
import { describeValue } from '../text.ts';
import { checkRegex } from './regex.ts';
import type { FieldKind } from './fields.ts';
import type { FieldOp } from './types.ts';

export interface Problem {
  message: string;
  short: string;
}

export const ValueLimits = {
  TEXT: 1000,
  LIST: 100,
  LABEL: 255,
  TAG: 32,
  TAGS: 20,
  EMAILS: 20,
  NOTE: 5 * 1024,
} as const;

const problem = (message: string, short: string): Problem => ({ message, short });

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= ValueLimits.TEXT;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isScalar = (v: unknown): boolean => isText(v) || isNumber(v) || typeof v === 'boolean';
const isKey = (v: unknown): boolean => isText(v) || isNumber(v);

function listOf(value: unknown, item: (v: unknown) => boolean): boolean {
  return Array.isArray(value) && value.length > 0 && value.length <= ValueLimits.LIST && value.every(item);
}

type Expect = 'none' | 'text' | 'number' | 'scalar' | 'textList' | 'numberList' | 'keyList' | 'regex';

interface Expectation {
  test: (v: unknown) => boolean;
  wanted: string;
  short: string;
}

const EXPECTATIONS: Readonly<Record<Exclude<Expect, 'regex'>, Expectation>> = {
  none: { test: (v) => v === undefined, wanted: 'no `value` (to mean "is not empty", wrap the condition in {"not": …})', short: 'is_empty takes no value' },
  text: { test: isText, wanted: `a non-empty text (at most ${ValueLimits.TEXT} characters)`, short: 'value must be text' },
  number: { test: isNumber, wanted: 'a number, e.g. 3', short: 'value must be a number' },
  scalar: { test: isScalar, wanted: 'a text, a number or true/false', short: 'value must be text, number or boolean' },
  textList: { test: (v) => listOf(v, isText), wanted: `a list of 1–${ValueLimits.LIST} non-empty texts, e.g. ["vpn", "tunnel"]`, short: 'value must be a list of texts' },
  numberList: { test: (v) => listOf(v, isNumber), wanted: `a list of 1–${ValueLimits.LIST} numbers, e.g. [3, 4]`, short: 'value must be a list of numbers' },
  keyList: { test: (v) => listOf(v, isKey), wanted: `a list of 1–${ValueLimits.LIST} texts or numbers`, short: 'value must be a list' },
};

/** What each operator's value must be; `byKind` ones depend on the field. */
const EXPECT_BY_OP: Readonly<Record<FieldOp, Expect | 'byKind' | 'listByKind'>> = {
  is_empty: 'none',
  matches: 'regex',
  gt: 'number',
  lt: 'number',
  in: 'listByKind',
  contains_any: 'textList',
  contains_all: 'textList',
  starts_with: 'text',
  ends_with: 'text',
  equals: 'byKind',
  not_equals: 'byKind',
};

const SCALAR_BY_KIND: Readonly<Record<FieldKind, Expect>> = { text: 'text', number: 'number', custom: 'scalar', tags: 'text' };
const LIST_BY_KIND: Readonly<Record<FieldKind, Expect>> = { text: 'textList', number: 'numberList', custom: 'keyList', tags: 'textList' };

function expectation(kind: FieldKind, op: FieldOp): Expect {
  const e = EXPECT_BY_OP[op];
  if (e === 'byKind') return SCALAR_BY_KIND[kind];
  return e === 'listByKind' ? LIST_BY_KIND[kind] : e;
}

function checkPattern(value: unknown): Problem | null {
  if (typeof value !== 'string') return problem(`\`value\` must be a regular expression as text, got ${describeValue(value)}`, 'matches needs a pattern');
  const check = checkRegex(value);
  return check.ok ? null : problem(`the pattern ${JSON.stringify(value)} is not allowed: ${check.reason}`, 'unsafe or invalid regex');
}

/** Checks a field condition's `value` against its operator and the field's kind. */
export function checkLeafValue(kind: FieldKind, op: FieldOp, value: unknown): Problem | null {
  const expect = expectation(kind, op);
  if (expect === 'regex') return checkPattern(value);
  const e = EXPECTATIONS[expect];
  if (e.test(value)) return null;
  const got = value === undefined ? 'nothing' : describeValue(value);
  return problem(`\`value\` for \`${op}\` must be ${e.wanted}; got ${got}`, e.short);
}

/** `from`/`to` of a `changes.<field>` condition: a value or a list, `null` meaning "none". */
export function checkChangeSide(side: 'from' | 'to', valueKind: 'number' | 'text', value: unknown): Problem | null {
  const item = (v: unknown): boolean => v === null || (valueKind === 'number' ? isNumber(v) : isText(v));
  const ok = Array.isArray(value) ? listOf(value, item) : item(value);
  if (ok) return null;
  const wanted = valueKind === 'number' ? 'a number, null, or a list of them (e.g. [4, 5])' : 'a text, null, or a list of them';
  return problem(`\`${side}\` must be ${wanted}; got ${describeValue(value)}`, `bad \`${side}\` value`);
}

// ---------------------------------------------------------------------------------------------
// Actions

function integerIn(min: number, max: number, wanted: string): (v: unknown) => Problem | null {
  return (v) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : problem(`must be ${wanted}; got ${describeValue(v)}`, `must be ${min}–${max}`));
}

const positiveId = (v: unknown): Problem | null =>
  Number.isSafeInteger(v) && (v as number) > 0 ? null : problem(`must be an id (a positive whole number); got ${describeValue(v)}`, 'must be a positive id');

const label = (v: unknown): Problem | null =>
  typeof v === 'string' && v.trim() !== '' && v.length <= ValueLimits.LABEL ? null : problem(`must be a non-empty text of at most ${ValueLimits.LABEL} characters; got ${describeValue(v)}`, 'must be non-empty text');

function tagProblem(tag: unknown): string | null {
  if (typeof tag !== 'string' || tag.trim() === '') return `a tag must be non-empty text, got ${describeValue(tag)}`;
  return tag.length > ValueLimits.TAG ? `the tag ${JSON.stringify(tag)} is longer than ${ValueLimits.TAG} characters` : null;
}

function tagList(v: unknown): Problem | null {
  if (!Array.isArray(v) || v.length === 0 || v.length > ValueLimits.TAGS) return problem(`must be a list of 1–${ValueLimits.TAGS} tags, e.g. ["vpn"]; got ${describeValue(v)}`, 'must be a list of tags');
  const bad = v.map(tagProblem).find((p) => p !== null);
  return bad === undefined || bad === null ? null : problem(bad, `tags: 1–${ValueLimits.TAG} characters each`);
}

const LOCAL_PART = /^[^\s@<>()[\],;:"\\]{1,64}$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** A plain `local@domain.tld` address (no display names, no quoted local parts). */
export function isEmail(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 254) return false;
  const [local, domain, ...rest] = v.split('@');
  return rest.length === 0 && LOCAL_PART.test(local as string) && isDomain(domain ?? '');
}

function isDomain(domain: string): boolean {
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((l) => DOMAIN_LABEL.test(l));
}

function emailList(v: unknown): Problem | null {
  if (!Array.isArray(v) || v.length === 0 || v.length > ValueLimits.EMAILS) return problem(`must be a list of 1–${ValueLimits.EMAILS} email addresses; got ${describeValue(v)}`, 'must be a list of emails');
  const bad = v.find((e) => !isEmail(e));
  return bad === undefined ? null : problem(`${describeValue(bad)} is not an email address like name@example.com`, 'invalid email address');
}

const noteText = (v: unknown): Problem | null =>
  typeof v === 'string' && v.trim() !== '' && v.length <= ValueLimits.NOTE ? null : problem(`must be a non-empty template of at most ${ValueLimits.NOTE} characters; got ${describeValue(v)}`, 'note must be non-empty text');

/** Checks for each action key; keys not listed here are unknown. */
export const ACTION_CHECKS: Readonly<Record<string, (v: unknown) => Problem | null>> = {
  priority: integerIn(1, 4, 'a priority from 1 (Low) to 4 (Urgent)'),
  urgency: integerIn(1, 3, 'an urgency from 1 (Low) to 3 (High)'),
  impact: integerIn(1, 3, 'an impact from 1 (Low) to 3 (High)'),
  status: integerIn(2, 999999, 'a status: 2 Open, 3 Pending, 4 Resolved, 5 Closed, or a custom status id (6 or more)'),
  group_id: positiveId,
  responder_id: positiveId,
  type: label,
  category: label,
  sub_category: label,
  tags_add: tagList,
  tags_remove: tagList,
  note: noteText,
  notify_emails: emailList,
};
