import { describe, expect, test, vi } from 'vitest';
import { EventHub } from '../../../devkit/client/events.ts';

describe('EventHub', () => {
  test('emit: calls every listener of that name with an event whose helper returns the data', () => {
    const hub = new EventHub(() => undefined);
    const seen: unknown[] = [];
    hub.on('ticket.propertiesUpdated', (e) => seen.push([e.type, e.helper.getData()]));
    hub.on('ticket.propertiesUpdated', () => seen.push('second'));
    hub.emit('ticket.propertiesUpdated', { priority: 4 });
    hub.emit('app.deactivated');
    expect(seen).toEqual([['ticket.propertiesUpdated', { priority: 4 }], 'second']);
  });

  test('an activation with no listener yet reaches the first listener registered later, once', () => {
    const hub = new EventHub(() => undefined);
    hub.emit('app.activated');
    const first = vi.fn();
    const second = vi.fn();
    hub.on('app.activated', first);
    hub.on('app.activated', second);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
  });

  test('a deactivation cancels a held activation; other events are not held', () => {
    const hub = new EventHub(() => undefined);
    hub.emit('app.activated');
    hub.emit('app.deactivated');
    hub.emit('ticket.propertiesUpdated', {});
    const activated = vi.fn();
    const updated = vi.fn();
    hub.on('app.activated', activated);
    hub.on('ticket.propertiesUpdated', updated);
    expect(activated).not.toHaveBeenCalled();
    expect(updated).not.toHaveBeenCalled();
  });

  test('a throwing listener is reported and does not stop the others', () => {
    const errors: unknown[] = [];
    const hub = new EventHub((name, error) => errors.push([name, (error as Error).message]));
    const after = vi.fn();
    hub.on('app.activated', () => {
      throw new Error('boom');
    });
    hub.on('app.activated', after);
    hub.emit('app.activated');
    expect(errors).toEqual([['app.activated', 'boom']]);
    expect(after).toHaveBeenCalledTimes(1);
  });

  test('off: removes a listener', () => {
    const hub = new EventHub(() => undefined);
    const cb = vi.fn();
    hub.on('app.activated', cb);
    hub.off('app.activated', cb);
    hub.off('never.registered', cb);
    hub.emit('app.activated');
    expect(cb).not.toHaveBeenCalled();
    expect(hub.listenerCount('app.activated')).toBe(0);
  });
});
