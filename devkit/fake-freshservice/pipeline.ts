/**
 * One request, start to finish, independent of node:http: route → rate limit → charge → auth →
 * content negotiation → body → permission → query check → handler, then the headers every answer
 * carries (reference §2.3, §7) and one entry in the call log. The HTTP server and the background
 * integrations both go through here, so they share one budget and one set of statistics.
 *
 * Order decisions (the reference is silent): the account's budget is checked before anything
 * else, because the account is known from the URL; a 429 consumes nothing and every other answer
 * consumes the request's credits, including 401/404/405/4xx and injected 5xx (§2.1 note 3).
 */
import type { Clock } from '../clock.ts';
import type { CallerLabel, Identity, KeyRing } from './auth.ts';
import { may } from './auth.ts';
import type { ApiRequest, ApiResponse } from './http.ts';
import { ApiError, FORBIDDEN, flat, invalid, json, UNAUTHORIZED, UNKNOWN_FIELD_MESSAGE, validationFailed } from './http.ts';
import { ApiLimits } from './limits.ts';
import type { RateLimiter } from './rate-limit.ts';
import { limitMessage } from './rate-limit.ts';
import type { Route } from './routes.ts';
import { matchRoute } from './routes.ts';
import type { CallRecord, FaultKind, Stats } from './stats.ts';
import type { Store } from './store.ts';

export type ServerErrorStatus = 500 | 502 | 503;

export interface PipelineDeps {
  store: Store;
  clock: Clock;
  keys: KeyRing;
  limiter: RateLimiter;
  stats: Stats;
  calls: CallRecord[];
  baseUrl: () => string;
}

export interface DispatchOptions {
  /** Answer this 5xx instead of handling the request (fault injection; credits are still charged). */
  serverError?: ServerErrorStatus;
  /** Recorded on the call (e.g. 'latency' when the request was delayed). */
  fault?: FaultKind;
}

export const API_VERSION_HEADER = { 'X-Freshservice-Api-Version': 'latest=v2; requested=v2' } as const;

export class Pipeline {
  constructor(private readonly deps: PipelineDeps) {}

