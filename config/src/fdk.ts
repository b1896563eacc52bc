/**
 * The part of the FDK front-end client the installation page uses (fdk-platform.md §3.3, §5.3),
 * typed, and readers for what it answers. Before the app is installed, templates get the API key
 * through `context` (the `*WithKey`/`probeAgent` templates); afterwards the stored secure key is
 * used by templates that read `iparam.api_key`, so the browser never holds it.
 */

export interface TemplateResponse {
  status: number;
  headers?: Record<string, string>;
  response: string;
}

export interface InstallClient {
  request: {
    invokeTemplate(name: string, options: { context?: Record<string, unknown> }): Promise<TemplateResponse>;
    invoke(name: string, payload: Record<string, unknown>): Promise<{ response?: unknown }>;
  };
}

/** A rejected template call or server method, read defensively. */
export interface Failure {
  /** HTTP status; 0 when the call never got one (network, script error). */
  status: number;
  headers: Readonly<Record<string, string>>;
  /** The answer's body as text (`response`), or the platform's message. */
  body: string;
  /** `APP` (the API answered) or `PLATFORM` (FDK refused or could not connect); '' when unknown. */
  source: string;
  message: string;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function headersOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) if (typeof v === 'string' || typeof v === 'number') out[k.toLowerCase()] = String(v);
  return out;
}

export function readFailure(error: unknown): Failure {
  const e = record(error);
  const status = typeof e.status === 'number' && Number.isFinite(e.status) ? e.status : 0;
  const message = text(e.message) || (error instanceof Error ? error.message : '');
  return { status, headers: headersOf(e.headers), body: text(e.response) || message, source: text(e.errorSource), message };
}

/** JSON text to a value; undefined when it is not JSON. */
export function parseJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** A server method's data: the platform answers `{ response }`, sometimes as JSON text. */
export function smiData(reply: unknown): unknown {
  const response = record(reply).response;
  return typeof response === 'string' ? parseJson(response) : response;
}

/** `{ code, message }` of a Freshservice error body (flat form, reference §3). */
export function errorCode(body: string): { code: string; message: string } {
  const json = record(parseJson(body));
  return { code: text(json.code), message: text(json.message) };
}

import type { Timers } from '../../ui/timers';

export { BROWSER_TIMERS, type Timers } from '../../ui/timers';

/** `work`, or a rejection `{ status: 504, message }` once `ms` have passed. */
export function withTimeout<T>(work: Promise<T>, ms: number, timers: Timers): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const id = timers.set(() => reject({ status: 504, message: `No answer within ${Math.round(ms / 1000)} seconds.`, errorSource: 'PLATFORM' }), ms);
    work.then(
      (value) => {
        timers.clear(id);
        resolve(value);
      },
      (error: unknown) => {
        timers.clear(id);
        reject(error);
      },
    );
  });
}
