/**
 * The rule tester: a sample ticket the admin can edit (or load from the account by its number),
 * "Test" on a rule or "Test all rules", and the answer below. Nothing is ever written: tests run
 * core's evaluator in the page, and loading a ticket is one read.
 */
import type { RuleError } from '../../../core/rules/report';
import type { RuleSet } from '../../../core/rules/types';
import type { TemplateEngine } from '../../../core/templates';
import type { TicketFacts } from '../../../core/ticket';
import { fwButton, fwInput, fwSelect, fwTextarea, h, inlineMessage, setFieldError, type Tone } from '../dom';
import { locate } from '../rules/locate';
import { allResultView, problemView, ruleResultView } from './result-view';
import { testAll, testRule } from './run';
import { PREVIOUS_FIELDS, defaultSample, sampleChanges, sampleFacts, sampleFromFacts, type PreviousField, type SampleField, type SampleTicket } from './sample';

export type LoadResult = { ok: true; facts: TicketFacts; notes: string[] } | { ok: false; message: string };

export interface TesterDeps {
  /** The rules as they are now: the parsed document (null when the text is not JSON) and core's errors. */
  rules(): { doc: unknown; errors: readonly RuleError[] };
  templates(): TemplateEngine | undefined;
  loadTicket(id: number): Promise<LoadResult>;
  sampleChanged(): void;
}

export interface Tester {
  element: HTMLElement;
  sample(): SampleTicket;
  /** Tests rule `index`, or every rule when null, and shows the answer. */
  run(index: number | null): void;
  /** Like `run`, then brings the answer into view (the "Test" buttons). */
  show(index: number | null): void;
}

interface Spec {
  field: SampleField;
  label: string;
  hint?: string;
  type?: 'number' | 'email';
  wide?: boolean;
}

const SPECS: readonly Spec[] = [
  { field: 'subject', label: 'Subject', wide: true },
  { field: 'requesterEmail', label: "Requester's email", type: 'email' },
  { field: 'requesterName', label: "Requester's name" },
  { field: 'priority', label: 'Priority', type: 'number', hint: '1 Low, 2 Medium, 3 High, 4 Urgent' },
  { field: 'urgency', label: 'Urgency', type: 'number', hint: '1 Low, 2 Medium, 3 High' },
  { field: 'impact', label: 'Impact', type: 'number', hint: '1 Low, 2 Medium, 3 High' },
  { field: 'status', label: 'Status', type: 'number', hint: '2 Open, 3 Pending, 4 Resolved, 5 Closed' },
  { field: 'source', label: 'Source', type: 'number', hint: '1 Email, 2 Portal, 3 Phone, 4 Chat' },
  { field: 'type', label: 'Type' },
  { field: 'category', label: 'Category' },
  { field: 'subCategory', label: 'Sub-category' },
  { field: 'groupId', label: 'Group id', type: 'number' },
  { field: 'departmentId', label: 'Department id', type: 'number' },
  { field: 'responderId', label: 'Agent id', type: 'number' },
  { field: 'tags', label: 'Tags', hint: 'Comma-separated' },
  { field: 'id', label: 'Ticket number', type: 'number' },
];

const PREVIOUS_LABELS: Readonly<Record<PreviousField, string>> = {
  status: 'Status before', priority: 'Priority before', urgency: 'Urgency before', impact: 'Impact before', groupId: 'Group id before', responderId: 'Agent id before',
};

const EVENT_OPTIONS = [
  { value: 'create', text: 'A new ticket' },
  { value: 'update', text: 'An update to the ticket' },
];

/** Rule errors that stop a test: those of the tested rule, or all of them for "all rules". */
function blocking(errors: readonly RuleError[], index: number | null): string[] {
  return errors.filter((e) => index === null || locate(e).rule === index || locate(e).rule === null).map((e) => e.message);
}

