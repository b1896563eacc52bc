/**
 * The platform globals one invocation's sandbox receives. Every platform call is counted as
 * pending work of the invocation (see invocation.ts) and answers with a promise of the sandbox's
 * realm; the legacy `$request.get/post/put/patch/delete` of platform ≤ 2.2 reject as on 2.3+.
 */
import { formatWithOptions } from 'node:util';
import type { DbService } from './db/index.ts';
import type { Invocation } from './invocation.ts';
import type { LogLevel, RuntimeLog } from './log.ts';
import type { TemplateService } from './request/invoke.ts';
import type { Sandbox } from './sandbox.ts';
import type { ScheduleService } from './schedule/index.ts';

export interface PlatformServices {
  log: RuntimeLog;
  templates: TemplateService;
  db: DbService;
  schedules: ScheduleService;
}

const LEGACY_VERBS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function appConsole(log: RuntimeLog, inv: Invocation): Record<string, (...args: unknown[]) => void> {
  const write = (level: LogLevel) => (...args: unknown[]) => {
    log.write(level, `app:${inv.handler}`, formatWithOptions({ depth: 4, colors: false }, ...args), { invocation: inv.id });
  };
  return { log: write('info'), info: write('info'), debug: write('debug'), trace: write('debug'), warn: write('warn'), error: write('error') };
}

export function platformGlobals(inv: Invocation, sandbox: () => Sandbox, services: PlatformServices): Record<string, unknown> {
  const { log } = services;
  const requestLog = log.scope('request', inv.id);
  const db = services.db.api(log.scope('db', inv.id));
  const schedule = services.schedules.api(log.scope('schedule', inv.id));
  const call = (label: string, work: () => Promise<unknown>): Promise<unknown> => sandbox().promise(inv.track(label, work));

  const $request: Record<string, unknown> = {
    invokeTemplate: (name: unknown, options?: unknown) => call(`$request.invokeTemplate('${String(name)}')`, () => services.templates.invoke(name, options, 'serverless', requestLog)),
  };
  for (const verb of LEGACY_VERBS) {
    $request[verb] = () => {
      const message = `${verb} is no longer supported in Request API`;
      requestLog.warn(`${message}: use $request.invokeTemplate with a template in config/requests.json (platform 2.3+).`, 'request.legacy-method');
      return call(`$request.${verb}`, () => Promise.reject({ status: 400, message, errorSource: 'PLATFORM' }));
    };
  }

  return {
    $request,
    $db: {
      set: (key: string, value: Record<string, unknown>, options?: { ttl?: number; setIf?: 'exist' | 'not_exist' }) => call('$db.set', () => db.set(key, value, options)),
      get: (key: string) => call('$db.get', () => db.get(key)),
      update: (key: string, action: string, attributes: unknown) => call('$db.update', () => db.update(key, action, attributes)),
      delete: (key: string) => call('$db.delete', () => db.delete(key)),
    },
    $schedule: {
      create: (spec: unknown) => call('$schedule.create', () => schedule.create(spec)),
      fetch: (spec: unknown) => call('$schedule.fetch', () => schedule.fetch(spec)),
      update: (spec: unknown) => call('$schedule.update', () => schedule.update(spec)),
      delete: (spec: unknown) => call('$schedule.delete', () => schedule.delete(spec)),
      pause: (spec: unknown) => call('$schedule.pause', () => schedule.pause(spec)),
      resume: (spec: unknown) => call('$schedule.resume', () => schedule.resume(spec)),
    },
    renderData: (error?: unknown, data?: unknown): void => {
      inv.complete({ via: 'renderData', error, data });
    },
    console: appConsole(log, inv),
  };
}
