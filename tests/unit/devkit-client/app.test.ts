import { describe, expect, test, vi } from 'vitest';
import { createApp } from '../../../devkit/client/app.ts';
import { readBootContext } from '../../../devkit/client/context.ts';
import { recordingHost, scriptedTransport, sidebarContext } from './fakes.ts';

function setup(embedded = true) {
  const host = recordingHost(embedded);
  const deferred: Array<() => void> = [];
  const context = sidebarContext(7);
  const { transport, calls } = scriptedTransport({ data: (b) => ({ ok: true, value: { id: b.ticketId } }) });
  const errors: unknown[] = [];
  const app = createApp({ context, transport, host, defer: (fn) => deferred.push(fn), onError: (name, error) => errors.push([name, error]) });
  const flush = (): void => {
    for (const fn of deferred.splice(0)) fn();
  };
  return { app, host, flush, calls, errors, context };
}

describe('app.initialized', () => {
  test('resolves with the same client every time', async () => {
    const { app } = setup();
    const [a, b] = await Promise.all([app.initialized(), app.initialized()]);
    expect(a).toBe(b);
    expect(await app.initialized()).toBe(a);
  });

  test('tells the host it is ready only after the app had a turn to register listeners', async () => {
    const { app, host, flush } = setup();
    const client = await app.initialized();
    expect(host.posted).toEqual([]);
    const activated = vi.fn();
    client.events.on('app.activated', activated);
    flush();
    expect(host.posted).toEqual([{ source: 'devkit-client', type: 'ready', location: 'ticket_sidebar' }]);
    host.send({ source: 'devkit-host', type: 'event', name: 'app.activated' });
    expect(activated).toHaveBeenCalledTimes(1);
  });

  test('a page opened on its own activates itself', async () => {
    const { app, host, flush } = setup(false);
    const client = await app.initialized();
    const activated = vi.fn();
    client.events.on('app.activated', activated);
    flush();
    expect(activated).toHaveBeenCalledTimes(1);
    expect(host.posted).toEqual([]);
  });
});

describe('host signals', () => {
  test('a context message moves data.get to the new ticket; events reach their listeners with data', async () => {
    const { app, host, calls } = setup();
    const client = await app.initialized();
    const updates: unknown[] = [];
    client.events.on('ticket.propertiesUpdated', (e) => updates.push(e.helper.getData()));
    host.send({ source: 'devkit-host', type: 'context', ticketId: 12 });
    await expect(client.data.get('ticket')).resolves.toEqual({ ticket: { id: 12 } });
    host.send({ source: 'devkit-host', type: 'event', name: 'ticket.propertiesUpdated', data: { priority: 4 } });
    expect(updates).toEqual([{ priority: 4 }]);
    expect(calls).toHaveLength(1);
  });

  test('a throwing app callback is reported, not thrown into the host', async () => {
    const { app, host, errors } = setup();
    const client = await app.initialized();
    client.events.on('app.activated', () => {
      throw new Error('app bug');
    });
    expect(() => host.send({ source: 'devkit-host', type: 'event', name: 'app.activated' })).not.toThrow();
    expect(errors).toEqual([['app.activated', new Error('app bug')]]);
  });
});

describe('readBootContext', () => {
  test('reads the location and ticket the host put on the iframe URL', () => {
    const context = readBootContext('?location=ticket_sidebar&ticket=42', () => 0.5);
    expect(context).toEqual({ location: 'ticket_sidebar', ticketId: 42, instanceId: expect.stringMatching(/^devkit-/) });
  });

  test('anything else is a standalone page without a ticket', () => {
    expect(readBootContext('', () => 0)).toMatchObject({ location: 'standalone', ticketId: undefined });
    expect(readBootContext('?location=modal&ticket=-3', () => 0)).toMatchObject({ location: 'standalone', ticketId: undefined });
    expect(readBootContext('?location=installation&ticket=1.5', () => 0)).toMatchObject({ location: 'installation', ticketId: undefined });
  });
});
