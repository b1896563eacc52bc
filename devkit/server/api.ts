/**
 * `/__devkit/api/*`: the client's operations (one per platform call) and the host pages' reads
 * and writes. Each maps to one `DevBackend` method; platform outcomes travel as `ApiReply` with
 * HTTP 200, and a request the devkit cannot understand is a 4xx with a message.
 */
import { DB_OPERATIONS, type ApiReply, type AppLocation, type ClientApi, type DbOperation, type UiRecord } from '../client/protocol.ts';
import type { DevBackend, Outcome } from './backend.ts';

export interface ApiRequest {
  method: string;
  /** Path after `/__devkit/api/`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ApiAnswer {
  status: number;
  json: unknown;
}

export interface ApiContext {
  backend: DevBackend;
  /** Every showNotify/resize a client reported, oldest first (tests read it). */
  ui: UiRecord[];
  now: () => number;
}

const LOCATIONS: readonly AppLocation[] = ['ticket_sidebar', 'installation', 'standalone'];

class BadRequest extends Error {}

function reply(outcome: Outcome<unknown>): ApiAnswer {
  const json: ApiReply = outcome.ok ? { ok: true, value: outcome.value } : { ok: false, error: outcome.error };
  return { status: 200, json };
}

const ok = (value: unknown): ApiAnswer => reply({ ok: true, value });

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('the request body must be a JSON object');
  return body as Record<string, unknown>;
}

function text(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new BadRequest(`"${key}" must be a non-empty string`);
  return value;
}

