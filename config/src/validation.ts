/**
 * What `validate()` decides: core's `checkSettings` in the page (with the page's Handlebars) plus
 * the `checkSettings` server method, which runs the same checks and adds the rules' JSON Schema
 * (ajv, which the page does not load). The page's own checks are complete on their own, so when
 * the server cannot answer the page says so and goes by them; the server checks again on install.
 */
import type { RuleError } from '../../core/rules/report';
import { checkSettings, type SettingValues, type SettingsCheck } from '../../core/settings';
import type { TemplateEngine } from '../../core/templates';
import { readFailure, smiData, withTimeout, type InstallClient, type Timers } from './fdk';

export interface Verdict {
  ok: boolean;
  /** Setting name → message for its field. */
  fields: Record<string, string>;
  ruleErrors: RuleError[];
  /** Something worth saying that does not block saving (the server could not check). */
  notice: string | null;
}

/** The platform ends a server method after 20 s. */
export const SERVER_CHECK_TIMEOUT_MS = 20_000;

export function localCheck(values: SettingValues, templates: TemplateEngine | undefined, keyStored: boolean): SettingsCheck {
  return checkSettings(values, templates === undefined ? { keyStored } : { templates, keyStored });
}

function isCheck(value: unknown): value is SettingsCheck {
  const v = value as Partial<SettingsCheck> | null;
  return typeof v === 'object' && v !== null && typeof v.ok === 'boolean' && typeof v.errors === 'object' && Array.isArray(v.ruleErrors);
}

/**
 * The server's check of everything but the key (the key never leaves the page for it: the server
 * is told the key is stored, so a blank one passes). A string is the reason it could not answer.
 */
export async function serverCheck(client: InstallClient, values: SettingValues, timers: Timers): Promise<SettingsCheck | string> {
  const settings: SettingValues = { ...values };
  delete settings.api_key;
  try {
    const reply = await withTimeout(client.request.invoke('checkSettings', { settings, key_stored: true }), SERVER_CHECK_TIMEOUT_MS, timers);
    const data = smiData(reply);
    return isCheck(data) ? data : 'the server answered something that is not a check result';
  } catch (error) {
    const f = readFailure(error);
    return `status ${f.status}${f.message === '' ? '' : `: ${f.message}`}`;
  }
}

const keyOf = (e: RuleError): string => `${e.path}\n${e.message}`;

/** The errors without repeats (the page and the server word the same findings the same way). */
export function uniqueRuleErrors(errors: readonly RuleError[]): RuleError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = keyOf(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The page's findings first; the server adds what only it finds (schema errors, other fields). */
export function merge(local: SettingsCheck, server: SettingsCheck | string): Verdict {
  if (typeof server === 'string') {
    const notice = `The app's server could not double-check the settings (${server}). The checks in this page passed for what they cover; the server checks the settings again when they are saved.`;
    return { ok: local.ok, fields: { ...local.errors }, ruleErrors: [...local.ruleErrors], notice: local.ok ? notice : null };
  }
  const fields = { ...server.errors, ...local.errors };
  delete fields.api_key;
  if (local.errors.api_key !== undefined) fields.api_key = local.errors.api_key;
  const ruleErrors = uniqueRuleErrors([...local.ruleErrors, ...server.ruleErrors]);
  return { ok: Object.keys(fields).length === 0 && ruleErrors.length === 0, fields, ruleErrors, notice: null };
}
