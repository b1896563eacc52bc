/**
 * Checks a rules document before it is saved (install page) and before it is used (server).
 * Two passes: ajv's errors for `RULES_SCHEMA` (run by the caller, translated here) and a semantic
 * walk that does not rely on them — it re-checks the shape, then what a schema cannot say: known
 * fields, operator/field/value compatibility, safe regular expressions, valid action values, note
 * templates that compile, unique names and limits. The walk alone is complete, so callers without
 * ajv (the shipped install page) still reject every bad document.
 */
import { describeValue } from '../text.ts';
import { get, isRecord, type Rec } from '../read.ts';
import { checkTemplate, type TemplateEngine } from '../templates.ts';
import { CHANGE_FIELD_NAMES, CHANGE_OPS, FIELDS, FIELD_OPS, OPS_BY_KIND, resolveField, type FieldRef } from './fields.ts';
import { ACTION_CHECKS, checkChangeSide, checkLeafValue, type Problem } from './check-values.ts';
import { CONDITION_KEYS, RULE_KEYS, TOP_KEYS, translateSchemaErrors, type SchemaError } from './check-schema.ts';
import { MAX_ERRORS, didYouMean, ruleError, type RuleError, type Seg } from './report.ts';
import { findJsonProblem, jsonDepth } from '../json-text.ts';
import type { ChangeOp, FieldOp, RuleSet } from './types.ts';

export type { RuleError } from './report.ts';
export type { SchemaError } from './check-schema.ts';
/** Alias of {@link SchemaError} (the structural subset of ajv's `ErrorObject` that is read). */
export type SchemaErrorLike = SchemaError;

export const RuleLimits = {
  MAX_RULES: 200,
  /** `when` is level 1; each `all`/`any`/`not` adds one. */
  MAX_DEPTH: 6,
  MAX_CHILDREN: 50,
  /** UTF-8 bytes of the document as JSON. */
  MAX_JSON_BYTES: 64 * 1024,
  NAME: 100,
  DESCRIPTION: 500,
} as const;

export interface CheckOptions {
  /** ajv's `errors` for `RULES_SCHEMA` (empty or omitted when the caller has no ajv). */
  schemaErrors?: readonly SchemaError[];
  /** When given, note templates must compile. */
  templates?: TemplateEngine;
}

export type CheckResult = { ok: true; rules: RuleSet } | { ok: false; errors: RuleError[] };

interface Walk {
  doc: unknown;
  errors: RuleError[];
  templates: TemplateEngine | undefined;
  /** `on` of the rule being walked. */
  on: unknown;
}

function report(w: Walk, segs: readonly Seg[], message: string, short: string): void {
  if (w.errors.length < MAX_ERRORS) w.errors.push(ruleError(w.doc, segs, message, short));
}

function reportProblem(w: Walk, segs: readonly Seg[], p: Problem | null): void {
  if (p !== null) report(w, segs, p.message, p.short);
}

function checkKeys(w: Walk, obj: Rec, segs: readonly Seg[], allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) report(w, [...segs, key], `unknown key \`${key}\`${didYouMean(key, allowed)}`, `unknown key \`${key}\``);
  }
}

