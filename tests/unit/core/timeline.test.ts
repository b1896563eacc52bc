import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactTimeline, entriesFromChanges, formatDuration, mergeEntries, PRIORITY_NAMES, STATUS_NAMES, statusDurations, type TimelineEntry } from '../../../core/timeline.ts';

const s = (at: number, from: number | null, to: number | null, by: number | null = null): TimelineEntry => ({ at, field: 'status', from, to, by });
const MIN = 60_000;

describe('entriesFromChanges', () => {
  it('entriesFromChanges: keeps the timeline fields that really changed', () => {
    expect(entriesFromChanges({ status: [2, 3], priority: [1, 1], group_id: [null, 5], responder_id: [7, null], type: ['a', 'b'], urgency: [1, 2] }, 1000, 9)).toEqual([
      { at: 1000, field: 'status', from: 2, to: 3, by: 9 },
      { at: 1000, field: 'group_id', from: null, to: 5, by: 9 },
      { at: 1000, field: 'responder_id', from: 7, to: null, by: 9 },
    ]);
    expect(entriesFromChanges({}, 1, null)).toEqual([]);
  });
});

describe('mergeEntries', () => {
  it('mergeEntries: drops identical entries and sorts by time, keeping tie order', () => {
    const a = s(30, 3, 4);
    const b: TimelineEntry = { at: 10, field: 'priority', from: 1, to: 4, by: 2 };
    const c = s(10, 2, 3);
    expect(mergeEntries([a, b], [c, { ...a }, b])).toEqual([b, c, a]);
  });
});

describe('statusDurations', () => {
  it('statusDurations: counts each status until it changed, the current one until now', () => {
    const entries = [s(10 * MIN, 2, 3), s(40 * MIN, 3, 2), s(50 * MIN, 2, 4)];
    expect(statusDurations(entries, { createdAt: 0, initialStatus: 2, now: 100 * MIN })).toEqual([
      { status: 2, ms: 20 * MIN },
      { status: 3, ms: 30 * MIN },
      { status: 4, ms: 50 * MIN },
    ]);
  });

  it('statusDurations: a new ticket has spent all its time in its first status', () => {
    expect(statusDurations([], { createdAt: 0, initialStatus: 2, now: 5 * MIN })).toEqual([{ status: 2, ms: 5 * MIN }]);
  });

  it('statusDurations: uses the entry’s from when the initial status is unknown, and ignores other fields', () => {
    const entries: TimelineEntry[] = [{ at: 5, field: 'priority', from: 1, to: 4, by: null }, s(10, 3, 4)];
    expect(statusDurations(entries, { createdAt: 0, initialStatus: null, now: 15 })).toEqual([{ status: 3, ms: 10 }, { status: 4, ms: 5 }]);
  });

  it('statusDurations: starts at the first entry without a creation time, and never counts negative time', () => {
    expect(statusDurations([s(100, 2, 3)], { createdAt: null, initialStatus: 2, now: 50 })).toEqual([{ status: 2, ms: 0 }, { status: 3, ms: 0 }]);
    expect(statusDurations([s(5, 2, 3)], { createdAt: 10, initialStatus: 2, now: 20 })).toEqual([{ status: 2, ms: 0 }, { status: 3, ms: 10 }]);
    expect(statusDurations([], { createdAt: null, initialStatus: 2, now: 20 })).toEqual([{ status: 2, ms: 0 }]);
  });

  it('statusDurations: adds carried totals', () => {
    expect(statusDurations([], { createdAt: 100, initialStatus: 3, now: 150, carried: [{ status: 2, ms: 40 }, { status: 3, ms: 10 }] })).toEqual([{ status: 2, ms: 40 }, { status: 3, ms: 60 }]);
  });

  it('statusDurations: the parts add up to the time since creation', () => {
    const entry = fc.record({ at: fc.integer({ min: 0, max: 1000 }), from: fc.oneof(fc.constant(null), fc.integer({ min: 2, max: 6 })), to: fc.oneof(fc.constant(null), fc.integer({ min: 2, max: 6 })) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (list) => {
        const entries = list.map((e) => s(e.at, e.from ?? 2, e.to ?? 3));
        const total = statusDurations(entries, { createdAt: 0, initialStatus: 2, now: 2000 }).reduce((acc, d) => acc + d.ms, 0);
        return total === 2000;
      }),
    );
  });
});

