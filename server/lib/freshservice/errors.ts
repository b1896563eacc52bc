/**
 * Typed errors for every way a Freshservice call can fail, each with a message an admin can act
 * on. Errors are plain `Error` objects tagged by `name` (not subclasses with fields): the sandbox
 * has its own realm, so `instanceof` is unreliable, and ES2020 class fields would need helpers that
 * FDK's lint rejects. Messages are built from the status, the template name and Freshservice's
 * field errors only, so they can never carry the API key.
 */

export type FreshserviceErrorKind =
  | 'validation' // 400 with field details
  | 'auth' // 401: key rejected
  | 'permission' // 403: the key's agent lacks a right
  | 'not_found' // 404
  | 'conflict' // 409
  | 'unsupported' // 415
  | 'rate_limited' // 429 from Freshservice
  | 'server' // 5xx
  | 'platform_limit' // FDK's 50 calls/min (429, errorSource PLATFORM)
  | 'template' // the platform refused the template (400/403/415 PLATFORM)
  | 'timeout' // 504 PLATFORM
  | 'network' // 502 PLATFORM or no status
  | 'bad_response' // 2xx whose body is not the JSON promised
  | 'budget'; // the app's own budget refused the call before sending it

export interface FieldError {
  field: string;
  message: string;
  code: string;
}

export interface FreshserviceError extends Error {
  name: 'FreshserviceError';
  kind: FreshserviceErrorKind;
  status: number;
  template: string;
  /** Seconds to wait, for `rate_limited`. */
  retryAfter?: number;
  fields?: FieldError[];
  /** True when the same call may succeed later without anyone changing anything. */
  transient: boolean;
}

const TRANSIENT: ReadonlySet<FreshserviceErrorKind> = new Set(['rate_limited', 'server', 'platform_limit', 'timeout', 'network', 'budget']);

export function freshserviceError(
  kind: FreshserviceErrorKind,
  status: number,
  template: string,
  message: string,
  extra: { retryAfter?: number; fields?: FieldError[] } = {},
): FreshserviceError {
  const error = new Error(message) as FreshserviceError;
  error.name = 'FreshserviceError';
  error.kind = kind;
  error.status = status;
  error.template = template;
  error.transient = TRANSIENT.has(kind);
  if (extra.retryAfter !== undefined) error.retryAfter = extra.retryAfter;
  if (extra.fields !== undefined) error.fields = extra.fields;
  return error;
}

/** Works across realms: checks the name, not the prototype. */
export function isFreshserviceError(error: unknown): error is FreshserviceError {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'FreshserviceError';
}

/** What an admin should do about an error, in one sentence; used by the sidebar's health section. */
export const ADMIN_HINTS: Readonly<Record<FreshserviceErrorKind, string>> = {
  validation: 'Check the rule or setting that produced this value.',
  auth: 'An admin should update the API key in the app settings.',
  permission: "Give the API key's agent the missing permission, or use an admin's key.",
  not_found: 'Nothing to do: the ticket was probably deleted.',
  conflict: 'The app will try again with fresh data.',
  unsupported: 'Report this to the app developer.',
  rate_limited: 'Nothing to do: the app waits for the next minute window.',
  server: 'Nothing to do: the app retries later.',
  platform_limit: 'Nothing to do: the app defers the rest of its work.',
  template: 'Report this to the app developer.',
  timeout: 'Nothing to do: the app retries later.',
  network: 'Nothing to do: the app retries later.',
  bad_response: 'Nothing to do: the app retries later.',
  budget: "Nothing to do: the app defers work beyond its share of the API budget.",
};
