// @vitest-environment happy-dom
/** Duplicates, requester, timeline and health sections, the page, and the non-data states. */
import { describe, expect, test, vi } from 'vitest';
import { renderDuplicates } from '../../../app/src/render/duplicates.ts';
import { renderHealth, needsAttention } from '../../../app/src/render/health.ts';
import { deferralReason, errorHeadline, planName } from '../../../app/src/render/health-words.ts';
import { renderPage } from '../../../app/src/render/page.ts';
import { renderRequester } from '../../../app/src/render/requester.ts';
import { MAX_ENTRIES, renderTimeline } from '../../../app/src/render/timeline.ts';
import { errorState, skeleton } from '../../../app/src/states.ts';
import { context, health, insights, MIN, NASTY, NOW, text, unseen, view } from './fixtures.ts';

describe('renderDuplicates', () => {
  test('links each duplicate to the agent portal in a new tab, with score and shared words', () => {
    const el = renderDuplicates(insights(), view());
    expect(el.querySelector('h2')?.textContent).toBe('Possible duplicates');
    const link = el.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://acme.freshservice.com/a/tickets/40');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toContain('noopener');
    expect(text(link)).toBe('#40 VPN drops on laptop (opens in a new tab)');
    expect(text(el.querySelector('.radar-dup__meta'))).toBe('87% similar · shared words: vpn, laptop');
    expect(el.querySelector('fw-label')?.getAttribute('value')).toBe('1 open');
  });

  test('"Not a duplicate" names its ticket for screen readers and calls dismiss with the id', () => {
    const v = view();
    const el = renderDuplicates(insights(), v);
    const button = el.querySelector('[data-focus="dismiss:40"]');
    expect(text(button)).toBe('Not a duplicate (ticket #40)');
    expect(button?.querySelector('.visually-hidden')).not.toBeNull();
    button?.dispatchEvent(new CustomEvent('fwClick'));
    expect(v.handlers.dismiss).toHaveBeenCalledWith(40);
  });

  test('dismissed duplicates go last, marked and without a button', () => {
    const el = renderDuplicates(insights({ duplicates: [
      { id: 30, score: 0.7, words: ['printer'], subject: 'Old one', dismissed: true },
      { id: 31, score: 0.65, words: [], subject: 'Open one', dismissed: false },
    ] }), view());
    const items = [...el.querySelectorAll('li.radar-dup')];
    expect(items.map((li) => li.classList.contains('radar-dup--dismissed'))).toEqual([false, true]);
    expect(text(items[1]?.querySelector('.radar-dup__meta'))).toBe('Marked not a duplicate · was 70% similar');
    expect(items[1]?.querySelector('fw-button')).toBeNull();
    expect(text(items[0]?.querySelector('.radar-dup__meta'))).toBe('65% similar');
  });

  test('a deleted duplicate still shows its stored subject; an empty subject says so', () => {
    const el = renderDuplicates(insights({ duplicates: [{ id: 5, score: 0.9, words: [], subject: '', dismissed: false }] }), view());
    expect(text(el.querySelector('.radar-dup__subject'))).toBe('(no subject stored)');
  });

  test('subjects are text: an <img onerror> subject renders as characters', () => {
    const el = renderDuplicates(insights({ duplicates: [{ id: 5, score: 0.9, words: ['<b>'], subject: NASTY, dismissed: false }] }), view());
    expect(el.querySelector('img, b')).toBeNull();
    expect(el.querySelector('.radar-dup__subject')?.textContent).toBe(NASTY);
  });

  test('empty states say what will appear', () => {
    expect(text(renderDuplicates(insights({ duplicates: [] }), view()).querySelector('.radar-empty'))).toBe('No possible duplicates: no recent ticket from this requester is similar.');
    expect(text(renderDuplicates(unseen(), view()).querySelector('.radar-empty'))).toContain('when it processes this ticket');
  });
});

