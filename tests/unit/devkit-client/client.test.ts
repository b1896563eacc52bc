import { describe, expect, test } from 'vitest';
import { createClient, parseHeight } from '../../../devkit/client/client.ts';
import { EventHub } from '../../../devkit/client/events.ts';
import { recordingHost, scriptedTransport, sidebarContext } from './fakes.ts';

function setup(answers: Parameters<typeof scriptedTransport>[0] = {}, context = sidebarContext()) {
  const { transport, calls } = scriptedTransport(answers);
  const host = recordingHost();
  const events = new EventHub(() => undefined);
  const client = createClient({ context, transport, host, events });
  return { client, calls, host, events, context };
}

describe('client.data', () => {
  test('get: resolves { <key>: value } and sends the location and the current ticket', async () => {
    const { client, calls, context } = setup({ data: (b) => ({ ok: true, value: { id: b.ticketId, subject: 'VPN down' } }) });
    await expect(client.data.get('ticket')).resolves.toEqual({ ticket: { id: 7, subject: 'VPN down' } });
    context.ticketId = 9;
    await client.data.get('ticket');
    expect(calls.map((c) => c.body)).toEqual([
      { key: 'ticket', location: 'ticket_sidebar', ticketId: 7 },
      { key: 'ticket', location: 'ticket_sidebar', ticketId: 9 },
    ]);
  });

  test('get: omits the ticket where there is none, and rejects with the platform error', async () => {
    const { client, calls } = setup({ data: () => ({ ok: false, error: { status: 400, message: 'not here' } }) }, { location: 'installation', ticketId: undefined, instanceId: 'x' });
    await expect(client.data.get('ticket')).rejects.toEqual({ status: 400, message: 'not here' });
    expect(calls[0]?.body).toEqual({ key: 'ticket', location: 'installation' });
  });

  test('get: a missing key is refused without a call', async () => {
    const { client, calls } = setup();
    await expect(client.data.get('')).rejects.toMatchObject({ status: 400, message: expect.stringContaining('non-empty string') });
    expect(calls).toEqual([]);
  });
});

describe('client.request', () => {
  test('invoke: resolves { response } with the server method data', async () => {
    const { client, calls } = setup({ invoke: () => ({ ok: true, value: { count: 2 } }) });
    await expect(client.request.invoke('getTicketInsights', { ticket_id: 7 })).resolves.toEqual({ response: { count: 2 } });
    expect(calls).toEqual([{ op: 'invoke', body: { name: 'getTicketInsights', payload: { ticket_id: 7 } } }]);
  });

  test('invoke: rejects { requestID, status, message }, keeping the runtime request id', async () => {
    const { client } = setup({ invoke: () => ({ ok: false, error: { status: 418, message: 'not today' } }) });
    const error = (await client.request.invoke('x', {}).catch((e: unknown) => e)) as Record<string, unknown>;
    expect(error).toMatchObject({ status: 418, message: 'not today' });
    expect(typeof error.requestID).toBe('string');
    const own = setup({ invoke: () => ({ ok: false, error: { requestID: 'rt-1', status: 404, message: 'Requested function not found or registered' } }) });
    await expect(own.client.request.invoke('nope')).rejects.toEqual({ requestID: 'rt-1', status: 404, message: 'Requested function not found or registered' });
  });

  test('invokeTemplate: passes context, body, cache and ttl to the runtime and resolves its response', async () => {
    const response = { status: 200, headers: { 'content-type': 'application/json' }, response: '{"agent":{}}' };
    const { client, calls } = setup({ invokeTemplate: () => ({ ok: true, value: response }) });
    await expect(client.request.invokeTemplate('probeAgent', { context: { api_key: 'k' }, body: '{}', cache: true, ttl: 5000 })).resolves.toEqual(response);
    await client.request.invokeTemplate('viewTicket');
    expect(calls.map((c) => c.body)).toEqual([
      { name: 'probeAgent', context: { api_key: 'k' }, body: '{}', cache: true, ttl: 5000 },
      { name: 'viewTicket' },
    ]);
  });

  test('invokeTemplate: rejects with the template error as the runtime shaped it', async () => {
    const error = { status: 401, headers: {}, response: '{"code":"invalid_credentials"}', errorSource: 'APP', attempts: 1 };
    const { client } = setup({ invokeTemplate: () => ({ ok: false, error }) });
    await expect(client.request.invokeTemplate('probeAgent', {})).rejects.toEqual(error);
  });
});

describe('client.iparams', () => {
  test('get(): all non-secure iparams; get(key): that one, or {} for a secure or unknown key', async () => {
    const { client } = setup({ iparams: () => ({ ok: true, value: { plan: 'pro', budget_share: 50 } }) });
    await expect(client.iparams.get()).resolves.toEqual({ plan: 'pro', budget_share: 50 });
    await expect(client.iparams.get('plan')).resolves.toEqual({ plan: 'pro' });
    await expect(client.iparams.get('api_key')).resolves.toEqual({});
  });
});