/** UTF-8 length without TextEncoder (not every FDK sandbox has it). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (pair) i++;
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Conditions

function checkChangeOp(w: Walk, op: unknown, segs: readonly Seg[], ref: FieldRef & { kind: 'change' }): void {
  if (!CHANGE_OPS.includes(op as ChangeOp)) report(w, [...segs, 'op'], `\`changes.${ref.name}\` takes the operator "changed", "increased" or "decreased" (with optional \`from\`/\`to\`); got ${describeValue(op)}`, 'bad operator for changes.*');
  else if (op !== 'changed' && ref.valueKind === 'text') report(w, [...segs, 'op'], `\`${String(op)}\` compares numbers; \`changes.${ref.name}\` is text, use "changed"`, 'increased/decreased need numbers');
}

function checkChangeLeaf(w: Walk, leaf: Rec, segs: readonly Seg[], ref: FieldRef & { kind: 'change' }): void {
  if (w.on === 'create') report(w, [...segs, 'field'], `\`${ref.name}\` changes only exist in update events; set the rule's \`on\` to "update" or "both"`, 'changes.* needs on: update');
  checkChangeOp(w, get(leaf, 'op'), segs, ref);
  if (get(leaf, 'value') !== undefined) report(w, [...segs, 'value'], 'a `changes.*` condition has no `value`; use `from` and `to`', 'use from/to, not value');
  for (const side of ['from', 'to'] as const) {
    const value = get(leaf, side);
    if (value !== undefined) reportProblem(w, [...segs, side], checkChangeSide(side, ref.valueKind, value));
  }
}

function checkFieldLeaf(w: Walk, leaf: Rec, segs: readonly Seg[], ref: FieldRef & { kind: 'text' | 'number' | 'tags' | 'custom' }): void {
  const op = get(leaf, 'op');
  const allowed = OPS_BY_KIND[ref.kind];
  for (const side of ['from', 'to']) {
    if (get(leaf, side) !== undefined) report(w, [...segs, side], `\`${side}\` only applies to \`changes.<field>\` conditions`, `unexpected \`${side}\``);
  }
  if (!FIELD_OPS.includes(op as FieldOp)) {
    report(w, [...segs, 'op'], `unknown operator ${describeValue(op)}${didYouMean(String(op), FIELD_OPS)}; use one of ${allowed.join(', ')}`, 'unknown operator');
    return;
  }
  if (!allowed.includes(op as FieldOp)) {
    report(w, [...segs, 'op'], `\`${String(op)}\` does not apply to ${String(get(leaf, 'field'))} (${ref.kind}); use one of ${allowed.join(', ')}`, `\`${String(op)}\` not for this field`);
    return;
  }
  reportProblem(w, [...segs, 'value'], checkLeafValue(ref.kind, op as FieldOp, get(leaf, 'value')));
}

const FIELD_HINT = `${Object.keys(FIELDS).join(', ')}, custom_fields.<name> or changes.<${CHANGE_FIELD_NAMES.join('|')}>`;

function checkLeaf(w: Walk, leaf: Rec, segs: readonly Seg[]): void {
  checkKeys(w, leaf, segs, CONDITION_KEYS);
  const field = get(leaf, 'field');
  const ref = typeof field === 'string' ? resolveField(field) : null;
  if (ref === null) {
    const hint = typeof field === 'string' ? didYouMean(field, Object.keys(FIELDS)) : '';
    report(w, [...segs, 'field'], `unknown field ${field === undefined ? '(missing)' : describeValue(field)}${hint}; use ${FIELD_HINT}`, 'unknown field');
    return;
  }
  if (ref.kind === 'change') checkChangeLeaf(w, leaf, segs, ref);
  else checkFieldLeaf(w, leaf, segs, ref);
}

const COMBINATORS = ['all', 'any', 'not'] as const;

function checkList(w: Walk, list: unknown, segs: readonly Seg[], depth: number): void {
  if (!Array.isArray(list) || list.length === 0 || list.length > RuleLimits.MAX_CHILDREN) {
    report(w, segs, `must be a list of 1–${RuleLimits.MAX_CHILDREN} conditions; got ${describeValue(list)}`, 'needs a list of conditions');
    return;
  }
  list.forEach((c, i) => checkCondition(w, c, [...segs, i], depth + 1));
}

function checkCombinator(w: Walk, cond: Rec, segs: readonly Seg[], depth: number, key: (typeof COMBINATORS)[number]): void {
  const extra = Object.keys(cond).filter((k) => k !== key);
  if (extra.length > 0) report(w, [...segs, extra[0] as string], `a condition with \`${key}\` takes no other keys (found \`${extra.join('`, `')}\`); nest them inside \`${key}\``, `unexpected key next to \`${key}\``);
  if (key === 'not') checkCondition(w, get(cond, 'not'), [...segs, 'not'], depth + 1);
  else checkList(w, get(cond, key), [...segs, key], depth);
}

function checkCondition(w: Walk, cond: unknown, segs: readonly Seg[], depth: number): void {
  if (!isRecord(cond)) {
    report(w, segs, `must be a condition: {"all": […]}, {"any": […]}, {"not": {…}} or {"field": …, "op": …, "value": …}; got ${describeValue(cond)}`, 'not a condition');
    return;
  }
  if (depth > RuleLimits.MAX_DEPTH) {
    report(w, segs, `conditions are nested more than ${RuleLimits.MAX_DEPTH} levels deep; flatten them`, `nested deeper than ${RuleLimits.MAX_DEPTH} levels`);
    return;
  }
  const key = COMBINATORS.find((k) => get(cond, k) !== undefined);
  if (key === undefined) checkLeaf(w, cond, segs);
  else checkCombinator(w, cond, segs, depth, key);
}

// ---------------------------------------------------------------------------------------------
// Actions

function checkNoteTemplate(w: Walk, note: unknown, segs: readonly Seg[]): void {
  if (w.templates === undefined || typeof note !== 'string') return;
  const problem = checkTemplate(w.templates, note);
  if (problem === null) return;
  const where = problem.line === undefined ? '' : ` (line ${problem.line})`;
  report(w, segs, `the note template does not work${where}: ${problem.message}`, 'note template has an error');
}

function checkTagOverlap(w: Walk, then: Rec, segs: readonly Seg[]): void {
  const add = get(then, 'tags_add');
  const remove = get(then, 'tags_remove');
  if (!Array.isArray(add) || !Array.isArray(remove)) return;
  const lower = (list: unknown[]): string[] => list.map((t) => String(t).trim().toLowerCase());
  const removed = new Set(lower(remove));
  const both = lower(add).find((t) => removed.has(t));
  if (both !== undefined) report(w, [...segs, 'tags_remove'], `the tag "${both}" is both added and removed by this rule`, 'tag both added and removed');
}

function checkAction(w: Walk, key: string, value: unknown, segs: readonly Seg[]): void {
  const check = Object.prototype.hasOwnProperty.call(ACTION_CHECKS, key) ? ACTION_CHECKS[key] : undefined;
  if (check === undefined) report(w, segs, `unknown action \`${key}\`${didYouMean(key, Object.keys(ACTION_CHECKS))}`, `unknown action \`${key}\``);
  else reportProblem(w, segs, check(value));
}

function checkActions(w: Walk, then: unknown, segs: readonly Seg[]): void {
  if (!isRecord(then) || Object.keys(then).length === 0) {
    report(w, segs, `must be an object with at least one action, e.g. {"priority": 3}; got ${describeValue(then)}`, 'no actions');
    return;
  }
  for (const [key, value] of Object.entries(then)) checkAction(w, key, value, [...segs, key]);
  checkNoteTemplate(w, get(then, 'note'), [...segs, 'note']);
  checkTagOverlap(w, then, segs);
  if (get(then, 'notify_emails') !== undefined && get(then, 'note') === undefined) report(w, [...segs, 'notify_emails'], 'notify_emails are sent with the rule\'s note; add a `note`', 'notify_emails needs a note');
}

// ---------------------------------------------------------------------------------------------
// Rules and the document

function checkName(w: Walk, name: unknown, segs: readonly Seg[]): void {
  const ok = typeof name === 'string' && name.trim() !== '' && name.length <= RuleLimits.NAME;
  if (!ok) report(w, segs, `\`name\` must be a non-empty text of at most ${RuleLimits.NAME} characters; got ${describeValue(name)}`, 'needs a name');
}

function checkFlags(w: Walk, rule: Rec, segs: readonly Seg[]): void {
  for (const key of ['stop', 'enabled']) {
    const value = get(rule, key);
    if (value !== undefined && typeof value !== 'boolean') report(w, [...segs, key], `\`${key}\` must be true or false; got ${describeValue(value)}`, `\`${key}\` must be true/false`);
  }
  const description = get(rule, 'description');
  if (description !== undefined && (typeof description !== 'string' || description.length > RuleLimits.DESCRIPTION)) {
    report(w, [...segs, 'description'], `\`description\` must be a text of at most ${RuleLimits.DESCRIPTION} characters`, 'description too long');
  }
}

function checkRule(w: Walk, rule: unknown, index: number): void {
  const segs: Seg[] = ['rules', index];
  if (!isRecord(rule)) {
    report(w, segs, `must be an object with name, on, when and then; got ${describeValue(rule)}`, 'not a rule object');
    return;
  }
  checkKeys(w, rule, segs, RULE_KEYS);
  checkName(w, get(rule, 'name'), [...segs, 'name']);
  w.on = get(rule, 'on');
  if (!['create', 'update', 'both'].includes(w.on as string)) report(w, [...segs, 'on'], `\`on\` must be "create", "update" or "both"; got ${w.on === undefined ? 'nothing' : describeValue(w.on)}`, '`on` must be create/update/both');
  checkFlags(w, rule, segs);
  checkCondition(w, get(rule, 'when'), [...segs, 'when'], 1);
  checkActions(w, get(rule, 'then'), [...segs, 'then']);
}

function checkUniqueNames(w: Walk, rules: unknown[]): void {
  const first = new Map<string, number>();
  rules.forEach((rule, i) => {
    const name = isRecord(rule) ? get(rule, 'name') : undefined;
    if (typeof name !== 'string' || name.trim() === '') return;
    const key = name.trim().toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else report(w, ['rules', i, 'name'], `rule ${earlier + 1} already has this name; names must be unique (they label notes and changes)`, 'duplicate rule name');
  });
}

function checkRulesList(w: Walk, rules: unknown): void {
  if (!Array.isArray(rules)) {
    report(w, ['rules'], `must be a list of rules; got ${rules === undefined ? 'nothing' : describeValue(rules)}`, '`rules` must be a list');
    return;
  }
  if (rules.length > RuleLimits.MAX_RULES) report(w, ['rules'], `has ${rules.length} rules; the limit is ${RuleLimits.MAX_RULES}`, `more than ${RuleLimits.MAX_RULES} rules`);
  rules.slice(0, RuleLimits.MAX_RULES).forEach((rule, i) => checkRule(w, rule, i));
  checkUniqueNames(w, rules);
}

/** UTF-8 size of the document as JSON; null when it cannot be written as JSON (cycles, BigInt). */
function jsonBytes(doc: Rec): number | null {
  try {
    return utf8Length(JSON.stringify(doc));
  } catch {
    return null;
  }
}

