/**
 * Turns ajv's errors for `RULES_SCHEMA` into the same friendly `RuleError`s the semantic checks
 * write. Only the error objects are used (ajv itself runs in the caller).
 */
import { describeValue } from '../text.ts';
import { get, isRecord, type Rec } from '../read.ts';
import { FIELDS } from './fields.ts';
import { ACTION_KEYS } from './types.ts';
import { didYouMean, fromPointer, ruleError, valueAt, type RuleError, type Seg } from './report.ts';

/** The fields of an ajv `ErrorObject` that are used. */
export interface SchemaError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: unknown;
}

export const TOP_KEYS = ['$schema', 'version', 'rules'] as const;
export const RULE_KEYS = ['name', 'description', 'on', 'when', 'then', 'stop', 'enabled'] as const;
export const CONDITION_KEYS = ['all', 'any', 'not', 'field', 'op', 'value', 'from', 'to'] as const;

/** The keys allowed in the object at `segs`, judged by its position in the document. */
export function keysAt(segs: readonly Seg[]): readonly string[] {
  if (segs.length === 0) return TOP_KEYS;
  if (segs.length === 2 && segs[0] === 'rules') return RULE_KEYS;
  return segs[segs.length - 1] === 'then' ? ACTION_KEYS : CONDITION_KEYS;
}

interface Translated {
  segs: Seg[];
  message: string;
  short: string;
}

type Translator = (segs: Seg[], p: Rec, doc: unknown, e: SchemaError) => Translated;

const str = (p: Rec, key: string): string => String(get(p, key));

const TRANSLATORS: Readonly<Record<string, Translator>> = {
  required: (segs, p) => {
    const key = str(p, 'missingProperty');
    return { segs: [...segs, key], message: `\`${key}\` is missing`, short: `missing \`${key}\`` };
  },
  additionalProperties: (segs, p) => {
    const key = str(p, 'additionalProperty');
    return { segs: [...segs, key], message: `unknown key \`${key}\`${didYouMean(key, keysAt(segs))}`, short: `unknown key \`${key}\`` };
  },
  type: (segs, p, doc) => ({ segs, message: `must be ${article(str(p, 'type'))}, got ${describeValue(valueAt(doc, segs))}`, short: `must be ${article(str(p, 'type'))}` }),
  enum: (segs, p, doc) => {
    const allowed = get(p, 'allowedValues');
    const list = Array.isArray(allowed) ? allowed.map((v) => JSON.stringify(v)).join(', ') : '';
    return { segs, message: `must be one of ${list}; got ${describeValue(valueAt(doc, segs))}`, short: 'not an allowed value' };
  },
  const: (segs, p, doc) => ({ segs, message: `must be ${JSON.stringify(get(p, 'allowedValue'))}; got ${describeValue(valueAt(doc, segs))}`, short: `must be ${JSON.stringify(get(p, 'allowedValue'))}` }),
  pattern: (segs, _p, doc) => patternMessage(segs, valueAt(doc, segs)),
  minProperties: (segs) => ({ segs, message: 'needs at least one action, e.g. {"priority": 3}', short: 'no actions' }),
  anyOf: (segs, _p, doc) => ({ segs, message: `must be ${FORMS[String(segs[segs.length - 1])] ?? 'a text or a number'}; got ${describeValue(valueAt(doc, segs))}`, short: 'wrong type of value' }),
};

const FORMS: Readonly<Record<string, string>> = {
  value: 'a text, a number, true/false or a list',
  from: 'a value, null or a list of them',
  to: 'a value, null or a list of them',
};

function article(type: string): string {
  const words: Record<string, string> = { object: 'an object', array: 'a list', string: 'a text', integer: 'a whole number', number: 'a number', boolean: 'true or false', null: 'null' };
  return words[type] ?? type;
}

function patternMessage(segs: Seg[], value: unknown): Translated {
  if (segs[segs.length - 1] === 'field') {
    return { segs, message: `unknown field ${describeValue(value)}${didYouMean(String(value), Object.keys(FIELDS))}; use a ticket field, custom_fields.<name> or changes.<field>`, short: 'unknown field' };
  }
  return { segs, message: `has an invalid form: ${describeValue(value)}`, short: 'invalid value' };
}

function generic(segs: Seg[], e: SchemaError, doc: unknown): Translated {
  const message = typeof e.message === 'string' ? e.message : 'is invalid';
  return { segs, message: `${message}; got ${describeValue(valueAt(doc, segs))}`, short: message };
}

function translate(doc: unknown, e: SchemaError): RuleError {
  const segs = fromPointer(typeof e.instancePath === 'string' ? e.instancePath : '');
  const params = isRecord(e.params) ? e.params : {};
  const translator = Object.prototype.hasOwnProperty.call(TRANSLATORS, e.keyword) ? TRANSLATORS[e.keyword] : undefined;
  const t = translator === undefined ? generic(segs, e, doc) : translator(segs, params, doc, e);
  return ruleError(doc, t.segs, t.message, t.short);
}

const isSummary = (e: SchemaError): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';
const deeperOrSame = (e: SchemaError, at: string): boolean => e.instancePath === at || e.instancePath.startsWith(`${at}/`);

/**
 * Keeps the errors worth showing: an `anyOf` summary replaces the per-branch `type` errors at its
 * place, unless a more specific error (a missing key, a too-short list…) exists there or below.
 */
function worthShowing(e: SchemaError, errors: readonly SchemaError[]): boolean {
  if (e.keyword === 'if') return false;
  const summaries = errors.filter(isSummary);
  if (isSummary(e)) return !errors.some((o) => !isSummary(o) && o.keyword !== 'type' && o.keyword !== 'if' && deeperOrSame(o, e.instancePath));
  return !(e.keyword === 'type' && summaries.some((s) => s.instancePath === e.instancePath));
}

/** Friendly errors for ajv's output, without duplicates. */
export function translateSchemaErrors(doc: unknown, errors: readonly SchemaError[]): RuleError[] {
  const out: RuleError[] = [];
  const seen = new Set<string>();
  for (const e of errors.filter((x) => worthShowing(x, errors))) {
    const error = translate(doc, e);
    const key = `${error.path}\n${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(error);
  }
  return out;
}
