/**
 * The result of `validate()` on the page: each message next to its field, the rule errors in the
 * rules panel, and a short list at the top naming what needs attention (with links to it).
 */
import type { RuleError } from '../../core/rules/report';
import { h, inlineMessage, setFieldError } from './dom';
import type { Verdict } from './validation';

/** Setting → the element its message goes next to, and the words for the summary. */
export const FIELD_PLACES: ReadonlyArray<{ name: string; element: string; section: string; label: string }> = [
  { name: 'api_key', element: 'api-key', section: 'section-key', label: 'API key' },
  { name: 'plan', element: 'plan', section: 'section-budget', label: 'Plan' },
  { name: 'budget_share', element: 'budget-share', section: 'section-budget', label: 'Budget share' },
  { name: 'rules', element: 'rules-panel', section: 'section-rules', label: 'Triage rules' },
  { name: 'duplicate_window_hours', element: 'dup-window', section: 'section-duplicates', label: 'Look-back window' },
  { name: 'duplicate_threshold', element: 'dup-threshold', section: 'section-duplicates', label: 'Similarity threshold' },
  { name: 'ack_template', element: 'ack-template', section: 'section-ack', label: 'Acknowledgement note' },
];

/** The rule errors to show: the check's own, or its one-line message when it gave no details. */
export function ruleErrorsOf(verdict: Verdict): RuleError[] {
  if (verdict.ruleErrors.length > 0) return verdict.ruleErrors;
  const message = verdict.fields.rules;
  return message === undefined ? [] : [{ path: '', message, short: message }];
}

/** Puts each field's message next to it; the key's own message (a failed probe) is left alone. */
export function markFields(doc: Document, verdict: Verdict): void {
  for (const place of FIELD_PLACES) {
    if (place.name === 'rules' || (place.name === 'api_key' && verdict.fields.api_key === undefined)) continue;
    setFieldError(doc.getElementById(place.element), verdict.fields[place.name] ?? null);
  }
}

function problemItem(label: string, section: string, text: string): HTMLElement {
  return h('li', {}, [h('a', { href: `#${section}` }, [label]), `: ${text}`]);
}

function rulesText(count: number): string | null {
  if (count === 0) return null;
  return count === 1 ? 'one problem, shown on the rule it is about.' : `${count} problems, shown on the rules they are about.`;
}

function summaryText(place: (typeof FIELD_PLACES)[number], verdict: Verdict, keyProblem: string | null): string | null {
  if (place.name === 'rules') return rulesText(ruleErrorsOf(verdict).length);
  const text = verdict.fields[place.name];
  if (text !== undefined) return text;
  return place.name === 'api_key' ? keyProblem : null;
}

/** The list at the top; hidden when there is nothing to say. */
export function renderSummary(box: HTMLElement, verdict: Verdict, keyProblem: string | null): void {
  const items: HTMLElement[] = [];
  for (const place of FIELD_PLACES) {
    const text = summaryText(place, verdict, keyProblem);
    if (text !== null) items.push(problemItem(place.label, place.section, text));
  }
  const parts: HTMLElement[] = [];
  if (items.length > 0) parts.push(inlineMessage('error', [h('strong', {}, ['Nothing was saved. Fix these settings, then save again:']), h('ul', { class: 'tr-form-summary__list' }, items)], { 'data-summary': 'errors' }));
  if (verdict.notice !== null) parts.push(inlineMessage('warning', [verdict.notice], { 'data-summary': 'notice' }));
  box.replaceChildren(...parts);
  box.hidden = parts.length === 0;
}
