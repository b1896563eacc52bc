/**
 * Log lines for the FDK's log view. Every line goes through `redact`, which removes the API key
 * (as typed and in every encoding a request could carry it) from anything logged, so a payload,
 * an error message or a template result can never leak it.
 */

export interface Logger {
  info(event: string, message: string): void;
  warn(event: string, message: string): void;
  error(event: string, message: string): void;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** UTF-8 bytes using only language built-ins (the sandbox has no TextEncoder). */
function utf8(text: string): number[] {
  return Array.from(unescape(encodeURIComponent(text)), (ch) => ch.charCodeAt(0));
}

/** Base64 without Buffer or btoa, neither of which the serverless sandbox is guaranteed to have. */
export function base64(text: string): string {
  const bytes = utf8(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(i, i + 3);
    const n = (a << 16) | (b << 8) | c;
    const chars = [18, 12, 6, 0].map((shift) => ALPHABET.charAt((n >> shift) & 63));
    const pad = 3 - Math.min(3, bytes.length - i);
    out += chars.slice(0, 4 - pad).join('') + '='.repeat(pad);
  }
  return out;
}

/** Strings that must never appear in a log line, given the API key. */
export function secretForms(apiKey: string | undefined): string[] {
  const key = (apiKey ?? '').trim();
  if (key.length < 4) return [];
  return [key, base64(`${key}:X`), base64(key), encodeURIComponent(key)].filter((s) => s.length >= 4);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out.replace(/Basic\s+[A-Za-z0-9+/=]{8,}/g, 'Basic [redacted]');
}

export function createLogger(apiKey: string | undefined, sink: Pick<Console, 'log' | 'warn' | 'error'> = console): Logger {
  const secrets = secretForms(apiKey);
  const line = (level: string, event: string, message: string): string => redact(`ticket-radar ${level} [${event}] ${message}`, secrets);
  return {
    info: (event, message) => sink.log(line('info', event, message)),
    warn: (event, message) => sink.warn(line('warn', event, message)),
    error: (event, message) => sink.error(line('error', event, message)),
  };
}
