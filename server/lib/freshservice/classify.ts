/**
 * Turns what `$request.invokeTemplate` rejects with (`{ status, headers, response, errorSource }`,
 * fdk-platform.md §3.3) into a typed `FreshserviceError`.
 */
import { parseRetryAfter } from '../../../core/budget';
import { freshserviceError, type FieldError, type FreshserviceError } from './errors';

export interface TemplateRejection {
  status?: unknown;
  headers?: unknown;
  response?: unknown;
  errorSource?: unknown;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function parseBody(response: unknown): Record<string, unknown> {
  if (typeof response !== 'string' || response.trim() === '') return {};
  try {
    return asRecord(JSON.parse(response));
  } catch {
    return {};
  }
}

/** Freshservice's validation errors (`{ description, errors: [{ field, message, code }] }`), capped and cleaned. */
export function fieldErrors(body: Record<string, unknown>): FieldError[] {
  const errors = Array.isArray(body.errors) ? body.errors : [];
  return errors.slice(0, 5).map((e) => {
    const item = asRecord(e);
    return { field: String(item.field ?? ''), message: String(item.message ?? '').slice(0, 200), code: String(item.code ?? '') };
  });
}

function header(headers: unknown, name: string): unknown {
  const record = asRecord(headers);
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}

function platformError(status: number, template: string): FreshserviceError {
  if (status === 429) return freshserviceError('platform_limit', status, template, "The app reached FDK's limit of 50 API calls a minute; the remaining work is deferred.");
  if (status === 504) return freshserviceError('timeout', status, template, `Freshservice did not answer in time (${template}); the app retries later.`);
  if (status === 502 || status === 0) return freshserviceError('network', status, template, `Freshservice could not be reached (${template}); the app retries later.`);
  return freshserviceError('template', status, template, `The platform refused request template '${template}' (${status}); this is a bug in the app.`);
}

function validationError(template: string, body: Record<string, unknown>): FreshserviceError {
  const fields = fieldErrors(body);
  const detail = fields.map((f) => `${f.field || 'request'}: ${f.message}`).join('; ');
  return freshserviceError('validation', 400, template, `Freshservice refused the request (${template}, 400)${detail ? `: ${detail}` : ''}.`, { fields });
}

function clientError(status: number, template: string, body: Record<string, unknown>): FreshserviceError {
  switch (status) {
    case 401:
      return freshserviceError('auth', status, template, 'Freshservice rejected the API key (401). An admin should update it in the app settings.');
    case 403:
      return freshserviceError('permission', status, template, `The API key's agent is not allowed to do this (${template}, 403 ${String(body.code ?? 'access_denied')}). Give that agent the permission or use an admin's key.`);
    case 404:
      return freshserviceError('not_found', status, template, `Freshservice has no such record (${template}, 404); it was probably deleted.`);
    case 409:
      return freshserviceError('conflict', status, template, `Freshservice reported a conflict (${template}, 409); the app will retry with fresh data.`);
    case 415:
      return freshserviceError('unsupported', status, template, `Freshservice refused the content type (${template}, 415).`);
    default:
      return validationError(template, body);
  }
}

/** Classifies a rejection of `$request.invokeTemplate` (or a thrown non-object) for `template`. */
export function classifyRejection(template: string, rejection: unknown, now: number): FreshserviceError {
  const r = asRecord(rejection) as TemplateRejection;
  const status = typeof r.status === 'number' ? r.status : 0;
  if (r.errorSource === 'PLATFORM' || status === 0) return platformError(status, template);
  if (status === 429) {
    const retryAfter = parseRetryAfter(header(r.headers, 'retry-after'), now);
    return freshserviceError('rate_limited', 429, template, `Freshservice's API limit for the account was reached (429); the app pauses ${retryAfter} s and resumes.`, { retryAfter });
  }
  if (status >= 500) return freshserviceError('server', status, template, `Freshservice failed (${template}, ${status}); the app retries later.`);
  return clientError(status, template, parseBody(r.response));
}
