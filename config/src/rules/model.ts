/**
 * The rules editor's model: rules as the admin edits them (every value as typed text), and the
 * rules document (format v1, DESIGN.md §4) it stands for. `toDocument` is the only way from the
 * model to JSON; `from-document.ts` goes the other way and refuses documents the model cannot hold
 * exactly, so switching between the editor and the JSON view never changes a rule's meaning.
 *
 * Conditions are one level deep: all or any of a list of rows, each a field condition that may be
 * negated (`{"not": …}`). A rule whose `when` is a single condition (`bare`) keeps that form.
 */
import { resolveField } from '../../../core/rules/fields';
import { actionValue, changeSide, conditionValue } from './values';

export type MatchMode = 'all' | 'any';

export interface ConditionRow {
  /** Stable identity for the page (focus, re-rendering); not stored. */
  key: number;
  field: string;
  op: string;
  value: string;
  from: string;
  to: string;
  negate: boolean;
}

export interface ActionRow {
  key: number;
  action: string;
  value: string;
}

export interface RuleDraft {
  key: number;
  name: string;
  description: string;
  on: string;
  match: MatchMode;
  /** `when` was (and stays, while it has one row) a single condition rather than a list. */
  bare: boolean;
  conditions: ConditionRow[];
  actions: ActionRow[];
  stop: boolean;
  enabled: boolean;
}

export interface RulesDraft {
  /** `$schema` of the document, kept when present. */
  schema: string | null;
  rules: RuleDraft[];
}

let nextKey = 1;

/** A fresh identity for a rule or a row. */
export function newKey(): number {
  nextKey += 1;
  return nextKey;
}

export function newCondition(): ConditionRow {
  return { key: newKey(), field: 'subject', op: 'contains_any', value: '', from: '', to: '', negate: false };
}

export function newAction(action = 'priority'): ActionRow {
  return { key: newKey(), action, value: '' };
}

export function newRule(position: number): RuleDraft {
  return {
    key: newKey(),
    name: `Rule ${position}`,
    description: '',
    on: 'create',
    match: 'all',
    bare: false,
    conditions: [newCondition()],
    actions: [newAction()],
    stop: false,
    enabled: true,
  };
}

export function emptyDraft(): RulesDraft {
  return { schema: null, rules: [] };
}

function leafDoc(row: ConditionRow): Record<string, unknown> {
  const ref = resolveField(row.field);
  const leaf: Record<string, unknown> = { field: row.field, op: row.op };
  if (ref !== null && ref.kind === 'change') {
    const from = changeSide(row.field, row.from);
    const to = changeSide(row.field, row.to);
    if (from !== undefined) leaf.from = from;
    if (to !== undefined) leaf.to = to;
    return leaf;
  }
  const value = conditionValue(row.field, row.op, row.value);
  if (value !== undefined) leaf.value = value;
  return leaf;
}

function rowDoc(row: ConditionRow): Record<string, unknown> {
  return row.negate ? { not: leafDoc(row) } : leafDoc(row);
}

function whenDoc(rule: RuleDraft): Record<string, unknown> {
  const only = rule.conditions[0];
  if (rule.bare && rule.conditions.length === 1 && only !== undefined) return rowDoc(only);
  return { [rule.match]: rule.conditions.map(rowDoc) };
}

function thenDoc(actions: readonly ActionRow[]): Record<string, unknown> {
  const then: Record<string, unknown> = {};
  for (const row of actions) then[row.action] = actionValue(row.action, row.value);
  return then;
}

export function ruleDoc(rule: RuleDraft): Record<string, unknown> {
  const doc: Record<string, unknown> = { name: rule.name };
  if (rule.description !== '') doc.description = rule.description;
  Object.assign(doc, { on: rule.on, when: whenDoc(rule), then: thenDoc(rule.actions) });
  if (rule.stop) doc.stop = true;
  if (!rule.enabled) doc.enabled = false;
  return doc;
}

/** The rules document the model stands for. */
export function toDocument(draft: RulesDraft): Record<string, unknown> {
  const head = draft.schema === null ? {} : { $schema: draft.schema };
  return { ...head, version: 1, rules: draft.rules.map(ruleDoc) };
}

/** The document as stored in the `rules` iparam: compact JSON. */
export function toStoredText(draft: RulesDraft): string {
  return JSON.stringify(toDocument(draft));
}
