/**
 * `DevBackend` over the real devkit: the FDK runtime (devkit/runtime) runs the app, the fake
 * Freshservice (devkit/fake-freshservice) is the account. This file is the only one in the dev
 * server that knows either API; it translates, it decides nothing the platform decides.
 *
 * Two platform behaviours live here because they are about the installation page, not the
 * serverless runtime:
 * - on "edit settings" a secure iparam comes back blank and a blank secure value on Save keeps
 *   the stored one (DESIGN §2 item 1; FDK masks saved secure values since 9.5.0);
 * - the page's `__meta.secure` list is remembered so later saves keep those names secure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DbOperation } from '../client/protocol.ts';
import { buildEventRequester, buildEventTicket, type FakeFreshservice } from '../fake-freshservice/index.ts';
import type { InvocationResult, Runtime, SetupOutcome } from '../runtime/index.ts';
import type { AppDescriptor, DataScope, DevBackend, EventRef, FireResult, FrontEndTemplateOptions, InstallState, LiveLogEntry, NewTicket, Outcome, TemplateResponse, TicketPatch } from './backend.ts';
import { FakeAccount } from './fake-account.ts';
import type { LogHub } from './log-hub.ts';

export interface RuntimeBackendInit {
  runtime: Runtime;
  fake: FakeFreshservice;
  /** Must be the hub the runtime's `onLog` writes to. */
  logs: LogHub;
}

function fail(status: number, message: string): { ok: false; error: { status: number; message: string } } {
  return { ok: false, error: { status, message } };
}

/** A platform rejection (a plain object) as an Outcome; anything else is a devkit bug and rethrown. */
function rejection(error: unknown): { ok: false; error: { status: number; message?: string } & Record<string, unknown> } {
  if (typeof error === 'object' && error !== null && !(error instanceof Error) && typeof (error as { status?: unknown }).status === 'number') {
    return { ok: false, error: error as { status: number } & Record<string, unknown> };
  }
  throw error;
}

/** `__meta.secure` of what `postConfigs()` returned (fdk-platform.md §4.3). */
function secureNames(configs: Record<string, unknown>): string[] {
  const secure = (configs.__meta as { secure?: unknown } | undefined)?.secure;
  return Array.isArray(secure) ? secure.filter((s): s is string => typeof s === 'string') : [];
}

function describeApp(runtime: Runtime): AppDescriptor {
  const { app } = runtime;
  const sidebar = (app.manifest.modules.service_ticket?.location?.ticket_sidebar ?? undefined) as { url?: unknown; icon?: unknown } | undefined;
  const events: EventRef[] = [...app.eventHandlers].map(([key, handler]) => {
    const [module = '', event = ''] = key.split('/');
    return { module, event, handler };
  });
  // Product events first: they are what the simulator is mostly for.
  events.sort((a, b) => Number(a.module === 'common') - Number(b.module === 'common'));
  return {
    dir: app.dir,
    sidebarUrl: typeof sidebar?.url === 'string' ? sidebar.url : undefined,
    sidebarIcon: typeof sidebar?.icon === 'string' ? sidebar.icon : undefined,
    installPage: existsSync(resolve(app.dir, 'config/iparams.html')) ? 'config/iparams.html' : undefined,
    events,
    functions: [...app.functions.keys()],
  };
}

export class RuntimeBackend implements DevBackend {
  readonly app: AppDescriptor;
  readonly account: FakeAccount;
  readonly #runtime: Runtime;
  readonly #fake: FakeFreshservice;
  readonly #logs: LogHub;
  /** Every iparam stored at the last install/save, secure ones included (for "keep when blank"). */
  #stored: Record<string, unknown> = {};
  readonly #secure = new Set<string>();

  constructor(init: RuntimeBackendInit) {
    this.#runtime = init.runtime;
    this.#fake = init.fake;
    this.#logs = init.logs;
    this.app = describeApp(init.runtime);
    this.account = new FakeAccount(init.fake, init.runtime.app.productModules);
  }

