/**
 * Where a rule error (core's JSON pointer, e.g. `/rules/1/when/all/0/value`) belongs in the editor:
 * which rule, which part of it, which condition row or action, and which input of the row.
 */
import { fromPointer, type RuleError } from '../../../core/rules/report';
import type { RuleDraft } from './model';

export type Area = 'top' | 'rule' | 'name' | 'on' | 'conditions' | 'condition' | 'actions' | 'action';

export interface Location {
  area: Area;
  /** Index of the rule, when the error is inside one. */
  rule: number | null;
  /** Index of the condition row (area `condition`). */
  row: number | null;
  /** The action key (area `action`). */
  action: string | null;
  /** The input of the row: field, op, value, from, to (or null for the whole row). */
  part: string | null;
}

const ROW_PARTS = new Set(['field', 'op', 'value', 'from', 'to']);

function at(area: Area, rule: number | null, extra: Partial<Location> = {}): Location {
  return { area, rule, row: null, action: null, part: null, ...extra };
}

/** `[not] <part>` after a leaf: the input it names, if any. */
function partOf(rest: ReadonlyArray<string | number>): string | null {
  const tail = rest[0] === 'not' ? rest.slice(1) : rest;
  const part = tail[0];
  return typeof part === 'string' && ROW_PARTS.has(part) ? part : null;
}

function inWhen(rule: number, segs: ReadonlyArray<string | number>): Location {
  const [first, second] = segs;
  if (first === 'all' || first === 'any') {
    return typeof second === 'number' ? at('condition', rule, { row: second, part: partOf(segs.slice(2)) }) : at('conditions', rule);
  }
  // A single condition (`when: {field, …}` or `when: {not: {…}}`) is row 0.
  const part = partOf(segs);
  return part === null ? at('conditions', rule) : at('condition', rule, { row: 0, part });
}

function inRule(rule: number, segs: ReadonlyArray<string | number>): Location {
  const [key, ...rest] = segs;
  if (key === 'name' || key === 'on') return at(key, rule);
  if (key === 'when') return inWhen(rule, rest);
  if (key === 'then') return typeof rest[0] === 'string' ? at('action', rule, { action: rest[0] }) : at('actions', rule);
  return at('rule', rule);
}

export function locate(error: RuleError): Location {
  const segs = fromPointer(error.path);
  if (segs[0] === 'rules' && typeof segs[1] === 'number') return inRule(segs[1], segs.slice(2));
  return at('top', null);
}

/** The errors of one rule, by where they go. */
export interface RuleErrors {
  /** Errors about the rule as a whole, its name or its events. */
  rule: string[];
  name: string | null;
  on: string | null;
  conditions: string[];
  /** Row key → messages and the inputs to mark. */
  rows: Map<number, { messages: string[]; parts: Set<string> }>;
  actions: string[];
  /** Action row key → messages. */
  actionRows: Map<number, string[]>;
}

export function emptyRuleErrors(): RuleErrors {
  return { rule: [], name: null, on: null, conditions: [], rows: new Map(), actions: [], actionRows: new Map() };
}

function addRow(errors: RuleErrors, rowKey: number, message: string, part: string | null): void {
  const entry = errors.rows.get(rowKey) ?? { messages: [], parts: new Set<string>() };
  entry.messages.push(message);
  if (part !== null) entry.parts.add(part);
  errors.rows.set(rowKey, entry);
}

function addAction(errors: RuleErrors, rule: RuleDraft, action: string, message: string): void {
  const row = rule.actions.find((a) => a.action === action);
  if (row === undefined) {
    errors.actions.push(message);
    return;
  }
  errors.actionRows.set(row.key, [...(errors.actionRows.get(row.key) ?? []), message]);
}

type Placer = (errors: RuleErrors, rule: RuleDraft, where: Location, message: string) => void;

function placeCondition(errors: RuleErrors, rule: RuleDraft, where: Location, message: string): void {
  const row = where.row === null ? undefined : rule.conditions[where.row];
  if (row === undefined) errors.conditions.push(message);
  else addRow(errors, row.key, message, where.part);
}

const toRule: Placer = (e, _r, _w, m) => {
  e.rule.push(m);
};

const PLACERS: Readonly<Record<Area, Placer>> = {
  top: toRule,
  rule: toRule,
  name: (e, _r, _w, m) => {
    if (e.name === null) e.name = m;
  },
  on: (e, _r, _w, m) => {
    if (e.on === null) e.on = m;
  },
  conditions: (e, _r, _w, m) => {
    e.conditions.push(m);
  },
  condition: placeCondition,
  actions: (e, _r, _w, m) => {
    e.actions.push(m);
  },
  action: (e, r, w, m) => addAction(e, r, w.action ?? '', m),
};

/** Core's message, or plainer words for the two gaps the editor makes easy: no conditions, no actions. */
function wording(rule: RuleDraft, index: number, where: Location, message: string): string {
  const label = `Rule ${index + 1}${rule.name.trim() === '' ? '' : ` "${rule.name.trim()}"`}`;
  if (where.area === 'conditions' && rule.conditions.length === 0) return `${label} has no conditions, so it would never match: add at least one.`;
  if (where.area === 'actions' && rule.actions.length === 0) return `${label} has no actions: add at least one, e.g. "Set priority".`;
  return message;
}

/** Sorts errors onto the rules of the draft; errors outside any rule are returned as `top`. */
export function groupErrors(rules: readonly RuleDraft[], errors: readonly RuleError[]): { top: string[]; byRule: Map<number, RuleErrors> } {
  const top: string[] = [];
  const byRule = new Map<number, RuleErrors>();
  for (const error of errors) {
    const where = locate(error);
    const rule = where.rule === null ? undefined : rules[where.rule];
    if (rule === undefined) {
      top.push(error.message);
      continue;
    }
    const entry = byRule.get(rule.key) ?? emptyRuleErrors();
    PLACERS[where.area](entry, rule, where, wording(rule, where.rule ?? 0, where, error.message));
    byRule.set(rule.key, entry);
  }
  return { top, byRule };
}
