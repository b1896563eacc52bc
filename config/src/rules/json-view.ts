/**
 * The JSON view of the rules: a plain text area (monospace, no spell check: a code editor, which
 * Crayons has no component for), the reason the text cannot go back to the editor yet (a syntax
 * error with its line and column, or a form the editor cannot show), and the list of rule errors.
 */
import { findJsonProblem } from '../../../core/json-text';
import type { RuleError } from '../../../core/rules/report';
import { fwButton, h, inlineMessage } from '../dom';

export interface JsonView {
  element: HTMLElement;
  text(): string;
  setText(text: string): void;
  /** Why the text stays in the JSON view (null clears it). */
  setProblem(problem: string | null): void;
  setErrors(errors: readonly RuleError[]): void;
  focus(): void;
}

/** "line 3, column 14: expected …" for a text that is not JSON; null when it is JSON. */
export function syntaxProblem(text: string): { message: string; offset: number } | null {
  if (text.trim() === '') return null;
  try {
    JSON.parse(text);
    return null;
  } catch {
    const p = findJsonProblem(text);
    if (p === null) return { message: 'The text is not valid JSON.', offset: 0 };
    return { message: `The JSON has a syntax error at line ${p.line}, column ${p.column}: expected ${p.expected}.`, offset: p.offset };
  }
}

export function createJsonView(onInput: (text: string) => void): JsonView {
  const area = h('textarea', { id: 'rules-json-text', class: 'tr-json', rows: 18, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'rules-json-help rules-json-problem' }) as HTMLTextAreaElement;
  area.addEventListener('input', () => onInput(area.value));
  const problem = h('div', { id: 'rules-json-problem', class: 'tr-json__problem', role: 'alert' });
  const errors = h('ul', { id: 'rules-json-errors', class: 'tr-json__errors', hidden: true });

  function goTo(offset: number): void {
    area.focus();
    area.setSelectionRange(offset, Math.min(area.value.length, offset + 1));
  }

  const element = h('div', { class: 'tr-json-view', id: 'rules-json' }, [
    h('label', { for: 'rules-json-text', class: 'tr-label' }, ['Rules as JSON (format v1)']),
    h('p', { id: 'rules-json-help', class: 'tr-help' }, ['{"version": 1, "rules": [ … ]}. Your text stays here until it is valid JSON the editor can show; saving checks it either way.']),
    area,
    problem,
    errors,
  ]);

  return {
    element,
    text: () => area.value,
    setText(text) {
      area.value = text;
    },
    setProblem(text) {
      const syntax = text === null ? null : syntaxProblem(area.value);
      const jump = syntax === null ? null : fwButton({ label: 'Show me where', size: 'small', color: 'link', onClick: () => goTo(syntax.offset) });
      problem.replaceChildren(...(text === null ? [] : [inlineMessage('error', [text, ' ', jump ?? ''])]));
    },
    setErrors(list) {
      errors.replaceChildren(...list.map((e) => h('li', { 'data-path': e.path }, [e.message])));
      errors.toggleAttribute('hidden', list.length === 0);
    },
    focus() {
      area.focus();
    },
  };
}
