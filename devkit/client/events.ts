/**
 * `client.events`: listeners per event name, fed by host-page signals.
 *
 * One subtlety the platform hides: apps register `app.activated` *after* `app.initialized()`
 * resolves, so an activation that arrives before any listener exists is kept and delivered to
 * the first listener registered later, instead of being lost.
 */

export interface ClientEvent {
  type: string;
  helper: { getData(): unknown };
}

export type EventCallback = (event: ClientEvent) => void;

export class EventHub {
  readonly #listeners = new Map<string, EventCallback[]>();
  readonly #pending = new Map<string, unknown>();
  readonly #onError: (name: string, error: unknown) => void;

  constructor(onError: (name: string, error: unknown) => void) {
    this.#onError = onError;
  }

  on(name: string, callback: EventCallback): void {
    const list = this.#listeners.get(name) ?? [];
    list.push(callback);
    this.#listeners.set(name, list);
    if (this.#pending.has(name)) {
      const data = this.#pending.get(name);
      this.#pending.delete(name);
      this.#call(name, callback, data);
    }
  }

  off(name: string, callback: EventCallback): void {
    const list = this.#listeners.get(name);
    if (list) this.#listeners.set(name, list.filter((cb) => cb !== callback));
  }

  emit(name: string, data?: unknown): void {
    const list = this.#listeners.get(name) ?? [];
    if (list.length === 0) {
      // Only lifecycle signals are worth holding; a missed property event is stale anyway.
      if (name === 'app.activated') this.#pending.set(name, data);
      if (name === 'app.deactivated') this.#pending.delete('app.activated');
      return;
    }
    for (const callback of [...list]) this.#call(name, callback, data);
  }

  listenerCount(name: string): number {
    return this.#listeners.get(name)?.length ?? 0;
  }

  #call(name: string, callback: EventCallback, data: unknown): void {
    try {
      callback({ type: name, helper: { getData: () => data } });
    } catch (error) {
      this.#onError(name, error);
    }
  }
}
