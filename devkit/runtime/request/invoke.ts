/**
 * `$request.invokeTemplate(name, { context?, body?, query? })` and the front end's
 * `client.request.invokeTemplate(name, { context?, body?, cache?, ttl? })`, sharing one FDK limit
 * of 50 calls per minute per app (fdk-platform.md §3.3, §3.4).
 *
 * Order of checks, each refusal naming its rule: template declared in the manifest and defined
 * in requests.json ("Request template not found"), body a string ≤ 100 KB, options valid,
 * template renders under the substitution rules (render.ts), then one attempt per FDK-limit
 * slot: every attempt counts, and an attempt over the limit is refused with a PLATFORM 429
 * without being sent. Attempts are retried after `retryDelay` (clock time) on a network error,
 * a timeout, 429 or 5xx, up to `maxAttempts`.
 *
 * Results: 2xx resolves `{ status, headers, response }` (body as a string). Anything else
 * rejects a TemplateErrorBody: upstream non-2xx with errorSource APP; the platform's own
 * failures with errorSource PLATFORM: 400 refused template, 429 FDK limit, 413 response over
 * 6 MB, 415 response content type not allowed, 502 connection error, 504 timeout.
 * The `Retry-After` of an upstream 429 is not honoured by platform retries (unverified upstream).
 */
import type { Clock } from '../../clock.ts';
import type { LoadedApp, TemplateSpec } from '../app-loader.ts';
import { PlatformRefusal, utf8Bytes, type TemplateErrorBody } from '../errors.ts';
import type { ScopedLog } from '../log.ts';
import { MinuteWindow, minuteLabel } from '../minute-window.ts';
import { exchange, type Agents, type Exchange } from './http.ts';
import { ALLOWED_RESPONSE_TYPES, RequestLimits } from './limits.ts';
import { renderTemplate, type RenderedRequest, type RenderScope } from './render.ts';

export interface TemplateCallOptions {
  context?: Record<string, unknown>;
  body?: string;
  query?: Record<string, unknown>;
  /** Front end only: reuse a successful response for `ttl` ms. */
  cache?: boolean;
  ttl?: number;
}

export interface TemplateResult {
  status: number;
  headers: Record<string, string>;
  response: string;
}

export type TemplateOrigin = 'serverless' | 'frontend';

export interface TemplateServiceInit {
  app: LoadedApp;
  clock: Clock;
  agents: Agents;
  /** Everything the renderer needs except the call's context. */
  scope: () => Omit<RenderScope, 'context'>;
}

function platformError(status: number, message: string, attempts: number, rule: string): TemplateErrorBody & { rule: string } {
  return { status, headers: {}, response: message, message, errorSource: 'PLATFORM', attempts, rule };
}

function fromRefusal(refusal: PlatformRefusal): TemplateErrorBody & { rule: string } {
  return platformError(refusal.status, refusal.message, 0, refusal.rule);
}

interface Retry {
  maxAttempts: number;
  retryDelay: number;
}

export class TemplateService {
  readonly window: MinuteWindow;
  readonly #init: TemplateServiceInit;
  readonly #cache = new Map<string, { expires: number; result: TemplateResult }>();
  readonly #warned = new Set<string>();
  calls = 0;
  cacheHits = 0;

  constructor(init: TemplateServiceInit) {
    this.#init = init;
    this.window = new MinuteWindow(init.clock, RequestLimits.CALLS_PER_MINUTE);
  }