function checkDocument(w: Walk, doc: unknown): void {
  if (!isRecord(doc)) {
    report(w, [], `must be a JSON object like {"version": 1, "rules": […]}; got ${describeValue(doc)}`, 'must be {"version": 1, "rules": […]}');
    return;
  }
  const bytes = jsonBytes(doc);
  if (bytes === null) {
    report(w, [], 'cannot be written as JSON (it contains a cycle or a value JSON does not have)', 'rules are not plain JSON');
    return;
  }
  if (bytes > RuleLimits.MAX_JSON_BYTES) {
    report(w, [], `the rules take ${bytes} bytes; the limit is ${RuleLimits.MAX_JSON_BYTES}`, 'rules larger than 64 KB');
    return;
  }
  checkKeys(w, doc, [], TOP_KEYS);
  if (get(doc, 'version') !== 1) report(w, ['version'], `\`version\` must be 1; got ${describeValue(get(doc, 'version') ?? null)}`, '`version` must be 1');
  checkRulesList(w, get(doc, 'rules'));
}

/** Schema errors that add something: none of the semantic errors is at the same place or around it. */
function extraSchemaErrors(semantic: readonly RuleError[], schema: readonly RuleError[]): RuleError[] {
  const near = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  return schema.filter((s) => !semantic.some((e) => near(e.path, s.path)));
}

