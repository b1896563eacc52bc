/**
 * The local FDK serverless runtime: loads an app folder as the platform does and runs its
 * handlers under the platform's rules, on the devkit clock.
 *
 *   const rt = await createRuntime({ appDir, clock, currentHost: { freshservice: fake.url } });
 *   await rt.install({ api_key: 'k', __meta: { secure: ['api_key'] } });
 *   await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket, requester, actor });
 *   const { response } = await rt.invokeServerMethod('getTicketInsights', { ticket_id: 1 });
 *   rt.stats; rt.logs; rt.db.dump(); rt.schedules.list(); await rt.dispose();
 *
 * One folder per emulated service (request/, db/, schedule/), limits as named data in each
 * `limits.ts`, refusals naming their rule. See README.md for the map and the decisions taken
 * where the platform documentation is silent.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { loadApp, type LoadedApp } from './app-loader.ts';
import { DbService, type DbHandle } from './db/index.ts';
import type { JsonObject } from './db/validate.ts';
import { Dispatcher, type InvocationResult, type RunRequest } from './dispatch.ts';
import { jsonBytes, PlatformRefusal, RuntimeError } from './errors.ts';
import { connectEvents, type ConnectOptions } from './events.ts';
import { NO_FAULTS, rate, seededRandom, type Faults } from './faults.ts';
import { ExecutionLimits, PayloadLimits, SmiLimits } from './limits.ts';
import { RuntimeLog, type LogEntry } from './log.ts';
import { MinuteWindow, minuteLabel } from './minute-window.ts';
import { createAgents, type Agents } from './request/http.ts';
import { TemplateService, type TemplateCallOptions, type TemplateResult } from './request/invoke.ts';
import { PackageResolver } from './require.ts';
import { ScheduleService, type ScheduleHandle } from './schedule/index.ts';
import { parseConfigs, setupOutcome } from './setup.ts';
import type { EventConnection, ProductEventSource, RuntimeOptions, RuntimeStats, SetupOutcome, SmiFailure, SmiSuccess } from './types.ts';

export type * from './types.ts';
export type { InvocationResult, InvocationStats } from './dispatch.ts';
export type { DbApi, DbHandle, DbStats } from './db/index.ts';
export type { ScheduleApi, ScheduleHandle, ScheduleInfo, ScheduleStats } from './schedule/index.ts';
export type { WindowStats } from './minute-window.ts';
export type { Faults } from './faults.ts';
export type { LogEntry, LogLevel } from './log.ts';
export type { TemplateCallOptions, TemplateResult } from './request/invoke.ts';
export type { TemplateErrorBody, PlatformErrorBody } from './errors.ts';
export { RuntimeError } from './errors.ts';
export { connectEvents } from './events.ts';

function checkOptions(options: RuntimeOptions): void {
  for (const [product, url] of Object.entries(options.currentHost ?? {})) {
    if (typeof url !== 'string' || !URL.canParse(url)) throw new RuntimeError('ERR_OPTIONS', `currentHost.${product} must be an absolute URL (e.g. https://acme.freshservice.com), got ${JSON.stringify(url)}.`);
  }
  if (options.currentHost?.freshservice === undefined) throw new RuntimeError('ERR_OPTIONS', 'currentHost.freshservice is required: it is the account URL templates reach through current_host.endpoint_urls.freshservice.');
}

export class Runtime {
  readonly app: LoadedApp;
  readonly clock: Clock;
  /** Live fault knobs (see faults.ts). */
  readonly faults: Faults;
  readonly db: DbHandle;
  readonly schedules: ScheduleHandle;
  readonly #options: RuntimeOptions;
  readonly #log: RuntimeLog;
  readonly #agents: Agents;
  readonly #templates: TemplateService;
  readonly #db: DbService;
  readonly #schedules: ScheduleService;
  readonly #dispatcher: Dispatcher;
  readonly #smi: MinuteWindow;
  readonly #random: () => number;
  readonly #secure: Set<string>;
  #iparams: Record<string, unknown> | undefined;
  #installing = false;
  #disposed = false;
  #refused = 0;
  #redelivered = 0;

  constructor(options: RuntimeOptions) {
    checkOptions(options);
    this.#options = options;
    this.clock = options.clock;
    this.app = loadApp(options.appDir);
    this.faults = { ...NO_FAULTS, ...options.faults };
    this.#random = seededRandom(options.seed ?? 1);
    this.#log = new RuntimeLog(this.clock, { ...(options.onLog ? { sink: options.onLog } : {}), ...(options.keepLogs ? { keep: options.keepLogs } : {}) });
    const preset = options.iparams === undefined ? undefined : parseConfigs(options.iparams);
    this.#secure = new Set([...this.app.secureIparams, ...(options.secureIparams ?? []), ...(preset?.secure ?? [])]);
    this.#iparams = preset?.iparams;
    this.#agents = createAgents();
    const available = (): boolean => this.#iparams !== undefined || this.#installing;
    this.#templates = new TemplateService({ app: this.app, clock: this.clock, agents: this.#agents, scope: () => ({ iparams: this.#iparams ?? {}, secure: this.#secure, currentHost: this.#currentHost() }) });
    this.#db = new DbService({ clock: this.clock, available, faultRate: () => rate(this.faults.dbRateLimited), random: this.#random });
    this.#schedules = new ScheduleService({ clock: this.clock, available, log: this.#log.scope('schedule'), faults: () => ({ doubleDelivery: this.faults.scheduleDoubleDelivery, lateMs: Math.max(0, this.faults.scheduleLateMs) }), fire: (name, data) => this.#fireScheduled(name, data) });
    this.#smi = new MinuteWindow(this.clock, SmiLimits.CALLS_PER_MINUTE);
    this.#dispatcher = new Dispatcher({ app: this.app, clock: this.clock, log: this.#log, packages: new PackageResolver(this.app), cpuGuardMs: options.cpuGuardMs ?? ExecutionLimits.EXECUTION_MS, services: { log: this.#log, templates: this.#templates, db: this.#db, schedules: this.#schedules } });
    this.db = this.#db.handle(this.#log.scope('db'));
    this.schedules = this.#schedules.handle();
    this.#dispatcher.inspectExports();
  }

  get installed(): boolean {
    return this.#iparams !== undefined;
  }

  /** Every log line kept so far (app console output and runtime lines). */
  get logs(): readonly LogEntry[] {
    return this.#log.entries;
  }

  /** The installed iparams without the secure ones: what `client.iparams.get()` returns. */
  get iparams(): Record<string, unknown> {
    return this.frontEndIparams();
  }

  frontEndIparams(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.#iparams ?? {}).filter(([name]) => !this.#secure.has(name)));
  }

  #currentHost(): { subscribed_modules: string[]; endpoint_urls: Record<string, string> } {
    return { subscribed_modules: [...this.app.productModules], endpoint_urls: { ...this.#options.currentHost } };
  }

  #envelope(event: string, data?: unknown): Record<string, unknown> {
    const domain = this.#options.domain ?? new URL(this.#options.currentHost.freshservice).host;
    const base = { account_id: this.#options.accountId ?? '1', domain, event, region: this.#options.region ?? 'US', timestamp: this.clock.now() };
    return { ...base, ...(data === undefined ? {} : { data }), iparams: { ...(this.#iparams ?? {}) }, currentHost: this.#currentHost() };
  }

  #alive(): void {
    if (this.#disposed) throw new RuntimeError('ERR_DISPOSED', 'This runtime was disposed; create a new one with createRuntime().');
  }

  #refuse(kind: RunRequest['kind'], name: string, handler: string, refusal: PlatformRefusal): InvocationResult {
    this.#refused += 1;
    this.#log.write('error', 'runtime', refusal.message, { rule: refusal.rule });
    const now = this.clock.now();
    return { id: this.#dispatcher.nextId(), kind, name, handler, startedAt: now, finishedAt: now, ok: false, via: 'refused', error: { status: refusal.status, message: refusal.message }, rule: refusal.rule };
  }

  async #setupEvent(event: 'onAppInstall' | 'afterAppUpdate' | 'onAppUninstall', iparams: Record<string, unknown>): Promise<SetupOutcome> {
    const handler = this.app.eventHandlers.get(`common/${event}`);
    if (handler === undefined) return { allowed: true };
    const previous = this.#iparams;
    this.#iparams = iparams;
    const payload = this.#envelope(event);
    this.#iparams = previous;
    const result = await this.#dispatcher.run({ kind: 'appSetup', name: event, handler, payload, limitMs: ExecutionLimits.EXECUTION_MS });
    return setupOutcome(result, this.#log.scope('runtime', result.id));
  }

  /** Installs the app: runs onAppInstall with `configs` and keeps them only if it allows. */
  async install(configs: Record<string, unknown>): Promise<SetupOutcome> {
    this.#alive();
    if (this.installed) throw new RuntimeError('ERR_ALREADY_INSTALLED', 'The app is already installed; use updateIparams() to change settings or uninstall() first.');
    const parsed = parseConfigs(configs);
    for (const name of parsed.secure) this.#secure.add(name);
    this.#installing = true;
    try {
      const outcome = await this.#setupEvent('onAppInstall', parsed.iparams);
      if (outcome.allowed) this.#iparams = parsed.iparams;
      else this.#clearData();
      return outcome;
    } finally {
      this.#installing = false;
    }
  }

  /** Edit settings: runs afterAppUpdate (if registered) and keeps the new values only if it allows. */
  async updateIparams(configs: Record<string, unknown>): Promise<SetupOutcome> {
    this.#alive();
    if (!this.installed) throw new RuntimeError('ERR_NOT_INSTALLED', 'updateIparams() needs an installed app; call install() first.');
    const parsed = parseConfigs(configs);
    for (const name of parsed.secure) this.#secure.add(name);
    const outcome = await this.#setupEvent('afterAppUpdate', parsed.iparams);
    if (outcome.allowed) this.#iparams = parsed.iparams;
    return outcome;
  }

  /** Uninstalls: runs onAppUninstall; if allowed, the app's $db data, schedules and iparams are deleted. */
  async uninstall(): Promise<SetupOutcome> {
    this.#alive();
    if (!this.installed) throw new RuntimeError('ERR_NOT_INSTALLED', 'uninstall() needs an installed app.');
    const outcome = await this.#setupEvent('onAppUninstall', this.#iparams ?? {});
    if (outcome.allowed) {
      this.#iparams = undefined;
      this.#clearData();
    }
    return outcome;
  }

  #clearData(): void {
    this.#db.store.clear();
    this.#schedules.clear();
  }

  /** Delivers a product event (e.g. service_ticket/onTicketCreate) to its handler. */
  async fireProductEvent(module: string, event: string, data: unknown): Promise<InvocationResult> {
    this.#alive();
    const handler = module === 'common' ? undefined : this.app.eventHandlers.get(`${module}/${event}`);
    if (handler === undefined) {
      this.#log.write('debug', 'runtime', `${module}/${event}: the manifest registers no handler; the platform would not deliver it.`, { rule: 'event.not-subscribed' });
      const now = this.clock.now();
      return { id: this.#dispatcher.nextId(), kind: 'productEvent', name: event, handler: '', startedAt: now, finishedAt: now, ok: false, via: 'not-subscribed' };
    }
    if (!this.installed) return this.#refuse('productEvent', event, handler, new PlatformRefusal('event.not-installed', 400, `${module}/${event} was not delivered: product events reach installed apps only; call install() first.`));
    const payload = this.#envelope(event, data);
    const bytes = jsonBytes({ ...payload, iparams: undefined, currentHost: undefined });
    if (bytes > PayloadLimits.PRODUCT_EVENT_BYTES) {
      return this.#refuse('productEvent', event, handler, new PlatformRefusal('event.payload-size', 413, `${module}/${event} was not delivered: the payload is ${bytes} bytes; the product-event payload limit is ${PayloadLimits.PRODUCT_EVENT_BYTES} bytes (256 KB).`));
    }
    const first = await this.#dispatcher.run({ kind: 'productEvent', name: event, handler, payload, limitMs: ExecutionLimits.EXECUTION_MS });
    if (this.faults.eventRedelivery > 0 && this.#random() < rate(this.faults.eventRedelivery) && !this.#disposed) {
      this.#redelivered += 1;
      this.#log.write('info', 'runtime', `${module}/${event} delivered a second time (fault: faults.eventRedelivery).`, { rule: 'fault.event-redelivery' });
      await this.#dispatcher.run({ kind: 'productEvent', name: event, handler, payload: { ...payload, timestamp: this.clock.now() }, limitMs: ExecutionLimits.EXECUTION_MS });
    }
    return first;
  }

  async #fireScheduled(name: string, data: JsonObject): Promise<unknown> {
    const handler = this.app.eventHandlers.get('common/onScheduledEvent');
    if (handler === undefined) {
      this.#log.write('warn', 'schedule', `schedule '${name}' fired, but manifest.json registers no onScheduledEvent handler in modules.common.events.`, { rule: 'schedule.no-handler' });
      return undefined;
    }
    if (this.#disposed) return undefined;
    return this.#dispatcher.run({ kind: 'scheduledEvent', name: 'onScheduledEvent', handler, payload: this.#envelope('onScheduledEvent', data), limitMs: ExecutionLimits.EXECUTION_MS });
  }

  /**
   * `client.request.invoke(name, payload)`: resolves `{ requestID, status: 200, response }` with
   * renderData's data, rejects `{ requestID, status, message }`.
   */
  async invokeServerMethod(name: string, payload: Record<string, unknown> = {}): Promise<SmiSuccess> {
    this.#alive();
    const requestID = randomUUID();
    const fail = (status: number, message: string, rule?: string): never => {
      this.#refused += 1;
      this.#log.write('warn', 'runtime', message, rule === undefined ? {} : { rule });
      const failure: SmiFailure = rule === undefined ? { requestID, status, message } : { requestID, status, message, rule };
      throw failure;
    };
    const fn = this.app.functions.get(name);
    if (fn === undefined) return fail(404, 'Requested function not found or registered', 'smi.not-registered');
    const slot = this.#smi.take();
    if (!slot.ok) return fail(429, `Server method '${name}' refused: ${SmiLimits.CALLS_PER_MINUTE} invocations per minute per installation already used in the minute starting ${minuteLabel(slot.windowStart)} (this would be call ${slot.count + 1}).`, 'smi.rate-limit');
    const bytes = jsonBytes(payload);
    if (bytes > PayloadLimits.SMI_BYTES) return fail(413, `Server method '${name}' refused: the payload is ${bytes} bytes; the server-method payload limit is ${PayloadLimits.SMI_BYTES} bytes (100 KB).`, 'smi.payload-size');
    const args = { ...payload, iparams: { ...(this.#iparams ?? {}) }, currentHost: this.#currentHost() };
    const result = await this.#dispatcher.run({ kind: 'serverMethod', name, handler: name, payload: args, limitMs: fn.limitMs });
    if (!result.ok) {
      const failure: SmiFailure = { requestID, status: result.error?.status ?? 500, message: result.error?.message ?? 'server method failed' };
      throw result.rule === undefined ? failure : { ...failure, rule: result.rule };
    }
    if (result.via === 'resolved') this.#log.write('debug', 'runtime', `${name}: resolved without renderData(); its resolved value is the response.`, { invocation: result.id });
    return { requestID, status: 200, response: result.data };
  }

  /** `client.request.invokeTemplate` from the front end (shares the app's 50/min with serverless calls). */
  invokeTemplate(name: string, options: TemplateCallOptions = {}): Promise<TemplateResult> {
    this.#alive();
    return this.#templates.invoke(name, options, 'frontend', this.#log.scope('request'));
  }

  /** Delivers the source's product events to this runtime until disconnected. */
  connectEvents(source: ProductEventSource, options: ConnectOptions = {}): EventConnection {
    return connectEvents(this, source, options);
  }

  get stats(): RuntimeStats {
    return {
      templates: { ...this.#templates.window.stats(), calls: this.#templates.calls, cacheHits: this.#templates.cacheHits },
      db: this.#db.stats(),
      smi: this.#smi.stats(),
      schedules: this.#schedules.stats(),
      invocations: { ...this.#dispatcher.stats(), refused: this.#refused, redelivered: this.#redelivered },
    };
  }

  /** Resolves once no invocation (event, server method, scheduled delivery) is in flight. */
  async idle(): Promise<void> {
    await this.#schedules.idle();
    await this.#dispatcher.idle();
  }

  /** Stops timers, ends invocations in flight and closes connections. Further use throws ERR_DISPOSED. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#schedules.clear();
    this.#dispatcher.abortAll();
    this.#agents.http.destroy();
    this.#agents.https.destroy();
    await this.#dispatcher.idle();
  }
}

/** Loads the app in `options.appDir` and returns a runtime for it (throws RuntimeError ERR_APP_LOAD / ERR_OPTIONS). */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  return new Runtime(options);
}