  /** Resolves a TemplateResult or rejects a TemplateErrorBody (never an Error). */
  async invoke(name: unknown, rawOptions: unknown, origin: TemplateOrigin, log: ScopedLog): Promise<TemplateResult> {
    this.calls += 1;
    try {
      const { spec, options, retry } = this.#check(String(name), rawOptions, origin, log);
      const cacheKey = origin === 'frontend' && options.cache === true ? JSON.stringify([name, options.context, options.body, options.query]) : undefined;
      const cached = cacheKey === undefined ? undefined : this.#cache.get(cacheKey);
      if (cached !== undefined && cached.expires > this.#init.clock.now()) {
        this.cacheHits += 1;
        return { ...cached.result, headers: { ...cached.result.headers } };
      }
      const request = renderTemplate(String(name), spec, { ...this.#init.scope(), context: options.context ?? {} }, options.query);
      for (const warning of request.warnings) this.#warnOnce(warning, 'request.protocol-http', log);
      const result = await this.#send(String(name), request, options.body, retry, log);
      if (cacheKey !== undefined) this.#cache.set(cacheKey, { expires: this.#init.clock.now() + (options.ttl ?? RequestLimits.DEFAULT_CACHE_TTL_MS), result });
      return result;
    } catch (error) {
      if (error instanceof PlatformRefusal) {
        log.warn(error.message, error.rule);
        throw fromRefusal(error);
      }
      throw error;
    }
  }

  #warnOnce(message: string, rule: string, log: ScopedLog): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    log.warn(message, rule);
  }

  #check(name: string, rawOptions: unknown, origin: TemplateOrigin, log: ScopedLog): { spec: TemplateSpec; options: TemplateCallOptions; retry: Retry } {
    const { app } = this.#init;
    if (!app.declaredTemplates.has(name)) throw new PlatformRefusal('request.template-not-found', 400, `Request template not found: '${name}' is not declared in manifest.json modules.common.requests.`);
    const spec = app.templates[name];
    if (spec === undefined) throw new PlatformRefusal('request.template-not-found', 400, `Request template not found: '${name}' is not defined in config/requests.json.`);
    if (rawOptions !== undefined && (typeof rawOptions !== 'object' || rawOptions === null || Array.isArray(rawOptions))) {
      throw new PlatformRefusal('request.options', 400, `invokeTemplate('${name}', options): options must be an object like { context, body }.`);
    }
    const options = (rawOptions ?? {}) as TemplateCallOptions;
    if (options.body !== undefined && typeof options.body !== 'string') {
      throw new PlatformRefusal('request.body-type', 400, `invokeTemplate('${name}'): body must be a string (JSON.stringify it), got ${Array.isArray(options.body) ? 'array' : typeof options.body}.`);
    }
    const bytes = options.body === undefined ? 0 : utf8Bytes(options.body);
    if (bytes > RequestLimits.MAX_BODY_BYTES) {
      throw new PlatformRefusal('request.body-size', 400, `invokeTemplate('${name}'): body is ${bytes} bytes; the request payload limit is ${RequestLimits.MAX_BODY_BYTES} bytes (100 KB).`);
    }
    if (origin === 'serverless' && (options.cache !== undefined || options.ttl !== undefined)) {
      this.#warnOnce(`invokeTemplate('${name}'): cache/ttl are front-end options (client.request.invokeTemplate); ignored in serverless code.`, 'request.cache-frontend-only', log);
    }
    return { spec, options, retry: retryOptions(name, spec) };
  }

  async #send(name: string, request: RenderedRequest, body: string | undefined, retry: Retry, log: ScopedLog): Promise<TemplateResult> {
    const { clock, agents } = this.#init;
    const label = `${request.method} ${request.url.href}`;
    for (let attempt = 1; ; attempt++) {
      const slot = this.window.take();
      if (!slot.ok) {
        const message = `FDK request limit: ${this.window.limit} request-template calls per minute per app reached in the minute starting ${minuteLabel(slot.windowStart)} (this would be call ${slot.count + 1}); '${name}' was not sent (attempt ${attempt} of ${retry.maxAttempts}). The window resets at ${minuteLabel(slot.resetAt)}.`;
        log.warn(message, 'request.rate-limit');
        throw platformError(429, message, attempt - 1, 'request.rate-limit');
      }
      const outcome = await exchange(request, body, { clock, agents, timeoutMs: RequestLimits.TIMEOUT_MS, maxResponseBytes: RequestLimits.MAX_RESPONSE_BYTES });
      if (attempt < retry.maxAttempts && retryable(outcome)) {
        log.info(`${name}: ${label} → ${describeOutcome(outcome)}; retrying in ${retry.retryDelay} ms (attempt ${attempt + 1} of ${retry.maxAttempts}).`, 'request.retry');
        await clock.sleep(retry.retryDelay);
        continue;
      }
      return settle(name, label, outcome, attempt, log);
    }
  }
}

