/**
 * The rule tester's answer, as DOM: whether the rule matches, each condition with the ticket's
 * value beside the rule's, and what would change (fields, tags, the note), all as text.
 */
import type { ConditionTrace } from '../../../core/rules/evaluate';
import { CHANGES_PREFIX, CUSTOM_PREFIX, FIELDS } from '../../../core/rules/fields';
import { levelName, priorityName, sourceName, statusName } from '../../../core/enums';
import { h, inlineMessage, srOnly, type Child } from '../dom';
import { CHANGE_LABELS, OP_LABELS } from '../rules/catalog';
import type { ConditionResult, RuleTest, TestOutcome } from './run';

const NAMED: Readonly<Record<string, (code: number | null) => string>> = {
  priority: priorityName,
  status: statusName,
  urgency: levelName,
  impact: levelName,
  source: sourceName,
};

export const FIELD_TITLES: Readonly<Record<string, string>> = {
  priority: 'Priority', urgency: 'Urgency', impact: 'Impact', status: 'Status', group_id: 'Group', responder_id: 'Agent',
  type: 'Type', category: 'Category', sub_category: 'Sub-category', tags: 'Tags',
};

const isNothing = (value: unknown): boolean => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

function coded(field: string, value: number): string {
  const named = NAMED[field];
  return named === undefined ? String(value) : `${value} (${named(value)})`;
}

/** A value as an admin reads it: `3 (High)` for coded fields, lists comma-separated, `(none)` for nothing. */
export function shownValue(field: string, value: unknown): string {
  if (isNothing(value)) return '(none)';
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'number' ? coded(field, value) : String(value);
}

export function fieldTitle(field: string): string {
  if (field.startsWith(CUSTOM_PREFIX)) return `Custom field ${field.slice(CUSTOM_PREFIX.length)}`;
  if (field.startsWith(CHANGES_PREFIX)) return `Change of ${CHANGE_LABELS[field.slice(CHANGES_PREFIX.length)] ?? field}`;
  const known = Object.prototype.hasOwnProperty.call(FIELDS, field) ? FIELDS[field] : undefined;
  return known === undefined ? field : known.label;
}

/** "Subject contains any of [...]"; a change's expected value already starts with its operator. */
function ruleSide(trace: ConditionTrace): string {
  if (trace.field.startsWith(CHANGES_PREFIX)) return `${fieldTitle(trace.field)} ${trace.expected}`;
  return `${fieldTitle(trace.field)} ${OP_LABELS[trace.op] ?? trace.op}${trace.op === 'is_empty' ? '' : ` ${trace.expected}`}`;
}

function traceText(trace: ConditionTrace): string {
  const rule = ruleSide(trace);
  const actual = trace.actual === '' ? 'nothing' : `"${trace.actual}"`;
  return `${rule} — the ticket has ${actual}`;
}

function conditionItem(result: ConditionResult, index: number): HTMLElement {
  const text = result.trace === null ? `Condition ${index + 1} (a nested condition)` : traceText(result.trace);
  const mark = result.holds ? '✓' : '✗';
  return h('li', { class: result.holds ? 'tr-trace__item tr-trace__item--yes' : 'tr-trace__item tr-trace__item--no', 'data-holds': String(result.holds) }, [
    h('span', { class: 'tr-trace__mark', 'aria-hidden': 'true' }, [mark]),
    srOnly(result.holds ? 'Holds: ' : 'Does not hold: '),
    result.negated ? h('strong', {}, ['not ']) : null,
    text,
  ]);
}

