/**
 * `window.app`: `app.initialized()` resolves with the client once per page (every call gets the
 * same client). Host signals are wired here: `context` messages move the client to another
 * ticket, `event` messages become `client.events` callbacks.
 *
 * The host learns the app is ready only after `initialized()` has resolved *and* a task has
 * passed, so the app's `.then(client => client.events.on('app.activated', …))` has run before
 * the host activates it, as on the platform.
 */
import { createClient, type DevkitClient } from './client.ts';
import type { BootContext } from './context.ts';
import { EventHub } from './events.ts';
import type { HostChannel } from './host.ts';
import type { Transport } from './transport.ts';

export interface AppDeps {
  context: BootContext;
  transport: Transport;
  host: HostChannel;
  /** Schedules the "ready" signal; a macrotask in the browser. */
  defer: (fn: () => void) => void;
  /** Reports an exception thrown by an app event callback (the platform logs it and carries on). */
  onError: (event: string, error: unknown) => void;
}

export interface FdkApp {
  initialized(): Promise<DevkitClient>;
}

export function createApp(deps: AppDeps): FdkApp {
  const events = new EventHub(deps.onError);
  const client = createClient({ context: deps.context, transport: deps.transport, host: deps.host, events });
  deps.host.listen((message) => {
    if (message.type === 'context') deps.context.ticketId = message.ticketId;
    else events.emit(message.name, message.data);
  });
  let ready: Promise<DevkitClient> | undefined;
  return {
    initialized() {
      ready ??= Promise.resolve(client).then((c) => {
        deps.defer(() => announce(deps, events));
        return c;
      });
      return ready;
    },
  };
}

function announce(deps: AppDeps, events: EventHub): void {
  // Embedded: the host page answers "ready" with app.activated. On its own, a page is active at once.
  if (deps.host.embedded) deps.host.post({ source: 'devkit-client', type: 'ready', location: deps.context.location });
  else events.emit('app.activated');
}
