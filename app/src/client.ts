/**
 * The part of the FDK front-end client the sidebar uses (fdk-platform.md §5.3), typed, and the thin
 * `RadarApi` over it that the rest of the sidebar talks to: page data, server methods with a time
 * limit, notifications, resize and events. Unit tests hand the sidebar a fake `RadarApi`.
 */

export interface FdkEvent {
  helper?: { getData?(): unknown };
}

export interface FdkClient {
  data: { get(key: string): Promise<Record<string, unknown>> };
  events: { on(name: string, callback: (event: FdkEvent) => void): void };
  request: { invoke(name: string, payload: Record<string, unknown>): Promise<{ response?: unknown }> };
  interface: { trigger(action: string, options: Record<string, unknown>): Promise<unknown> };
  instance: { resize(options: { height: string }): Promise<unknown> };
}

export type NotifyType = 'success' | 'danger';

export interface RadarApi {
  /** `client.data.get(key)[key]`. */
  data(key: string): Promise<unknown>;
  /** A server method's response; rejects with the platform's `{ status, message }` or a timeout. */
  invoke(name: string, payload: Record<string, unknown>): Promise<unknown>;
  notify(type: NotifyType, message: string): void;
  resize(height: number): void;
  on(name: string, callback: () => void): void;
}

import type { Timers } from '../../ui/timers';

export { BROWSER_TIMERS, type Timers } from '../../ui/timers';

/** The platform ends a server method after 20 s; past this the sidebar stops waiting. */
export const INVOKE_TIMEOUT_MS = 25_000;

/** What a server method that never answers looks like to the rest of the sidebar. */
export interface TimeoutError {
  status: 504;
  message: string;
  timeout: true;
}

/** `work`, or a rejection with a {@link TimeoutError} once `ms` have passed. One timer, cleared when `work` settles. */
export function withTimeout<T>(work: Promise<T>, ms: number, timers: Timers): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timeout: TimeoutError = { status: 504, message: `No answer within ${Math.round(ms / 1000)} s.`, timeout: true };
    const id = timers.set(() => reject(timeout), ms);
    work.then(
      (value) => {
        timers.clear(id);
        resolve(value);
      },
      (error: unknown) => {
        timers.clear(id);
        reject(error);
      },
    );
  });
}

/** The platform answers `{ response }`; some clients hand the response over as JSON text. */
export function responseOf(reply: unknown): unknown {
  const response = (reply as { response?: unknown } | null)?.response;
  if (typeof response !== 'string') return response;
  try {
    return JSON.parse(response);
  } catch {
    return response;
  }
}

const ignore = (): undefined => undefined;

export function radarApi(client: FdkClient, timers: Timers, timeoutMs: number): RadarApi {
  return {
    data: (key) => client.data.get(key).then((all) => all[key]),
    invoke: (name, payload) => withTimeout(client.request.invoke(name, payload), timeoutMs, timers).then(responseOf),
    notify(type, message) {
      client.interface.trigger('showNotify', { type, message }).catch(ignore);
    },
    resize(height) {
      client.instance.resize({ height: `${height}px` }).catch(ignore);
    },
    on(name, callback) {
      client.events.on(name, () => callback());
    },
  };
}