describe('renderRequester', () => {
  test("lists the requester's other open tickets with links and status names", () => {
    const el = renderRequester(insights(), view());
    expect(text(el.querySelector('.radar-requester__name'))).toBe('Ana Silva <ana@corp.example>');
    const link = el.querySelector('.radar-open a');
    expect(link?.getAttribute('href')).toBe('https://acme.freshservice.com/a/tickets/39');
    expect(text(el.querySelector('.radar-open li'))).toBe('#39 Printer jam (opens in a new tab) · Pending');
    expect(text(el.querySelector('.radar-meta'))).toBe('As of 3 min ago.');
  });

  test('Refresh calls its handler; the cost of the last refresh is shown', () => {
    const v = view({ refreshed: { calls: 1 } });
    const el = renderRequester(insights(), v);
    el.querySelector('[data-focus="refresh"]')?.dispatchEvent(new CustomEvent('fwClick'));
    expect(v.handlers.refreshRequester).toHaveBeenCalledTimes(1);
    expect(text(el.querySelector('[data-cost="requester"]'))).toBe('Refreshed: 1 API call');
    expect(text(renderRequester(insights(), view({ refreshed: { calls: 2 } })).querySelector('[data-cost]'))).toBe('Refreshed: 2 API calls');
    expect(renderRequester(insights(), view({ busy: new Set(['refresh']) })).querySelector('[data-focus="refresh"]')?.hasAttribute('disabled')).toBe(true);
  });

  test('no other open tickets, and no snapshot yet', () => {
    const none = insights({ requester: { id: 7, name: 'Ana Silva', email: '', open: [], at: 0 } });
    const el = renderRequester(none, view());
    expect(text(el.querySelector('.radar-empty'))).toBe('No other open tickets from Ana Silva.');
    expect(text(el.querySelector('.radar-requester__name'))).toBe('Ana Silva');
    expect(el.querySelector('.radar-meta')).toBeNull();
    const empty = renderRequester(unseen(), view({ ctx: context({ requester: { id: null, name: '' } }) }));
    expect(text(empty.querySelector('.radar-empty'))).toBe("Ticket Radar lists the requester's other open tickets when it processes this ticket. Refresh to look them up now.");
  });

  test('subjects are text', () => {
    const el = renderRequester(insights({ requester: { id: 1, name: NASTY, email: 'x@y', open: [{ id: 3, subject: NASTY, status: null }, { id: 4, subject: ' ', status: 2 }], at: NOW } }), view());
    expect(el.querySelector('img')).toBeNull();
    expect(text(el.querySelectorAll('.radar-open li')[0])).toBe(`#3 ${NASTY} (opens in a new tab)`);
    expect(text(el.querySelectorAll('.radar-open li')[1])).toBe('#4 (no subject) (opens in a new tab) · Open');
  });
});

describe('renderTimeline', () => {
  test('a bar per status with widths relative to the longest and durations as text', () => {
    const el = renderTimeline(insights(), view());
    const rows = [...el.querySelectorAll('.radar-chart__row')];
    expect(el.querySelector('.radar-chart')?.getAttribute('aria-label')).toBe('Time in each status');
    expect(rows.map((r) => text(r.querySelector('.radar-chart__label')))).toEqual(['Open', 'Pending']);
    expect(rows.map((r) => text(r.querySelector('.radar-chart__value')))).toEqual(["1 h, 67% of the ticket's time", "30 min, 33% of the ticket's time"]);
    expect(rows.map((r) => (r.querySelector('.radar-bar__fill') as HTMLElement).style.inlineSize)).toEqual(['100%', '50%']);
    expect(rows[0]?.querySelector('.radar-bar')?.getAttribute('aria-hidden')).toBe('true');
  });

  test('changes newest first by name, and escalations with their error', () => {
    const el = renderTimeline(insights({ timeline: {
      entries: insights().timeline.entries,
      durations: [],
      escalations: [{ at: NOW - MIN, rules: ['Reopened'], changes: [{ field: 'status', from: 4, to: 2 }], note: 'done', error: 'The note could not be posted.' }],
    } }), view());
    expect([...el.querySelectorAll('.radar-entry')].map((li) => text(li))).toEqual(['2 min ago Status: Open → Pending', '3 min ago Priority: Low → High']);
    expect(text(el.querySelector('.radar-escalation > span'))).toBe('Reopened: Status Resolved → Open');
    expect(text(el.querySelector('.radar-escalation .radar-problem__detail'))).toBe('The note could not be posted.');
    expect(el.querySelector('.radar-chart')).toBeNull();
  });

  test(`shows the newest ${MAX_ENTRIES} changes and counts the rest`, () => {
    const entries = Array.from({ length: MAX_ENTRIES + 3 }, (_, i) => ({ at: NOW - (20 - i) * MIN, field: 'priority' as const, from: 1, to: 2, by: null }));
    const el = renderTimeline(insights({ timeline: { entries, durations: [], escalations: [{ at: NOW, rules: [], changes: [], note: 'none', error: null }] } }), view());
    expect(el.querySelectorAll('.radar-entry')).toHaveLength(MAX_ENTRIES);
    expect(text(el.querySelector('.radar-entries > .radar-meta'))).toBe('and 3 earlier changes');
    expect(text(el.querySelector('.radar-escalation'))).toBe('just now an escalation rule');
  });

  test('empty timeline says what will appear; zero durations draw no bars', () => {
    const el = renderTimeline(insights({ timeline: { entries: [], durations: [{ status: 2, name: 'Open', ms: 0 }], escalations: [] } }), view());
    expect(text(el.querySelector('.radar-empty'))).toContain('No changes recorded yet.');
  });
});

