import { describe, expect, test } from 'vitest';
import type { UiRecord } from '../../../devkit/client/protocol.ts';
import { handleApi, type ApiRequest } from '../../../devkit/server/api.ts';
import type { DevBackend, LiveLogEntry } from '../../../devkit/server/backend.ts';

/** A backend that records calls and answers from a script. */
function stubBackend(overrides: Partial<DevBackend> = {}) {
  const calls: unknown[] = [];
  const logs: Array<Omit<LiveLogEntry, 'at'>> = [];
  const record =
    <T>(name: string, value: T) =>
    (...args: unknown[]): T => {
      calls.push([name, ...args]);
      return value;
    };
  const backend: DevBackend = {
    app: { dir: '/app', sidebarUrl: 'index.html', sidebarIcon: undefined, installPage: undefined, events: [], functions: [] },
    listTickets: record('listTickets', []),
    ticketView: record('ticketView', undefined),
    updateTicket: record('updateTicket', { ok: true as const, value: {} as never }),
    createTicket: record('createTicket', { ok: true as const, value: { id: 9 } as never }),
    pageData: record('pageData', { ok: true as const, value: { id: 7 } }),
    frontEndIparams: record('frontEndIparams', { plan: 'pro' }),
    invokeServerMethod: record('invokeServerMethod', Promise.resolve({ ok: true as const, value: { n: 1 } })),
    invokeTemplate: record('invokeTemplate', Promise.resolve({ ok: false as const, error: { status: 401, headers: {}, response: '{}', errorSource: 'APP' } })),
    db: record('db', Promise.resolve({ ok: false as const, error: { status: 404, message: 'Record not found' } })),
    installState: record('installState', { installed: true, iparams: {}, secure: [] }),
    install: record('install', Promise.resolve({ ok: true as const, value: { installed: true, iparams: {}, secure: [] } })),
    samplePayload: record('samplePayload', { data: {} }),
    fireEvent: record('fireEvent', Promise.resolve({ outcome: 'success' as const, via: 'renderData', durationMs: 3, logs: [] })),
    onLog: () => () => undefined,
    log: (entry) => logs.push(entry),
    ...overrides,
  };
  const ui: UiRecord[] = [];
  const ctx = { backend, ui, now: () => 0 };
  const call = (method: string, path: string, body?: unknown, query = ''): ReturnType<typeof handleApi> => {
    const request: ApiRequest = { method, path, query: new URLSearchParams(query), body };
    return handleApi(ctx, request);
  };
  return { call, calls, logs, ui };
}