  dispatch(req: ApiRequest, options: DispatchOptions = {}): ApiResponse {
    const { limiter, keys } = this.deps;
    const match = matchRoute(req.method, req.path);
    const route = match.kind === 'found' ? match.route : undefined;
    const includes = route ? requestedIncludes(req.query) : [];
    const credits = 1 + includes.filter((i) => route?.includes?.includes(i)).length * (route?.shape === 'list' ? ApiLimits.INCLUDE_CREDITS_LIST : ApiLimits.INCLUDE_CREDITS_SHOW);
    const caller = keys.labelOf(req.headers['authorization']);
    const decision = limiter.check(route?.subLimit, credits);
    if (!decision.allowed) {
      const message = limitMessage(decision.limit, decision.max, limiter.plan, decision.retryAfter);
      const response = json(429, { code: 'rate_limit_exceeded', message, limit: decision.limit }, { 'Retry-After': String(decision.retryAfter) });
      return this.#finish(req, response, { credits: 0, caller, route, limit: decision.limit, retryAfter: decision.retryAfter, fault: options.fault });
    }
    limiter.consume(route?.subLimit, credits);
    let response: ApiResponse;
    try {
      if (match.kind === 'not_found') throw new ApiError({ status: 404, headers: {} });
      if (match.kind === 'method_not_allowed') {
        throw flat(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; allowed: ${match.allow.join(', ')}`, { Allow: match.allow.join(', ') });
      }
      response = options.serverError ? serverError(options.serverError) : this.#handle(req, match.route, match.id, includes);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        console.error('fake-freshservice: handler failed:', error);
        response = json(500, { code: 'internal_error', message: `The fake failed: ${String((error as Error)?.message ?? error)}` });
      } else {
        response = error.response;
      }
    }
    return this.#finish(req, response, { credits, caller, route, fault: options.fault });
  }

  /** Logs a request that never got an answer (a connection dropped before the API saw it): no credits. */
  recordUnanswered(req: ApiRequest, fault: FaultKind): void {
    const match = matchRoute(req.method, req.path);
    const route = match.kind === 'found' ? match.route : undefined;
    const call: CallRecord = {
      at: this.deps.clock.now(), method: req.method, path: req.path, query: Object.fromEntries(req.query), status: 0, credits: 0,
      caller: this.deps.keys.labelOf(req.headers['authorization']), endpoint: route?.endpoint ?? 'unknown', fault,
    };
    this.deps.calls.push(call);
    this.deps.stats.record(call, route?.subLimit);
  }

  #handle(req: ApiRequest, route: Route, id: number, includes: string[]): ApiResponse {
    const { keys, store, clock } = this.deps;
    const caller = keys.authenticate(req.headers['authorization']);
    if (!caller) throw new ApiError(json(401, UNAUTHORIZED));
    checkAccept(req.headers['accept']);
    const body = req.method === 'POST' || req.method === 'PUT' ? readBody(req) : {};
    if (!may(caller, route.permission)) throw new ApiError(json(403, FORBIDDEN));
    checkQuery(req.query, route, includes);
    return route.handler({ store, clock, caller: caller satisfies Identity, id, path: req.path, query: req.query, body, includes, baseUrl: this.deps.baseUrl() });
  }

  #finish(
    req: ApiRequest,
    response: ApiResponse,
    meta: { credits: number; caller: CallerLabel; route: Route | undefined; limit?: CallRecord['limit']; retryAfter?: number; fault?: FaultKind | undefined },
  ): ApiResponse {
    const { limiter, stats, calls, clock } = this.deps;
    Object.assign(response.headers, API_VERSION_HEADER, limiter.headers(meta.credits));
    if (response.json !== undefined) response.headers['Content-Type'] = 'application/json; charset=utf-8';
    const call: CallRecord = {
      at: clock.now(), method: req.method, path: req.path, query: Object.fromEntries(req.query), status: response.status,
      credits: meta.credits, caller: meta.caller, endpoint: meta.route?.endpoint ?? 'unknown',
    };
    if (meta.retryAfter !== undefined) call.retryAfter = meta.retryAfter;
    if (meta.limit !== undefined) call.limit = meta.limit;
    if (meta.fault !== undefined) call.fault = meta.fault;
    calls.push(call);
    stats.record(call, meta.route?.subLimit);
    return response;
  }
}

function requestedIncludes(query: URLSearchParams): string[] {
  const raw = query.get('include');
  return raw === null ? [] : [...new Set(raw.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

/** 406 unless the client accepts JSON (reference §3: only application/json and any-type are accepted). */
function checkAccept(accept: string | undefined): void {
  if (accept === undefined || accept.trim() === '') return;
  const types = accept.split(',').map((t) => (t.split(';')[0] ?? '').trim().toLowerCase());
  if (types.some((t) => t === 'application/json' || t === '*/*' || t === 'application/*')) return;
  throw flat(406, 'invalid_accept_header', `Accept: ${accept} is not supported; only application/json and */* are (Freshservice API errors, 406)`);
}

/**
 * The JSON body of a POST/PUT. A body over 1 MiB is 413 (our limit; the reference is silent). A
 * missing or non-JSON Content-Type is 415: every client sets it, and the reference leaves the
 * missing case open (§7), so the fake takes the strict side.
 */
function readBody(req: ApiRequest): Record<string, unknown> {
  if (req.bodyTooLarge) {
    throw flat(413, 'request_too_large', `The request body is larger than the fake's limit of ${ApiLimits.MAX_BODY_BYTES} bytes`);
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw flat(415, 'invalid_content_type', `Content-Type ${type || '(none)'} is not supported; send application/json (multipart/form-data is only for attachments, which the fake does not model)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body?.toString('utf8') ?? '');
  } catch (error) {
    throw invalid('body', `Request body has invalid json format: ${(error as Error).message}`, 'invalid_json');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid('body', 'Request body must be a JSON object', 'invalid_json');
  }
  return parsed as Record<string, unknown>;
}

/** Unknown query parameters are 400 `invalid_field` (reference §7); unknown `include` values `invalid_value`. */
function checkQuery(query: URLSearchParams, route: Route, includes: string[]): void {
  const unknown = [...new Set(query.keys())].filter((k) => !(k === 'include' && route.includes) && !route.query.includes(k));
  if (unknown.length > 0) throw validationFailed(unknown.map((field) => ({ field, message: UNKNOWN_FIELD_MESSAGE, code: 'invalid_field' as const })));
  const allowed = route.includes ?? [];
  if (includes.some((i) => !allowed.includes(i))) {
    throw invalid('include', `It should be one of these values: '${allowed.join(',')}'`);
  }
}

/** Injected server errors: 500 as JSON like the API's own errors; 502/503 as a gateway's HTML page. */
function serverError(status: ServerErrorStatus): ApiResponse {
  if (status === 500) return json(500, { code: 'internal_error', message: 'We are sorry, something went wrong (injected fault: 500).' });
  const reason = status === 502 ? 'Bad Gateway' : 'Service Unavailable';
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, text: `<html><body><h1>${status} ${reason}</h1></body></html>\n` };
}