export function createTester(deps: TesterDeps): Tester {
  let sample = defaultSample();
  let last: number | null | undefined;
  const form = h('div', { class: 'tr-sample' });
  const result = h('div', { id: 'test-result', class: 'tr-test-result', 'aria-live': 'polite', tabindex: '-1' });
  const loadStatus = h('div', { id: 'test-load-status', class: 'tr-status', role: 'status' });

  function changed(): void {
    deps.sampleChanged();
    if (last !== undefined) tester.run(last);
  }

  function input(spec: Spec): HTMLElement {
    const o = {
      name: `sample-${spec.field}`, label: spec.label, value: sample.fields[spec.field], hint: spec.hint ?? '', attrs: { 'data-sample': spec.field, class: spec.wide === true ? 'tr-wide' : null },
      onInput: (value: string) => {
        sample.fields[spec.field] = value;
        changed();
      },
    };
    return fwInput(spec.type === undefined ? o : { ...o, type: spec.type });
  }

  function previousInputs(): HTMLElement[] {
    if (sample.event !== 'update') return [];
    return PREVIOUS_FIELDS.map((field) =>
      fwInput({ name: `sample-previous-${field}`, label: PREVIOUS_LABELS[field], value: sample.previous[field], type: 'number', hint: 'Empty: unchanged', attrs: { 'data-previous': field }, onInput: (value) => {
        sample.previous[field] = value;
        changed();
      } }),
    );
  }

  function renderForm(): void {
    const event = fwSelect({ name: 'sample-event', label: 'Test it as', value: sample.event, options: EVENT_OPTIONS, attrs: { 'data-sample': 'event' }, onChange: (value) => {
      sample.event = value === 'update' ? 'update' : 'create';
      renderForm();
      changed();
    } });
    const description = fwTextarea({ name: 'sample-description', label: 'Description', value: sample.fields.description, rows: 3, attrs: { 'data-sample': 'description', class: 'tr-wide' }, onInput: (value) => {
      sample.fields.description = value;
      changed();
    } });
    const [subject, ...rest] = SPECS.map(input);
    form.replaceChildren(h('div', { class: 'tr-grid' }, [event, subject ?? '', description, ...rest, ...previousInputs()]));
  }

  function say(tone: Tone, text: string): void {
    loadStatus.replaceChildren(inlineMessage(tone, [text]));
  }

  const idInput = fwInput({ name: 'test-ticket-id', label: 'Ticket number from your account', value: '', type: 'number', placeholder: 'e.g. 1042', attrs: { id: 'test-ticket-id' }, onInput: () => setFieldError(idInput, null) });

  async function load(): Promise<void> {
    const raw = String((idInput as HTMLElement & { value?: unknown }).value ?? '').trim();
    const id = /^\d+$/.test(raw) ? Number(raw) : 0;
    if (id <= 0) {
      setFieldError(idInput, 'Enter the number of a ticket in your account, e.g. 1042.');
      return;
    }
    say('info', `Loading ticket #${id}…`);
    const loaded = await deps.loadTicket(id);
    if (!loaded.ok) {
      say('error', loaded.message);
      return;
    }
    sample = sampleFromFacts(loaded.facts, sample);
    renderForm();
    say('success', [`Loaded ticket #${id} into the sample below: change anything you like, tests run on the sample.`, ...loaded.notes].join(' '));
    changed();
  }

  function ruleSet(index: number | null): RuleSet | null {
    const { doc, errors } = deps.rules();
    const problems = doc === null ? ['The rules are not valid JSON; fix them in the JSON view first.'] : blocking(errors, index);
    if (problems.length === 0) return doc as RuleSet;
    result.replaceChildren(problemView(index === null ? 'Fix the rules before testing them:' : `Fix rule ${index + 1} before testing it:`, problems));
    return null;
  }

  const tester: Tester = {
    element: h('div', { class: 'tr-tester' }, [
      h('div', { class: 'tr-tester__load' }, [idInput, fwButton({ id: 'test-load', label: 'Load ticket', onClick: () => load().catch((error: unknown) => say('error', `The ticket could not be loaded: ${String(error)}`)) })]),
      loadStatus,
      h('fieldset', { class: 'tr-block' }, [h('legend', {}, ['Sample ticket']), form]),
      h('div', { class: 'tr-tester__run' }, [fwButton({ id: 'test-all', label: 'Test all rules', color: 'primary', onClick: () => tester.show(null) })]),
      result,
    ]),
    sample: () => sample,
    run(index) {
      last = index;
      const rules = ruleSet(index);
      if (rules === null) return;
      const facts = sampleFacts(sample);
      const ctx = sample.event === 'update' ? { event: 'update' as const, changes: sampleChanges(sample) } : { event: 'create' as const };
      const view = index === null ? allResultView(testAll(rules, facts, ctx, deps.templates())) : ruleResultView(testRule(rules, index, facts, ctx, deps.templates()), index + 1);
      result.replaceChildren(view);
    },
    show(index) {
      tester.run(index);
      result.scrollIntoView({ block: 'nearest' });
    },
  };
  renderForm();
  return tester;
}
