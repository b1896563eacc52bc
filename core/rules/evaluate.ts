/**
 * Evaluates a checked rule set against one ticket, with no I/O. Rules run in order; disabled ones
 * are skipped; a matching rule with `stop: true` ends the run. For a scalar field the first matching
 * rule wins and later different values are reported as conflicts; tags and notify lists are unioned
 * (for one tag, the first rule to add or remove it wins). Text comparisons use folded text, so case
 * and accents never matter. The evaluator is defensive: an unchecked or malformed rule set makes
 * conditions false, never an exception.
 */
import type { TicketChanges, TicketFacts } from '../ticket.ts';
import { MAX_MATCH_TEXT, foldText, truncate } from '../text.ts';
import { isRecord } from '../read.ts';
import { resolveField, type FieldRef } from './fields.ts';
import { compileSafeRegex, execFolded } from './regex.ts';
import { SCALAR_ACTIONS, isAll, isAny, isNot, type Actions, type Condition, type Leaf, type Rule, type RuleSet, type ScalarAction } from './types.ts';

export interface ConditionTrace {
  field: string;
  op: string;
  /** The rule's value (or `from → to`), as short text. */
  expected: string;
  /** The ticket's value, at most 120 characters. */
  actual: string;
  matched: boolean;
  /** True inside a `not`: the rule needed this leaf to be false. */
  negated: boolean;
}

export interface EvaluationContext {
  event: 'create' | 'update';
  changes?: TicketChanges;
}

export type PlannedChanges = Partial<Record<ScalarAction, number | string>>;

export interface Conflict {
  field: string;
  keptFrom: string;
  ignoredFrom: string;
  kept: string | number;
  ignored: string | number;
}

export interface Evaluation {
  matched: Array<{ rule: string; index: number; reasons: ConditionTrace[]; matchedValues: string[] }>;
  changes: PlannedChanges;
  /** Field (`priority`, …, or `tag:<name>`) → name of the rule that decided it. */
  provenance: Record<string, string>;
  tagsAdd: string[];
  tagsRemove: string[];
  notes: Array<{ rule: string; template: string; matchedValues: string[] }>;
  notifyEmails: string[];
  conflicts: Conflict[];
}

export const EvaluateLimits = {
  TRACE_TEXT: 120,
  MATCHED_VALUES: 20,
  /** Deeper conditions (only possible in unchecked rule sets) count as false. */
  MAX_DEPTH: 32,
} as const;

// ---------------------------------------------------------------------------------------------
// The ticket's side of a comparison

/** A ticket value ready to compare: folded text, a number, or a folded tag list. */
interface Actual {
  text: string | null;
  num: number | null;
  list: string[] | null;
  shown: string;
}

type Raw = string | number | boolean | null | string[];

interface Env {
  facts: TicketFacts;
  ctx: EvaluationContext;
  cache: Map<string, Actual>;
  traces: ConditionTrace[];
}

const TEXT_GETTERS: Readonly<Record<string, (f: TicketFacts) => string | null>> = {
  subject: (f) => f.subject,
  description_text: (f) => f.descriptionText,
  'requester.email': (f) => f.requester.email,
  'requester.name': (f) => f.requester.name,
  type: (f) => f.type,
  category: (f) => f.category,
  sub_category: (f) => f.subCategory,
};

const NUMBER_GETTERS: Readonly<Record<string, (f: TicketFacts) => number | null>> = {
  source: (f) => f.source,
  priority: (f) => f.priority,
  urgency: (f) => f.urgency,
  impact: (f) => f.impact,
  status: (f) => f.status,
  group_id: (f) => f.groupId,
  department_id: (f) => f.departmentId,
  responder_id: (f) => f.responderId,
};

function customValue(facts: TicketFacts, name: string): Raw {
  return Object.prototype.hasOwnProperty.call(facts.customFields, name) ? (facts.customFields[name] ?? null) : null;
}

function rawValue(facts: TicketFacts, ref: FieldRef): Raw {
  if (ref.kind === 'tags') return facts.tags;
  if (ref.kind === 'custom') return customValue(facts, ref.name);
  const getter = TEXT_GETTERS[ref.name] ?? NUMBER_GETTERS[ref.name];
  return getter === undefined ? null : getter(facts);
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return typeof value === 'string' && NUMERIC_TEXT.test(value.trim()) ? Number(value) : null;
}