  /**
   * Delivers the fake's ticket events to the app, logging each; returns the disconnect function.
   * How each invocation ends is logged by the runtime itself.
   */
  connectFakeEvents(): () => void {
    const connection = this.#runtime.connectEvents({
      on: (listener) =>
        this.#fake.events.on('*', (event) => {
          this.#logs.log({ level: 'info', source: 'fake', message: `${event.event} ticket #${event.data.ticket.id} "${String(event.data.ticket.subject ?? '')}" → app` });
          listener(event);
        }),
    });
    return () => connection.disconnect();
  }

  listTickets(limit: number) {
    return this.account.listTickets(limit);
  }
  ticketView(id: number) {
    return this.account.ticketView(id);
  }
  updateTicket(id: number, patch: TicketPatch) {
    return this.account.updateTicket(id, patch);
  }
  createTicket(input: NewTicket) {
    return this.account.createTicket(input);
  }
  pageData(key: string, scope: DataScope) {
    return this.account.pageData(key, scope);
  }

  frontEndIparams(): Record<string, unknown> {
    return this.#runtime.frontEndIparams();
  }

  async invokeServerMethod(name: string, payload: unknown): Promise<Outcome<unknown>> {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return fail(400, `request.invoke("${name}", payload): payload must be an object, got ${Array.isArray(payload) ? 'an array' : typeof payload}.`);
    }
    try {
      const { response } = await this.#runtime.invokeServerMethod(name, payload as Record<string, unknown>);
      return { ok: true, value: response };
    } catch (error) {
      return rejection(error);
    }
  }

  async invokeTemplate(name: string, options: FrontEndTemplateOptions): Promise<Outcome<TemplateResponse>> {
    try {
      // The runtime validates the options as it does for $request (e.g. body must be a string).
      return { ok: true, value: await this.#runtime.invokeTemplate(name, options as Parameters<Runtime['invokeTemplate']>[1]) };
    } catch (error) {
      return rejection(error);
    }
  }

  async db(op: DbOperation, args: unknown[]): Promise<Outcome<unknown>> {
    const api = this.#runtime.db.api as unknown as Record<DbOperation, (...a: unknown[]) => Promise<unknown>>;
    try {
      return { ok: true, value: await api[op](...args) };
    } catch (error) {
      return rejection(error);
    }
  }

  installState(): InstallState {
    const iparams: Record<string, unknown> = { ...this.#runtime.frontEndIparams() };
    for (const name of this.#secure) if (name in this.#stored) iparams[name] = '';
    return { installed: this.#runtime.installed, iparams, secure: [...this.#secure] };
  }

  async install(configs: Record<string, unknown>): Promise<Outcome<InstallState>> {
    const merged = this.#keepBlankSecrets(configs);
    const installing = !this.#runtime.installed;
    let outcome: SetupOutcome;
    try {
      outcome = installing ? await this.#runtime.install(merged) : await this.#runtime.updateIparams(merged);
    } catch (error) {
      return fail(400, (error as Error).message);
    }
    if (!outcome.allowed) return fail(400, `${installing ? 'onAppInstall' : 'afterAppUpdate'} blocked it: ${outcome.message ?? 'no reason given'}`);
    const { __meta: _meta, ...iparams } = merged;
    this.#stored = iparams;
    for (const name of secureNames(merged)) this.#secure.add(name);
    this.#logs.log({ level: 'info', source: 'devkit', message: `${installing ? 'installed' : 'settings saved'}: ${Object.keys(iparams).join(', ')} (secure: ${[...this.#secure].join(', ') || 'none'})` });
    return { ok: true, value: this.installState() };
  }

  #keepBlankSecrets(configs: Record<string, unknown>): Record<string, unknown> {
    const merged = { ...configs };
    const secure = new Set([...this.#secure, ...secureNames(configs)]);
    for (const name of secure) {
      const value = merged[name];
      if ((value === undefined || value === null || value === '') && name in this.#stored) merged[name] = this.#stored[name];
    }
    if (secure.size > 0) merged.__meta = { ...(configs.__meta as object | undefined), secure: [...secure] };
    return merged;
  }

  samplePayload(module: string, event: string): unknown {
    const file = resolve(this.app.dir, 'server/test_data', module, `${event}.json`);
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as unknown;
      } catch (error) {
        return { error: `server/test_data/${module}/${event}.json is not valid JSON: ${(error as Error).message}` };
      }
    }
    return this.#generatedPayload(event);
  }

  /** No test_data file: a payload built from the newest ticket of the fake account. */
  #generatedPayload(event: string): unknown {
    const store = this.#fake.store;
    const ticket = store.tickets.list().filter((t) => !t.deleted && !t.spam).sort((a, b) => b.id - a.id)[0];
    if (ticket === undefined || (event !== 'onTicketCreate' && event !== 'onTicketUpdate')) return { data: {} };
    const requester = buildEventRequester(ticket, store);
    const data: Record<string, unknown> = {
      ticket: buildEventTicket(ticket, store),
      requester,
      actor: { id: requester.id, name: requester.name, email: requester.email, type: 'requester' },
    };
    if (event === 'onTicketUpdate') {
      const before = ticket.priority === 1 ? 2 : 1;
      const names = ['', 'Low', 'Medium', 'High', 'Urgent'];
      data.changes = { priority: [before, ticket.priority], priority_name: [names[before], names[ticket.priority] ?? null] };
    }
    return { data };
  }

  async fireEvent(module: string, event: string, payload: unknown): Promise<FireResult> {
    this.#logs.log({ level: 'info', source: 'simulator', message: `${module}/${event} fired from /web/test` });
    const lines: LiveLogEntry[] = [];
    const stop = this.#logs.on((entry) => lines.push(entry));
    try {
      if (module === 'common') return this.#commonEvent(event, lines);
      const envelope = payload as { data?: unknown } | null;
      const data = typeof envelope === 'object' && envelope !== null && 'data' in envelope ? envelope.data : payload;
      return fireResult(await this.#runtime.fireProductEvent(module, event, data), lines);
    } finally {
      stop();
    }
  }

  /**
   * App-setup and scheduled events do not come from the product: the platform runs onAppInstall /
   * afterAppUpdate when the installation page saves, and onScheduledEvent when a `$schedule` is due.
   */
  #commonEvent(event: string, lines: LiveLogEntry[]): FireResult {
    const where = event === 'onScheduledEvent'
      ? `it fires when a $schedule is due (${this.#runtime.schedules.list().length} scheduled now)`
      : 'Install/Save on /custom_configs runs the app-setup events';
    return { outcome: 'failed', via: 'not-simulated', message: `${event} is not fired from the simulator: ${where}.`, durationMs: 0, logs: lines };
  }

  onLog(listener: (entry: LiveLogEntry) => void): () => void {
    return this.#logs.on(listener);
  }

  log(entry: Omit<LiveLogEntry, 'at'>): void {
    this.#logs.log(entry);
  }
}

function fireResult(result: InvocationResult, lines: LiveLogEntry[]): FireResult {
  const own = lines.filter((l) => l.invocation === result.id || (l.invocation === undefined && (l.source === 'runtime' || l.source === 'fake')));
  const base: FireResult = { outcome: result.ok ? 'success' : 'failed', via: result.via, durationMs: result.finishedAt - result.startedAt, logs: own };
  if (result.error) base.message = result.error.status === undefined ? result.error.message : `${result.error.status}: ${result.error.message}`;
  if (result.via === 'not-subscribed') base.message = 'manifest.json registers no handler for this event, so the platform would not deliver it.';
  if (result.data !== undefined) base.data = result.data;
  return base;
}
