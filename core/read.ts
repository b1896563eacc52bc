/**
 * Tolerant readers for untrusted JSON (event payloads, API answers, stored records). They never
 * throw: a missing or wrongly typed value becomes `null` (or a default) and a short issue line.
 */
import { describeValue, truncate } from './text.ts';

export type Rec = Record<string, unknown>;

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property only: `get(obj, 'constructor')` is `undefined` for plain objects. */
export function get(obj: Rec, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Where values come from and where issues go. `path` prefixes issue lines (`ticket.priority: …`). */
export interface Source {
  obj: Rec;
  path: string;
  issues: string[];
}

export function issue(src: Source, key: string, text: string): void {
  src.issues.push(`${src.path}.${key}: ${text}`);
}

function wrongType(src: Source, key: string, expected: string, value: unknown): null {
  issue(src, key, `expected ${expected}, got ${describeValue(value)}`);
  return null;
}

function absent(src: Source, key: string, value: unknown, required: boolean): boolean {
  if (value === undefined && required) issue(src, key, 'missing');
  return value === undefined || value === null;
}

const INTEGER_TEXT = /^\s*\d{1,16}\s*$/;

/** Accepts integers and integer strings (`"17000012345"`). */
export function toInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return toInteger(Number(value));
  return null;
}

/** A non-negative integer code (status, priority, source…) or an id (`min` 1). */
export function readInteger(src: Source, key: string, min: number, required = false): number | null {
  const value = get(src.obj, key);
  if (absent(src, key, value, required)) return null;
  const n = toInteger(value);
  if (n === null || n < min) return wrongType(src, key, min > 0 ? 'a positive integer' : 'an integer', value);
  return n;
}

/** A string cut to `max` characters; numbers and booleans are turned into text; `''` becomes `null`. */
export function readText(src: Source, key: string, max: number, required = false): string | null {
  const value = get(src.obj, key);
  if (absent(src, key, value, required)) return null;
  const text = scalarText(value);
  if (text === null) return wrongType(src, key, 'a string', value);
  if (text.length > max) issue(src, key, `cut from ${text.length} to ${max} characters`);
  return text === '' ? null : truncate(text, max);
}

export function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

/** ISO 8601 text or epoch (seconds or milliseconds) → epoch milliseconds. */
export function readTime(src: Source, key: string, required = false): number | null {
  const value = get(src.obj, key);
  if (absent(src, key, value, required)) return null;
  const ms = toTime(value);
  return ms === null ? wrongType(src, key, 'a date-time', value) : ms;
}

export function toTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? epochMs(value) : null;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Epoch values below 10^11 are taken as seconds (10^11 ms is 1973; 10^11 s is year 5138). */
function epochMs(n: number): number {
  return Math.abs(n) < 1e11 ? Math.round(n * 1000) : Math.round(n);
}

export function readBoolean(src: Source, key: string): boolean {
  const value = get(src.obj, key);
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  wrongType(src, key, 'a boolean', value);
  return false;
}
