/**
 * `$db` with the app's error handling: a missing key is `null`, a failed `setIf` is `false`, and
 * anything else — above all the 50 operations/minute limit (429) — is a `DbError` that callers
 * treat as "defer this work", never as data loss.
 */

export interface DbError extends Error {
  name: 'DbError';
  status: number;
  /** The store refused because of its per-minute limit: retry in a later minute. */
  busy: boolean;
}

let used = 0;

/**
 * `$db` operations made by this invocation so far (createContext starts the count): the store's 50
 * a minute are shared with every event and sidebar, so work that can wait stops at its allowance.
 */
export function dbOpsUsed(): number {
  return used;
}

export function resetDbOps(): void {
  used = 0;
}

/** Counts one operation (refused ones too: the platform counts them against the minute). */
function counted<T>(op: () => Promise<T>): Promise<T> {
  used += 1;
  return op();
}

export function isDbError(error: unknown): error is DbError {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'DbError';
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 0;
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

export function dbError(operation: string, key: string, error: unknown): DbError {
  const status = statusOf(error);
  const busy = status === 429;
  const reason = busy ? "the app's storage limit of 50 operations a minute was reached" : messageOf(error);
  const wrapped = new Error(`Storage ${operation} of ${key} failed (${status || 'no status'}): ${reason}.`) as DbError;
  wrapped.name = 'DbError';
  wrapped.status = status;
  wrapped.busy = busy;
  return wrapped;
}

/** A rejected `setIf` (the key exists, or does not) as opposed to a real failure. */
function isConditionFailure(error: unknown): boolean {
  const status = statusOf(error);
  return status !== 429 && status !== 0 && status < 500 && /setif|condition|exist/i.test(messageOf(error));
}

export async function getOrNull(key: string): Promise<Record<string, unknown> | null> {
  try {
    return await counted(() => $db.get(key));
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw dbError('get', key, error);
  }
}

/** Creates `key` only if it does not exist; false when it already did. */
export async function claim(key: string, value: Record<string, unknown>, ttl: number): Promise<boolean> {
  try {
    await counted(() => $db.set(key, value, ttl > 0 ? { setIf: 'not_exist', ttl } : { setIf: 'not_exist' }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw dbError('claim', key, error);
  }
}

export async function put(key: string, value: Record<string, unknown>, ttl?: number): Promise<void> {
  try {
    await counted(() => $db.set(key, value, ttl === undefined ? undefined : { ttl }));
  } catch (error) {
    throw dbError('set', key, error);
  }
}

/**
 * Sets top-level attributes of `key`, creating the key when it does not exist yet (whether
 * `update` creates a missing key is not documented, so a 404 falls back to a conditional create).
 */
export async function setPaths(key: string, paths: Record<string, unknown>): Promise<void> {
  try {
    await counted(() => $db.update(key, 'set', paths));
    return;
  } catch (error) {
    if (statusOf(error) !== 404) throw dbError('update', key, error);
  }
  if (await claim(key, paths, 0)) return;
  try {
    await counted(() => $db.update(key, 'set', paths));
  } catch (error) {
    throw dbError('update', key, error);
  }
}

export async function appendTo(key: string, attribute: string, items: unknown[]): Promise<void> {
  try {
    await counted(() => $db.update(key, 'append', { [attribute]: items }));
  } catch (error) {
    throw dbError('append', key, error);
  }
}

export async function remove(key: string): Promise<void> {
  try {
    await counted(() => $db.delete(key));
  } catch (error) {
    if (statusOf(error) !== 404) throw dbError('delete', key, error);
  }
}
