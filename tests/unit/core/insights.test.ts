import { describe, expect, test } from 'vitest';
import { buildInsights, type HealthView } from '../../../core/insights.ts';
import { emptyOutcome, type TicketOutcome } from '../../../core/record.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const HOUR = 3600_000;
const health: HealthView = {
  plan: 'starter', share: 50, callsPerMinute: 50, creditsPerMinute: 50, binding: 'plan', key: 'ok', retryAt: null,
  deferred: null, lastSweep: null, lastError: null, rulesIssue: null,
};

function outcome(extra: Partial<TicketOutcome> = {}): TicketOutcome {
  return { ...emptyOutcome(NOW - 3 * HOUR, 'event'), createdAt: NOW - 4 * HOUR, status0: 2, ...extra };
}

describe('buildInsights', () => {
  test('a ticket the app never saw is "unseen" with empty sections', () => {
    const insights = buildInsights({ ticketId: 7, block: null, now: NOW, health, ackConfigured: false });
    expect(insights).toMatchObject({ ticketId: 7, known: false, state: 'unseen', rules: [], duplicates: [], requester: null, note: 'none' });
    expect(insights.timeline).toEqual({ entries: [], durations: [], escalations: [] });
  });

  test('an unseen ticket still gets its status durations from the live ticket and any timeline', () => {
    const block = { l7: [[NOW - HOUR, 'status', 2, 3, 5]] };
    const insights = buildInsights({ ticketId: 7, block, now: NOW, health, ackConfigured: false, ticket: { status: 2, createdAt: NOW - 2 * HOUR } });
    expect(insights.timeline.durations).toEqual([
      { status: 2, name: 'Open', ms: HOUR },
      { status: 3, name: 'Pending', ms: HOUR },
    ]);
  });

  test("the app's own changes join the timeline; dismissals from either place mark duplicates", () => {
    const o = outcome({
      changes: [{ field: 'priority', from: 1, to: 3, rule: 'VPN' }, { field: 'tags', from: 'a', to: 'a, vpn' }],
      dups: [{ id: 3, score: 0.8, words: ['vpn'], subject: 'VPN' }, { id: 4, score: 0.7, words: [], subject: 'Other' }],
      dismissed: [3],
    });
    const insights = buildInsights({ ticketId: 7, block: { o7: o, x7: [4] }, now: NOW, health, ackConfigured: true });
    expect(insights.timeline.entries).toEqual([{ at: NOW - 3 * HOUR, field: 'priority', from: 1, to: 3, by: null }]);
    expect(insights.duplicates.map((d) => [d.id, d.dismissed])).toEqual([[3, true], [4, true]]);
    expect(insights.ack).toEqual({ state: 'none', configured: true });
  });

  test('a refreshed requester snapshot replaces the one recorded at triage; an ack marker means posted', () => {
    const o = outcome({ requester: { id: 9, name: 'Old', email: 'o@x', open: [], at: 1 } });
    const refreshed = { id: 9, name: 'New', email: 'n@x', open: [{ id: 2, subject: 'Other', status: 2 }], at: NOW };
    const insights = buildInsights({ ticketId: 7, block: { o7: o, r7: refreshed, a7: { at: NOW } }, now: NOW, health, ackConfigured: true });
    expect(insights.requester?.name).toBe('New');
    expect(insights.requester?.open).toHaveLength(1);
    expect(insights.ack.state).toBe('done');
  });

  test('a record from an older version is read, flagged, and anything unusable is dropped', () => {
    const old = { state: 'weird', at: NOW, rules: [{ name: 'A' }, 'junk'], dups: [{ subject: 'no id' }], e7: 'x' };
    const insights = buildInsights({ ticketId: 7, block: { o7: old, e7: [{ at: 1, rules: ['R'], note: 'done' }, null] }, now: NOW, health, ackConfigured: false });
    expect(insights).toMatchObject({ known: true, state: 'done', olderRecord: true, rules: [{ name: 'A', why: [] }], duplicates: [] });
    expect(insights.timeline.escalations.map((e) => e.rules)).toEqual([['R'], []]);
  });
});
