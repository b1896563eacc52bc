/**
 * What the dev server needs from the rest of the devkit, and nothing more. The pages and the
 * front-end client only ever talk to a `DevBackend`; `runtime-backend.ts` implements it over the
 * FDK runtime (devkit/runtime) and the fake Freshservice (devkit/fake-freshservice), so changes
 * there touch one adapter, and tests can hand the server a scripted backend.
 *
 * Outcomes the platform produces (a rejected `$db` call, a failed server method, a 4xx from a
 * template) are values (`Outcome`), not exceptions: the server forwards them to the browser as
 * they are. A thrown error means the devkit itself is broken.
 */
import type { ApiError, AppLocation, DbOperation } from '../client/protocol.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface FrontEndTemplateOptions {
  context?: unknown;
  body?: unknown;
  cache?: boolean;
  ttl?: number;
}

export interface TemplateResponse {
  status: number;
  headers: Record<string, string>;
  response: string;
}

/** One event the app handles, from the manifest: `modules.<module>.events.<event>.handler`. */
export interface EventRef {
  module: string;
  event: string;
  handler: string;
}

export interface AppDescriptor {
  /** Absolute path of the app folder (manifest.json at its root). */
  dir: string;
  /** `modules.service_ticket.location.ticket_sidebar.url`, relative to app/, if the app has a sidebar. */
  sidebarUrl: string | undefined;
  /** Its `icon`, relative to app/. */
  sidebarIcon: string | undefined;
  /** `config/iparams.html` when the app has a custom installation page. */
  installPage: string | undefined;
  events: readonly EventRef[];
  functions: readonly string[];
}

/** A row of the host page's ticket list. */
export interface TicketSummary {
  id: number;
  subject: string;
  status: string;
  priority: string;
  requester: string;
  updatedAt: string;
}

/** The middle column of the ticket page. */
export interface TicketView {
  id: number;
  subject: string;
  descriptionText: string;
  properties: Array<{ label: string; value: string }>;
  status: number;
  priority: number;
  tags: string[];
  notes: Array<{ id: number; private: boolean; author: string; bodyText: string; createdAt: string }>;
}

/** What an agent can change from the ticket page (each change goes through the fake's store and fires its events). */
export interface TicketPatch {
  status?: number;
  priority?: number;
}

export interface NewTicket {
  subject: string;
  description: string;
  requesterEmail?: string;
  priority?: number;
}

export interface InstallState {
  installed: boolean;
  /** Stored iparams with secure values blanked (what the install page gets back on "edit settings"). */
  iparams: Record<string, unknown>;
  secure: string[];
}

export interface FireResult {
  /** `success` when the handler completed normally (renderData without error, resolved, or idle). */
  outcome: 'success' | 'failed';
  /** How the invocation ended: renderData, resolved, threw, idle, timeout, refused… */
  via: string;
  /** Handler's error or the refusal, in words. */
  message?: string;
  /** renderData data / resolved value, when there is one. */
  data?: unknown;
  durationMs: number;
  logs: LiveLogEntry[];
}

export interface LiveLogEntry {
  /** Clock time, ms since the epoch. */
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  /** Who wrote it: `app:<handler>`, `request`, `db`, `runtime`, `fake`, `client`, … */
  source: string;
  message: string;
  rule?: string;
  invocation?: number;
}

export interface DataScope {
  location: AppLocation;
  ticketId?: number;
}

export interface DevBackend {
  readonly app: AppDescriptor;

  // --- simulated Freshservice (the host pages)
  listTickets(limit: number): TicketSummary[];
  ticketView(id: number): TicketView | undefined;
  updateTicket(id: number, patch: TicketPatch): Outcome<TicketView>;
  createTicket(input: NewTicket): Outcome<TicketView>;

  // --- the front-end client
  /** `client.data.get(key)` in a location; rejects keys the location does not have. */
  pageData(key: string, scope: DataScope): Outcome<unknown>;
  /** `client.iparams.get()`: non-secure iparams only. */
  frontEndIparams(): Record<string, unknown>;
  /** `client.request.invoke`: the server method's renderData data, or its `{ status, message }`. */
  invokeServerMethod(name: string, payload: unknown): Promise<Outcome<unknown>>;
  /**
   * `client.request.invokeTemplate`, rendered, limited and cached by the runtime like `$request`;
   * options are passed as the app gave them, for the runtime to validate.
   */
  invokeTemplate(name: string, options: FrontEndTemplateOptions): Promise<Outcome<TemplateResponse>>;
  /** `client.db.<op>(...args)`, on the installation's store and its per-minute budget. */
  db(op: DbOperation, args: unknown[]): Promise<Outcome<unknown>>;

  // --- installation page
  installState(): InstallState;
  /** Stores what `postConfigs()` returned (installing on the first call, updating after). */
  install(configs: Record<string, unknown>): Promise<Outcome<InstallState>>;

  // --- event simulator
  /** `server/test_data/<module>/<event>.json`, or a payload built from the fake account. */
  samplePayload(module: string, event: string): unknown;
  fireEvent(module: string, event: string, payload: unknown): Promise<FireResult>;

  // --- live log
  onLog(listener: (entry: LiveLogEntry) => void): () => void;
  /** Writes a devkit line (dev server, client) into the same log. */
  log(entry: Omit<LiveLogEntry, 'at'>): void;
}
