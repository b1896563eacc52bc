/**
 * Requests and answers as the pipeline sees them (independent of node:http, so the background
 * integrations can dispatch in-process), and the error bodies of reference §3.
 */

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Raw body bytes, when one was sent. */
  body?: Buffer;
  /** The body was larger than `ApiLimits.MAX_BODY_BYTES` and was not kept. */
  bodyTooLarge?: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body; absent for empty answers (204, 404). */
  json?: unknown;
  /** Non-JSON body (the HTML a gateway sends with 502/503). */
  text?: string;
}

export type ErrorCode =
  | 'missing_field' | 'invalid_value' | 'duplicate_value' | 'datatype_mismatch' | 'invalid_field' | 'invalid_json'
  | 'readonly_field' | 'no_content_required' | 'inaccessible_field' | 'incompatible_field';

/** One entry of a 400 body's `errors` array (reference §3). */
export interface FieldError {
  field: string;
  message: string;
  code: ErrorCode;
}

/** Thrown by handlers; the pipeline turns it into the answer. */
export class ApiError extends Error {
  constructor(readonly response: ApiResponse) {
    super(`HTTP ${response.status}`);
    this.name = 'ApiError';
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers, json: body };
}

export function empty(status: number, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers };
}

/** 400 `{"description":"Validation failed","errors":[…]}` (reference §3, n8n keys on the description). */
export function validationFailed(errors: readonly FieldError[]): ApiError {
  return new ApiError(json(400, { description: 'Validation failed', errors }));
}

export function invalid(field: string, message: string, code: ErrorCode = 'invalid_value'): ApiError {
  return validationFailed([{ field, message, code }]);
}

/** The flat `{code, message}` form used for 401/403 and our other non-validation errors (reference §3). */
export function flat(status: number, code: string, message: string, headers: Record<string, string> = {}): ApiError {
  return new ApiError(json(status, { code, message }, headers));
}

/** 404 has an empty body (reference §3: SOAR avoids parsing it; Freshdesk sends none). */
export function notFound(): ApiError {
  return new ApiError(empty(404));
}

export const UNAUTHORIZED = { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } as const;
export const FORBIDDEN = { code: 'access_denied', message: 'You are not authorized to perform this action.' } as const;

/** "Unexpected/invalid field in request" (reference §3, Freshdesk-family wording). */
export const UNKNOWN_FIELD_MESSAGE = 'Unexpected/invalid field in request';
