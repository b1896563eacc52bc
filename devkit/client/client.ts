/**
 * The `client` object an FDK front end gets from `app.initialized()` (fdk-platform.md §5.3), as
 * far as Ticket Radar's pages use it. Everything that touches platform state (data, iparams,
 * server methods, request templates, `$db`) is a call to the dev server, which runs it through
 * the same runtime as the serverless side: templates are rendered there, so secure iparams never
 * reach the browser, and `client.db` shares the installation's store and its 50/min budget.
 */
import type { BootContext } from './context.ts';
import type { EventCallback, EventHub } from './events.ts';
import { guardClient, guardNamespace } from './guard.ts';
import type { HostChannel } from './host.ts';
import { MAX_APP_HEIGHT_PX, NOTIFY_TYPES, type ApiError, type ClientApi, type DbOperation, type NotifyOptions, type UiRecord } from './protocol.ts';
import { unwrap, type Transport } from './transport.ts';

export interface ClientDeps {
  context: BootContext;
  transport: Transport;
  host: HostChannel;
  events: EventHub;
}

export interface InvokeTemplateOptions {
  context?: unknown;
  body?: unknown;
  cache?: boolean;
  ttl?: number;
}

export interface TemplateResponse {
  status: number;
  headers: Record<string, string>;
  response: string;
}

function invalid(message: string): Promise<never> {
  const error: ApiError = { status: 400, message };
  return Promise.reject(error);
}

let requestCounter = 0;
function requestId(): string {
  requestCounter += 1;
  return `devkit-${Date.now().toString(36)}-${requestCounter}`;
}

export function createClient(deps: ClientDeps) {
  const { context, transport, host, events } = deps;
  const db = (op: DbOperation, args: unknown[]): Promise<unknown> => transport('db', { op, args }).then(unwrap);
  const record = (entry: UiRecord): Promise<void> => transport('ui', entry).then(() => undefined, () => undefined);

  const data = {
    async get(key: unknown): Promise<Record<string, unknown>> {
      if (typeof key !== 'string' || key === '') return invalid('data.get(key): key must be a non-empty string such as "ticket".');
      const body = context.ticketId === undefined ? { key, location: context.location } : { key, location: context.location, ticketId: context.ticketId };
      const value = await transport('data', body).then(unwrap);
      return { [key]: value };
    },
  };

  const request = {
    async invoke(name: unknown, payload: unknown = {}): Promise<{ response: unknown }> {
      if (typeof name !== 'string') return invalid('request.invoke(name, payload): name must be the server method name from manifest.json.');
      const reply = await transport('invoke', { name, payload });
      if (reply.ok) return { response: reply.value };
      return Promise.reject({ requestID: requestId(), ...reply.error });
    },
    async invokeTemplate(name: unknown, options: InvokeTemplateOptions = {}): Promise<TemplateResponse> {
      if (typeof name !== 'string') return invalid('request.invokeTemplate(name, options): name must be a template from config/requests.json.');
      // Options go to the runtime as they are: it validates them (body must be a string, …) the
      // way `$request.invokeTemplate` does, and serves `cache: true` from its own cache.
      const call: ClientApi['invokeTemplate'] = { name };
      if (options.context !== undefined) call.context = options.context;
      if (options.body !== undefined) call.body = options.body;
      if (options.cache !== undefined) call.cache = options.cache;
      if (options.ttl !== undefined) call.ttl = options.ttl;
      return transport('invokeTemplate', call).then((reply) => unwrap<TemplateResponse>(reply));
    },
  };

  const iparams = {
    async get(key?: unknown): Promise<Record<string, unknown>> {
      const all = await transport('iparams', {}).then((reply) => unwrap<Record<string, unknown>>(reply));
      if (key === undefined) return all;
      if (typeof key !== 'string') return invalid('iparams.get(key): key must be an iparam name.');
      return key in all ? { [key]: all[key] } : {};
    },
  };

  const dbApi = {
    get: (key: unknown) => db('get', [key]),
    set: (key: unknown, value: unknown, options?: unknown) => db('set', options === undefined ? [key, value] : [key, value, options]),
    update: (key: unknown, action: unknown, attributes: unknown) => db('update', [key, action, attributes]),
    delete: (key: unknown) => db('delete', [key]),
  };

  const eventsApi = {
    /** Typed for TypeScript callers; checked at run time for the plain-JS apps the platform runs. */
    on(name: string, callback: EventCallback): void {
      if (typeof name !== 'string' || typeof callback !== 'function') {
        throw new TypeError('events.on(name, callback): name must be an event name such as "app.activated" and callback a function.');
      }
      events.on(name, callback);
    },
  };

  const interfaceApi = {
    async trigger(action: unknown, options: unknown): Promise<void> {
      if (action !== 'showNotify') {
        return Promise.reject(guardedAction(action));
      }
      const notify = readNotify(options);
      if (typeof notify === 'string') return invalid(notify);
      host.post({ source: 'devkit-client', type: 'showNotify', notify });
      await record({ kind: 'showNotify', location: context.location, notify });
    },
  };

  const instance = {
    async resize(options: unknown): Promise<void> {
      const requested = (options as { height?: unknown } | null)?.height;
      const height = parseHeight(requested);
      if (height === undefined) return invalid(`instance.resize({ height }): height must be a number of pixels or a string like "500px", got ${JSON.stringify(requested)}.`);
      const applied = Math.min(height, MAX_APP_HEIGHT_PX);
      host.post({ source: 'devkit-client', type: 'resize', height: applied });
      await record({ kind: 'resize', location: context.location, height: applied, requested: requested as string | number });
    },
    context(): Promise<{ instanceId: string; location: string; product: string; data: Record<string, unknown> }> {
      return Promise.resolve({ instanceId: context.instanceId, location: context.location, product: 'freshservice', data: {} });
    },
  };

  return guardClient({
    data: guardNamespace('client.data', data),
    events: guardNamespace('client.events', eventsApi),
    request: guardNamespace('client.request', request),
    iparams: guardNamespace('client.iparams', iparams),
    db: guardNamespace('client.db', dbApi),
    interface: guardNamespace('client.interface', interfaceApi),
    instance: guardNamespace('client.instance', instance),
  });
}

export type DevkitClient = ReturnType<typeof createClient>;

function guardedAction(action: unknown): ApiError {
  return { status: 501, message: `interface.trigger(${JSON.stringify(action)}) is not available in the Ticket Radar devkit (supported here: showNotify).` };
}

/** The notify options, or a message saying what is wrong with them. */
function readNotify(options: unknown): NotifyOptions | string {
  const o = (options ?? {}) as { type?: unknown; title?: unknown; message?: unknown };
  if (!NOTIFY_TYPES.includes(o.type as NotifyOptions['type'])) {
    return `interface.trigger("showNotify", { type, message }): type must be one of ${NOTIFY_TYPES.join(', ')}, got ${JSON.stringify(o.type)}.`;
  }
  if (typeof o.message !== 'string' || o.message === '') return 'interface.trigger("showNotify", { type, message }): message must be a non-empty string.';
  if (o.title !== undefined && typeof o.title !== 'string') return 'interface.trigger("showNotify", { title }): title must be a string.';
  const notify: NotifyOptions = { type: o.type as NotifyOptions['type'], message: o.message };
  if (typeof o.title === 'string') notify.title = o.title;
  return notify;
}

/** Pixels from `500`, `"500"` or `"500px"`; undefined for anything else. */
export function parseHeight(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/.exec(value);
  return match?.[1] === undefined ? undefined : parseHeight(Number(match[1]));
}
