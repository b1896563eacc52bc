/**
 * From a rules document to the editor's model, only when the model can hold it exactly: the
 * document is rebuilt from the model and compared with the original (ignoring key order and forms
 * that mean the same, such as `stop: false` or a one-item `from` list). Anything else stays in
 * the JSON view with a reason, so nothing an admin wrote is silently changed.
 */
import { ACTION_KEYS } from '../../../core/rules/types';
import { RULE_KEYS } from '../../../core/rules/check-schema';
import { newKey, ruleDoc, toDocument, type ConditionRow, type MatchMode, type RuleDraft, type RulesDraft } from './model';
import { textOf } from './values';

export type FromDocument = { ok: true; draft: RulesDraft } | { ok: false; reason: string };

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Rec, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
const textField = (v: unknown): string => (typeof v === 'string' ? v : textOf(v));

const JSON_ONLY = 'Edit them in the JSON view, or remove what the editor cannot show.';

function negatedRow(c: Rec): ConditionRow | null {
  const inner = Object.keys(c).length === 1 ? leafRow(c.not) : null;
  return inner === null || inner.negate ? null : { ...inner, negate: true };
}

function leafRow(c: unknown): ConditionRow | null {
  if (!isRec(c) || has(c, 'all') || has(c, 'any')) return null;
  if (has(c, 'not')) return negatedRow(c);
  return { key: newKey(), field: textField(c.field), op: textField(c.op), value: textOf(c.value), from: textOf(c.from), to: textOf(c.to), negate: false };
}

interface When {
  match: MatchMode;
  bare: boolean;
  rows: ConditionRow[];
}

function listWhen(when: Rec): When | null {
  const match: MatchMode = has(when, 'all') ? 'all' : 'any';
  const list = when[match];
  if (Object.keys(when).length !== 1 || !Array.isArray(list)) return null;
  const rows = list.map(leafRow);
  return rows.every((r): r is ConditionRow => r !== null) ? { match, bare: false, rows } : null;
}

function parseWhen(when: unknown): When | null {
  if (isRec(when) && (has(when, 'all') || has(when, 'any'))) return listWhen(when);
  const row = leafRow(when);
  return row === null ? null : { match: 'all', bare: true, rows: [row] };
}

function label(rule: unknown, index: number): string {
  const name = isRec(rule) && typeof rule.name === 'string' && rule.name.trim() !== '' ? ` "${rule.name.trim()}"` : '';
  return `Rule ${index + 1}${name}`;
}

function ruleDraft(rule: unknown, index: number): RuleDraft | string {
  if (!isRec(rule)) return `${label(rule, index)} is not an object with name, on, when and then.`;
  const when = parseWhen(rule.when);
  if (when === null) return `${label(rule, index)} nests conditions more deeply than the editor shows (all/any of single conditions, each possibly negated).`;
  if (!isRec(rule.then)) return `${label(rule, index)} has no actions object ("then").`;
  return {
    key: newKey(),
    name: textField(rule.name),
    description: textField(rule.description),
    on: textField(rule.on),
    match: when.match,
    bare: when.bare,
    conditions: when.rows,
    actions: Object.entries(rule.then).map(([action, value]) => ({ key: newKey(), action, value: textOf(value) })),
    stop: rule.stop === true,
    enabled: rule.enabled !== false,
  };
}

/** JSON with sorted keys, where forms that mean the same are written the same. */
/** A change's `from`/`to` holding a one-item list means the same as that item. */
function unwrapSide(value: unknown, key: string): unknown {
  return (key === 'from' || key === 'to') && Array.isArray(value) && value.length === 1 ? value[0] : value;
}

export function canonical(value: unknown, key: string): string {
  const v = unwrapSide(value, key);
  if (Array.isArray(v)) return `[${v.map((item) => canonical(item, '')).join(',')}]`;
  if (!isRec(v)) return JSON.stringify(v) ?? 'undefined';
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k], k)}`).join(',')}}`;
}

/** A rule without the keys that only restate a default. */
function withoutDefaults(rule: unknown): unknown {
  if (!isRec(rule)) return rule;
  const out: Rec = { ...rule };
  if (out.stop === false) delete out.stop;
  if (out.enabled === true) delete out.enabled;
  if (out.description === '') delete out.description;
  return out;
}

function whyDifferent(rule: Rec, index: number): string {
  const unknownKey = Object.keys(rule).find((k) => !(RULE_KEYS as readonly string[]).includes(k));
  if (unknownKey !== undefined) return `${label(rule, index)} has the unknown key \`${unknownKey}\`.`;
  const unknownAction = Object.keys(rule.then as Rec).find((k) => !(ACTION_KEYS as readonly string[]).includes(k));
  if (unknownAction !== undefined) return `${label(rule, index)} uses the unknown action \`${unknownAction}\`.`;
  return `${label(rule, index)} holds a value the editor would change (for example a number written as text, a value with a comma in a list, or a value where none belongs).`;
}

function firstDifference(doc: Rec, draft: RulesDraft): string | null {
  const rules = doc.rules as unknown[];
  for (let i = 0; i < rules.length; i++) {
    const rebuilt = ruleDoc(draft.rules[i] as RuleDraft);
    if (canonical(withoutDefaults(rules[i]), '') !== canonical(rebuilt, '')) return whyDifferent(rules[i] as Rec, i);
  }
  const top = (d: Rec): string => canonical({ ...d, rules: [] }, '');
  return top(doc) === top(toDocument(draft)) ? null : 'The document has a version or top-level keys the editor does not know (format v1 is {"version": 1, "rules": […]}).';
}

export function fromDocument(doc: unknown): FromDocument {
  if (!isRec(doc) || !Array.isArray(doc.rules)) return { ok: false, reason: `The rules are not in format v1 ({"version": 1, "rules": […]}). ${JSON_ONLY}` };
  const rules: RuleDraft[] = [];
  for (let i = 0; i < doc.rules.length; i++) {
    const draft = ruleDraft(doc.rules[i], i);
    if (typeof draft === 'string') return { ok: false, reason: `${draft} ${JSON_ONLY}` };
    rules.push(draft);
  }
  const draft: RulesDraft = { schema: typeof doc.$schema === 'string' ? doc.$schema : null, rules };
  const difference = firstDifference(doc, draft);
  return difference === null ? { ok: true, draft } : { ok: false, reason: `${difference} ${JSON_ONLY}` };
}