function toActual(raw: Raw): Actual {
  if (Array.isArray(raw)) return { text: null, num: null, list: raw.map(foldText), shown: raw.join(', ') };
  if (typeof raw === 'number') return { text: String(raw), num: Number.isFinite(raw) ? raw : null, list: null, shown: String(raw) };
  const text = raw === null ? '' : String(raw);
  const capped = text.length > MAX_MATCH_TEXT ? text.slice(0, MAX_MATCH_TEXT) : text;
  return { text: foldText(capped), num: numberOf(text), list: null, shown: text };
}

function actualOf(env: Env, field: string, ref: FieldRef): Actual {
  let actual = env.cache.get(field);
  if (actual === undefined) {
    actual = toActual(rawValue(env.facts, ref));
    env.cache.set(field, actual);
  }
  return actual;
}

// ---------------------------------------------------------------------------------------------
// The rule's side, prepared once per leaf object

interface Needle {
  original: string;
  text: string;
  num: number | null;
}

interface Prepared {
  needles: Needle[];
  re: RegExp | null;
}

const prepared = new WeakMap<object, Prepared>();

function needleOf(value: unknown): Needle {
  const original = String(value);
  return { original, text: foldText(original), num: numberOf(value) };
}

function prepare(leaf: Leaf): Prepared {
  let p = prepared.get(leaf);
  if (p === undefined) {
    const values: unknown[] = Array.isArray(leaf.value) ? leaf.value : leaf.value === undefined ? [] : [leaf.value];
    const re = leaf.op === 'matches' && typeof leaf.value === 'string' ? compileSafeRegex(leaf.value) : null;
    p = { needles: values.map(needleOf), re };
    prepared.set(leaf, p);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Operators

/** A leaf's outcome: whether it holds and, for search operators, what it found. */
interface Outcome {
  ok: boolean;
  found: string[];
}

const yes = (found: string[] = []): Outcome => ({ ok: true, found });
const NO: Outcome = { ok: false, found: [] };
const bool = (ok: boolean): Outcome => (ok ? yes() : NO);

function sameValue(n: Needle, a: Actual): boolean {
  if (n.num !== null && a.num !== null) return n.num === a.num;
  return a.text !== null && a.text === n.text;
}

function contains(n: Needle, a: Actual): boolean {
  if (a.list !== null) return a.list.includes(n.text);
  return a.text !== null && n.text !== '' && a.text.includes(n.text);
}

function containsAny(p: Prepared, a: Actual): Outcome {
  const found = p.needles.filter((n) => contains(n, a)).map((n) => n.original);
  return found.length > 0 ? yes(found) : NO;
}

function containsAll(p: Prepared, a: Actual): Outcome {
  const ok = p.needles.length > 0 && p.needles.every((n) => contains(n, a));
  return ok ? yes(p.needles.map((n) => n.original)) : NO;
}

function isEmpty(a: Actual): boolean {
  return a.list === null ? a.text === '' : a.list.length === 0;
}

function compare(p: Prepared, a: Actual, sign: 1 | -1): boolean {
  const limit = p.needles[0]?.num ?? null;
  return limit !== null && a.num !== null && (a.num - limit) * sign > 0;
}

function edge(p: Prepared, a: Actual, test: (text: string, needle: string) => boolean): boolean {
  const needle = p.needles[0]?.text;
  return needle !== undefined && a.text !== null && test(a.text, needle);
}

function matches(p: Prepared, a: Actual): Outcome {
  const hit = p.re === null || a.text === null ? null : execFolded(p.re, a.text);
  return hit === null ? NO : yes([truncate(hit, EvaluateLimits.TRACE_TEXT)]);
}

const OPERATORS: Readonly<Record<string, (p: Prepared, a: Actual) => Outcome>> = {
  equals: (p, a) => bool(p.needles.some((n) => sameValue(n, a))),
  in: (p, a) => bool(p.needles.some((n) => sameValue(n, a))),
  not_equals: (p, a) => bool(!p.needles.some((n) => sameValue(n, a))),
  contains_any: containsAny,
  contains_all: containsAll,
  starts_with: (p, a) => bool(edge(p, a, (t, n) => t.startsWith(n))),
  ends_with: (p, a) => bool(edge(p, a, (t, n) => t.endsWith(n))),
  matches,
  gt: (p, a) => bool(compare(p, a, 1)),
  lt: (p, a) => bool(compare(p, a, -1)),
  is_empty: (_p, a) => bool(isEmpty(a)),
};

// ---------------------------------------------------------------------------------------------
// `changes.<field>` leaves

type Side = string | number | null;

function sideMatches(expected: unknown, actual: Side): boolean {
  const options: unknown[] = Array.isArray(expected) ? expected : [expected];
  return options.some((o) => (o === null || actual === null ? o === actual : foldText(String(o)) === foldText(String(actual))));
}

const sideOk = (expected: unknown, actual: Side): boolean => expected === undefined || sideMatches(expected, actual);

function direction(from: Side, to: Side): number {
  return typeof from === 'number' && typeof to === 'number' ? Math.sign(to - from) : 0;
}

const CHANGE_TESTS: Readonly<Record<string, (from: Side, to: Side) => boolean>> = {
  changed: () => true,
  increased: (from, to) => direction(from, to) > 0,
  decreased: (from, to) => direction(from, to) < 0,
};

function changeHolds(leaf: Leaf, pair: [Side, Side]): boolean {
  const [from, to] = pair;
  const test = Object.prototype.hasOwnProperty.call(CHANGE_TESTS, leaf.op) ? CHANGE_TESTS[leaf.op] : undefined;
  return test !== undefined && sideOk(leaf.from, from) && sideOk(leaf.to, to) && test(from, to);
}

const showSide = (v: Side): string => (v === null ? 'none' : String(v));

function evalChange(env: Env, leaf: Leaf, name: string, negated: boolean): boolean {
  const pair = (env.ctx.changes as Record<string, [Side, Side] | undefined> | undefined)?.[name];
  const ok = Array.isArray(pair) && changeHolds(leaf, pair);
  const expected = `${leaf.op}${leaf.from === undefined ? '' : ` from ${JSON.stringify(leaf.from)}`}${leaf.to === undefined ? '' : ` to ${JSON.stringify(leaf.to)}`}`;
  const actual = Array.isArray(pair) ? `${showSide(pair[0])} → ${showSide(pair[1])}` : 'unchanged';
  env.traces.push({ field: leaf.field, op: leaf.op, expected: truncate(expected, EvaluateLimits.TRACE_TEXT), actual, matched: ok, negated });
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Conditions

function evalLeaf(env: Env, leaf: Leaf, negated: boolean): Outcome {
  const ref = typeof leaf.field === 'string' ? resolveField(leaf.field) : null;
  if (ref === null) return NO;
  if (ref.kind === 'change') return bool(evalChange(env, leaf, ref.name, negated));
  const operator = OPERATORS[leaf.op];
  if (operator === undefined || !Object.prototype.hasOwnProperty.call(OPERATORS, leaf.op)) return NO;
  const actual = actualOf(env, leaf.field, ref);
  const outcome = operator(prepare(leaf), actual);
  env.traces.push({
    field: leaf.field,
    op: leaf.op,
    expected: truncate(JSON.stringify(leaf.value) ?? '', EvaluateLimits.TRACE_TEXT),
    actual: truncate(actual.shown, EvaluateLimits.TRACE_TEXT),
    matched: outcome.ok,
    negated,
  });
  return outcome;
}

function evalAll(env: Env, list: unknown, negated: boolean, depth: number): Outcome {
  if (!Array.isArray(list) || list.length === 0) return NO;
  const found: string[] = [];
  for (const c of list) {
    const r = evalCondition(env, c, negated, depth + 1);
    if (!r.ok) return NO;
    found.push(...r.found);
  }
  return yes(found);
}

function evalAny(env: Env, list: unknown, negated: boolean, depth: number): Outcome {
  if (!Array.isArray(list)) return NO;
  for (const c of list) {
    const r = evalCondition(env, c, negated, depth + 1);
    if (r.ok) return r;
  }
  return NO;
}

function evalCondition(env: Env, c: unknown, negated: boolean, depth: number): Outcome {
  if (!isRecord(c) || depth > EvaluateLimits.MAX_DEPTH) return NO;
  const cond = c as unknown as Condition;
  if (isAll(cond)) return evalAll(env, cond.all, negated, depth);
  if (isAny(cond)) return evalAny(env, cond.any, negated, depth);
  if (isNot(cond)) return bool(!evalCondition(env, cond.not, !negated, depth + 1).ok);
  return evalLeaf(env, cond, negated);
}

// ---------------------------------------------------------------------------------------------
// Merging the actions of matched rules

function emptyEvaluation(): Evaluation {
  return { matched: [], changes: {}, provenance: {}, tagsAdd: [], tagsRemove: [], notes: [], notifyEmails: [], conflicts: [] };
}

function mergeScalar(ev: Evaluation, field: ScalarAction, value: unknown, rule: string): void {
  if (typeof value !== 'number' && typeof value !== 'string') return;
  const kept = ev.changes[field];
  if (kept === undefined) {
    ev.changes[field] = value;
    ev.provenance[field] = rule;
  } else if (kept !== value) {
    ev.conflicts.push({ field, keptFrom: ev.provenance[field] as string, ignoredFrom: rule, kept, ignored: value });
  }
}

const verb = (add: boolean): string => (add ? 'add' : 'remove');

function mergeTag(ev: Evaluation, tag: unknown, add: boolean, rule: string): void {
  if (typeof tag !== 'string' || tag.trim() === '') return;
  const key = `tag:${foldText(tag)}`;
  const decided = ev.provenance[key];
  if (decided === undefined) {
    ev.provenance[key] = rule;
    (add ? ev.tagsAdd : ev.tagsRemove).push(tag.trim());
    return;
  }
  const wasAdded = ev.tagsAdd.some((t) => foldText(t) === foldText(tag));
  if (wasAdded !== add) ev.conflicts.push({ field: key, keptFrom: decided, ignoredFrom: rule, kept: verb(wasAdded), ignored: verb(add) });
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function mergeEmails(ev: Evaluation, emails: unknown): void {
  for (const e of listOf(emails)) {
    const email = typeof e === 'string' ? e.trim().toLowerCase() : '';
    if (email !== '' && !ev.notifyEmails.includes(email)) ev.notifyEmails.push(email);
  }
}

function mergeActions(ev: Evaluation, then: Actions, rule: string, found: string[]): void {
  for (const field of SCALAR_ACTIONS) mergeScalar(ev, field, then[field], rule);
  for (const tag of listOf(then.tags_add)) mergeTag(ev, tag, true, rule);
  for (const tag of listOf(then.tags_remove)) mergeTag(ev, tag, false, rule);
  if (typeof then.note === 'string' && then.note !== '') ev.notes.push({ rule, template: then.note, matchedValues: found });
  mergeEmails(ev, then.notify_emails);
}

function uniqueValues(found: string[]): string[] {
  return [...new Set(found)].slice(0, EvaluateLimits.MATCHED_VALUES);
}

function applies(rule: unknown, event: EvaluationContext['event']): rule is Rule {
  if (!isRecord(rule) || rule.enabled === false) return false;
  return rule.on === 'both' || rule.on === event;
}

function evalRule(ev: Evaluation, rule: Rule, index: number, env: Env): boolean {
  env.traces = [];
  const outcome = evalCondition(env, rule.when, false, 1);
  if (!outcome.ok) return false;
  const name = typeof rule.name === 'string' ? rule.name : `rule ${index + 1}`;
  const found = uniqueValues(outcome.found);
  ev.matched.push({ rule: name, index, reasons: env.traces, matchedValues: found });
  mergeActions(ev, isRecord(rule.then) ? rule.then : {}, name, found);
  return rule.stop === true;
}

/**
 * Runs the rules that apply to `ctx.event` against `facts`.
 * @example evaluateRules(rules, facts, { event: 'update', changes: normalizeChanges(data.changes) })
 */
export function evaluateRules(ruleSet: RuleSet, facts: TicketFacts, ctx: EvaluationContext): Evaluation {
  const ev = emptyEvaluation();
  const env: Env = { facts, ctx, cache: new Map(), traces: [] };
  const rules: unknown[] = isRecord(ruleSet) ? listOf(ruleSet.rules) : [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    if (applies(rule, ctx.event) && evalRule(ev, rule, index, env)) break;
  }
  return ev;
}
