// @vitest-environment happy-dom
/**
 * The sidebar controller against a fake client: one server call per open, a debounced reload on
 * property updates, stale answers dropped, error/empty states, the actions (busy buttons, notify,
 * one reload), focus kept across re-renders, the live region, resize and the first-section mark.
 */
import { afterEach, beforeEach, describe, expect, test, vi, type Mock } from 'vitest';
import { costCalls, rerunMessage } from '../../../app/src/actions.ts';
import { startSidebar, type Sidebar } from '../../../app/src/sidebar.ts';
import { fakeApi, flush, insights, NOW, TEST_TIMERS, text, unseen, type FakeApi } from './fixtures.ts';

let root: HTMLElement;
let api: FakeApi;
let onFirstSection: Mock<() => void>;

function start(): Sidebar {
  return startSidebar({ api, root, timers: TEST_TIMERS, now: () => NOW, debounceMs: 1500, onFirstSection });
}

function live(): string {
  return text(root.querySelector('#radar-live'));
}

function click(selector: string): void {
  const el = root.querySelector(selector);
  if (el === null) throw new Error(`nothing matches ${selector}`);
  el.dispatchEvent(new CustomEvent('fwClick'));
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

beforeEach(() => {
  root = document.createElement('main');
  document.body.replaceChildren(root);
  api = fakeApi();
  onFirstSection = vi.fn();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('opening', () => {
  test('shows skeletons, then every section from exactly one server call', async () => {
    start();
    expect(root.dataset.state).toBe('loading');
    expect(root.querySelector('.radar-skeleton')).not.toBeNull();
    api.emit('app.activated');
    await flush();
    expect(api.invoke.mock.calls).toEqual([['getTicketInsights', { ticket_id: 42 }]]);
    expect(root.dataset.state).toBe('ready');
    expect(root.getAttribute('aria-busy')).toBe('false');
    expect([...root.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['Triage', 'Possible duplicates', 'Requester', 'Timeline', 'Health']);
    expect(root.querySelector('#radar-live')?.getAttribute('role')).toBe('status');
    expect(live()).toBe('Ticket Radar insights are up to date.');
    expect(onFirstSection).toHaveBeenCalledTimes(1);
    expect(api.resize).toHaveBeenCalled();
  });

  test('the live region and view from the page are reused', async () => {
    root.innerHTML = '<p id="radar-live" role="status"></p><div id="radar-view"><p class="static">…</p></div>';
    start();
    expect(root.querySelectorAll('#radar-live')).toHaveLength(1);
    expect(root.querySelector('.static')).toBeNull();
  });

  test('a second activation while loading does not call the server again', async () => {
    const answer = deferred<unknown>();
    api.answers.getTicketInsights = () => answer.promise;
    start();
    api.emit('app.activated');
    await flush();
    api.emit('app.activated');
    await flush();
    answer.resolve(insights());
    await flush();
    expect(api.calls('getTicketInsights')).toHaveLength(1);
    expect(root.dataset.state).toBe('ready');
  });

  test('an answer for a ticket the agent has left is dropped', async () => {
    const first = deferred<unknown>();
    let ticket = 42;
    api.data.mockImplementation((key: string) => Promise.resolve(key === 'ticket' ? { id: ticket } : 'acme.example'));
    api.answers.getTicketInsights = (p: { ticket_id: number }) => (p.ticket_id === 42 ? first.promise : insights({ ticketId: 43, rules: [{ name: 'Second', why: [] }] }));
    start();
    api.emit('app.activated');
    await flush();
    ticket = 43;
    api.emit('app.activated');
    await flush();
    first.resolve(insights());
    await flush();
    expect(root.querySelector('.radar-page')?.getAttribute('data-ticket')).toBe('43');
    expect(text(root.querySelector('.radar-rule__name'))).toBe('Second');
  });

  test('property updates in a burst reload once, after the burst', async () => {
    vi.useFakeTimers();
    start();
    api.emit('app.activated');
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 5; i += 1) {
      api.emit('ticket.propertiesUpdated');
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(api.calls('getTicketInsights')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1500);
    expect(api.calls('getTicketInsights')).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a property update before any activation opens the ticket', async () => {
    vi.useFakeTimers();
    start();
    api.emit('ticket.propertiesUpdated');
    await vi.advanceTimersByTimeAsync(1500);
    expect(api.calls('getTicketInsights')).toHaveLength(1);
    expect(root.dataset.state).toBe('ready');
  });

  test('a ticket never processed shows the empty states, not an error', async () => {
    api.answers.getTicketInsights = unseen();
    start();
    api.emit('app.activated');
    await flush();
    expect(root.dataset.state).toBe('ready');
    expect(text(root.querySelector('#radar-triage .radar-empty'))).toBe('Ticket Radar has not processed this ticket yet. It does so within a minute of creation.');
  });
});

describe('failures', () => {
  test('a failing server method shows an inline error with Retry, which loads again', async () => {
    api.answers.getTicketInsights = { reject: { status: 500, message: 'The block could not be read.' } };
    start();
    api.emit('app.activated');
    await flush();
    expect(root.dataset.state).toBe('error');
    expect(text(root.querySelector('fw-inline-message'))).toBe('Ticket Radar ran into a problem. The block could not be read.');
    expect(live()).toBe('Ticket Radar ran into a problem.');
    expect(onFirstSection).not.toHaveBeenCalled();
    api.answers.getTicketInsights = insights();
    click('[data-focus="retry"]');
    await flush();
    expect(root.dataset.state).toBe('ready');
    expect(api.calls('getTicketInsights')).toHaveLength(2);
  });

  test('a timeout and an unreadable answer each show a useful message', async () => {
    api.answers.getTicketInsights = { reject: { status: 504, message: 'No answer within 25 s.', timeout: true } };
    start();
    api.emit('app.activated');
    await flush();
    expect(text(root.querySelector('.radar-error__title'))).toBe('Ticket Radar did not answer in time.');
    api.answers.getTicketInsights = { something: 'else' };
    click('[data-focus="retry"]');
    await flush();
    expect(text(root.querySelector('.radar-error__title'))).toBe('Ticket Radar sent an answer the sidebar cannot read.');
  });

  test('a reload that fails keeps the insights on screen under the error', async () => {
    start();
    api.emit('app.activated');
    await flush();
    api.answers.getTicketInsights = { reject: { status: 429, message: 'Busy.' } };
    api.emit('app.activated');
    await flush();
    expect(root.querySelector('.radar-error')).not.toBeNull();
    expect(root.querySelector('.radar-page')).not.toBeNull();
  });

  test('when the page cannot say which ticket is open, no server call is made', async () => {
    api.data.mockImplementation(() => Promise.reject({ status: 404, message: 'data.get("ticket"): no ticket is open.' }));
    start();
    api.emit('app.activated');
    await flush();
    expect(api.invoke).not.toHaveBeenCalled();
    expect(root.dataset.state).toBe('error');
    expect(text(root.querySelector('.radar-error__detail'))).toBe('data.get("ticket"): no ticket is open.');
  });
});

describe('actions', () => {
  async function opened(): Promise<Sidebar> {
    const sidebar = start();
    api.emit('app.activated');
    await flush();
    return sidebar;
  }

  test('re-run triage: button busy while running, success notified, then one reload', async () => {
    await opened();
    const run = deferred<unknown>();
    api.answers.rerunTriage = () => run.promise;
    click('[data-focus="rerun"]');
    expect(root.querySelector('[data-focus="rerun"]')?.hasAttribute('disabled')).toBe(true);
    expect(live()).toBe('Re-running triage…');
    click('[data-focus="rerun"]');
    expect(api.calls('rerunTriage')).toEqual([{ ticket_id: 42 }]);
    run.resolve({ ticketId: 42, state: 'done', rules: ['VPN to Network'], changes: [{}, {}], error: null, cost: { calls: 3, credits: 4 } });
    await flush();
    expect(api.notify.mock.calls).toEqual([['success', 'Triage re-run: matched “VPN to Network”; 2 fields changed (3 API calls).']]);
    expect(api.calls('getTicketInsights')).toHaveLength(2);
    expect(root.querySelector('[data-focus="rerun"]')?.hasAttribute('disabled')).toBe(false);
  });

  test('a refused action is notified as danger, in words, with no reload', async () => {
    await opened();
    api.answers.rerunTriage = { reject: { status: 429, message: "Agents' actions have used this minute's share of the API budget; try again in 12 s." } };
    click('[data-focus="rerun"]');
    await flush();
    expect(api.notify.mock.calls).toEqual([['danger', "Ticket Radar is at its limit for this minute. Agents' actions have used this minute's share of the API budget; try again in 12 s."]]);
    expect(api.calls('getTicketInsights')).toHaveLength(1);
    expect(root.querySelector('[data-focus="rerun"]')?.hasAttribute('disabled')).toBe(false);
  });

  test('post acknowledgement, then reload once', async () => {
    await opened();
    api.answers.postAcknowledgement = { ticketId: 42, noteId: 9, cost: { calls: 2, credits: 2 } };
    click('[data-focus="ack"]');
    await flush();
    expect(api.calls('postAcknowledgement')).toEqual([{ ticket_id: 42 }]);
    expect(api.notify).toHaveBeenCalledWith('success', 'Acknowledgement posted as a private note (2 API calls).');
    expect(api.calls('getTicketInsights')).toHaveLength(2);
  });

  test('"Not a duplicate" sends both ids, confirms, reloads, and the reloaded duplicate is shown dismissed', async () => {
    await opened();
    api.answers.dismissDuplicate = { ticketId: 42, dismissed: 40 };
    api.answers.getTicketInsights = insights({ duplicates: [{ ...insights().duplicates[0]!, dismissed: true }] });
    click('[data-focus="dismiss:40"]');
    await flush();
    expect(api.calls('dismissDuplicate')).toEqual([{ ticket_id: 42, duplicate_id: 40 }]);
    expect(api.notify).toHaveBeenCalledWith('success', 'Ticket #40 marked as not a duplicate.');
    expect(root.querySelector('.radar-dup--dismissed')).not.toBeNull();
    expect(live()).toBe('Ticket Radar insights are up to date.');
  });

  test('Refresh sends the requester, shows the new list and what it cost, without reloading', async () => {
    await opened();
    api.answers.refreshRequesterTickets = { ticketId: 42, requester: { id: 7, name: 'Ana Silva', email: 'ana@corp.example', open: [{ id: 50, subject: 'New laptop', status: 2 }], at: NOW }, cost: { calls: 1, credits: 1 } };
    click('[data-focus="refresh"]');
    await flush();
    expect(api.calls('refreshRequesterTickets')).toEqual([{ ticket_id: 42, requester_id: 7, requester_name: 'Ana Silva', requester_email: 'ana@corp.example' }]);
    expect(text(root.querySelector('[data-cost="requester"]'))).toBe('Refreshed: 1 API call');
    expect(text(root.querySelector('.radar-open li'))).toContain('#50 New laptop');
    expect(api.notify).toHaveBeenCalledWith('success', "Refreshed the requester's open tickets: 1 API call.");
    expect(api.calls('getTicketInsights')).toHaveLength(1);
  });

  test('focus stays on the button the agent used, and moves to the heading when that button is gone', async () => {
    await opened();
    api.answers.rerunTriage = { state: 'done', rules: [], changes: [], cost: { calls: 2 } };
    const rerun = root.querySelector<HTMLElement>('[data-focus="rerun"]');
    rerun?.setAttribute('tabindex', '0');
    rerun?.focus();
    click('[data-focus="rerun"]');
    // The running button is disabled, which takes focus away from it (a real browser blurs it).
    (document.activeElement as HTMLElement | null)?.blur();
    expect(document.activeElement).toBe(document.body);
    await flush();
    expect(document.activeElement?.getAttribute('data-focus')).toBe('rerun');
    api.answers.dismissDuplicate = {};
    api.answers.getTicketInsights = insights({ duplicates: [{ ...insights().duplicates[0]!, dismissed: true }] });
    const dismiss = root.querySelector<HTMLElement>('[data-focus="dismiss:40"]');
    dismiss?.setAttribute('tabindex', '0');
    dismiss?.focus();
    click('[data-focus="dismiss:40"]');
    (document.activeElement as HTMLElement | null)?.blur();
    await flush();
    expect(document.activeElement?.getAttribute('data-focus')).toBe('heading:duplicates');
    // Focus the agent moved elsewhere is left alone by later renders.
    (document.activeElement as HTMLElement | null)?.blur();
    api.emit('app.activated');
    await flush();
    expect(document.activeElement).toBe(document.body);
  });

  test('messages for a failed re-run and unknown costs', () => {
    expect(rerunMessage({ state: 'failed', error: { message: 'Freshservice could not be reached.' }, cost: { calls: 1 } })).toEqual({ type: 'danger', text: 'Triage re-run failed: Freshservice could not be reached. (1 API call).' });
    expect(rerunMessage({ state: 'done' }).text).toBe('Triage re-run: no rule matched; nothing changed (0 API calls).');
    expect(costCalls(null)).toBe(0);
    expect(costCalls({ cost: { calls: -1 } })).toBe(0);
  });
});