describe('renderHealth', () => {
  test('budget, binding limit, last sweep and nothing deferred: collapsed to OK', () => {
    const el = renderHealth(health({ lastSweep: { at: NOW - 2 * MIN, processed: 12, calls: 4, credits: 5, backlog: 0 } }), view());
    const dd = (key: string) => text(el.querySelector(`dd[data-health="${key}"]`));
    expect(el.querySelector('fw-label')?.getAttribute('value')).toBe('OK');
    expect(dd('budget')).toBe("50 calls a minute, 50% of the Starter plan's budget.");
    expect(dd('binding')).toBe('The plan share: 50 credits a minute.');
    expect(dd('sweep')).toBe('2 min ago: 12 tickets, 4 API calls (5 credits) of 50 a minute; 0 waiting.');
    expect(dd('deferred')).toBe('Nothing waiting.');
    expect(dd('error')).toBe('None.');
    expect(el.querySelector('dd[data-health="key"]')).toBeNull();
  });

  test("FDK's 50/min as the binding limit", () => {
    const el = renderHealth(health({ plan: 'enterprise', share: 80, creditsPerMinute: 400, binding: 'fdk' }), view());
    expect(text(el.querySelector('dd[data-health="binding"]'))).toBe("FDK's 50 calls a minute per app (the plan share allows 400 credits).");
    expect(text(el.querySelector('dd[data-health="budget"]'))).toContain('80% of the Enterprise plan');
  });

  test('a rejected key, deferred work, a pause, the last error with its hint and a rules issue need attention', () => {
    const el = renderHealth(health({
      key: 'rejected',
      retryAt: NOW + 45_000,
      deferred: { since: NOW - 10 * MIN, reason: 'busy' },
      lastError: { kind: 'auth', message: 'Freshservice rejected the API key (401).', hint: 'An admin should update the API key in the app settings.', at: NOW - MIN },
      rulesIssue: 'Rule 2 has an unsafe regular expression.',
    }), view());
    const dd = (key: string) => text(el.querySelector(`dd[data-health="${key}"]`));
    expect(el.querySelector('fw-label')?.getAttribute('value')).toBe('Needs attention');
    expect(dd('error')).toBe('The API key was rejected (401). An admin should update the API key in the app settings. (1 min ago)');
    expect(dd('key')).toContain('Rejected by Freshservice');
    expect(dd('deferred')).toBe("Waiting since 10 min ago because the app's API budget for the minute was spent.");
    expect(dd('paused')).toBe('Freshservice asked the app to wait; calls resume in 45 s.');
    expect(dd('rules')).toBe('Rule 2 has an unsafe regular expression.');
  });

  test('an old error stays listed without flagging the section', () => {
    const old = health({ lastError: { kind: 'server', message: 'x', hint: 'Nothing to do: the app retries later.', at: NOW - 3 * 60 * MIN } });
    expect(needsAttention(old, NOW)).toBe(false);
    expect(needsAttention({ ...old, lastError: { ...old.lastError!, at: NOW - MIN } }, NOW)).toBe(true);
  });

  test('missing health says so', () => {
    expect(text(renderHealth(null, view()).querySelector('.radar-empty'))).toContain('not available');
  });

  test('words for error kinds, deferral reasons and plans fall back to what the server said', () => {
    expect(errorHeadline('weird', 'Server words.')).toBe('Server words.');
    expect(errorHeadline('weird', '')).toBe('Something went wrong.');
    expect(deferralReason('rate_limited')).toBe("Freshservice's limit for the account was reached (429)");
    expect(deferralReason('network')).toBe('freshservice could not be reached');
    expect(deferralReason('mystery')).toBe('mystery');
    expect(planName('pro')).toBe('Pro');
    expect(planName('custom')).toBe('custom');
  });
});

describe('page and states', () => {
  test('the page has every section in order, and the older-record notice when the record is old', () => {
    const page = renderPage(insights({ olderRecord: true }), view());
    expect([...page.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['Triage', 'Possible duplicates', 'Requester', 'Timeline', 'Health']);
    expect(page.querySelector('[data-notice="older"]')?.getAttribute('type')).toBe('warning');
    expect(text(page.querySelector('[data-notice="older"]'))).toContain('older version of Ticket Radar');
    expect(renderPage(insights(), view()).querySelector('[data-notice]')).toBeNull();
  });

  test('skeleton is hidden from screen readers and uses fw-skeleton', () => {
    const el = skeleton();
    expect(el.getAttribute('aria-hidden')).toBe('true');
    expect(el.querySelectorAll('fw-skeleton').length).toBeGreaterThan(3);
  });

  test('error state: an inline error message with Retry, text only', () => {
    const retry = vi.fn();
    const el = errorState({ status: 500, title: 'Ticket Radar ran into a problem.', detail: NASTY }, retry);
    expect(el.querySelector('fw-inline-message')?.getAttribute('type')).toBe('error');
    expect(el.querySelector('img')).toBeNull();
    expect(text(el.querySelector('fw-inline-message'))).toBe(`Ticket Radar ran into a problem. ${NASTY}`);
    el.querySelector('[data-focus="retry"]')?.dispatchEvent(new CustomEvent('fwClick'));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});
