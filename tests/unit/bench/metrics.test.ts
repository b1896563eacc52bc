/**
 * The benchmark's arithmetic (devkit/bench/metrics.ts): the lower bound, the ratio, per-minute
 * peaks over the fake's call log, where the budget went and the ground-truth cross-check. These are
 * what `npm run bench` reports, so they are pinned here with hand-computed figures.
 */
import { describe, expect, test } from 'vitest';
import { appBudget } from '../../../core/budget.ts';
import {
  budgetSplit, checkEffects, isWrite, lowerBound, median, peakOf, peakSince, percentile, perMinute, ratio, round, sum, writeBudget, writesByTicket,
  type Call,
} from '../../../devkit/bench/metrics.ts';
import { capMinutes } from '../../../devkit/bench/storm.ts';

const T0 = Date.UTC(2026, 10, 26, 9, 10, 0);

function call(at: number, endpoint: string, extra: Partial<Call> = {}): Call {
  const method = endpoint === 'update_ticket' ? 'PUT' : endpoint === 'create_note' ? 'POST' : 'GET';
  const path = endpoint === 'update_ticket' ? '/api/v2/tickets/7' : endpoint === 'create_note' ? '/api/v2/tickets/7/notes' : '/api/v2/tickets';
  return { at, method, path, status: 200, credits: 1, caller: 'admin', endpoint, ...extra };
}

describe('lowerBound', () => {
  test('Starter, share 50: the update sub-limit share binds (1100 / 25 = 44 > 1900 / 50 = 38)', () => {
    const b = lowerBound({ updates: 1100, notes: 800, ...writeBudget(appBudget('starter', 50)), arrivalMinutes: 1 });
    expect(b).toEqual({ minutes: 44, binding: 'updates', writesOnly: 38, updatesOnly: 44, arrivalMinutes: 1 });
  });

  test("Enterprise, share 50: FDK's 50 calls bind the writes (1900 / 50 = 38 > 1100 / 80)", () => {
    const b = lowerBound({ updates: 1100, notes: 800, ...writeBudget(appBudget('enterprise', 50)), arrivalMinutes: 1 });
    expect(b.minutes).toBe(38);
    expect(b.binding).toBe('writes');
    expect(b.updatesOnly).toBeCloseTo(13.75, 10);
  });

  test('the 300-ticket storms of the benchmark: 165 updates, 120 notes', () => {
    expect(lowerBound({ updates: 165, notes: 120, writesPerMinute: 50, updatesPerMinute: 25, arrivalMinutes: 0.99 }).minutes).toBeCloseTo(6.6, 10);
    expect(lowerBound({ updates: 165, notes: 120, writesPerMinute: 50, updatesPerMinute: 80, arrivalMinutes: 0.99 }).minutes).toBeCloseTo(5.7, 10);
  });

  test('a storm too small to fill a minute is bounded by its last arrival', () => {
    expect(lowerBound({ updates: 3, notes: 2, writesPerMinute: 50, updatesPerMinute: 25, arrivalMinutes: 1 })).toMatchObject({ minutes: 1, binding: 'arrival' });
  });

  test('reads are not part of the bound; nothing to write means the arrival time', () => {
    expect(lowerBound({ updates: 0, notes: 0, writesPerMinute: 50, updatesPerMinute: 25, arrivalMinutes: 0.5 }).minutes).toBe(0.5);
  });

  test('refuses a zero budget and negative counts', () => {
    expect(() => lowerBound({ updates: 1, notes: 1, writesPerMinute: 0, updatesPerMinute: 25, arrivalMinutes: 1 })).toThrow(RangeError);
    expect(() => lowerBound({ updates: -1, notes: 1, writesPerMinute: 50, updatesPerMinute: 25, arrivalMinutes: 1 })).toThrow(RangeError);
  });

  test('writeBudget: C is min(credits, calls), Cu the update sub-limit share', () => {
    expect(writeBudget(appBudget('starter', 50))).toEqual({ writesPerMinute: 50, updatesPerMinute: 25 });
    expect(writeBudget(appBudget('enterprise', 50))).toEqual({ writesPerMinute: 50, updatesPerMinute: 80 });
    expect(writeBudget(appBudget('starter', 20))).toEqual({ writesPerMinute: 20, updatesPerMinute: 10 });
  });

  test('the run cap is 3 x bound + 15 minutes, rounded up', () => {
    expect(capMinutes(44)).toBe(147);
    expect(capMinutes(6.6)).toBe(35);
  });
});

describe('ratio, percentile, median', () => {
  test('ratio is completion / bound, null without a completion', () => {
    expect(ratio(53, 44)).toBeCloseTo(1.2045, 4);
    expect(ratio(null, 44)).toBeNull();
    expect(ratio(10, 0)).toBeNull();
    expect(round(1.2045454, 2)).toBe(1.2);
  });

  test('nearest-rank percentile and the median', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 0)).toBe(1);
    expect(median(xs)).toBe(5.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(Number.isNaN(percentile([], 95))).toBe(true);
  });
});