/**
 * Checks a parsed rules document. Pass ajv's errors for `RULES_SCHEMA` when you have them; the
 * semantic checks run regardless. On success `rules` is the same document, typed.
 */
export function checkRules(doc: unknown, opts: CheckOptions = {}): CheckResult {
  const w: Walk = { doc, errors: [], templates: opts.templates, on: undefined };
  checkDocument(w, doc);
  const schema = translateSchemaErrors(doc, opts.schemaErrors ?? []);
  const errors = [...w.errors, ...extraSchemaErrors(w.errors, schema)].slice(0, MAX_ERRORS);
  return errors.length === 0 ? { ok: true, rules: doc as RuleSet } : { ok: false, errors };
}

// ---------------------------------------------------------------------------------------------
// From text

export interface ParseOptions {
  /** Runs the schema (e.g. ajv's compiled `RULES_SCHEMA`) and returns its errors; optional. */
  validateSchema?: (doc: unknown) => readonly SchemaError[];
  templates?: TemplateEngine;
}

/** JSON nesting allowed in the text (rules need about 20); deeper texts are refused before parsing. */
export const MAX_JSON_NESTING = 40;

function textError(message: string, short: string): CheckResult {
  return { ok: false, errors: [{ path: '', message, short }] };
}

function parseFailure(text: string): CheckResult {
  const p = findJsonProblem(text);
  if (p === null) return textError('The rules are not valid JSON.', 'Rules: invalid JSON');
  return textError(`The rules are not valid JSON: at line ${p.line}, column ${p.column}, expected ${p.expected}.`, `Rules: invalid JSON at line ${p.line}, column ${p.column}`);
}

/**
 * Parses the rules text from the install page and checks it. Blank text means "no rules" and is
 * accepted as `{ version: 1, rules: [] }`. Size and nesting are checked before `JSON.parse`.
 */
/** Problems found before parsing: not text, too big, nested too deeply. */
function textProblem(text: unknown): CheckResult | null {
  if (typeof text !== 'string') return textError(`The rules must be text; got ${describeValue(text)}.`, 'Rules: not text');
  const bytes = utf8Length(text);
  if (bytes > RuleLimits.MAX_JSON_BYTES) return textError(`The rules take ${bytes} bytes; the limit is ${RuleLimits.MAX_JSON_BYTES}.`, 'Rules: larger than 64 KB');
  if (jsonDepth(text, MAX_JSON_NESTING) > MAX_JSON_NESTING) return textError(`The rules nest more than ${MAX_JSON_NESTING} levels of {} and [].`, 'Rules: nested too deeply');
  return null;
}

export function parseRulesText(text: unknown, opts: ParseOptions = {}): CheckResult {
  const problem = textProblem(text);
  if (problem !== null) return problem;
  if ((text as string).trim() === '') return { ok: true, rules: { version: 1, rules: [] } };
  let doc: unknown;
  try {
    doc = JSON.parse(text as string);
  } catch {
    return parseFailure(text as string);
  }
  const schemaErrors = opts.validateSchema === undefined ? [] : opts.validateSchema(doc);
  return checkRules(doc, opts.templates === undefined ? { schemaErrors } : { schemaErrors, templates: opts.templates });
}