function retryOptions(name: string, spec: TemplateSpec): Retry {
  const maxAttempts = spec.options?.maxAttempts ?? RequestLimits.DEFAULT_ATTEMPTS;
  const retryDelay = spec.options?.retryDelay ?? RequestLimits.DEFAULT_RETRY_DELAY_MS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > RequestLimits.MAX_ATTEMPTS) {
    throw new PlatformRefusal('request.options', 400, `Request template '${name}': options.maxAttempts must be an integer from 1 to ${RequestLimits.MAX_ATTEMPTS}, got ${String(maxAttempts)}.`);
  }
  if (typeof retryDelay !== 'number' || !(retryDelay >= 0) || retryDelay > RequestLimits.MAX_RETRY_DELAY_MS) {
    throw new PlatformRefusal('request.options', 400, `Request template '${name}': options.retryDelay must be a number of ms from 0 to ${RequestLimits.MAX_RETRY_DELAY_MS}, got ${String(retryDelay)}.`);
  }
  return { maxAttempts, retryDelay };
}

function retryable(outcome: Exchange): boolean {
  if (outcome.kind === 'network' || outcome.kind === 'timeout') return true;
  return outcome.kind === 'response' && (outcome.status === 429 || outcome.status >= 500);
}

function describeOutcome(outcome: Exchange): string {
  switch (outcome.kind) {
    case 'response':
      return String(outcome.status);
    case 'network':
      return `connection error (${outcome.message})`;
    case 'timeout':
      return `no response within ${RequestLimits.TIMEOUT_MS} ms`;
    case 'too-large':
      return `response over ${RequestLimits.MAX_RESPONSE_BYTES} bytes`;
  }
}

function settle(name: string, label: string, outcome: Exchange, attempts: number, log: ScopedLog): TemplateResult {
  const fail = (status: number, message: string, rule: string): never => {
    log.warn(message, rule);
    throw platformError(status, message, attempts, rule);
  };
  if (outcome.kind === 'network') return fail(502, `${name}: ${label} failed: connection error (${outcome.message}) after ${attempts} attempt(s).`, 'request.connection');
  if (outcome.kind === 'timeout') return fail(504, `${name}: ${label} timed out: no response within ${RequestLimits.TIMEOUT_MS} ms (request timeout 15 s) after ${attempts} attempt(s).`, 'request.timeout');
  if (outcome.kind === 'too-large') return fail(413, `${name}: ${label} response exceeded ${RequestLimits.MAX_RESPONSE_BYTES} bytes (6 MB response limit); read ${outcome.bytes} bytes before stopping.`, 'request.response-size');
  const type = (outcome.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (outcome.body !== '' && !ALLOWED_RESPONSE_TYPES.includes(type)) {
    return fail(415, `${name}: ${label} answered ${outcome.status} with content type '${type || '(none)'}', which the request method does not pass through (allowed: ${ALLOWED_RESPONSE_TYPES.join(', ')}).`, 'request.content-type');
  }
  if (outcome.status >= 200 && outcome.status < 300) {
    log.debug(`${name}: ${label} → ${outcome.status} (${attempts} attempt(s)).`);
    return { status: outcome.status, headers: outcome.headers, response: outcome.body };
  }
  log.info(`${name}: ${label} → ${outcome.status} (${attempts} attempt(s)); rejected with errorSource APP.`);
  const error: TemplateErrorBody = { status: outcome.status, headers: outcome.headers, response: outcome.body, errorSource: 'APP', attempts };
  throw error;
}
