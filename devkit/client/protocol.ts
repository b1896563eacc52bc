/**
 * The wire contract between the devkit's front-end client (running in the app's iframe), the
 * simulated host page around it, and the dev server. Types and constants only: both the browser
 * bundles and the node server import this file.
 *
 * - client → dev server: `POST /__devkit/api/<op>` with a JSON body; the answer is always
 *   HTTP 200 with an `ApiReply` for outcomes the platform itself produces (a rejected `$db` call
 *   is an answer, not a transport failure). Non-200 means the devkit itself failed.
 * - host page ↔ client: `window.postMessage` between the host page and the iframe, tagged with
 *   `source` so unrelated messages (Crayons, browser extensions) are ignored.
 */

export const API_PREFIX = '/__devkit/api/';
export const CLIENT_SCRIPT_PATH = '/__devkit/client.js';

/** Where an app page is shown; the client refuses data keys a location does not have. */
export type AppLocation = 'ticket_sidebar' | 'installation' | 'standalone';

export type ApiReply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * A platform-shaped rejection, passed to app code as it is: `{ status, message }` for `$db` and
 * server methods; template errors add `headers`, `response`, `errorSource` (and carry a
 * `message` only when the platform itself refused).
 */
export interface ApiError {
  status: number;
  message?: string;
  [key: string]: unknown;
}

export const DB_OPERATIONS = ['get', 'set', 'update', 'delete'] as const;
export type DbOperation = (typeof DB_OPERATIONS)[number];

/** Request bodies of the client's API operations. */
export interface ClientApi {
  data: { key: string; location: AppLocation; ticketId?: number };
  iparams: Record<string, never>;
  invoke: { name: string; payload: unknown };
  /** `cache`/`ttl` go to the runtime, which caches front-end responses itself (and counts the hits). */
  invokeTemplate: { name: string; context?: unknown; body?: unknown; cache?: boolean; ttl?: number };
  db: { op: DbOperation; args: unknown[] };
  ui: UiRecord;
}

export type ClientOp = keyof ClientApi;

/** `showNotify` types (fdk-platform.md §5.3). */
export const NOTIFY_TYPES = ['info', 'success', 'warning', 'danger', 'alert'] as const;
export type NotifyType = (typeof NOTIFY_TYPES)[number];

export interface NotifyOptions {
  type: NotifyType;
  title?: string;
  message: string;
}

/** What the client reports so the dev server can log it and tests can read it back. */
export type UiRecord =
  | { kind: 'showNotify'; location: AppLocation; notify: NotifyOptions }
  | { kind: 'resize'; location: AppLocation; height: number; requested: string | number };

/** Signals the host page sends into an app iframe. */
export type HostMessage =
  | { source: 'devkit-host'; type: 'event'; name: string; data?: unknown }
  | { source: 'devkit-host'; type: 'context'; ticketId: number };

/** Requests an app iframe sends to its host page. */
export type ClientMessage =
  | { source: 'devkit-client'; type: 'ready'; location: AppLocation }
  | { source: 'devkit-client'; type: 'showNotify'; notify: NotifyOptions }
  | { source: 'devkit-client'; type: 'resize'; height: number };

/** Largest height an app may ask for (fdk-platform.md §5.3: `instance.resize`, max 700 px). */
export const MAX_APP_HEIGHT_PX = 700;

export function isHostMessage(value: unknown): value is HostMessage {
  return typeof value === 'object' && value !== null && (value as { source?: unknown }).source === 'devkit-host';
}

export function isClientMessage(value: unknown): value is ClientMessage {
  return typeof value === 'object' && value !== null && (value as { source?: unknown }).source === 'devkit-client';
}
