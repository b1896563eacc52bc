import { describe, expect, test } from 'vitest';
import type { Runtime } from '../../../devkit/runtime/index.ts';
import { answer, ruleLines, runtimeFor } from './helpers.ts';

type Call = [op: 'set' | 'get' | 'update' | 'delete', ...args: unknown[]];

/** Runs $db calls in sequence inside one server-method invocation; returns each { ok, value | error }. */
function db(rt: Runtime, ...calls: Call[]): Promise<Array<{ ok: boolean; value?: any; error?: any }>> {
  return answer(rt, 'dbCalls', { calls: calls.map(([op, ...args]) => ({ op, args })) });
}

async function installed(): Promise<Runtime> {
  return (await runtimeFor('db', { iparams: {} })).rt;
}

const err = (status: number, code: string, message: string) => ({ ok: false, error: { status, code, message } });

describe('$db: set, get, delete', () => {
  test('round trip with the documented answers; a missing key is 404 "Record not found"', async () => {
    const rt = await installed();
    expect(await db(rt, ['set', 'ticket:1', { n: 1 }], ['get', 'ticket:1'], ['delete', 'ticket:1'], ['get', 'ticket:1'], ['delete', 'ticket:1'])).toEqual([
      { ok: true, value: { Created: true } },
      { ok: true, value: { n: 1 } },
      { ok: true, value: { Deleted: true } },
      err(404, 'record_not_found', 'Record not found'),
      err(404, 'record_not_found', 'Record not found'),
    ]);
  });

  test('empty strings, NaN and Infinity inside values are stored as null', async () => {
    const rt = await installed();
    await rt.db.api.set('k', { a: '', b: Number.NaN, c: ['', 1, Number.POSITIVE_INFINITY], d: { e: '' } });
    expect(rt.db.get('k')).toEqual({ a: null, b: null, c: [null, 1, null], d: { e: null } });
  });

  test('keys: non-blank, 60 characters pass, 61 fail', async () => {
    const rt = await installed();
    expect(await db(rt, ['set', '', { a: 1 }], ['set', '   ', { a: 1 }], ['set', 'k'.repeat(60), { a: 1 }], ['set', 'k'.repeat(61), { a: 1 }])).toEqual([
      err(400, 'blank_key_error', 'The key cannot be blank'),
      err(400, 'blank_key_error', 'The key cannot be blank'),
      { ok: true, value: { Created: true } },
      err(400, 'key_length_error', `Key length should not exceed 60 characters (key '${'k'.repeat(20)}…' has 61)`),
    ]);
  });

  test('values: a non-empty JSON object', async () => {
    const rt = await installed();
    const blank = err(400, 'blank_value_error', 'The value cannot be blank and should be of type JSON');
    expect(await db(rt, ['set', 'k', {}], ['set', 'k', [1]], ['set', 'k', 'text'], ['set', 'k', null])).toEqual([blank, blank, blank, blank]);
  });

  test('size: key + value JSON up to 40 KB (UTF-8 bytes) pass, one byte more fails', async () => {
    const rt = await installed();
    const room = 40 * 1024 - 'k'.length - JSON.stringify({ v: '' }).length;
    expect(await db(rt, ['set', 'k', { v: 'x'.repeat(room) }])).toEqual([{ ok: true, value: { Created: true } }]);
    expect(await db(rt, ['set', 'k', { v: 'x'.repeat(room + 1) }])).toEqual([err(400, 'object_size_error', 'The combined size of the key and value should not exceed 40KB (key + value are 40961 bytes; the limit is 40960)')]);
    // Measured in UTF-8 bytes, not characters: 20 476 'é' are 40 952 bytes.
    expect(await db(rt, ['set', 'k', { v: 'é'.repeat(20_476) }])).toEqual([err(400, 'object_size_error', 'The combined size of the key and value should not exceed 40KB (key + value are 40961 bytes; the limit is 40960)')]);
  });

  test('ttl (seconds) expires on the clock; 0 or a non-number is refused; a negative ttl never expires', async () => {
    const { rt, clock } = await runtimeFor('db', { iparams: {} });
    await db(rt, ['set', 'short', { a: 1 }, { ttl: 60 }], ['set', 'forever', { a: 1 }, { ttl: -1 }]);
    await clock.advance(59_999);
    expect(rt.db.get('short')).toEqual({ a: 1 });
    await clock.advance(1);
    expect(await db(rt, ['get', 'short'], ['get', 'forever'])).toEqual([err(404, 'record_not_found', 'Record not found'), { ok: true, value: { a: 1 } }]);
    expect(await db(rt, ['set', 'k', { a: 1 }, { ttl: 0 }], ['set', 'k', { a: 1 }, { ttl: '5' }])).toEqual([
      err(400, 'ttl_type_error', 'Time to live(ttl) should be of type float and a non-zero value (got 0)'),
      err(400, 'ttl_type_error', 'Time to live(ttl) should be of type float and a non-zero value (got "5")'),
    ]);
  });

  test('setIf: exist / not_exist guard the write', async () => {
    const rt = await installed();
    expect(await db(rt, ['set', 'k', { a: 1 }, { setIf: 'exist' }], ['set', 'k', { a: 1 }, { setIf: 'not_exist' }], ['set', 'k', { a: 2 }, { setIf: 'not_exist' }], ['set', 'k', { a: 3 }, { setIf: 'exist' }], ['set', 'k', { a: 4 }, { setIf: 'maybe' }])).toEqual([
      err(400, 'conditional_request_failed', "The setIf conditional request failed (setIf 'exist', but key 'k' does not exist)"),
      { ok: true, value: { Created: true } },
      err(400, 'conditional_request_failed', "The setIf conditional request failed (setIf 'not_exist', but key 'k' exists)"),
      { ok: true, value: { Created: true } },
      err(400, 'invalid_setIf_value', 'setIf should be either "exist" or "not_exist" (got "maybe")'),
    ]);
    expect(rt.db.get('k')).toEqual({ a: 3 });
  });
});