describe('client operations', () => {
  test('data → pageData with the scope; a bad ticket id is a 400', async () => {
    const { call, calls } = stubBackend();
    await expect(call('POST', 'data', { key: 'ticket', location: 'ticket_sidebar', ticketId: 7 })).resolves.toEqual({ status: 200, json: { ok: true, value: { id: 7 } } });
    await call('POST', 'data', { key: 'domainName', location: 'somewhere' });
    expect(calls).toEqual([
      ['pageData', 'ticket', { location: 'ticket_sidebar', ticketId: 7 }],
      ['pageData', 'domainName', { location: 'standalone' }],
    ]);
    await expect(call('POST', 'data', { key: 'ticket', location: 'ticket_sidebar', ticketId: 'x' })).resolves.toEqual({ status: 400, json: { message: 'devkit: data: ticketId must be a positive integer, got "x"' } });
  });

  test('invoke, invokeTemplate and db pass their arguments through and forward platform rejections as replies', async () => {
    const { call, calls, logs } = stubBackend();
    await expect(call('POST', 'invoke', { name: 'getTicketInsights', payload: { ticket_id: 1 } })).resolves.toEqual({ status: 200, json: { ok: true, value: { n: 1 } } });
    await expect(call('POST', 'invokeTemplate', { name: 'probeAgent', context: { api_key: 'k' }, cache: true })).resolves.toEqual({
      status: 200,
      json: { ok: false, error: { status: 401, headers: {}, response: '{}', errorSource: 'APP' } },
    });
    await expect(call('POST', 'db', { op: 'get', args: ['k'] })).resolves.toMatchObject({ status: 200, json: { ok: false, error: { status: 404 } } });
    expect(calls).toEqual([
      ['invokeServerMethod', 'getTicketInsights', { ticket_id: 1 }],
      ['invokeTemplate', 'probeAgent', { context: { api_key: 'k' }, cache: true }],
      ['db', 'get', ['k']],
    ]);
    expect(logs.map((l) => [l.level, l.message.replace(/ \(\d+ ms\)$/, '')])).toEqual([
      ['info', 'request.invoke("getTicketInsights") → ok'],
      ['warn', 'request.invokeTemplate("probeAgent") → rejected 401 (APP)'],
      ['info', 'db.get("k") → rejected 404: Record not found'],
    ]);
  });

  test('iparams and ui: non-secure iparams; ui records kept and logged', async () => {
    const { call, ui, logs } = stubBackend();
    await expect(call('POST', 'iparams', {})).resolves.toEqual({ status: 200, json: { ok: true, value: { plan: 'pro' } } });
    const record: UiRecord = { kind: 'showNotify', location: 'ticket_sidebar', notify: { type: 'info', message: 'hi' } };
    await call('POST', 'ui', record);
    expect(ui).toEqual([record]);
    expect(logs.at(-1)?.message).toBe('ticket_sidebar: showNotify info: hi');
    await expect(call('GET', 'ui')).resolves.toEqual({ status: 200, json: { ok: true, value: [record] } });
  });

  test('malformed requests are 400s that name the problem; unknown paths are 404s', async () => {
    const { call } = stubBackend();
    await expect(call('POST', 'invoke', [])).resolves.toEqual({ status: 400, json: { message: 'devkit: invoke: the request body must be a JSON object' } });
    await expect(call('POST', 'invoke', { name: '' })).resolves.toEqual({ status: 400, json: { message: 'devkit: invoke: "name" must be a non-empty string' } });
    await expect(call('POST', 'db', { op: 'list', args: [] })).resolves.toEqual({ status: 400, json: { message: 'devkit: db: db op must be one of get, set, update, delete' } });
    await expect(call('POST', 'ui', { kind: 'showModal' })).resolves.toMatchObject({ status: 400 });
    await expect(call('GET', 'nope')).resolves.toEqual({ status: 404, json: { message: 'devkit: no API GET /__devkit/api/nope' } });
    await expect(call('GET', 'invoke')).resolves.toMatchObject({ status: 404 });
  });
});

describe('host page operations', () => {
  test('tickets: list, view (404 reply when missing), update and create', async () => {
    const { call, calls } = stubBackend();
    await call('GET', 'tickets', undefined, 'limit=5');
    await expect(call('GET', 'tickets/12')).resolves.toEqual({ status: 200, json: { ok: false, error: { status: 404, message: 'No ticket 12 in the fake account.' } } });
    await call('POST', 'tickets/12', { priority: 4 });
    await call('POST', 'tickets', { subject: 'VPN down', description: 'since 9', requesterEmail: 'a@b.c', priority: 2 });
    expect(calls).toEqual([
      ['listTickets', 5],
      ['ticketView', 12],
      ['updateTicket', 12, { priority: 4 }],
      ['createTicket', { subject: 'VPN down', description: 'since 9', requesterEmail: 'a@b.c', priority: 2 }],
    ]);
  });

  test('install, sample and fire', async () => {
    const { call, calls } = stubBackend();
    await call('GET', 'install');
    await call('POST', 'install', { configs: { plan: 'pro' } });
    await call('GET', 'sample', undefined, 'module=service_ticket&event=onTicketCreate');
    await expect(call('POST', 'fire', { module: 'service_ticket', event: 'onTicketCreate', payload: { data: {} } })).resolves.toMatchObject({ status: 200, json: { ok: true, value: { outcome: 'success' } } });
    expect(calls).toEqual([
      ['installState'],
      ['install', { plan: 'pro' }],
      ['samplePayload', 'service_ticket', 'onTicketCreate'],
      ['fireEvent', 'service_ticket', 'onTicketCreate', { data: {} }],
    ]);
    await expect(call('POST', 'install', { configs: 'x' })).resolves.toMatchObject({ status: 400 });
  });
});
