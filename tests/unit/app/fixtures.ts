/** Builders for the sidebar's unit tests: insights shaped like `getTicketInsights` answers, a view, a fake client. */
import { vi, type Mock } from 'vitest';
import type { HealthView } from '../../../core/insights.ts';
import type { RadarApi, Timers } from '../../../app/src/client.ts';
import type { TicketContext } from '../../../app/src/context.ts';
import type { SidebarInsights } from '../../../app/src/insights.ts';
import type { Handlers, View } from '../../../app/src/render/view.ts';

export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
export const MIN = 60_000;
export const NASTY = '<img src=x onerror="window.__pwned=1"> & "quotes"';

export function health(patch: Partial<HealthView> = {}): HealthView {
  return {
    plan: 'starter', share: 50, callsPerMinute: 50, creditsPerMinute: 50, binding: 'plan', key: 'ok', retryAt: null,
    deferred: null, lastSweep: null, lastError: null, rulesIssue: null, ...patch,
  };
}

export function insights(patch: Partial<SidebarInsights> = {}): SidebarInsights {
  return {
    ticketId: 42,
    known: true,
    state: 'done',
    processedAt: NOW - 3 * MIN,
    via: 'event',
    olderRecord: false,
    rules: [{ name: 'VPN to Network', why: ['subject contains “vpn”'] }],
    changes: [{ field: 'priority', from: 1, to: 3, rule: 'VPN to Network' }, { field: 'group_id', from: null, to: 17, rule: 'VPN to Network' }],
    update: 'done',
    note: 'done',
    duplicates: [{ id: 40, score: 0.874, words: ['vpn', 'laptop'], subject: 'VPN drops on laptop', dismissed: false }],
    requester: { id: 7, name: 'Ana Silva', email: 'ana@corp.example', open: [{ id: 39, subject: 'Printer jam', status: 3 }], at: NOW - 3 * MIN },
    timeline: {
      entries: [{ at: NOW - 3 * MIN, field: 'priority', from: 1, to: 3, by: null }, { at: NOW - 2 * MIN, field: 'status', from: 2, to: 3, by: 5 }],
      durations: [{ status: 2, name: 'Open', ms: 60 * MIN }, { status: 3, name: 'Pending', ms: 30 * MIN }],
      escalations: [],
    },
    ack: { state: 'none', configured: true },
    error: null,
    health: health(),
    ...patch,
  };
}

export function unseen(patch: Partial<SidebarInsights> = {}): SidebarInsights {
  return insights({
    known: false, state: 'unseen', processedAt: null, via: null, rules: [], changes: [], update: 'none', note: 'none', duplicates: [], requester: null,
    timeline: { entries: [], durations: [], escalations: [] }, ack: { state: 'none', configured: false }, ...patch,
  });
}

export function context(patch: Partial<TicketContext> = {}): TicketContext {
  return { ticketId: 42, domain: 'acme.freshservice.com', createdAt: NOW - 5 * MIN, requester: { id: 7, name: 'Ana Silva' }, groups: { 17: 'Network Team' }, agents: {}, ...patch };
}

export function handlers(): { [K in keyof Handlers]: Mock<Handlers[K]> } {
  return { rerun: vi.fn(), acknowledge: vi.fn(), dismiss: vi.fn(), refreshRequester: vi.fn() };
}

export function view(patch: Partial<View> = {}): View {
  return { ctx: context(), now: NOW, busy: new Set(), refreshed: null, handlers: handlers(), ...patch };
}

/** Text as a reader sees it: whitespace collapsed. */
export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export interface FakeApi extends RadarApi {
  invoke: Mock<RadarApi['invoke']>;
  data: Mock<RadarApi['data']>;
  notify: Mock<RadarApi['notify']>;
  resize: Mock<RadarApi['resize']>;
  emit(name: string): void;
  /** Answers per server method: a value, an Error-like rejection (`{ reject }`), or a function of the payload. */
  answers: Record<string, unknown>;
  calls(name: string): Array<Record<string, unknown>>;
}

export function fakeApi(pageData: Record<string, unknown> = {}): FakeApi {
  const listeners = new Map<string, Array<() => void>>();
  const data: Record<string, unknown> = {
    ticket: { id: 42, created_at: new Date(NOW - 5 * MIN).toISOString(), requester_id: 7, requester_name: 'Ana Silva', group_id: 17, group_name: 'Network Team' },
    domainName: 'acme.freshservice.com',
    requester: { id: 7, name: 'Ana Silva', email: 'ana@corp.example' },
    ...pageData,
  };
  const api: FakeApi = {
    answers: { getTicketInsights: insights() },
    data: vi.fn((key: string): Promise<unknown> => (key in data ? Promise.resolve(data[key]) : Promise.reject({ status: 400, message: `no ${key}` }))),
    invoke: vi.fn((name: string, payload: Record<string, unknown>): Promise<unknown> => {
      const answer = typeof api.answers[name] === 'function' ? (api.answers[name] as (p: unknown) => unknown)(payload) : api.answers[name];
      if (answer instanceof Promise) return answer;
      const rejection = (answer as { reject?: unknown } | undefined)?.reject;
      return rejection === undefined ? Promise.resolve(answer) : Promise.reject(rejection);
    }),
    notify: vi.fn(),
    resize: vi.fn(),
    on: (name, callback) => listeners.set(name, [...(listeners.get(name) ?? []), callback]),
    emit: (name) => (listeners.get(name) ?? []).forEach((cb) => cb()),
    calls: (name) => api.invoke.mock.calls.filter((c) => c[0] === name).map((c) => c[1] as Record<string, unknown>),
  };
  return api;
}

/** Timers driven by vi's fake timers. */
export const TEST_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms) as unknown as number,
  clear: (id) => clearTimeout(id),
};

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}