describe('compactTimeline', () => {
  it('compactTimeline: keeps the newest entries and moves the base to the last folded status change', () => {
    const entries = [s(10, 2, 3), { at: 15, field: 'priority' as const, from: 1, to: 2, by: null }, s(20, 3, 2), s(30, 2, 4), s(40, 4, 2)];
    const c = compactTimeline(entries, { maxEntries: 2, createdAt: 0, initialStatus: 2 });
    expect(c).toEqual({ entries: [s(30, 2, 4), s(40, 4, 2)], carried: [{ status: 2, ms: 10 }, { status: 3, ms: 10 }], createdAt: 20, initialStatus: 2 });
    expect(statusDurations(c.entries, { ...c, now: 100 })).toEqual(statusDurations(entries, { createdAt: 0, initialStatus: 2, now: 100 }));
  });

  it('compactTimeline: leaves short lists and lists without folded status changes alone', () => {
    const entries = [s(10, 2, 3)];
    expect(compactTimeline(entries, { maxEntries: 5 })).toEqual({ entries, carried: [], createdAt: null, initialStatus: null });
    const others: TimelineEntry[] = [{ at: 1, field: 'priority', from: 1, to: 2, by: null }, s(5, 2, 3)];
    expect(compactTimeline(others, { maxEntries: 1, createdAt: 0, initialStatus: 2 })).toEqual({ entries: [s(5, 2, 3)], carried: [], createdAt: 0, initialStatus: 2 });
  });

  it('compactTimeline: validates maxEntries', () => {
    expect(() => compactTimeline([], { maxEntries: 0 })).toThrow(new TypeError('Expected `maxEntries` to be an integer ≥ 1, got `0` (number)'));
    expect(() => compactTimeline([], { maxEntries: 1.5 })).toThrow(TypeError);
  });

  it('compactTimeline: repeated compaction keeps durations exact', () => {
    const entry = fc.record({
      at: fc.integer({ min: 0, max: 10_000 }),
      field: fc.constantFrom<TimelineEntry['field']>('status', 'status', 'priority', 'group_id'),
      from: fc.oneof(fc.constant(null), fc.integer({ min: 2, max: 6 })),
      to: fc.oneof(fc.constant(null), fc.integer({ min: 2, max: 6 })),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 500 })), fc.oneof(fc.constant(null), fc.integer({ min: 2, max: 5 })), (list, max, createdAt, initialStatus) => {
        const all = mergeEntries([], list.map((e) => ({ ...e, by: null })));
        const now = 20_000;
        const expected = statusDurations(all, { createdAt, initialStatus, now });
        let state = { entries: [] as TimelineEntry[], carried: [] as Array<{ status: number; ms: number }>, createdAt, initialStatus };
        for (let i = 0; i < all.length; i += 3) {
          const merged = mergeEntries(state.entries, all.slice(i, i + 3));
          state = compactTimeline(merged, { maxEntries: max, createdAt: state.createdAt, initialStatus: state.initialStatus, carried: state.carried });
          expect(state.entries.length).toBeLessThanOrEqual(max);
        }
        const got = statusDurations(state.entries, { ...state, now }).filter((d) => d.ms > 0);
        expect(got).toEqual(expected.filter((d) => d.ms > 0));
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatDuration and names', () => {
  it.each([
    [0, '0 s'],
    [-5, '0 s'],
    [Number.NaN, '0 s'],
    [45_000, '45 s'],
    [12 * MIN, '12 min'],
    [60 * MIN, '1 h'],
    [125 * MIN, '2 h 5 min'],
    [24 * 60 * MIN, '1 d'],
    [(3 * 24 + 4) * 60 * MIN + 59 * MIN, '3 d 4 h'],
  ])('formatDuration: %d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('STATUS_NAMES/PRIORITY_NAMES: match the API enumerations', () => {
    expect(STATUS_NAMES).toEqual({ 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' });
    expect(PRIORITY_NAMES).toEqual({ 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' });
  });
});
