/**
 * The installation page (config/iparams.html): wires the fields, the rules panel, the tester and
 * the preview to one form state, and implements the three functions the platform calls
 * (fdk-platform.md §4.3): `getConfigs(stored)` on "edit settings", `validate()` before saving
 * (false blocks it) and `postConfigs()` for the values to store.
 */
import { checkSettings } from '../../core/settings';
import type { TemplateEngine } from '../../core/templates';
import { normalizeApiTicket } from '../../core/ticket';
import { budgetSummary } from './budget-view';
import { buildConfigs, defaultForm, numberValue, readStored, settingValues, type FormValues } from './configs';
import { detailValue, h, props, setFieldError } from './dom';
import { parseJson, readFailure, type InstallClient, type Timers } from './fdk';
import { readKey, ticketFailureMessage } from './key';
import { createKeyField } from './key-field';
import { previewNote, variablesList } from './preview';
import { checkRulesText, createRulesPanel } from './rules/panel';
import { createRulesCheck } from './rules-check';
import { markFields, renderSummary, ruleErrorsOf } from './summary';
import { sampleFacts } from './tester/sample';
import { createTester, type LoadResult } from './tester/tester';
import { localCheck, merge, serverCheck } from './validation';

export interface PageDeps {
  doc: Document;
  client(): Promise<InstallClient>;
  /** `window.Handlebars` (from jsDelivr), when it loaded. */
  templates(): TemplateEngine | undefined;
  timers: Timers;
  now(): number;
  defer(fn: () => void): void;
}

export interface InstallPage {
  getConfigs(configs: unknown): void;
  postConfigs(): Record<string, unknown>;
  validate(): Promise<boolean>;
}

/** Quiet time after typing before the preview renders again. */
export const PREVIEW_DEBOUNCE_MS = 150;

type NumberField = 'budgetShare' | 'windowHours' | 'threshold';

const NUMBER_FIELDS: ReadonlyArray<{ field: NumberField; id: string; setting: 'budget_share' | 'duplicate_window_hours' | 'duplicate_threshold' }> = [
  { field: 'budgetShare', id: 'budget-share', setting: 'budget_share' },
  { field: 'windowHours', id: 'dup-window', setting: 'duplicate_window_hours' },
  { field: 'threshold', id: 'dup-threshold', setting: 'duplicate_threshold' },
];

