/**
 * The one way server code calls Freshservice: `$request.invokeTemplate` behind a per-invocation
 * meter that refuses any call beyond the app's budget *before* it is sent, reads the
 * `X-RateLimit-*` headers of every answer, and stops spending for the rest of the invocation after
 * a 401, a 429 or FDK's own limit, so a revoked key or a busy account costs at most one call.
 * There is no waiting and no retry loop here: the sandbox has no timers, so whatever does not fit
 * is left for a later scheduled run.
 */
import {
  creditsFor, currentSpend, parseRateLimitHeaders, recordSpend, refusal,
  type AppBudget, type Operation, type RateLimitHeaders, type Spend,
} from '../../../core/budget';
import { classifyRejection } from './classify';
import { freshserviceError, type FreshserviceError } from './errors';

export type TemplateName =
  | 'probeStoredKey' | 'viewTicket' | 'updateTicket' | 'createNote' | 'listConversations'
  | 'filterTickets' | 'listTickets' | 'viewRequester';

/** The rate-limit operation each template counts against, and the includes it always carries. */
export const TEMPLATE_OPERATIONS: Readonly<Record<TemplateName, { operation: Operation; includes: number }>> = {
  probeStoredKey: { operation: 'other', includes: 0 },
  viewTicket: { operation: 'viewTicket', includes: 0 },
  updateTicket: { operation: 'updateTicket', includes: 0 },
  createNote: { operation: 'other', includes: 0 },
  listConversations: { operation: 'other', includes: 0 },
  filterTickets: { operation: 'other', includes: 0 },
  listTickets: { operation: 'listTickets', includes: 0 },
  viewRequester: { operation: 'other', includes: 0 },
};

export type Invoke = (name: string, options: { context?: Record<string, unknown>; body?: string }) => Promise<{ status: number; headers: Record<string, string>; response: string }>;

export interface Meter {
  budget: AppBudget;
  /** This window's spend, including calls made by this invocation. */
  spend: Spend;
  /** Calls and credits kept back for others (agents' actions in the sidebar). */
  reserve: number;
  /** Calls this invocation made. */
  made: number;
  lastRateLimit: RateLimitHeaders | undefined;
  /** Set after an error that makes further calls pointless this minute. */
  stopped: FreshserviceError | undefined;
  now: () => number;
}

export function createMeter(budget: AppBudget, options: { reserve?: number; spend?: Spend; now?: () => number } = {}): Meter {
  const now = options.now ?? (() => Date.now());
  return { budget, spend: currentSpend(options.spend, now()), reserve: options.reserve ?? 0, made: 0, lastRateLimit: undefined, stopped: undefined, now };
}

/** True when a call of `template` would fit now. */
export function fits(meter: Meter, template: TemplateName, includes = 0): boolean {
  const { operation, includes: fixed } = TEMPLATE_OPERATIONS[template];
  meter.spend = currentSpend(meter.spend, meter.now());
  return meter.stopped === undefined && refusal(meter.spend, meter.budget, operation, creditsFor(operation, fixed + includes), meter.reserve) === undefined;
}

const STOPPING = new Set(['auth', 'rate_limited', 'platform_limit']);

function admit(meter: Meter, template: TemplateName, includes: number): void {
  if (meter.stopped !== undefined) throw meter.stopped;
  const { operation, includes: fixed } = TEMPLATE_OPERATIONS[template];
  const credits = creditsFor(operation, fixed + includes);
  meter.spend = currentSpend(meter.spend, meter.now());
  const refused = refusal(meter.spend, meter.budget, operation, credits, meter.reserve);
  if (refused !== undefined) {
    throw freshserviceError('budget', 0, template, `The app's budget of ${refused} is spent for this minute; the rest waits for the next window.`);
  }
  // Failed calls count toward Freshservice's limit too, so spend is recorded before sending.
  meter.spend = recordSpend(meter.spend, operation, credits);
  meter.made += 1;
}

/** After an answer that says the account has nothing left this minute, stop before the next call would 429. */
function observe(meter: Meter, template: TemplateName, headers: Record<string, string> | undefined): void {
  meter.lastRateLimit = parseRateLimitHeaders(headers);
  if (meter.lastRateLimit.remaining === 0) {
    const retryAfter = Math.max(1, Math.ceil((60_000 - (meter.now() % 60_000)) / 1000));
    meter.stopped = freshserviceError('rate_limited', 429, template, `The account's API budget for this minute is used up; the app waits ${retryAfter} s.`, { retryAfter });
  }
}

function parseJson<T>(template: TemplateName, status: number, response: string): T | undefined {
  if (response.trim() === '') return undefined;
  try {
    return JSON.parse(response) as T;
  } catch {
    throw freshserviceError('bad_response', status, template, `Freshservice answered ${template} with something that is not JSON; the app retries later.`);
  }
}

export interface CallOptions {
  context?: Record<string, string | number>;
  body?: unknown;
  /** Extra embedded resources (include=) beyond the template's own. */
  includes?: number;
}

export interface CallResult<T> {
  status: number;
  data: T | undefined;
  headers: Record<string, string>;
}

function requestOf(options: CallOptions): { context?: Record<string, unknown>; body?: string } {
  const request: { context?: Record<string, unknown>; body?: string } = {};
  if (options.context !== undefined) request.context = options.context;
  if (options.body !== undefined) request.body = JSON.stringify(options.body);
  return request;
}

async function send(invoke: Invoke, meter: Meter, template: TemplateName, options: CallOptions): Promise<Awaited<ReturnType<Invoke>>> {
  try {
    return await invoke(template, requestOf(options));
  } catch (rejection) {
    const error = classifyRejection(template, rejection, meter.now());
    if (STOPPING.has(error.kind)) meter.stopped = error;
    throw error;
  }
}

export async function callTemplate<T>(invoke: Invoke, meter: Meter, template: TemplateName, options: CallOptions = {}): Promise<CallResult<T>> {
  admit(meter, template, options.includes ?? 0);
  const result = await send(invoke, meter, template, options);
  const headers = result.headers ?? {};
  observe(meter, template, headers);
  return { status: result.status, data: parseJson<T>(template, result.status, String(result.response ?? '')), headers };
}