describe('perMinute and peaks', () => {
  const calls: Call[] = [
    call(T0 + 1_000, 'list_tickets', { credits: 3 }),
    call(T0 + 2_000, 'update_ticket'),
    call(T0 + 3_000, 'update_ticket', { caller: 'others' }),
    call(T0 + 4_000, 'create_note'),
    call(T0 + 5_000, 'update_ticket', { status: 429, caller: 'others' }),
    call(T0 + 60_000, 'update_ticket'),
    call(T0 + 119_999, 'view_ticket', { caller: 'others', credits: 2 }),
    call(T0 - 1, 'update_ticket'),
  ];

  test('groups by fixed clock minute, 429s consume nothing and are counted per caller', () => {
    const rows = perMinute(calls, T0);
    expect(rows.map((r) => r.window)).toEqual([T0 / 60_000, T0 / 60_000 + 1]);
    const [first, second] = rows;
    expect(first).toMatchObject({ credits: 6, byCaller: { admin: 5, others: 1 }, rateLimited: { others: 1 } });
    expect(first?.sub).toMatchObject({ list_tickets: 3, update_ticket: 2, view_ticket: 0 });
    expect(first?.subByCaller).toEqual({ admin: { list_tickets: 3, update_ticket: 1 }, others: { update_ticket: 1 } });
    expect(second).toMatchObject({ credits: 3, sub: { update_ticket: 1, view_ticket: 2 } });
  });

  test('peaks and sums over the rows', () => {
    const rows = perMinute(calls, T0);
    expect(peakOf(rows, (r) => r.credits)).toBe(6);
    expect(peakOf(rows, (r) => r.sub.update_ticket)).toBe(2);
    expect(peakOf(rows, (r) => r.subByCaller.admin?.update_ticket ?? 0)).toBe(1);
    expect(sum(rows, (r) => r.rateLimited.others ?? 0)).toBe(1);
    expect(peakOf([], () => 1)).toBe(0);
  });

  test('the window end is exclusive and calls before the start are ignored', () => {
    expect(perMinute(calls, T0, T0 + 60_000)).toHaveLength(1);
    expect(perMinute(calls).map((r) => r.window)[0]).toBe(T0 / 60_000 - 1);
  });

  test('peakSince reads the runtime windows from the start minute on', () => {
    const windows = [{ start: T0 - 60_000, count: 49 }, { start: T0, count: 31 }, { start: T0 + 60_000, count: 33 }];
    expect(peakSince(windows, T0)).toBe(33);
    expect(peakSince(windows, T0 + 30_000)).toBe(33);
    expect(peakSince(windows, T0 - 60_000)).toBe(49);
  });
});

describe('budgetSplit and writesByTicket', () => {
  test('reads vs writes, by endpoint, failures by status, 429 credits are zero', () => {
    const split = budgetSplit([
      call(T0, 'list_tickets', { credits: 3 }), call(T0, 'filter_tickets'), call(T0, 'update_ticket'), call(T0, 'create_note'),
      call(T0, 'create_note', { status: 429 }), call(T0, 'update_ticket', { caller: 'others' }),
    ], 'admin');
    expect(split).toEqual({
      calls: 5, credits: 6, readCalls: 2, readCredits: 4, writeCalls: 3, writeCredits: 2,
      byEndpoint: { list_tickets: 1, filter_tickets: 1, update_ticket: 1, create_note: 2 }, failed: { 429: 1 },
    });
    expect(isWrite({ endpoint: 'create_note' })).toBe(true);
    expect(isWrite({ endpoint: 'filter_tickets' })).toBe(false);
  });

  test('successful updates and notes per ticket, by one caller', () => {
    const w = writesByTicket([
      { ...call(T0, 'update_ticket'), path: '/api/v2/tickets/7' },
      { ...call(T0 + 1, 'create_note'), path: '/api/v2/tickets/7/notes' },
      { ...call(T0 + 2, 'create_note'), path: '/api/v2/tickets/8/notes', status: 429 },
      { ...call(T0 + 3, 'update_ticket'), path: '/api/v2/tickets/8', caller: 'others' },
      { ...call(T0 + 4, 'view_ticket'), path: '/api/v2/tickets/9' },
      { ...call(T0 + 5, 'update_ticket'), path: '/api/v2/tickets/7' },
    ], 'admin');
    expect([...w.entries()]).toEqual([[7, { updates: [T0, T0 + 5], notes: [T0 + 1] }]]);
  });
});

describe('checkEffects', () => {
  test('complete, missing, extra (and on originals) and repeated writes', () => {
    const writes = new Map([
      [1, { updates: [T0], notes: [T0] }],
      [2, { updates: [T0], notes: [] }],
      [3, { updates: [T0, T0 + 1], notes: [T0] }],
      [4, { updates: [], notes: [T0] }],
    ]);
    const e = checkEffects([
      { id: 1, needsUpdate: true, needsNote: true },
      { id: 2, needsUpdate: true, needsNote: true },
      { id: 3, needsUpdate: false, needsNote: false, original: true },
      { id: 4, needsUpdate: false, needsNote: true },
      { id: 5, needsUpdate: false, needsNote: false },
    ], writes);
    expect(e).toEqual({
      complete: 4, missingUpdates: 0, missingNotes: 1, extraUpdates: 1, extraNotes: 1, repeatedUpdates: 1, repeatedNotes: 0,
      updatesDone: 4, notesDone: 3, extraOnOriginals: 1, ticketsWithExtra: 1,
    });
  });
});