export function createPage(deps: PageDeps): InstallPage {
  const byId = (id: string): HTMLElement => {
    const el = deps.doc.getElementById(id);
    if (el === null) throw new Error(`config/iparams.html has no #${id}`);
    return el;
  };
  let form: FormValues = defaultForm();
  let previewTimer: number | null = null;
  let running: Promise<boolean> | null = null;

  const key = createKeyField({ input: byId('api-key'), result: byId('key-result'), button: byId('key-check'), client: deps.client, now: deps.now });
  const rules = createRulesPanel(byId('rules-panel'), { templates: deps.templates, defer: deps.defer, test: (index) => tester.show(index) });
  const tester = createTester({ rules: currentRules, templates: deps.templates, loadTicket, sampleChanged: schedulePreview });
  byId('rule-tester').replaceChildren(tester.element);
  byId('rules-panel').querySelector('[data-slot="rules-tools"]')?.prepend(createRulesCheck({ panel: rules, client: deps.client, templates: deps.templates, timers: deps.timers }));
  byId('template-variables-slot').replaceChildren(variablesList());

  function currentRules(): { doc: unknown; errors: ReturnType<typeof checkRulesText> } {
    const text = rules.text();
    const doc = text.trim() === '' ? { version: 1, rules: [] } : (parseJson(text) ?? null);
    return { doc, errors: checkRulesText(text, deps.templates()) };
  }

  /** One read of the ticket: with the typed key before install, with the stored one when it is kept. */
  async function fetchTicket(id: number, typed: string | null): Promise<LoadResult> {
    const client = await deps.client();
    const reply = typed === null
      ? await client.request.invokeTemplate('viewTicket', { context: { ticket_id: id, include: 'tags,requester' } })
      : await client.request.invokeTemplate('viewTicketWithKey', { context: { ticket_id: id, api_key: typed } });
    const facts = normalizeApiTicket(parseJson(reply.response)).facts;
    if (facts === null) return { ok: false, message: `Freshservice answered, but not with ticket #${id}.` };
    const notes = facts.requester.email === '' ? ['This answer does not include the requester, so type their email and name to test requester conditions.'] : [];
    return { ok: true, facts, notes };
  }

  async function loadTicket(id: number): Promise<LoadResult> {
    const typed = key.usingStored() ? null : readKey(key.raw()).key;
    const invalid = typed === null ? undefined : checkSettings({ api_key: typed }).errors.api_key;
    if (invalid !== undefined) return { ok: false, message: `Loading a ticket uses the API key. ${invalid}` };
    try {
      return await fetchTicket(id, typed);
    } catch (error) {
      return { ok: false, message: ticketFailureMessage(readFailure(error), typed === null ? 'stored' : 'entered', id, deps.now()) };
    }
  }

  function renderPreview(): void {
    previewTimer = null;
    const preview = previewNote(deps.templates(), form.ackTemplate, sampleFacts(tester.sample()));
    byId('ack-preview').replaceChildren(h('p', { class: `tr-preview__text tr-preview__text--${preview.kind}`, 'data-preview': preview.kind }, [preview.text]));
    setFieldError(byId('ack-template'), preview.kind === 'error' ? preview.text : null);
  }

  function schedulePreview(): void {
    if (previewTimer !== null) deps.timers.clear(previewTimer);
    previewTimer = deps.timers.set(renderPreview, PREVIEW_DEBOUNCE_MS);
  }

  function checkNumber(spec: (typeof NUMBER_FIELDS)[number]): void {
    const message = checkSettings({ [spec.setting]: numberValue(form[spec.field]) }).errors[spec.setting];
    setFieldError(byId(spec.id), message ?? null);
  }

  function updateBudget(): void {
    const summary = budgetSummary(form.plan, form.budgetShare);
    byId('budget-summary').textContent = summary.text;
    setFieldError(byId('budget-share'), summary.shareError);
  }

  function fill(): void {
    props(byId('plan'), { value: form.plan });
    props(byId('ack-template'), { value: form.ackTemplate });
    for (const spec of NUMBER_FIELDS) props(byId(spec.id), { value: form[spec.field] });
    updateBudget();
    renderPreview();
  }

  for (const spec of NUMBER_FIELDS) {
    byId(spec.id).addEventListener('fwInput', (event) => {
      form[spec.field] = detailValue(event);
      if (spec.field === 'budgetShare') updateBudget();
      else checkNumber(spec);
    });
  }
  byId('plan').addEventListener('fwChange', (event) => {
    const value = detailValue(event);
    if (value === '' || value === form.plan) return;
    form.plan = value;
    setFieldError(byId('plan'), null);
    updateBudget();
  });
  byId('ack-template').addEventListener('fwInput', (event) => {
    form.ackTemplate = detailValue(event);
    schedulePreview();
  });

  async function runValidation(): Promise<boolean> {
    const keyOk = await key.ensureChecked();
    const values = settingValues({ ...form, apiKey: key.raw() }, rules.text(), true);
    const local = localCheck(values, deps.templates(), key.usingStored());
    const server = await deps.client().then((client) => serverCheck(client, values, deps.timers), () => 'the Freshworks client did not start');
    const verdict = merge(local, server);
    markFields(deps.doc, verdict);
    rules.showErrors(ruleErrorsOf(verdict));
    const summary = byId('form-summary');
    renderSummary(summary, verdict, keyOk ? null : key.problem());
    if (!summary.hidden) summary.scrollIntoView({ block: 'nearest' });
    return keyOk && verdict.ok;
  }

  const page: InstallPage = {
    getConfigs(configs) {
      const stored = readStored(configs);
      form = stored.form;
      key.load(stored.keyStored, stored.agentId, stored.form.apiKey);
      rules.load(stored.rulesText);
      byId('form-summary').hidden = true;
      fill();
    },
    postConfigs() {
      return buildConfigs({ form: { ...form, apiKey: key.raw() }, rules: rules.storedText(), keyStored: key.usingStored(), agentId: key.agentId() });
    },
    validate() {
      running ??= runValidation().finally(() => {
        running = null;
      });
      return running;
    },
  };
  key.load(false, null, '');
  fill();
  return page;
}
