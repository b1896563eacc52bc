/**
 * The installation parameters (DESIGN.md §4, the names are a contract) to and from the form.
 * The form keeps every value as the admin typed it; numbers become numbers only when stored.
 * On "edit settings" the platform hands the secure `api_key` back blank; leaving it blank keeps
 * the stored key, so `postConfigs` then leaves `api_key` out (the devkit host, like the platform,
 * keeps a secure value that is missing or blank on save).
 */
import { DEFAULT_BUDGET_SHARE } from '../../core/budget';
import type { SettingValues } from '../../core/settings';

export interface FormValues {
  apiKey: string;
  plan: string;
  budgetShare: string;
  windowHours: string;
  threshold: string;
  ackTemplate: string;
}

export const DEFAULT_WINDOW_HOURS = 72;
export const DEFAULT_THRESHOLD = 0.6;

export function defaultForm(): FormValues {
  return { apiKey: '', plan: 'starter', budgetShare: String(DEFAULT_BUDGET_SHARE), windowHours: String(DEFAULT_WINDOW_HOURS), threshold: String(DEFAULT_THRESHOLD), ackTemplate: '' };
}

export interface Stored {
  form: FormValues;
  rulesText: string;
  /** True when the stored key came back blank: it is kept unless a new one is typed. */
  keyStored: boolean;
  agentId: number | null;
}

function shown(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : fallback;
}

/** Rules are stored as text; a document stored as an object (hand-made installs) is shown as JSON. */
function rulesText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function agentId(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** What `getConfigs(configs)` received, for the form. */
export function readStored(configs: unknown): Stored {
  const c = (typeof configs === 'object' && configs !== null ? configs : {}) as Record<string, unknown>;
  const d = defaultForm();
  const apiKey = shown(c.api_key, '');
  return {
    form: {
      apiKey,
      plan: shown(c.plan, d.plan),
      budgetShare: shown(c.budget_share, d.budgetShare),
      windowHours: shown(c.duplicate_window_hours, d.windowHours),
      threshold: shown(c.duplicate_threshold, d.threshold),
      ackTemplate: shown(c.ack_template, ''),
    },
    rulesText: rulesText(c.rules),
    keyStored: apiKey.trim() === '',
    agentId: agentId(c.api_agent_id),
  };
}

/** A number field as stored: a number when it is one, else the text as typed (validation says why). */
export function numberValue(text: string): number | string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : text;
}

/** The values core's `checkSettings` (and the server's) checks; the key only when `withKey`. */
export function settingValues(form: FormValues, rules: string, withKey: boolean): SettingValues {
  const values: SettingValues = {
    plan: form.plan,
    budget_share: numberValue(form.budgetShare),
    rules,
    duplicate_window_hours: numberValue(form.windowHours),
    duplicate_threshold: numberValue(form.threshold),
    ack_template: form.ackTemplate,
  };
  if (withKey) values.api_key = form.apiKey.trim();
  return values;
}

export interface PostInput {
  form: FormValues;
  /** The rules as compact JSON (or as typed, when they are not JSON). */
  rules: string;
  keyStored: boolean;
  agentId: number | null;
}

/** What `postConfigs()` returns: the iparams to store, with `__meta.secure` naming the secure one. */
export function buildConfigs(input: PostInput): Record<string, unknown> {
  const key = input.form.apiKey.trim();
  const configs: Record<string, unknown> = {};
  if (key !== '' || !input.keyStored) configs.api_key = key;
  if (input.agentId !== null) configs.api_agent_id = input.agentId;
  Object.assign(configs, settingValues(input.form, input.rules, false));
  configs.__meta = { secure: ['api_key'] };
  return configs;
}
