/**
 * Everything one invocation needs, built from its payload: settings from the iparams, a logger
 * that redacts the API key, the clock, the request function and a budget meter. Nothing survives
 * the invocation.
 */
import type { TemplateEngine } from '../../core/templates';
import { templateEngine } from './engines';
import { createMeter, type Invoke, type Meter } from './freshservice/client';
import { createLogger, type Logger } from './log';
import { readSettings, type Settings } from './settings';
import { resetDbOps } from './store/db';
import { SWEEP_DB_OPS } from './limits';

export interface Ctx {
  settings: Settings;
  log: Logger;
  now: () => number;
  invoke: Invoke;
  meter: Meter;
  engine: TemplateEngine;
  /** Agent-UI link to a ticket, for notes and the sidebar. */
  ticketUrl: (id: number) => string;
  /** `$db` operations this invocation may make for work that can wait (sweeps, drains). */
  dbAllowance: number;
}

interface Payload {
  iparams?: unknown;
  currentHost?: { endpoint_urls?: { freshservice?: unknown } };
  domain?: unknown;
}

function baseUrl(payload: Payload): string {
  const url = payload.currentHost?.endpoint_urls?.freshservice;
  if (typeof url === 'string' && url !== '') return url.replace(/\/+$/, '');
  return typeof payload.domain === 'string' && payload.domain !== '' ? `https://${payload.domain}` : '';
}

export function createContext(args: unknown, options: { reserve?: number } = {}): Ctx {
  const payload = (typeof args === 'object' && args !== null ? args : {}) as Payload;
  resetDbOps();
  let engine: TemplateEngine | undefined;
  // Handlebars is loaded on first use, like the rules: cheap exits stay cheap.
  const loadEngine = (): TemplateEngine => {
    engine = engine ?? templateEngine();
    return engine;
  };
  const settings = readSettings(payload.iparams, loadEngine);
  const now = (): number => Date.now();
  const url = baseUrl(payload);
  return {
    settings,
    log: createLogger(settings.apiKey),
    now,
    invoke: (name, opts) => $request.invokeTemplate(name, opts),
    meter: createMeter(settings.budget, { reserve: options.reserve ?? 0, now }),
    get engine() {
      return loadEngine();
    },
    ticketUrl: (id) => `${url}/a/tickets/${id}`,
    dbAllowance: SWEEP_DB_OPS,
  };
}

/** A short description of any thrown value, for log lines (the logger redacts secrets). */
export function describeError(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    return String((error as { message: unknown }).message).slice(0, 300);
  }
  return String(error).slice(0, 300);
}
