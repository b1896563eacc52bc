import { describe, expect, test } from 'vitest';
import { classifyRejection, fieldErrors } from '../../../server/lib/freshservice/classify.ts';
import { ADMIN_HINTS, freshserviceError, isFreshserviceError } from '../../../server/lib/freshservice/errors.ts';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 30);
const app = (status: number, response = '', headers: Record<string, string> = {}) => ({ status, headers, response, errorSource: 'APP' });

describe('classifyRejection: Freshservice answers', () => {
  test('400 carries the field details', () => {
    const body = JSON.stringify({ description: 'Validation failed', errors: [{ field: 'group_id', message: 'It should be a/an Positive Integer', code: 'invalid_value' }] });
    const e = classifyRejection('updateTicket', app(400, body), NOW);
    expect(e.kind).toBe('validation');
    expect(e.fields).toEqual([{ field: 'group_id', message: 'It should be a/an Positive Integer', code: 'invalid_value' }]);
    expect(e.message).toBe('Freshservice refused the request (updateTicket, 400): group_id: It should be a/an Positive Integer.');
    expect(e.transient).toBe(false);
  });

  test('401 says what an admin must do', () => {
    const e = classifyRejection('viewTicket', app(401, '{"code":"invalid_credentials"}'), NOW);
    expect(e.kind).toBe('auth');
    expect(e.message).toBe('Freshservice rejected the API key (401). An admin should update it in the app settings.');
  });

  test('403 names the code Freshservice gave', () => {
    const e = classifyRejection('createNote', app(403, '{"code":"access_denied","message":"You are not authorized"}'), NOW);
    expect(e.kind).toBe('permission');
    expect(e.message).toContain('403 access_denied');
  });

  test('404, 409 and 415', () => {
    expect(classifyRejection('viewTicket', app(404), NOW).kind).toBe('not_found');
    expect(classifyRejection('updateTicket', app(409, 'not json'), NOW).kind).toBe('conflict');
    expect(classifyRejection('createNote', app(415), NOW).kind).toBe('unsupported');
    expect(classifyRejection('createNote', app(422, '{"errors":"nonsense"}'), NOW).kind).toBe('validation');
  });

  test('429 honours Retry-After, whatever its case', () => {
    const e = classifyRejection('listTickets', app(429, '', { 'retry-after': '12' }), NOW);
    expect(e).toMatchObject({ kind: 'rate_limited', retryAfter: 12, transient: true });
    expect(classifyRejection('listTickets', app(429, '', { 'Retry-After': 'x' }), NOW).retryAfter).toBe(30);
  });

  test('5xx are transient server errors', () => {
    expect(classifyRejection('createNote', app(503), NOW)).toMatchObject({ kind: 'server', status: 503, transient: true });
  });
});

describe('classifyRejection: platform answers', () => {
  const platform = (status: number) => ({ status, headers: {}, response: 'x', errorSource: 'PLATFORM' });
  test("FDK's own limit, timeouts, network failures and refused templates", () => {
    expect(classifyRejection('viewTicket', platform(429), NOW).kind).toBe('platform_limit');
    expect(classifyRejection('viewTicket', platform(504), NOW).kind).toBe('timeout');
    expect(classifyRejection('viewTicket', platform(502), NOW).kind).toBe('network');
    expect(classifyRejection('viewTicket', platform(400), NOW)).toMatchObject({ kind: 'template', transient: false });
  });

  test('something that is not a rejection object is a network failure', () => {
    expect(classifyRejection('viewTicket', new Error('socket hang up'), NOW).kind).toBe('network');
    expect(classifyRejection('viewTicket', null, NOW).kind).toBe('network');
  });
});

describe('errors', () => {
  test('are recognised by name across realms, and every kind has an admin hint', () => {
    const e = freshserviceError('budget', 0, 'x', 'm');
    expect(isFreshserviceError(e)).toBe(true);
    expect(isFreshserviceError({ name: 'FreshserviceError' })).toBe(true);
    expect(isFreshserviceError(new Error('x'))).toBe(false);
    expect(isFreshserviceError('FreshserviceError')).toBe(false);
    for (const hint of Object.values(ADMIN_HINTS)) expect(hint.length).toBeGreaterThan(10);
  });

  test('fieldErrors caps the list and tolerates junk', () => {
    const errors = Array.from({ length: 9 }, (_, i) => ({ field: `f${i}`, message: 'x'.repeat(500), code: 7 }));
    const out = fieldErrors({ errors: [...errors, null] });
    expect(out).toHaveLength(5);
    expect(out[0]?.message).toHaveLength(200);
    expect(out[0]?.code).toBe('7');
    expect(fieldErrors({})).toEqual([]);
  });
});
