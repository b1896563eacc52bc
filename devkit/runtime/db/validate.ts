/**
 * Validation of `$db` calls, with the platform's error ids and messages (MKT
 * keyvalue-store-errors.md) extended with the measured value and the limit. Status 400 for
 * validation errors is the devkit's choice (the docs give no status except 404).
 */
import { PlatformRefusal, utf8Bytes } from '../errors.ts';
import { DB_ACTIONS, DbLimits, type DbAction } from './limits.ts';

export type JsonObject = Record<string, unknown>;

function bad(rule: string, code: string, message: string): PlatformRefusal {
  return new PlatformRefusal(rule, 400, message, code);
}

export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export function validateKey(key: unknown): string {
  if (typeof key !== 'string' || key.trim() === '') throw bad('db.blank-key', 'blank_key_error', 'The key cannot be blank');
  if (key.length > DbLimits.MAX_KEY_CHARS) {
    throw bad('db.key-length', 'key_length_error', `Key length should not exceed ${DbLimits.MAX_KEY_CHARS} characters (key '${key.slice(0, 20)}…' has ${key.length})`);
  }
  return key;
}

/** Empty strings, NaN and ±Infinity inside values are stored as null (keyvalue-store-docs.md). */
export function normalize(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : emptyToNull(JSON.parse(text));
}

function emptyToNull(value: unknown): unknown {
  if (value === '') return null;
  if (Array.isArray(value)) return value.map(emptyToNull);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, emptyToNull(v)]));
  return value;
}

export function validateValue(value: unknown): JsonObject {
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw bad('db.value', 'blank_value_error', 'The value cannot be blank and should be of type JSON');
  }
  return normalize(value) as JsonObject;
}

export function checkSize(key: string, value: JsonObject): void {
  const bytes = utf8Bytes(key) + utf8Bytes(JSON.stringify(value));
  if (bytes > DbLimits.MAX_ENTRY_BYTES) {
    throw bad('db.size', 'object_size_error', `The combined size of the key and value should not exceed 40KB (key + value are ${bytes} bytes; the limit is ${DbLimits.MAX_ENTRY_BYTES})`);
  }
}

export interface SetOptions {
  /** Absent, or negative ttl: the key lives forever. */
  ttlMs?: number;
  setIf?: 'exist' | 'not_exist';
}

export function validateSetOptions(options: unknown): SetOptions {
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) throw bad('db.options', 'invalid_options', 'The options argument of set should be an object like { ttl } or { setIf }');
  const result: SetOptions = {};
  if (options.ttl !== undefined) {
    const ttl = options.ttl;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl === 0) {
      throw bad('db.ttl', 'ttl_type_error', `Time to live(ttl) should be of type float and a non-zero value (got ${JSON.stringify(ttl) ?? String(ttl)})`);
    }
    if (ttl > 0) result.ttlMs = ttl * 1000;
  }
  if (options.setIf !== undefined) {
    if (options.setIf !== 'exist' && options.setIf !== 'not_exist') {
      throw bad('db.setIf', 'invalid_setIf_value', `setIf should be either "exist" or "not_exist" (got ${JSON.stringify(options.setIf)})`);
    }
    result.setIf = options.setIf;
  }
  return result;
}

export function validateAction(action: unknown): DbAction {
  if (!(DB_ACTIONS as readonly unknown[]).includes(action)) {
    throw bad('db.update', 'invalid_action', `The update action should be one of ${DB_ACTIONS.join(', ')} (got ${JSON.stringify(action) ?? String(action)})`);
  }
  return action as DbAction;
}

function checkPath(path: string, topLevel: boolean, action: DbAction): string[] {
  const segments = path.split('.');
  if (path.trim() === '' || segments.some((s) => s.trim() === '')) {
    throw bad('db.update', 'invalid_attribute_key', `The keys or paths inside attributes object cannot be blank (got '${path}')`);
  }
  if (topLevel && segments.length > 1) {
    throw bad('db.update', 'invalid_attribute_key', `${action} applies to top-level attributes only; '${path}' is a nested path (use the set action for nested paths)`);
  }
  return segments;
}

/** Attributes of an update, checked per action; returns [path segments, value] pairs. */
export function validateAttributes(action: DbAction, attributes: unknown): Array<[string[], unknown]> {
  if (attributes === undefined || attributes === null) throw bad('db.update', 'mandatory_attrib_missing', `The attributes argument is mandatory for the ${action} action`);
  if (action === 'remove') {
    if (!Array.isArray(attributes)) throw bad('db.update', 'invalid_remove_attributes', 'The attributes object passed to remove action should be of type array');
    if (attributes.length === 0) throw bad('db.update', 'blank_attribute_error', 'Attributes object cannot be empty and should be of type JSON or Array');
    return attributes.map((p) => [checkPath(typeof p === 'string' ? p : '', false, action), undefined]);
  }
  if (!isPlainObject(attributes) || Object.keys(attributes).length === 0) {
    throw bad('db.update', 'blank_attribute_error', 'Attributes object cannot be empty and should be of type JSON or Array');
  }
  return Object.entries(attributes).map(([path, value]) => {
    const segments = checkPath(path, action !== 'set', action);
    if (action === 'increment' && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw bad('db.update', 'invalid_increment_value', `The value passed to increment should be of type number ('${path}' is ${JSON.stringify(value) ?? String(value)})`);
    }
    if (action === 'append' && (!Array.isArray(value) || value.length === 0)) {
      throw bad('db.update', 'invalid_append_value', `The value passed to append should be of type array and should not be an empty array ('${path}' is ${JSON.stringify(value) ?? String(value)})`);
    }
    return [segments, normalize(value)];
  });
}
