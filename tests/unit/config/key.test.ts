/** The API key: reading it, the agent a probe names, and failed probes in words (config/src/key.ts, fdk.ts). */
import { describe, expect, test } from 'vitest';
import { errorCode, parseJson, readFailure, smiData, withTimeout, type Timers } from '../../../config/src/fdk.ts';
import { agentFromResponse, agentLine, agentWarnings, probeFailureMessage, readKey, retryAfterSeconds, ticketFailureMessage } from '../../../config/src/key.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 15);

function failure(status: number, extra: Record<string, unknown> = {}): ReturnType<typeof readFailure> {
  return readFailure({ status, headers: {}, response: '', errorSource: 'APP', ...extra });
}

describe('readKey', () => {
  test('removes spaces around the key and says it did', () => {
    expect(readKey('  abc  ')).toEqual({ key: 'abc', trimmed: true });
    expect(readKey('abc')).toEqual({ key: 'abc', trimmed: false });
    expect(readKey('   ')).toEqual({ key: '', trimmed: false });
  });
});

describe('agentFromResponse', () => {
  const body = JSON.stringify({ agent: { id: 21000418006, first_name: 'Priya', last_name: 'Raman', email: 'priya.raman@corp.example', active: true, roles: [{ role_id: 1, assignment_scope: 'member_groups' }, { role_id: 2, assignment_scope: 'entire_helpdesk' }] } });

  test('names the agent, with the widest ticket scope of its roles', () => {
    const agent = agentFromResponse(body);
    expect(agent).toEqual({ id: 21000418006, name: 'Priya Raman', email: 'priya.raman@corp.example', active: true, scope: 'entire_helpdesk' });
    expect(agentLine(agent!)).toBe('This key belongs to Priya Raman (priya.raman@corp.example), agent #21000418006. The app will act as this agent.');
    expect(agentWarnings(agent!)).toEqual([]);
  });

  test('warns about a limited scope and a deactivated agent', () => {
    const agent = agentFromResponse(JSON.stringify({ agent: { id: 5, first_name: '', email: '', active: false, roles: [{ assignment_scope: 'assigned_items' }] } }));
    expect(agent).toMatchObject({ name: 'Agent 5', scope: 'assigned_items', active: false });
    expect(agentLine(agent!)).toBe('This key belongs to Agent 5, agent #5. The app will act as this agent.');
    const warnings = agentWarnings(agent!);
    expect(warnings[0]).toContain('deactivated');
    expect(warnings[1]).toContain('only tickets assigned to them');
    expect(agentWarnings({ ...agent!, active: true, scope: 'member_groups' })[0]).toContain('only the tickets of their own groups');
    expect(agentWarnings({ ...agent!, active: true, scope: null })).toEqual([]);
  });

  test('null for answers without an agent', () => {
    expect(agentFromResponse('not json')).toBeNull();
    expect(agentFromResponse('{"agent":{"id":"7"}}')).toBeNull();
    expect(agentFromResponse('[]')).toBeNull();
  });
});