function positiveInt(raw: unknown, what: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new BadRequest(`${what} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

function summarize(outcome: Outcome<unknown>): string {
  if (outcome.ok) return 'ok';
  const source = typeof outcome.error.errorSource === 'string' ? ` (${outcome.error.errorSource})` : '';
  return `rejected ${outcome.error.status}${source}${outcome.error.message ? `: ${outcome.error.message}` : ''}`;
}

/** Runs a client call, logging what it was and how it ended. */
async function logged(ctx: ApiContext, what: string, run: () => Promise<Outcome<unknown>> | Outcome<unknown>, level: 'debug' | 'info' = 'info'): Promise<ApiAnswer> {
  const started = ctx.now();
  const outcome = await run();
  // A 404 (no such $db key) is an answer apps expect, not a problem worth a warning.
  const shown = outcome.ok ? level : outcome.error.status === 404 ? 'info' : 'warn';
  ctx.backend.log({ level: shown, source: 'client', message: `${what} → ${summarize(outcome)} (${ctx.now() - started} ms)` });
  return reply(outcome);
}

type Handler = (ctx: ApiContext, request: ApiRequest) => Promise<ApiAnswer> | ApiAnswer;

const CLIENT_OPS: Readonly<Record<string, Handler>> = {
  data(ctx, { body }) {
    const b = object(body);
    const key = text(b, 'key');
    const location = LOCATIONS.includes(b.location as AppLocation) ? (b.location as AppLocation) : 'standalone';
    const scope = b.ticketId === undefined ? { location } : { location, ticketId: positiveInt(b.ticketId, 'ticketId') };
    return logged(ctx, `data.get("${key}")`, () => ctx.backend.pageData(key, scope), 'debug');
  },
  iparams(ctx) {
    return ok(ctx.backend.frontEndIparams());
  },
  invoke(ctx, { body }) {
    const b = object(body);
    const name = text(b, 'name');
    return logged(ctx, `request.invoke("${name}")`, () => ctx.backend.invokeServerMethod(name, b.payload ?? {}));
  },
  invokeTemplate(ctx, { body }) {
    const b = object(body) as ClientApi['invokeTemplate'];
    const name = text(b as unknown as Record<string, unknown>, 'name');
    const { name: _name, ...options } = b;
    return logged(ctx, `request.invokeTemplate("${name}")`, () => ctx.backend.invokeTemplate(name, options));
  },
  db(ctx, { body }) {
    const b = object(body);
    const op = b.op as DbOperation;
    if (!DB_OPERATIONS.includes(op)) throw new BadRequest(`db op must be one of ${DB_OPERATIONS.join(', ')}`);
    const args = Array.isArray(b.args) ? b.args : [];
    return logged(ctx, `db.${op}(${JSON.stringify(args[0])})`, () => ctx.backend.db(op, args));
  },
  ui(ctx, { body }) {
    const record = object(body) as unknown as UiRecord;
    if (record.kind !== 'showNotify' && record.kind !== 'resize') throw new BadRequest('ui kind must be showNotify or resize');
    ctx.ui.push(record);
    const what = record.kind === 'showNotify' ? `showNotify ${record.notify.type}: ${record.notify.message}` : `resize to ${record.height}px (asked ${JSON.stringify(record.requested)})`;
    ctx.backend.log({ level: 'info', source: 'client', message: `${record.location}: ${what}` });
    return ok(null);
  },
};

const HOST_OPS: ReadonlyArray<[method: string, pattern: RegExp, handler: (ctx: ApiContext, request: ApiRequest, match: RegExpExecArray) => Promise<ApiAnswer> | ApiAnswer]> = [
  ['GET', /^tickets$/, (ctx, { query }) => ok(ctx.backend.listTickets(Math.min(positiveInt(query.get('limit') ?? 50, 'limit'), 500)))],
  ['POST', /^tickets$/, (ctx, { body }) => {
    const b = object(body);
    const input = { subject: text(b, 'subject'), description: typeof b.description === 'string' ? b.description : '' };
    const email = typeof b.requesterEmail === 'string' && b.requesterEmail !== '' ? { requesterEmail: b.requesterEmail } : {};
    const priority = b.priority === undefined ? {} : { priority: positiveInt(b.priority, 'priority') };
    return reply(ctx.backend.createTicket({ ...input, ...email, ...priority }));
  }],
  ['GET', /^tickets\/(\d+)$/, (ctx, _req, m) => {
    const view = ctx.backend.ticketView(positiveInt(m[1], 'ticket id'));
    return reply(view ? { ok: true, value: view } : { ok: false, error: { status: 404, message: `No ticket ${m[1]} in the fake account.` } });
  }],
  ['POST', /^tickets\/(\d+)$/, (ctx, { body }, m) => {
    const b = object(body);
    const patch = { ...(b.status === undefined ? {} : { status: positiveInt(b.status, 'status') }), ...(b.priority === undefined ? {} : { priority: positiveInt(b.priority, 'priority') }) };
    return reply(ctx.backend.updateTicket(positiveInt(m[1], 'ticket id'), patch));
  }],
  ['GET', /^install$/, (ctx) => ok(ctx.backend.installState())],
  ['POST', /^install$/, async (ctx, { body }) => reply(await ctx.backend.install(object(object(body).configs)))],
  ['GET', /^sample$/, (ctx, { query }) => ok(ctx.backend.samplePayload(query.get('module') ?? '', query.get('event') ?? ''))],
  ['POST', /^fire$/, async (ctx, { body }) => {
    const b = object(body);
    return ok(await ctx.backend.fireEvent(text(b, 'module'), text(b, 'event'), b.payload ?? {}));
  }],
  ['GET', /^ui$/, (ctx) => ok(ctx.ui)],
];

export async function handleApi(ctx: ApiContext, request: ApiRequest): Promise<ApiAnswer> {
  try {
    const clientOp = request.method === 'POST' ? CLIENT_OPS[request.path] : undefined;
    if (clientOp) return await clientOp(ctx, request);
    for (const [method, pattern, handler] of HOST_OPS) {
      const match = pattern.exec(request.path);
      if (match && method === request.method) return await handler(ctx, request, match);
    }
    return { status: 404, json: { message: `devkit: no API ${request.method} /__devkit/api/${request.path}` } };
  } catch (error) {
    if (error instanceof BadRequest) return { status: 400, json: { message: `devkit: ${request.path}: ${error.message}` } };
    throw error;
  }
}
