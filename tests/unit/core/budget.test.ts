import { describe, expect, test } from 'vitest';
import {
  appBudget, creditsFor, currentSpend, emptySpend, FALLBACK_RETRY_AFTER_SECONDS, isPlan, MAX_RETRY_AFTER_SECONDS,
  minuteOf, parseRateLimitHeaders, parseRetryAfter, parseShare, recordSpend, refusal,
} from '../../../core/budget.ts';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 20);

describe('appBudget', () => {
  test('Starter at 50%: 50 credits, 50 calls, every sub-limit halved, the plan binds', () => {
    const b = appBudget('starter', 50);
    expect(b).toMatchObject({ credits: 50, calls: 50, binding: 'plan' });
    expect(b.perOperation).toEqual({ listTickets: 20, viewTicket: 25, createTicket: 25, updateTicket: 25, listAgents: 20, listRequesters: 20 });
  });

  test("Enterprise at 50%: 250 credits but FDK's 50 calls a minute bind", () => {
    const b = appBudget('enterprise', 50);
    expect(b).toMatchObject({ credits: 250, calls: 50, binding: 'fdk' });
    expect(b.perOperation.updateTicket).toBe(80);
  });

  test('a tiny share still allows one call', () => {
    expect(appBudget('starter', 1)).toMatchObject({ credits: 1, calls: 1 });
  });
});

describe('parseShare and isPlan', () => {
  test('budget_share as stored by the install page, clamped, with a default for garbage', () => {
    expect(parseShare('30')).toBe(30);
    expect(parseShare(' 75 ')).toBe(75);
    expect(parseShare(0)).toBe(1);
    expect(parseShare(250)).toBe(100);
    expect(parseShare('lots')).toBe(50);
    expect(parseShare(undefined)).toBe(50);
  });

  test('plans', () => {
    expect(isPlan('pro')).toBe(true);
    expect(isPlan('Pro')).toBe(false);
    expect(isPlan(3)).toBe(false);
  });
});

describe('credits and spend', () => {
  test('include costs one more credit on a view, two more on a list', () => {
    expect(creditsFor('viewTicket', 1)).toBe(2);
    expect(creditsFor('listTickets', 1)).toBe(3);
    expect(creditsFor('other', 0)).toBe(1);
    expect(creditsFor('other', -3)).toBe(1);
  });

  test('a call fits until the total, the credits or the operation share is spent', () => {
    const b = appBudget('starter', 50);
    let s = emptySpend(minuteOf(NOW));
    for (let i = 0; i < 25; i += 1) s = recordSpend(s, 'updateTicket', 1);
    expect(refusal(s, b, 'updateTicket', 1)).toBe('25 updateTicket credits per minute');
    expect(refusal(s, b, 'other', 1)).toBeUndefined();
    for (let i = 0; i < 24; i += 1) s = recordSpend(s, 'other', 1);
    expect(refusal(s, b, 'other', 1)).toBeUndefined();
    expect(refusal(s, b, 'other', 1, 1)).toBe('49 calls per minute');
    s = recordSpend(s, 'other', 1);
    expect(refusal(s, b, 'other', 1)).toBe('50 calls per minute');
  });

  test('credits bind before calls when includes are used', () => {
    const b = appBudget('starter', 50);
    let s = emptySpend(0);
    for (let i = 0; i < 16; i += 1) s = recordSpend(s, 'listTickets', 3);
    expect(s.credits).toBe(48);
    expect(refusal(s, b, 'other', 3)).toBe('50 credits per minute');
  });

  test("a new minute starts from nothing; the same minute keeps its spend", () => {
    const s = recordSpend(emptySpend(minuteOf(NOW)), 'other', 1);
    expect(currentSpend(s, NOW)).toBe(s);
    expect(currentSpend(s, NOW + 60_000)).toEqual(emptySpend(minuteOf(NOW) + 1));
    expect(currentSpend(undefined, NOW)).toEqual(emptySpend(minuteOf(NOW)));
  });
});

describe('parseRateLimitHeaders', () => {
  test('reads the headers in any letter case', () => {
    expect(parseRateLimitHeaders({ 'X-Ratelimit-Total': '100', 'x-ratelimit-remaining': '41', 'X-RateLimit-Used-CurrentRequest': '3' })).toEqual({ total: 100, remaining: 41, used: 3 });
  });

  test('drops missing, negative, fractional or impossible values', () => {
    expect(parseRateLimitHeaders({ 'x-ratelimit-total': 'lots', 'x-ratelimit-remaining': '-2' })).toEqual({});
    expect(parseRateLimitHeaders({ 'x-ratelimit-total': '100', 'x-ratelimit-remaining': '900' })).toEqual({ total: 100 });
    expect(parseRateLimitHeaders({ 'x-ratelimit-remaining': '1.5' })).toEqual({});
    expect(parseRateLimitHeaders(undefined)).toEqual({});
  });
});

describe('parseRetryAfter', () => {
  test('delta-seconds are honoured', () => {
    expect(parseRetryAfter('17', NOW)).toBe(17);
    expect(parseRetryAfter(3, NOW)).toBe(3);
  });

  test('0 or negative means the next window: at least one second', () => {
    expect(parseRetryAfter('0', NOW)).toBe(1);
    expect(parseRetryAfter('-30', NOW)).toBe(1);
  });

  test('an hour is clamped to fifteen minutes', () => {
    expect(parseRetryAfter('3600', NOW)).toBe(MAX_RETRY_AFTER_SECONDS);
  });

  test('an HTTP date is read as the time until then', () => {
    expect(parseRetryAfter(new Date(NOW + 42_000).toUTCString(), NOW)).toBe(42);
  });

  test('missing or malformed values fall back to the rest of the minute', () => {
    expect(parseRetryAfter(undefined, NOW)).toBe(40);
    expect(parseRetryAfter('soon', NOW)).toBe(40);
    expect(parseRetryAfter('', NOW - 20_000)).toBe(FALLBACK_RETRY_AFTER_SECONDS);
  });
});
