/**
 * The key-value store of one installation, in memory (fdk-platform.md §6). Semantics mirrored:
 * - set(key, value, { ttl?, setIf? }) → { Created: true }; setIf 'exist'/'not_exist' refuse when
 *   the condition fails; a positive ttl (seconds, float) expires the key on the clock.
 * - get(key) → the stored JSON (a copy); missing or expired → 404 "Record not found".
 * - update(key, action, attributes) → { Updated: true }:
 *   increment/append act on top-level attributes and create missing ones (and a missing key);
 *   set/remove take dot paths and need the key to exist.
 * - delete(key) → { Deleted: true }; a missing key is 404 too (stricter than an idempotent delete:
 *   production behaviour is undocumented, and the strict answer is the one app code must handle).
 * Choices where the docs are silent: update keeps the key's ttl; set replaces it. `set` on a path
 * whose parent does not exist (or is not an object) is refused rather than creating the parents,
 * as a document store's update expression does; setIf failures are 400 "The setIf conditional
 * request failed".
 */
import type { Clock } from '../../clock.ts';
import { PlatformRefusal } from '../errors.ts';
import { checkSize, isPlainObject, validateAction, validateAttributes, validateKey, validateSetOptions, validateValue, type JsonObject } from './validate.ts';

interface Entry {
  value: JsonObject;
  expiresAt?: number;
}

export class KvStore {
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(rawKey: unknown, rawValue: unknown, rawOptions?: unknown): { Created: true } {
    const key = validateKey(rawKey);
    const value = validateValue(rawValue);
    const options = validateSetOptions(rawOptions);
    checkSize(key, value);
    const exists = this.#live(key) !== undefined;
    if ((options.setIf === 'exist' && !exists) || (options.setIf === 'not_exist' && exists)) {
      throw new PlatformRefusal('db.setIf-failed', 400, `The setIf conditional request failed (setIf '${options.setIf}', but key '${key}' ${exists ? 'exists' : 'does not exist'})`, 'conditional_request_failed');
    }
    this.#entries.set(key, options.ttlMs === undefined ? { value } : { value, expiresAt: this.#clock.now() + options.ttlMs });
    return { Created: true };
  }

  get(rawKey: unknown): JsonObject {
    const key = validateKey(rawKey);
    const entry = this.#live(key);
    if (entry === undefined) throw notFound();
    return structuredClone(entry.value);
  }

  update(rawKey: unknown, rawAction: unknown, attributes: unknown): { Updated: true } {
    const key = validateKey(rawKey);
    const action = validateAction(rawAction);
    const changes = validateAttributes(action, attributes);
    const entry = this.#live(key);
    if (entry === undefined && (action === 'set' || action === 'remove')) throw notFound();
    const value: JsonObject = entry === undefined ? {} : structuredClone(entry.value);
    for (const [path, change] of changes) apply(value, action, path, change);
    checkSize(key, value);
    this.#entries.set(key, entry?.expiresAt === undefined ? { value } : { value, expiresAt: entry.expiresAt });
    return { Updated: true };
  }

  delete(rawKey: unknown): { Deleted: true } {
    const key = validateKey(rawKey);
    if (this.#live(key) === undefined) throw notFound();
    this.#entries.delete(key);
    return { Deleted: true };
  }

  /** Host access: the live value, or undefined (no validation, no counting). */
  peek(key: string): JsonObject | undefined {
    const entry = this.#live(key);
    return entry === undefined ? undefined : structuredClone(entry.value);
  }

  /** Host access: every live key and value. */
  dump(): Record<string, JsonObject> {
    const out: Record<string, JsonObject> = {};
    for (const key of [...this.#entries.keys()]) {
      const entry = this.#live(key);
      if (entry !== undefined) out[key] = structuredClone(entry.value);
    }
    return out;
  }

  /** Host access: when a key expires (epoch ms), if it has a ttl. */
  expiresAt(key: string): number | undefined {
    return this.#live(key)?.expiresAt;
  }

  remove(key: string): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

function notFound(): PlatformRefusal {
  return new PlatformRefusal('db.not-found', 404, 'Record not found', 'record_not_found');
}

function apply(value: JsonObject, action: string, path: string[], change: unknown): void {
  const [head = ''] = path;
  if (action === 'increment') {
    const current = value[head];
    if (current !== undefined && current !== null && typeof current !== 'number') {
      throw new PlatformRefusal('db.update', 400, `The value passed to increment should be of type number (attribute '${head}' holds ${Array.isArray(current) ? 'an array' : `a ${typeof current}`})`, 'invalid_increment_value');
    }
    value[head] = (typeof current === 'number' ? current : 0) + (change as number);
  } else if (action === 'append') {
    const current = value[head];
    if (current !== undefined && current !== null && !Array.isArray(current)) {
      throw new PlatformRefusal('db.update', 400, `The value passed to append should be of type array and should not be an empty array (attribute '${head}' holds a ${typeof current}, not an array)`, 'invalid_append_value');
    }
    value[head] = [...(Array.isArray(current) ? current : []), ...(change as unknown[])];
  } else {
    const parent = walk(value, path, action === 'set');
    const last = path[path.length - 1] ?? '';
    if (parent === undefined) return;
    if (action === 'set') parent[last] = change;
    else delete parent[last];
  }
}

/** The object holding the last segment of `path`; refuses (set) or gives up (remove) when a parent is missing. */
function walk(value: JsonObject, path: string[], strict: boolean): JsonObject | undefined {
  let node: JsonObject = value;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i] ?? ''];
    if (!isPlainObject(next)) {
      if (!strict) return undefined;
      const parent = path.slice(0, i + 1).join('.');
      throw new PlatformRefusal('db.update', 400, `The path '${path.join('.')}' cannot be set: '${parent}' ${next === undefined ? 'does not exist' : 'is not an object'} (set creates only the last segment of a path)`, 'invalid_attribute_key');
    }
    node = next;
  }
  return node;
}
