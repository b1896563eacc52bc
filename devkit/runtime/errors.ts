/**
 * Errors of the local FDK runtime, in two families:
 *
 * - `RuntimeError` is thrown to the *host* (tests, dev server) when the runtime itself is misused
 *   or the app folder cannot be loaded. It carries a code from `RUNTIME_ERROR_CODES`.
 * - Platform error *objects* are what app code sees: plain `{ status, message, ... }` values that
 *   `$db`, `$schedule`, `$request` and server-method callers reject with, shaped like the
 *   platform's (fdk-platform.md §2.5, §3.3, §6). They are never `Error` instances, as on the
 *   platform, so `err.status` and `err.message` are all app code may rely on.
 *
 * Every refusal names the rule it enforces (`rule`, a stable id such as `db.key-length`) so a log
 * line or a failed test says which platform rule was broken and by how much.
 */

export const RUNTIME_ERROR_CODES = {
  /** The app folder cannot be loaded the way the platform loads it (manifest, requests.json, server.js). */
  ERR_APP_LOAD: 'ERR_APP_LOAD',
  /** `createRuntime` options are invalid. */
  ERR_OPTIONS: 'ERR_OPTIONS',
  /** The runtime was used after `dispose()`. */
  ERR_DISPOSED: 'ERR_DISPOSED',
  /** An operation that needs an installed app ran before `install()` (or after `uninstall()`). */
  ERR_NOT_INSTALLED: 'ERR_NOT_INSTALLED',
  /** `install()` on an app that is already installed (use `updateIparams()`). */
  ERR_ALREADY_INSTALLED: 'ERR_ALREADY_INSTALLED',
} as const;

export type RuntimeErrorCode = keyof typeof RUNTIME_ERROR_CODES;

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = `RuntimeError [${code}]`;
  }
}

/** What `$db` and `$schedule` reject with (fdk-platform.md §6, §2.6). */
export interface PlatformErrorBody {
  status: number;
  message: string;
  /** The platform's error id where one is documented (`key_length_error`, …), else a devkit id. */
  code?: string;
}

/** What `$request.invokeTemplate` rejects with (fdk-platform.md §3.3). */
export interface TemplateErrorBody {
  status: number;
  headers: Record<string, string>;
  /** Upstream body for APP errors; the platform's explanation for PLATFORM errors. */
  response: string;
  errorSource: 'APP' | 'PLATFORM';
  /** How many attempts were sent (0 when refused before sending). */
  attempts: number;
  /** PLATFORM errors only: the same explanation as `response`. */
  message?: string;
}

/** A rule violation found by a validator: the platform error plus the rule id for the log. */
export class PlatformRefusal {
  constructor(
    readonly rule: string,
    readonly status: number,
    readonly message: string,
    readonly code?: string,
  ) {}

  toBody(): PlatformErrorBody {
    return this.code === undefined ? { status: this.status, message: this.message } : { status: this.status, message: this.message, code: this.code };
  }
}

export function isRefusal(value: unknown): value is PlatformRefusal {
  return value instanceof PlatformRefusal;
}

/** Byte length of a string as UTF-8, which is how every size limit here is measured. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Byte length of a value's JSON, or 0 for values JSON cannot represent. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : utf8Bytes(text);
}