describe('$db: update', () => {
  test('increment: top-level numbers, created when missing (key included)', async () => {
    const rt = await installed();
    const results = await db(rt, ['update', 'c', 'increment', { n: 2 }], ['update', 'c', 'increment', { n: 3, m: -1 }], ['update', 'c', 'increment', { n: '1' }], ['update', 'c', 'increment', { 'a.b': 1 }]);
    expect(results).toEqual([
      { ok: true, value: { Updated: true } },
      { ok: true, value: { Updated: true } },
      err(400, 'invalid_increment_value', `The value passed to increment should be of type number ('n' is "1")`),
      err(400, 'invalid_attribute_key', "increment applies to top-level attributes only; 'a.b' is a nested path (use the set action for nested paths)"),
    ]);
    expect(rt.db.get('c')).toEqual({ n: 5, m: -1 });
  });

  test('increment of a non-number attribute is refused', async () => {
    const rt = await installed();
    rt.db.set('c', { s: 'text' });
    expect(await db(rt, ['update', 'c', 'increment', { s: 1 }])).toEqual([err(400, 'invalid_increment_value', "The value passed to increment should be of type number (attribute 's' holds a string)")]);
  });

  test('append: non-empty arrays onto top-level arrays, created when missing', async () => {
    const rt = await installed();
    const results = await db(rt, ['update', 'l', 'append', { ids: [1] }], ['update', 'l', 'append', { ids: [2, 3] }], ['update', 'l', 'append', { ids: [] }], ['update', 'l', 'append', { ids: 4 }]);
    expect(results.slice(2)).toEqual([
      err(400, 'invalid_append_value', "The value passed to append should be of type array and should not be an empty array ('ids' is [])"),
      err(400, 'invalid_append_value', "The value passed to append should be of type array and should not be an empty array ('ids' is 4)"),
    ]);
    expect(rt.db.get('l')).toEqual({ ids: [1, 2, 3] });
  });

  test('set: dot paths replace values inside an existing record', async () => {
    const rt = await installed();
    rt.db.set('r', { a: { b: 1 } });
    expect(await db(rt, ['update', 'r', 'set', { 'a.c': 2, x: 'y' }], ['update', 'r', 'set', { 'm.n': 1 }], ['update', 'missing', 'set', { a: 1 }], ['update', 'r', 'set', { 'a..b': 1 }])).toEqual([
      { ok: true, value: { Updated: true } },
      err(400, 'invalid_attribute_key', "The path 'm.n' cannot be set: 'm' does not exist (set creates only the last segment of a path)"),
      err(404, 'record_not_found', 'Record not found'),
      err(400, 'invalid_attribute_key', "The keys or paths inside attributes object cannot be blank (got 'a..b')"),
    ]);
    expect(rt.db.get('r')).toEqual({ a: { b: 1, c: 2 }, x: 'y' });
  });

  test('remove: an array of dot paths; missing paths are ignored', async () => {
    const rt = await installed();
    rt.db.set('r', { a: { b: 1, c: 2 }, d: 3 });
    expect(await db(rt, ['update', 'r', 'remove', ['a.b', 'd', 'nope.deeper']], ['update', 'r', 'remove', { a: 1 }], ['update', 'gone', 'remove', ['a']])).toEqual([
      { ok: true, value: { Updated: true } },
      err(400, 'invalid_remove_attributes', 'The attributes object passed to remove action should be of type array'),
      err(404, 'record_not_found', 'Record not found'),
    ]);
    expect(rt.db.get('r')).toEqual({ a: { c: 2 } });
  });

  test('empty attributes, an unknown action, and an update past 40 KB are refused (the record is unchanged)', async () => {
    const rt = await installed();
    rt.db.set('r', { v: 'x'.repeat(40_900) });
    const grown = 'r'.length + JSON.stringify({ v: 'x'.repeat(40_900), more: ['x'.repeat(100)] }).length;
    expect(await db(rt, ['update', 'r', 'set', {}], ['update', 'r', 'merge', { a: 1 }], ['update', 'r', 'append', { more: ['x'.repeat(100)] }])).toEqual([
      err(400, 'blank_attribute_error', 'Attributes object cannot be empty and should be of type JSON or Array'),
      err(400, 'invalid_action', 'The update action should be one of increment, append, set, remove (got "merge")'),
      err(400, 'object_size_error', `The combined size of the key and value should not exceed 40KB (key + value are ${grown} bytes; the limit is 40960)`),
    ]);
    expect(Object.keys(rt.db.get('r') ?? {})).toEqual(['v']);
  });
});