describe('probeFailureMessage', () => {
  test('401: wrong, regenerated or deactivated; where to copy it, or to enter a new one for the stored key', () => {
    expect(probeFailureMessage(failure(401), 'entered', NOW)).toBe('This key was not accepted (401): it is wrong, was regenerated, or its agent was deactivated. Copy it again from Freshservice: your profile picture → Profile settings → "Your API Key".');
    expect(probeFailureMessage(failure(401), 'stored', NOW)).toBe('The stored key was not accepted (401): it is wrong, was regenerated, or its agent was deactivated. Enter a new key to replace it.');
  });

  test('403: which refusal it is, and what the app needs', () => {
    const denied = failure(403, { response: '{"code":"access_denied","message":"You are not authorized to perform this action."}' });
    expect(probeFailureMessage(denied, 'entered', NOW)).toBe("Freshservice recognised this key but refused the call (403 access_denied): its agent's role does not allow this call. Ticket Radar needs an active agent who can view and edit every ticket and add private notes; an administrator is simplest.");
    expect(probeFailureMessage(failure(403, { response: '{"code":"password_lockout"}' }), 'stored', NOW)).toContain('the stored key but refused the call (403 password_lockout): its agent is locked out');
    expect(probeFailureMessage(failure(403, { response: '{"code":"account_suspended"}' }), 'entered', NOW)).toContain('the Freshservice account is suspended');
    expect(probeFailureMessage(failure(403, { response: '' }), 'entered', NOW)).toContain('(403): its agent\'s role does not allow this call');
  });

  test('429: how long to wait, from Retry-After or the rest of the minute; FDK\'s own limit named as such', () => {
    expect(probeFailureMessage(failure(429, { headers: { 'Retry-After': '12' } }), 'entered', NOW)).toBe("Freshservice is limiting this account's API calls right now (429); other integrations may be busy. Try again in 12 seconds.");
    expect(probeFailureMessage(failure(429, { headers: { 'retry-after': '1' } }), 'entered', NOW)).toContain('Try again in 1 second.');
    expect(probeFailureMessage(failure(429, { errorSource: 'PLATFORM', headers: {} }), 'entered', NOW)).toBe('The app has made its 50 request calls for this minute (an FDK limit) (429). Try again in 45 seconds.');
    expect(retryAfterSeconds(failure(429, { headers: { 'retry-after': 'soon' } }), NOW)).toBe(45);
  });

  test('404, unreachable, server errors and anything else', () => {
    expect(probeFailureMessage(failure(404), 'entered', NOW)).toContain('404 for /api/v2/agents/me');
    expect(probeFailureMessage(failure(502, { message: 'connect ECONNREFUSED' }), 'entered', NOW)).toBe('Freshservice could not be reached (502): check the connection and try again. (connect ECONNREFUSED)');
    expect(probeFailureMessage(readFailure(new Error('offline')), 'entered', NOW)).toBe('Freshservice could not be reached: check the connection and try again. (offline)');
    expect(probeFailureMessage(failure(503), 'entered', NOW)).toBe('Freshservice had a problem answering (503). Try again in a minute.');
    expect(probeFailureMessage(failure(400, { response: '{"code":"invalid_value","message":"Bad header"}' }), 'entered', NOW)).toBe('The key check failed with status 400: Bad header.');
    expect(probeFailureMessage(failure(415), 'entered', NOW)).toBe('The key check failed with status 415.');
  });
});

describe('ticketFailureMessage', () => {
  test('404 names the ticket; key problems read like the key check; the rest names the lookup', () => {
    expect(ticketFailureMessage(failure(404), 'entered', 77, NOW)).toBe('There is no ticket #77 in this account (404).');
    expect(ticketFailureMessage(failure(401), 'stored', 77, NOW)).toContain('The stored key was not accepted (401)');
    expect(ticketFailureMessage(failure(400, { response: '{"message":"Bad"}' }), 'entered', 77, NOW)).toBe('Loading ticket #77 failed with status 400: Bad.');
  });
});

describe('fdk helpers', () => {
  test('readFailure reads the platform rejection, or anything else defensively', () => {
    expect(readFailure({ status: 401, headers: { 'X-Thing': 3 }, response: 'body', errorSource: 'APP' })).toEqual({ status: 401, headers: { 'x-thing': '3' }, body: 'body', source: 'APP', message: '' });
    expect(readFailure('nope')).toEqual({ status: 0, headers: {}, body: '', source: '', message: '' });
    expect(readFailure({ status: 504, message: 'timed out' })).toMatchObject({ status: 504, body: 'timed out', message: 'timed out' });
  });

  test('parseJson, smiData and errorCode', () => {
    expect(parseJson('{"a":1}')).toEqual({ a: 1 });
    expect(parseJson('{')).toBeUndefined();
    expect(parseJson(3)).toBe(3);
    expect(smiData({ response: '{"ok":true}' })).toEqual({ ok: true });
    expect(smiData({ response: { ok: true } })).toEqual({ ok: true });
    expect(smiData(null)).toBeUndefined();
    expect(errorCode('{"code":"x","message":"y"}')).toEqual({ code: 'x', message: 'y' });
    expect(errorCode('<html>')).toEqual({ code: '', message: '' });
  });

  test('withTimeout: the answer when it comes in time, else a 504 rejection; the timer is cleared', async () => {
    const pending: Array<() => void> = [];
    const cleared: number[] = [];
    const timers: Timers = { set: (fn) => pending.push(fn), clear: (id) => cleared.push(id) };
    await expect(withTimeout(Promise.resolve('ok'), 1000, timers)).resolves.toBe('ok');
    await expect(withTimeout(Promise.reject(new Error('no')), 1000, timers)).rejects.toThrow('no');
    expect(cleared).toEqual([1, 2]);
    const slow = withTimeout(new Promise(() => undefined), 20_000, timers);
    pending[2]?.();
    await expect(slow).rejects.toEqual({ status: 504, message: 'No answer within 20 seconds.', errorSource: 'PLATFORM' });
  });
});
