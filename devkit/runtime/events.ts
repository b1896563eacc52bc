/**
 * Connects a runtime to a source of product events (the fake Freshservice's `fake.events`), so a
 * ticket created or updated in the fake fires the app's handlers as the platform would. Delivery
 * can be switched off (`connection.enabled = false`) to let tests fire events by hand.
 */
import type { InvocationResult } from './dispatch.ts';
import type { EventConnection, ProductEventSource } from './types.ts';

export interface EventTarget {
  fireProductEvent(module: string, event: string, data: unknown): Promise<InvocationResult>;
}

export interface ConnectOptions {
  /** Product module the events belong to; default `service_ticket`. */
  module?: string;
  /** Start delivering at once; default true. */
  enabled?: boolean;
  /** Called with every invocation result (e.g. to collect failures). */
  onResult?: (result: InvocationResult) => void;
}

export function connectEvents(target: EventTarget, source: ProductEventSource, options: ConnectOptions = {}): EventConnection {
  const module = options.module ?? 'service_ticket';
  const inFlight = new Set<Promise<unknown>>();
  let delivered = 0;
  let connected = true;
  const connection: EventConnection = {
    enabled: options.enabled ?? true,
    get delivered() {
      return delivered;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    disconnect() {
      connected = false;
      if (typeof unsubscribe === 'function') unsubscribe();
      else source.off?.(listener);
    },
  };
  const listener = (e: { event: string; data: unknown }): void => {
    if (!connected || !connection.enabled) return;
    delivered += 1;
    // A rejection here means the runtime was disposed; the runtime's log already says why.
    const work = target.fireProductEvent(module, e.event, e.data).then((result) => options.onResult?.(result), () => undefined);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const unsubscribe = source.on(listener);
  return connection;
}
