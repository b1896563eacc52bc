/**
 * App-setup events (fdk-platform.md §2.4, §2.6): onAppInstall, afterAppUpdate, onAppUninstall.
 * `renderData()` allows, `renderData({ message })` blocks (the installer shows at most 60
 * characters, so a longer message is cut there and logged); a throw or rejection blocks with
 * its message (FDK 9.8 behaviour); a timeout blocks with "app execution timeout". An event the
 * manifest does not register is simply allowed.
 *
 * Installation parameters: what the settings page submitted, minus `__meta`, whose `secure` list
 * (custom installation pages) marks secure iparams, as `secure: true` does in iparams.json.
 */
import type { InvocationResult } from './dispatch.ts';
import { RuntimeError } from './errors.ts';
import { SetupEventLimits } from './limits.ts';
import type { ScopedLog } from './log.ts';
import type { SetupOutcome } from './types.ts';

export interface ParsedConfigs {
  iparams: Record<string, unknown>;
  secure: string[];
}

export function parseConfigs(configs: unknown): ParsedConfigs {
  if (typeof configs !== 'object' || configs === null || Array.isArray(configs)) {
    throw new RuntimeError('ERR_OPTIONS', 'install(configs): configs must be an object of iparam name → value (optionally with __meta.secure).');
  }
  const { __meta: meta, ...iparams } = configs as Record<string, unknown>;
  const secure = (meta as { secure?: unknown } | undefined)?.secure;
  return { iparams: JSON.parse(JSON.stringify(iparams)) as Record<string, unknown>, secure: Array.isArray(secure) ? secure.filter((s): s is string => typeof s === 'string') : [] };
}

/** Reads the outcome of an app-setup invocation. */
export function setupOutcome(result: InvocationResult, log: ScopedLog): SetupOutcome {
  if (result.ok) {
    if (result.via === 'resolved' || result.via === 'idle') log.debug(`${result.handler}: ${result.name} ended without renderData(); treated as allowed.`);
    return { allowed: true, result };
  }
  const full = result.error?.message ?? '';
  let message = full;
  if (full.length > SetupEventLimits.MESSAGE_MAX_CHARS) {
    message = full.slice(0, SetupEventLimits.MESSAGE_MAX_CHARS);
    log.warn(`${result.handler}: the ${result.name} message is ${full.length} characters; the platform shows at most ${SetupEventLimits.MESSAGE_MAX_CHARS} (cut to "${message}").`, 'setup.message-length');
  }
  log.info(`${result.name} blocked by ${result.handler}: ${message}`);
  return { allowed: false, message, result };
}
