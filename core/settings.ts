/**
 * Checks of the installation parameters, shared by the install page (which shows each message
 * next to its field), the `checkSettings` server method and `onAppInstall` (which blocks a broken
 * install with a message of at most 60 characters, the platform's limit).
 */
import { appBudget, isPlan, type AppBudget } from './budget';
import { parseRulesText, type RuleError, type SchemaErrorLike } from './rules/check';
import { checkTemplate, type TemplateEngine } from './templates';

export interface SettingValues {
  api_key?: unknown;
  plan?: unknown;
  budget_share?: unknown;
  rules?: unknown;
  duplicate_window_hours?: unknown;
  duplicate_threshold?: unknown;
  ack_template?: unknown;
}

export interface SettingsCheck {
  ok: boolean;
  /** Field name → message to show next to it. */
  errors: Record<string, string>;
  /** Rule errors with their JSON pointer, for the rules editor. */
  ruleErrors: RuleError[];
  budget: AppBudget | null;
}

export interface CheckOptions {
  validateSchema?: (doc: unknown) => SchemaErrorLike[];
  templates?: TemplateEngine;
  /** On edit the stored secure key comes back blank and is kept: a blank key is then fine. */
  keyStored?: boolean;
}

function numberField(value: unknown): number | null {
  const n = typeof value === 'string' ? (value.trim() === '' ? NaN : Number(value)) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function checkKey(value: unknown, keyStored: boolean): string | undefined {
  const key = typeof value === 'string' ? value.trim() : '';
  if (key === '') return keyStored ? undefined : 'Enter the API key of the agent the app acts as.';
  if (/\s/.test(key)) return 'The API key cannot contain spaces.';
  return key.length < 8 ? 'That is too short to be a Freshservice API key.' : undefined;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A number setting; left out entirely means "use the default", which is always in range. */
function checkRange(value: unknown, min: number, max: number, what: string, integer: boolean): string | undefined {
  if (value === undefined) return undefined;
  const n = numberField(value);
  if (n === null) return `Enter ${what}.`;
  if (integer && !Number.isInteger(n)) return `${capitalised(what)} must be a whole number.`;
  return n < min || n > max ? `Expected ${what} from ${min} to ${max}, got ${n}.` : undefined;
}

function checkRulesField(value: unknown, options: CheckOptions): { message?: string; errors: RuleError[] } {
  const text = typeof value === 'string' ? value : '';
  if (text.trim() === '') return { errors: [] };
  const result = parseRulesText(text, options);
  if (result.ok) return { errors: [] };
  return { message: result.errors[0]?.message ?? 'The rules are not valid.', errors: result.errors };
}

function checkAck(value: unknown, engine: TemplateEngine | undefined): string | undefined {
  const text = typeof value === 'string' ? value : '';
  if (text.trim() === '' || engine === undefined) return undefined;
  const problem = checkTemplate(engine, text);
  return problem === null ? undefined : `The template does not compile${problem.line === undefined ? '' : ` (line ${problem.line})`}: ${problem.message}`;
}

function checkPlan(value: unknown): string | undefined {
  return isPlan(value) ? undefined : "Choose the account's plan: starter, growth, pro or enterprise.";
}

function budgetOf(values: SettingValues, shareError: string | undefined): AppBudget | null {
  const share = numberField(values.budget_share);
  if (!isPlan(values.plan) || share === null || shareError !== undefined) return null;
  return appBudget(values.plan, share);
}

export function checkSettings(values: SettingValues, options: CheckOptions = {}): SettingsCheck {
  const rules = checkRulesField(values.rules, options);
  const found: Record<string, string | undefined> = {
    api_key: checkKey(values.api_key, options.keyStored === true),
    plan: checkPlan(values.plan),
    budget_share: checkRange(values.budget_share, 1, 100, 'a budget share', true),
    duplicate_window_hours: checkRange(values.duplicate_window_hours, 1, 720, 'a look-back window in hours', true),
    duplicate_threshold: checkRange(values.duplicate_threshold, 0, 1, 'a similarity threshold', false),
    rules: rules.message,
    ack_template: checkAck(values.ack_template, options.templates),
  };
  const errors = Object.fromEntries(Object.entries(found).filter((e): e is [string, string] => e[1] !== undefined));
  return { ok: Object.keys(errors).length === 0, errors, ruleErrors: rules.errors, budget: budgetOf(values, found.budget_share) };
}

/** The install message for a field whose message on the settings page is long detail. */
function shortMessage(field: string, message: string, check: SettingsCheck): string {
  if (field === 'rules') return check.ruleErrors[0]?.short ?? 'Rules are invalid';
  // The template's own error (a Handlebars parse message) is detail for the settings page.
  return field === 'ack_template' ? 'The acknowledgement template does not compile' : message;
}

/** One line of at most 60 characters for blocking an install (fdk-platform.md §2.4). */
export function installMessage(check: SettingsCheck): string {
  const first = Object.entries(check.errors)[0];
  if (first === undefined) return '';
  const short = shortMessage(first[0], first[1], check);
  return short.length <= 60 ? short : `${short.slice(0, 57)}...`;
}