describe('client.db', () => {
  test('each operation goes to the runtime with its arguments', async () => {
    const { client, calls } = setup({ db: (b) => ({ ok: true, value: b.op === 'get' ? { n: 1 } : { Created: true } }) });
    await expect(client.db.set('k', { n: 1 }, { ttl: 60 })).resolves.toEqual({ Created: true });
    await expect(client.db.get('k')).resolves.toEqual({ n: 1 });
    await client.db.update('k', 'increment', { n: 1 });
    await client.db.delete('k');
    await client.db.set('j', { a: 1 });
    expect(calls.map((c) => c.body)).toEqual([
      { op: 'set', args: ['k', { n: 1 }, { ttl: 60 }] },
      { op: 'get', args: ['k'] },
      { op: 'update', args: ['k', 'increment', { n: 1 }] },
      { op: 'delete', args: ['k'] },
      { op: 'set', args: ['j', { a: 1 }] },
    ]);
  });

  test('rejections carry the platform status (e.g. 404 for a missing key)', async () => {
    const { client } = setup({ db: () => ({ ok: false, error: { status: 404, message: 'Record not found' } }) });
    await expect(client.db.get('missing')).rejects.toEqual({ status: 404, message: 'Record not found' });
  });
});

describe('client.interface', () => {
  test('showNotify: posts to the host page and records it', async () => {
    const { client, calls, host } = setup();
    await client.interface.trigger('showNotify', { type: 'success', title: 'Saved', message: 'Done' });
    expect(host.posted).toEqual([{ source: 'devkit-client', type: 'showNotify', notify: { type: 'success', title: 'Saved', message: 'Done' } }]);
    expect(calls).toEqual([{ op: 'ui', body: { kind: 'showNotify', location: 'ticket_sidebar', notify: { type: 'success', title: 'Saved', message: 'Done' } } }]);
  });

  test('showNotify: refuses an unknown type or an empty message, saying what is allowed', async () => {
    const { client, host } = setup();
    await expect(client.interface.trigger('showNotify', { type: 'error', message: 'x' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('info, success, warning, danger, alert') });
    await expect(client.interface.trigger('showNotify', { type: 'info', message: '' })).rejects.toMatchObject({ message: expect.stringContaining('non-empty string') });
    await expect(client.interface.trigger('showNotify', { type: 'info', message: 'm', title: 3 })).rejects.toMatchObject({ message: expect.stringContaining('title') });
    expect(host.posted).toEqual([]);
  });

  test('showNotify still resolves when the dev server cannot record it', async () => {
    const { client } = setup({ ui: () => Promise.reject(new Error('down')) });
    await expect(client.interface.trigger('showNotify', { type: 'info', message: 'm' })).resolves.toBeUndefined();
  });

  test('other actions reject with 501 and the supported list', async () => {
    const { client } = setup();
    await expect(client.interface.trigger('showModal', { title: 't', template: 'm.html' })).rejects.toEqual({
      status: 501,
      message: 'interface.trigger("showModal") is not available in the Ticket Radar devkit (supported here: showNotify).',
    });
  });
});

describe('client.instance', () => {
  test('resize: "500px", "500" and 500 all ask for 500 px; more than 700 is capped', async () => {
    const { client, host, calls } = setup();
    await client.instance.resize({ height: '500px' });
    await client.instance.resize({ height: 900 });
    expect(host.posted).toEqual([
      { source: 'devkit-client', type: 'resize', height: 500 },
      { source: 'devkit-client', type: 'resize', height: 700 },
    ]);
    expect(calls.map((c) => c.body)).toEqual([
      { kind: 'resize', location: 'ticket_sidebar', height: 500, requested: '500px' },
      { kind: 'resize', location: 'ticket_sidebar', height: 700, requested: 900 },
    ]);
  });

  test('resize: a height that is not a size is refused', async () => {
    const { client } = setup();
    await expect(client.instance.resize({ height: 'tall' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('"tall"') });
    await expect(client.instance.resize(undefined)).rejects.toMatchObject({ status: 400 });
  });

  test('context: the location and instance id', async () => {
    const { client } = setup();
    await expect(client.instance.context()).resolves.toEqual({ instanceId: 'devkit-test', location: 'ticket_sidebar', product: 'freshservice', data: {} });
  });

  test('parseHeight', () => {
    expect([parseHeight(300), parseHeight('300'), parseHeight(' 300.4px '), parseHeight('0'), parseHeight(-1), parseHeight('3em'), parseHeight(null)]).toEqual([300, 300, 300, undefined, undefined, undefined, undefined]);
  });
});

describe('client.events', () => {
  test('on: registers a callback; a bad registration throws a TypeError that says how to call it', () => {
    const { client, events } = setup();
    client.events.on('app.activated', () => undefined);
    expect(events.listenerCount('app.activated')).toBe(1);
    expect(() => client.events.on('app.activated', 'nope' as unknown as () => void)).toThrow(/callback a function/);
  });
});

describe('unknown methods', () => {
  test('unknown namespaces and methods reject with a message naming what is supported', async () => {
    const { client } = setup();
    const anyClient = client as unknown as Record<string, Record<string, () => Promise<unknown>>>;
    await expect(anyClient.job?.invoke?.()).rejects.toEqual({ status: 501, message: 'client.job.invoke is not available in the Ticket Radar devkit (nothing under it is emulated).' });
    await expect(anyClient.db?.entity?.()).rejects.toEqual({ status: 501, message: 'client.db.entity is not available in the Ticket Radar devkit (supported here: get, set, update, delete).' });
  });

  test('the client is not a thenable, so promises resolve with it as it is', async () => {
    const { client } = setup();
    expect((client as unknown as { then?: unknown }).then).toBeUndefined();
    await expect(Promise.resolve(client)).resolves.toBe(client);
  });
});
