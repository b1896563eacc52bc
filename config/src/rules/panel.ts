/**
 * The rules section: the editor or the JSON view, switching between them without losing text,
 * and the rule errors (core's checks, run locally on every change once errors are showing; the
 * page adds the server's JSON-Schema errors when it validates).
 */
import { parseRulesText } from '../../../core/rules/check';
import type { RuleError } from '../../../core/rules/report';
import type { TemplateEngine } from '../../../core/templates';
import { fwButton, h } from '../dom';
import { createEditor } from './editor';
import { canonical, fromDocument } from './from-document';
import { createJsonView, syntaxProblem } from './json-view';
import { emptyDraft, toDocument, type RulesDraft } from './model';

export interface PanelDeps {
  templates(): TemplateEngine | undefined;
  defer(fn: () => void): void;
  test(index: number): void;
}

export interface RulesPanel {
  /** Fills the panel from the stored `rules` text (getConfigs). */
  load(text: string): void;
  /** The text that is checked: the JSON view's text as typed, or the editor's document. */
  text(): string;
  /** What `postConfigs` stores: compact JSON, or the text as typed when it is not JSON. */
  storedText(): string;
  view(): 'editor' | 'json';
  draft(): RulesDraft;
  /** Runs core's checks now and shows their errors (and keeps checking on every change). */
  check(): RuleError[];
  /** Shows these errors (e.g. local plus server) and keeps checking on every change. */
  showErrors(errors: readonly RuleError[]): void;
}

const EMPTY_RULES = '{"version":1,"rules":[]}';

function summaryText(count: number, view: 'editor' | 'json'): string {
  if (count === 0) return '';
  const where = view === 'editor' ? 'Each is shown on the rule it is about.' : 'They are listed under the JSON.';
  return `${count === 1 ? 'One problem' : `${count} problems`} in the rules. ${where}`;
}

/** core's checks of a rules text, with the template engine when the page has one. */
export function checkRulesText(text: string, templates: TemplateEngine | undefined): RuleError[] {
  const result = parseRulesText(text, templates === undefined ? {} : { templates });
  return result.ok ? [] : result.errors;
}

export function createRulesPanel(root: HTMLElement, deps: PanelDeps): RulesPanel {
  let view: 'editor' | 'json' = 'editor';
  let draft = emptyDraft();
  let showing = false;
  let errors: readonly RuleError[] = [];
  /** The JSON text last switched from, and the document it stood for: restored when unchanged. */
  let lastJson: { text: string; canonical: string } | null = null;

  const summary = h('p', { class: 'tr-summary-line', id: 'rules-summary', role: 'status' });
  const editorRoot = h('div', { id: 'rules-editor', class: 'tr-rules' });
  let problemShown = false;
  const json = createJsonView((text) => {
    if (showing || problemShown) {
      const syntax = syntaxProblem(text);
      setProblem(syntax === null ? null : syntax.message);
    }
    if (showing) panel.check();
  });

  function setProblem(problem: string | null): void {
    problemShown = problem !== null;
    json.setProblem(problem);
  }
  const switchButton = fwButton({ id: 'rules-switch', label: 'Edit as JSON', size: 'small', focusKey: 'rules-switch', onClick: () => (view === 'editor' ? toJson() : toEditor()) });
  const editor = createEditor(editorRoot, {
    draft: () => draft,
    defer: deps.defer,
    test: deps.test,
    changed(kind, focusKey) {
      if (kind === 'structure') editor.render(focusKey);
      if (showing) panel.check();
    },
  });

  function display(): void {
    const shown = view === 'editor' ? editorRoot : json.element;
    const hidden = view === 'editor' ? json.element : editorRoot;
    shown.hidden = false;
    hidden.hidden = true;
    switchButton.replaceChildren(view === 'editor' ? 'Edit as JSON' : 'Back to the editor');
    summary.textContent = summaryText(errors.length, view);
    if (view === 'editor') editor.mark(errors);
    // A syntax error is shown with its place above the list; listing it again adds nothing.
    else json.setErrors(syntaxProblem(json.text()) === null ? errors : errors.filter((e) => e.path !== ''));
  }

  function toJson(): void {
    const doc = toDocument(draft);
    json.setText(lastJson !== null && lastJson.canonical === canonical(doc, '') ? lastJson.text : JSON.stringify(doc, null, 2));
    setProblem(null);
    view = 'json';
    display();
  }

  function toEditor(): void {
    const text = json.text();
    const syntax = syntaxProblem(text);
    if (syntax !== null) {
      setProblem(`${syntax.message} Fix it to go back to the editor; your text stays here.`);
      return;
    }
    const model = text.trim() === '' ? { ok: true as const, draft: emptyDraft() } : fromDocument(JSON.parse(text));
    if (!model.ok) {
      setProblem(`The editor cannot show these rules: ${model.reason}`);
      return;
    }
    draft = model.draft;
    lastJson = { text, canonical: canonical(toDocument(draft), '') };
    setProblem(null);
    view = 'editor';
    editor.render();
    if (showing) panel.check();
    display();
  }

  /** Stored rules open in the editor when it can show them and they pass the checks, else in the JSON view. */
  function loadText(text: string): void {
    const syntax = syntaxProblem(text);
    if (syntax !== null) {
      openJson(text, `The stored rules are not valid JSON. ${syntax.message}`);
      return;
    }
    const doc: unknown = JSON.parse(text);
    const model = fromDocument(doc);
    if (model.ok) draft = model.draft;
    editor.render();
    if (model.ok && checkRulesText(text, deps.templates()).length === 0) {
      display();
      return;
    }
    openJson(JSON.stringify(doc, null, 2), model.ok ? 'The stored rules have problems; they are listed below.' : `The editor cannot show the stored rules: ${model.reason}`);
  }

  function openJson(text: string, problem: string | null): void {
    json.setText(text);
    view = 'json';
    setProblem(problem);
    panel.check();
  }

  const panel: RulesPanel = {
    load(text) {
      draft = emptyDraft();
      lastJson = null;
      showing = false;
      errors = [];
      view = 'editor';
      if (text.trim() === '') {
        editor.render();
        display();
        return;
      }
      loadText(text);
    },
    text: () => (view === 'editor' ? JSON.stringify(toDocument(draft)) : json.text()),
    storedText() {
      if (view === 'editor') return JSON.stringify(toDocument(draft));
      const text = json.text();
      if (text.trim() === '') return EMPTY_RULES;
      return syntaxProblem(text) === null ? JSON.stringify(JSON.parse(text)) : text;
    },
    view: () => view,
    draft: () => draft,
    check() {
      panel.showErrors(checkRulesText(panel.text(), deps.templates()));
      return [...errors];
    },
    showErrors(list) {
      showing = true;
      errors = list;
      display();
    },
  };

  root.replaceChildren(h('div', { class: 'tr-rules-bar' }, [summary, h('div', { class: 'tr-rules-bar__tools', 'data-slot': 'rules-tools' }, [switchButton])]), editorRoot, json.element);
  editor.render();
  display();
  return panel;
}