describe('$db: limits and availability', () => {
  test('50 operations per clock minute pass (failed ones count), the 51st is 429, the next minute is fresh', async () => {
    const { rt, clock } = await runtimeFor('db', { iparams: {} });
    const calls: Call[] = Array.from({ length: 51 }, (_, i) => (i % 2 === 0 ? ['get', 'missing'] : ['set', `k${i}`, { i }]));
    const results = await db(rt, ...calls);
    expect(results.slice(0, 50).every((r) => r.ok || r.error.status === 404)).toBe(true);
    expect(results[50]).toEqual(err(429, 'rate_limit_exceeded', '$db.get: rate limit exceeded: 50 operations per minute per installation, all used in the minute starting 09:00:00Z (this would be operation 51); retry after 09:01:00Z.'));
    expect(ruleLines(rt, 'db.rate-limit')).toHaveLength(1);
    await clock.advance(60_000);
    expect(await db(rt, ['get', 'k1'])).toEqual([{ ok: true, value: { i: 1 } }]);
    expect(rt.db.stats()).toMatchObject({ total: 51, peak: 50, refused: 1, byOp: { get: 26, set: 25 } });
    expect(rt.stats.db.perMinute.map((m) => m.count)).toEqual([50, 1]);
  });

  test('host access neither counts nor is limited', async () => {
    const rt = await installed();
    for (let i = 0; i < 100; i++) rt.db.set(`k${i}`, { i });
    expect(Object.keys(rt.db.dump())).toHaveLength(100);
    expect(rt.db.stats().total).toBe(0);
    expect(() => rt.db.set('k'.repeat(61), { a: 1 })).toThrow();
  });

  test('fault: an injected 429 though under the limit', async () => {
    const { rt } = await runtimeFor('db', { iparams: {}, faults: { dbRateLimited: 1 } });
    expect(await db(rt, ['get', 'k'])).toEqual([err(429, 'rate_limit_exceeded', '$db.get: rate limit exceeded (injected fault: faults.dbRateLimited).')]);
    rt.faults.dbRateLimited = 0;
    expect((await db(rt, ['set', 'k', { a: 1 }]))[0]?.ok).toBe(true);
  });

  test('before install $db is refused (the installation page has no store)', async () => {
    const { rt } = await runtimeFor('db');
    expect(await db(rt, ['get', 'k'])).toEqual([err(400, 'app_not_installed', '$db.get: the key-value store is available only after the app is installed (not from the installation page).')]);
  });
});
