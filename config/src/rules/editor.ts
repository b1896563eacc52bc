/**
 * The rules editor: the list of rule cards, "Add rule", undo for a removed rule, and the error
 * marks (core's rule errors, placed next to the rule, row and input they are about). Structure is
 * rebuilt from the model; marks are applied separately, so they can follow each keystroke without
 * disturbing the input being typed in.
 */
import { fwButton, h, inlineMessage, restoreFocus, setFieldError } from '../dom';
import type { RuleError } from '../../../core/rules/report';
import { groupErrors, type RuleErrors } from './locate';
import { newRule, type RuleDraft, type RulesDraft } from './model';
import { ruleCard, ruleFocusKey, type CardContext } from './rule-card';

export interface EditorContext {
  draft(): RulesDraft;
  changed(kind: 'value' | 'structure', focusKey?: string): void;
  defer(fn: () => void): void;
  test(index: number): void;
}

export interface Editor {
  render(focusKey?: string): void;
  mark(errors: readonly RuleError[]): void;
}

function textLines(el: Element | null, lines: readonly string[]): void {
  if (el === null) return;
  el.replaceChildren(...lines.map((line) => {
    const p = document.createElement('span');
    p.className = 'tr-error-line';
    p.textContent = line;
    return p;
  }));
  el.toggleAttribute('hidden', lines.length === 0);
}

function markConditionRow(row: Element, errors: RuleErrors): void {
  const entry = errors.rows.get(Number(row.getAttribute('data-row-key')));
  textLines(row.querySelector('[data-errors="row"]'), entry?.messages ?? []);
  for (const input of Array.from(row.querySelectorAll('[data-part]'))) {
    const part = input.getAttribute('data-part') ?? '';
    // The message is under the row; the input only turns red.
    setFieldError(input, entry !== undefined && entry.parts.has(part) ? '' : null);
  }
  row.classList.toggle('tr-invalid', entry !== undefined);
}

function markActionRow(row: Element, errors: RuleErrors): void {
  const messages = errors.actionRows.get(Number(row.getAttribute('data-action-key'))) ?? [];
  textLines(row.querySelector('[data-errors="row"]'), messages);
  setFieldError(row.querySelector('[data-part="value"]'), messages.length > 0 ? '' : null);
  row.classList.toggle('tr-invalid', messages.length > 0);
}

function markRows(card: Element, errors: RuleErrors): void {
  for (const row of Array.from(card.querySelectorAll('[data-row-key]'))) markConditionRow(row, errors);
  for (const row of Array.from(card.querySelectorAll('[data-action-key]'))) markActionRow(row, errors);
}

function markCard(card: Element, errors: RuleErrors): void {
  textLines(card.querySelector('[data-errors="rule"]'), errors.rule);
  setFieldError(card.querySelector('.tr-rule__basics [data-part="name"]'), errors.name);
  setFieldError(card.querySelector('.tr-rule__basics [data-part="on"]'), errors.on);
  textLines(card.querySelector('[data-errors="conditions"]'), errors.conditions);
  textLines(card.querySelector('[data-errors="actions"]'), errors.actions);
  markRows(card, errors);
  const invalid = errors.rule.length + errors.conditions.length + errors.actions.length + errors.rows.size + errors.actionRows.size > 0 || errors.name !== null || errors.on !== null;
  card.classList.toggle('tr-invalid', invalid);
}

const NO_ERRORS: RuleErrors = { rule: [], name: null, on: null, conditions: [], rows: new Map(), actions: [], actionRows: new Map() };

export function createEditor(root: HTMLElement, ctx: EditorContext): Editor {
  let removed: { rule: RuleDraft; index: number } | null = null;
  let lastErrors: readonly RuleError[] = [];

  const cardCtx = (): CardContext => ({
    rules: ctx.draft().rules,
    changed: ctx.changed,
    defer: ctx.defer,
    test: ctx.test,
    remove: (index) => {
      const rule = ctx.draft().rules[index];
      if (rule === undefined) return;
      ctx.draft().rules.splice(index, 1);
      removed = { rule, index };
      ctx.changed('structure', 'undo-remove');
    },
  });

  function undoBar(): HTMLElement | null {
    if (removed === null) return null;
    const { rule, index } = removed;
    const undo = fwButton({
      label: 'Undo', srLabel: ` removing rule "${rule.name}"`, size: 'small', color: 'link', focusKey: 'undo-remove',
      onClick: () => {
        ctx.draft().rules.splice(Math.min(index, ctx.draft().rules.length), 0, rule);
        removed = null;
        ctx.changed('structure', ruleFocusKey(rule, 'remove'));
      },
    });
    return inlineMessage('info', [`Removed rule "${rule.name}". `, undo], { class: 'tr-undo' });
  }

  function addButton(): HTMLElement {
    return fwButton({
      label: 'Add rule', color: 'secondary', focusKey: 'add-rule', id: 'add-rule',
      onClick: () => {
        const rule = newRule(ctx.draft().rules.length + 1);
        ctx.draft().rules.push(rule);
        removed = null;
        ctx.changed('structure', ruleFocusKey(rule, 'name'));
      },
    });
  }

  const editor: Editor = {
    render(focusKey) {
      const rules = ctx.draft().rules;
      const list = h('div', { class: 'tr-rules__list' }, rules.map((rule, i) => ruleCard(cardCtx(), rule, i)));
      const empty = rules.length === 0 ? h('p', { class: 'tr-empty' }, ['No rules yet. Add one to route, prioritise or tag new tickets automatically.']) : null;
      root.replaceChildren(h('div', { class: 'tr-errors', 'data-errors': 'top', hidden: true }), undoBar() ?? '', empty ?? '', list, addButton());
      editor.mark(lastErrors);
      restoreFocus(root, focusKey ?? null);
    },
    mark(errors) {
      lastErrors = errors;
      const { top, byRule } = groupErrors(ctx.draft().rules, errors);
      textLines(root.querySelector('[data-errors="top"]'), top);
      for (const card of Array.from(root.querySelectorAll('[data-rule-key]'))) {
        markCard(card, byRule.get(Number(card.getAttribute('data-rule-key'))) ?? NO_ERRORS);
      }
    },
  };
  return editor;
}