function diffTable(diff: TestOutcome['diff']): HTMLElement {
  if (diff.length === 0) return h('p', { class: 'tr-result__none', 'data-result': 'no-changes' }, ['No ticket field would change.']);
  const rows = diff.map((d) => h('tr', { 'data-field': d.field }, [h('th', { scope: 'row' }, [FIELD_TITLES[d.field] ?? d.field]), h('td', {}, [shownValue(d.field, d.from)]), h('td', {}, [shownValue(d.field, d.to)])]));
  return h('table', { class: 'tr-diff', 'data-result': 'changes' }, [
    h('caption', { class: 'visually-hidden' }, ['What would change']),
    h('thead', {}, [h('tr', {}, [h('th', { scope: 'col' }, ['Field']), h('th', { scope: 'col' }, ['Now']), h('th', { scope: 'col' }, ['After'])])]),
    h('tbody', {}, rows),
  ]);
}

function listBlock(title: string, items: readonly string[], name: string): Child {
  if (items.length === 0) return null;
  return h('div', { class: 'tr-result__block', 'data-result': name }, [h('h4', {}, [title]), h('ul', {}, items.map((t) => h('li', {}, [t])))]);
}

function notesBlock(notes: TestOutcome['notes']): Child {
  if (notes.length === 0) return null;
  return h('div', { class: 'tr-result__block', 'data-result': 'notes' }, [
    h('h4', {}, [notes.length === 1 ? 'Private note it would add' : 'Private notes it would add (the app posts one note with each part)']),
    ...notes.map((n) => h('div', { class: n.ok ? 'tr-note' : 'tr-note tr-note--error' }, [h('p', { class: 'tr-note__rule' }, [n.rule]), h('p', { class: 'tr-note__text' }, [n.text])])),
  ]);
}

function outcomeBlocks(outcome: TestOutcome): Child[] {
  return [
    h('h4', {}, ['What would change']),
    diffTable(outcome.diff),
    notesBlock(outcome.notes),
    listBlock('Notified with the note', outcome.notify, 'notify'),
    listBlock('Left out of the update', outcome.skipped, 'skipped'),
    listBlock('Conflicts between rules', outcome.conflicts, 'conflicts'),
    h('p', { class: 'tr-result__footer' }, ['Nothing was written to Freshservice: this is a dry run.']),
  ];
}

function verdict(test: RuleTest): HTMLElement {
  if (test.notRun !== null) return inlineMessage('warning', [test.notRun, test.matched ? ' If it ran, its conditions would match.' : ' Its conditions would not match either.'], { 'data-verdict': 'not-run' });
  return test.matched
    ? inlineMessage('success', ['This rule matches the ticket.'], { 'data-verdict': 'match' })
    : inlineMessage('info', ['This rule does not match the ticket.'], { 'data-verdict': 'no-match' });
}

export function ruleResultView(test: RuleTest, position: number): HTMLElement {
  return h('div', { class: 'tr-result', 'data-result-scope': 'rule' }, [
    h('h3', { class: 'tr-result__title' }, [`Rule ${position} · ${test.name}`]),
    verdict(test),
    h('h4', {}, ['Conditions']),
    h('ul', { class: 'tr-trace' }, test.conditions.map(conditionItem)),
    ...(test.notRun === null ? outcomeBlocks(test) : []),
  ]);
}

export function allResultView(outcome: TestOutcome): HTMLElement {
  const matched = outcome.matchedRules.length === 0 ? 'No rule matches the ticket.' : `Matching rules, in order: ${outcome.matchedRules.join(', ')}.`;
  return h('div', { class: 'tr-result', 'data-result-scope': 'all' }, [
    h('h3', { class: 'tr-result__title' }, ['All rules']),
    inlineMessage(outcome.matchedRules.length === 0 ? 'info' : 'success', [matched], { 'data-verdict': outcome.matchedRules.length === 0 ? 'no-match' : 'match' }),
    ...outcomeBlocks(outcome),
  ]);
}

/** Problems that stop a test (the rules do not pass the checks, or are not JSON). */
export function problemView(title: string, problems: readonly string[]): HTMLElement {
  return h('div', { class: 'tr-result', 'data-result-scope': 'problem' }, [inlineMessage('error', [title], { 'data-verdict': 'problem' }), h('ul', { class: 'tr-result__problems' }, problems.map((p) => h('li', {}, [p])))]);
}
