// @vitest-environment happy-dom
/** Reading answers and page data without trusting them; formatting; the client wrapper; failures in words. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { radarApi, responseOf, withTimeout, type FdkClient } from '../../../app/src/client.ts';
import { readContext, readRequester, toContext } from '../../../app/src/context.ts';
import { failureText, toFailure } from '../../../app/src/errors.ts';
import { ago, fieldLabel, formatDuration, fromNow, fromTo, percent, plural, valueName } from '../../../app/src/format.ts';
import { readHealth, readInsights } from '../../../app/src/insights.ts';
import { loadInsights } from '../../../app/src/load.ts';
import { clampHeight, createResizer, MAX_HEIGHT, MIN_HEIGHT } from '../../../app/src/resize.ts';
import { fakeApi, flush, insights, NOW, TEST_TIMERS } from './fixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('formatting', () => {
  test('percentages are whole and clamped', () => {
    expect(percent(0.874)).toBe('87%');
    expect(percent(0.6)).toBe('60%');
    expect(percent(1.7)).toBe('100%');
    expect(percent(-1)).toBe('0%');
    expect(percent(Number.NaN)).toBe('0%');
  });

  test('durations and relative times', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration((3 * 24 + 4) * 3600_000)).toBe('3 d 4 h');
    expect(formatDuration(-5)).toBe('0 s');
    expect(ago(NOW - 30_000, NOW)).toBe('just now');
    expect(ago(NOW - 12 * 60_000, NOW)).toBe('12 min ago');
    expect(fromNow(NOW + 45_000, NOW)).toBe('in 45 s');
    expect(fromNow(NOW - 1, NOW)).toBe('now');
  });

  test('plurals, field labels and values by name', () => {
    expect(plural(1, 'API call')).toBe('1 API call');
    expect(plural(0, 'API call')).toBe('0 API calls');
    expect(fieldLabel('responder_id')).toBe('Agent');
    expect(fieldLabel('custom_field')).toBe('custom field');
    const names = { groups: { 17: 'Network Team' }, agents: { 5: 'Sam Lee' } };
    expect(fromTo('priority', 1, 3, names)).toBe('Low → High');
    expect(fromTo('status', 4, 2, names)).toBe('Resolved → Open');
    expect(fromTo('impact', 2, 9, names)).toBe('Medium → Level 9');
    expect(valueName('group_id', 17, names)).toBe('Network Team');
    expect(valueName('responder_id', 5, names)).toBe('Sam Lee');
    expect(valueName('responder_id', 6, names)).toBe('agent 6');
    expect(valueName('priority', 7, names)).toBe('Priority 7');
    expect(valueName('tags', '', names)).toBe('none');
    expect(valueName('tags', 'a, b', names)).toBe('a, b');
  });
});

describe('readInsights', () => {
  test('accepts a full answer as it is', () => {
    const full = insights();
    expect(readInsights(JSON.parse(JSON.stringify(full)))).toEqual(full);
  });

  test('refuses what is not insights for a ticket', () => {
    for (const bad of [null, undefined, 'text', 42, [], {}, { ticketId: 'x', state: 'done' }, { ticketId: 1 }]) expect(readInsights(bad)).toBeNull();
  });

  test('fills what is missing or odd, so renderers never meet undefined', () => {
    const read = readInsights({ ticketId: 9, state: 'weird', rules: [{ name: 'A', why: ['x', 3] }, 'junk'], duplicates: [{ id: 2 }, { score: 1 }], changes: [{ field: 'priority', from: {}, to: 3 }], timeline: { entries: [{ at: 1, field: 'color' }, { at: 2, field: 'status', from: 2, to: 3 }], durations: [{ status: 2, ms: -5 }], escalations: [{}] }, ack: { state: 'odd' }, requester: { open: [{ id: 1 }, {}] }, health: { binding: 'x', rulesIssue: '' } });
    expect(read).toMatchObject({
      ticketId: 9, known: false, state: 'done', processedAt: null, via: null, olderRecord: false, note: 'none', error: null,
      rules: [{ name: 'A', why: ['x'] }],
      duplicates: [{ id: 2, score: 0, words: [], subject: '', dismissed: false }],
      changes: [{ field: 'priority', from: null, to: 3 }],
      ack: { state: 'none', configured: false },
      requester: { id: null, name: '', email: '', open: [{ id: 1, subject: '', status: null }], at: 0 },
      timeline: { entries: [{ at: 2, field: 'status', from: 2, to: 3, by: null }], durations: [{ status: 2, name: 'Status 2', ms: 0 }], escalations: [{ at: 0, rules: [], changes: [], note: 'none', error: null }] },
      health: { binding: 'plan', key: 'ok', rulesIssue: null, lastSweep: null, deferred: null, lastError: null, retryAt: null },
    });
    expect(readHealth(undefined)).toBeNull();
    expect(readHealth({ lastSweep: { at: 5 }, deferred: { reason: 'busy' }, lastError: { kind: 'auth' } })).toMatchObject({
      lastSweep: { at: 5, processed: 0, calls: 0, credits: 0, backlog: 0 }, deferred: { since: 0, reason: 'busy' }, lastError: { kind: 'auth', message: '', hint: '', at: 0 },
    });
  });
});

describe('loadInsights', () => {
  test('one getTicketInsights call with the ticket id', async () => {
    const api = fakeApi();
    const result = await loadInsights(api, 42);
    expect(result).toEqual({ ok: true, insights: insights() });
    expect(api.invoke.mock.calls).toEqual([['getTicketInsights', { ticket_id: 42 }]]);
  });

  test('a rejection, an unreadable answer and an answer for another ticket are failures', async () => {
    const api = fakeApi();
    api.answers.getTicketInsights = { reject: { status: 429, message: '$db: 50 operations a minute used.' } };
    expect(await loadInsights(api, 42)).toEqual({ ok: false, failure: { status: 429, title: 'Ticket Radar is at its limit for this minute.', detail: '$db: 50 operations a minute used.' } });
    api.answers.getTicketInsights = 'oops';
    expect(await loadInsights(api, 42)).toMatchObject({ ok: false, failure: { title: 'Ticket Radar sent an answer the sidebar cannot read.' } });
    api.answers.getTicketInsights = insights({ ticketId: 7 });
    expect(await loadInsights(api, 42)).toMatchObject({ ok: false });
  });
});

describe('failures in words', () => {
  test('status titles, the message as detail, never a stack or an object dump', () => {
    expect(toFailure({ status: 504, message: 'app execution timeout' })).toEqual({ status: 504, title: 'Ticket Radar did not answer in time.', detail: 'It took longer than the platform allows. Try again in a moment.' });
    expect(toFailure({ status: 500, message: 'boom\n    at x (server.js:1:1)' }).detail).toBe('boom');
    expect(toFailure(new TypeError('x is undefined')).title).toBe('Ticket Radar could not be reached.');
    expect(toFailure({ status: 418 }).detail).toContain('Try again in a moment');
    expect(toFailure({ status: 418 }).title).toBe('Ticket Radar ran into a problem.');
    expect(toFailure('plain words').detail).toBe('plain words');
    expect(toFailure(null).status).toBe(0);
    expect(failureText(toFailure({ status: 409, message: 'Already posted.' }))).toBe('That was already done. Already posted.');
  });
});

describe('page context', () => {
  test('ticket id, created time, requester and the names of the current group and agent', () => {
    const ctx = toContext({ id: 5, created_at: '2026-11-26T12:00:00Z', requester_id: 7, requester_name: 'Ana', group_id: 17, group_name: 'Net', responder_id: 3, responder_name: 'Sam' }, 'acme.example');
    expect(ctx).toEqual({ ticketId: 5, domain: 'acme.example', createdAt: Date.UTC(2026, 10, 26, 12), requester: { id: 7, name: 'Ana' }, groups: { 17: 'Net' }, agents: { 3: 'Sam' } });
    expect(toContext({ id: 5, created_at: 'never', group_id: 17 }, null)).toMatchObject({ createdAt: null, groups: {}, domain: '', requester: { id: null, name: '' } });
    expect(() => toContext({ subject: 'x' }, 'd')).toThrow();
    expect(() => toContext(null, 'd')).toThrowError(expect.objectContaining({ title: 'The sidebar could not tell which ticket is open.' }) as never);
  });

  test('reads the requester from the page, falling back to the ticket', async () => {
    const api = fakeApi();
    const ctx = await readContext(api);
    expect(await readRequester(api, ctx)).toEqual({ id: 7, name: 'Ana Silva', email: 'ana@corp.example' });
    const without = fakeApi();
    without.data.mockImplementation((key: string) => (key === 'requester' ? Promise.reject({ status: 404 }) : Promise.resolve(null)));
    expect(await readRequester(without, ctx)).toEqual({ id: 7, name: 'Ana Silva', email: '' });
  });
});

describe('client wrapper', () => {
  function fdk(overrides: Partial<Record<string, unknown>> = {}): FdkClient & Record<string, ReturnType<typeof vi.fn>> {
    return {
      data: { get: vi.fn((key: string) => Promise.resolve({ [key]: `value of ${key}` })) },
      events: { on: vi.fn() },
      request: { invoke: vi.fn(() => Promise.resolve({ response: { ok: 1 } })) },
      interface: { trigger: vi.fn(() => Promise.resolve()) },
      instance: { resize: vi.fn(() => Promise.resolve()) },
      ...overrides,
    } as never;
  }

  test('data, invoke, notify, resize and events map onto the FDK client', async () => {
    const client = fdk();
    const api = radarApi(client, TEST_TIMERS, 1000);
    expect(await api.data('ticket')).toBe('value of ticket');
    expect(await api.invoke('getTicketInsights', { ticket_id: 1 })).toEqual({ ok: 1 });
    expect(client.request.invoke).toHaveBeenCalledWith('getTicketInsights', { ticket_id: 1 });
    api.notify('success', 'Done.');
    expect(client.interface.trigger).toHaveBeenCalledWith('showNotify', { type: 'success', message: 'Done.' });
    api.resize(321);
    expect(client.instance.resize).toHaveBeenCalledWith({ height: '321px' });
    const cb = vi.fn();
    api.on('app.activated', cb);
    (client.events.on as ReturnType<typeof vi.fn>).mock.calls[0]?.[1]({});
    expect(cb).toHaveBeenCalledTimes(1);
  });

  test('a failing notify or resize is swallowed; a rejection passes through as it is', async () => {
    const client = fdk({
      interface: { trigger: vi.fn(() => Promise.reject(new Error('no host'))) },
      instance: { resize: vi.fn(() => Promise.reject(new Error('no host'))) },
      request: { invoke: vi.fn(() => Promise.reject({ status: 400, message: 'bad' })) },
    });
    const api = radarApi(client, TEST_TIMERS, 1000);
    api.notify('danger', 'x');
    api.resize(100);
    await flush();
    await expect(api.invoke('x', {})).rejects.toEqual({ status: 400, message: 'bad' });
  });

  test('a server method that never answers times out with a 504-shaped error; the timer is cleared otherwise', async () => {
    vi.useFakeTimers();
    const never = new Promise<unknown>(() => undefined);
    const late = withTimeout(never, 25_000, TEST_TIMERS);
    const caught = late.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(await caught).toEqual({ status: 504, message: 'No answer within 25 s.', timeout: true });
    await withTimeout(Promise.resolve(1), 1000, TEST_TIMERS);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('responses given as JSON text are parsed', () => {
    expect(responseOf({ response: '{"a":1}' })).toEqual({ a: 1 });
    expect(responseOf({ response: 'not json' })).toBe('not json');
    expect(responseOf(null)).toBeUndefined();
  });
});

describe('resize', () => {
  test('heights are clamped to 80–700 px and the same height is not asked twice', () => {
    expect(clampHeight(12.2)).toBe(MIN_HEIGHT);
    expect(clampHeight(5000)).toBe(MAX_HEIGHT);
    expect(clampHeight(321.2)).toBe(322);
    expect(clampHeight(Number.NaN)).toBe(MIN_HEIGHT);
    const api = fakeApi();
    const root = document.createElement('div');
    let height = 300;
    root.getBoundingClientRect = () => ({ height }) as DOMRect;
    const measure = createResizer(api, root);
    measure();
    measure();
    height = 900;
    measure();
    expect(api.resize.mock.calls).toEqual([[300], [700]]);
  });
});
