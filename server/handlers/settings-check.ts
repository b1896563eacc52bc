/**
 * `checkSettings`, called by the install page before it saves (also before the app is installed,
 * so it touches neither `$db` nor `$schedule`): validates the settings with the same code the
 * handlers use, including the rules' JSON Schema (ajv) that the browser does not load.
 */
import { checkSettings as check } from '../../core/settings';
import { createLogger } from '../lib/log';
import { templateEngine, validateRulesSchema } from '../lib/engines';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function checkSettings(args: unknown): void {
  const payload = record(args);
  const settings = record(payload.settings);
  const log = createLogger(text(settings.api_key));
  try {
    const result = check({ ...settings, api_key: text(settings.api_key) }, { validateSchema: validateRulesSchema, templates: templateEngine(), keyStored: payload.key_stored === true });
    renderData(null, result);
  } catch (error) {
    log.error('settings', `check failed: ${String((error as { message?: unknown })?.message ?? error)}`);
    renderData({ status: 500, message: 'The settings could not be checked; try again.' });
  }
}
