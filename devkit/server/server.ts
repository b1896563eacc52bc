/**
 * The dev server behind `npm start`: node:http on 127.0.0.1, no framework. Serves the host pages
 * (`/`, `/custom_configs`, `/web/test`), the app's pages and files (`/app/…`, `/config/…`, HTML
 * rendered with Handlebars), the devkit's browser bundles, jsDelivr URLs from node_modules, and
 * the API the front-end client and the host pages call (api.ts). Everything it knows about the
 * app and the account comes from a `DevBackend`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { API_PREFIX, type UiRecord } from '../client/protocol.ts';
import { handleApi } from './api.ts';
import { escapeHtml } from './html.ts';
import { renderAppPage } from './app-pages.ts';
import type { DevBackend } from './backend.ts';
import { buildBundles } from './bundles.ts';
import { LocalCdn, LOCAL_CDN_PREFIX, parseCdnPath, PLACEHOLDER_ICON, VENDORED_ICONS_DIR } from './cdn.ts';
import { installPage } from './pages/install-page.ts';
import { simulatorPage } from './pages/simulator-page.ts';
import { HOST_CSS } from './pages/styles.ts';
import { ticketFragment, ticketListFragment, ticketPage } from './pages/ticket-page.ts';
import { contentType, fileInside } from './static-files.ts';

export const DEFAULT_PORT = 10001;
const MAX_BODY_BYTES = 1024 * 1024;
const TICKET_LIST_SIZE = 60;

export interface DevServerOptions {
  backend: DevBackend;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Where jsDelivr packages are served from; default the repo's node_modules. */
  nodeModules?: string;
  /** Vendored Crayons icons; default devkit/server/vendor/crayons-icons. */
  iconsDir?: string;
  now?: () => number;
}

export interface DevServer {
  readonly url: string;
  readonly pages: { tickets: string; install: string; simulator: string };
  /** showNotify / resize calls the front end reported, oldest first. */
  readonly ui: readonly UiRecord[];
  stop(): Promise<void>;
}

export class DevServerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevServerError';
  }
}

interface Answer {
  status: number;
  type: string;
  body: string | Buffer;
  cache?: string;
}

const textAnswer = (status: number, body: string): Answer => ({ status, type: 'text/plain; charset=utf-8', body });

/** A missing app page is shown inside its iframe, so say so in a readable page rather than bare text. */
function missingAppFile(path: string): Answer {
  if (!path.endsWith('.html')) return textAnswer(404, `devkit: ${path} does not exist in the app folder.`);
  const message = `${path} does not exist in the app folder. manifest.json points a location at it; create it (or run npm run build if it is generated).`;
  return { status: 404, type: 'text/html; charset=utf-8', body: `<!doctype html><meta charset="utf-8"><p style="font: 14px system-ui, sans-serif; color: #c82124">${escapeHtml(message)}</p>` };
}
const htmlAnswer = (body: string): Answer => ({ status: 200, type: 'text/html; charset=utf-8', body });

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { backend } = options;
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const bundles = await buildBundles();
  const cdn = new LocalCdn(options.nodeModules ?? resolve(import.meta.dirname, '../../node_modules'), options.iconsDir ?? VENDORED_ICONS_DIR);
  const ui: UiRecord[] = [];
  const appDir = backend.app.dir;

  function appFile(root: 'app' | 'config', relative: string): Answer {
    const file = fileInside(resolve(appDir, root), relative);
    if (file === undefined) return missingAppFile(`${root}/${relative}`);
    if (file.endsWith('.html')) return htmlAnswer(renderAppPage(`${root}/${relative}`, readFileSync(file, 'utf8')));
    return { status: 200, type: contentType(file), body: readFileSync(file) };
  }

  function appIcon(): Answer {
    const { sidebarIcon } = backend.app;
    const icon = sidebarIcon === undefined ? undefined : fileInside(resolve(appDir, 'app'), sidebarIcon);
    return icon ? { status: 200, type: contentType(icon), body: readFileSync(icon) } : { status: 200, type: 'image/svg+xml', body: PLACEHOLDER_ICON };
  }

  function ticketsPage(query: URLSearchParams): Answer {
    const tickets = backend.listTickets(TICKET_LIST_SIZE);
    const wanted = Number(query.get('ticket'));
    const ticket = backend.ticketView(wanted > 0 ? wanted : (tickets[0]?.id ?? 0));
    const sidebarSrc = backend.app.sidebarUrl === undefined ? undefined : `/app/${backend.app.sidebarUrl}`;
    return htmlAnswer(ticketPage({ tickets, ticket, sidebarSrc, installed: backend.installState().installed }));
  }

  function simulator(query: URLSearchParams): Answer {
    const events = backend.app.events;
    const selected =
      events.find((e) => e.module === query.get('module') && e.event === query.get('event')) ??
      events.find((e) => e.event === 'onTicketCreate') ??
      events[0];
    const payload = selected ? backend.samplePayload(selected.module, selected.event) : {};
    return htmlAnswer(simulatorPage({ events, selected, payload, installed: backend.installState().installed }));
  }

  function cdnFile(rest: string): Answer {
    const request = parseCdnPath(rest);
    if (request === undefined) return textAnswer(404, `devkit: ${LOCAL_CDN_PREFIX}${rest} is not a <package>@<version>/<path> URL.`);
    const answer = cdn.resolve(request);
    if (answer.status === 404) return textAnswer(404, `devkit: ${answer.message}`);
    if ('body' in answer) return { status: 200, type: answer.type, body: answer.body };
    return { status: 200, type: contentType(answer.file), body: readFileSync(answer.file), cache: 'public, max-age=3600' };
  }

  function get(path: string, query: URLSearchParams): Answer {
    if (path === '/') return ticketsPage(query);
    if (path === '/custom_configs') return htmlAnswer(installPage(backend.app.installPage, backend.installState()));
    if (path === '/web/test') return simulator(query);
    if (path === '/__devkit/assets/host.css') return { status: 200, type: 'text/css; charset=utf-8', body: HOST_CSS };
    const bundle = bundles.get(path);
    if (bundle !== undefined) return { status: 200, type: 'text/javascript; charset=utf-8', body: bundle };
    if (path === '/__devkit/app-icon') return appIcon();
    if (path === '/__devkit/fragments/tickets') {
      return htmlAnswer(ticketListFragment(backend.listTickets(TICKET_LIST_SIZE), Number(query.get('selected')) || undefined).value);
    }
    const ticket = /^\/__devkit\/fragments\/ticket\/(\d+)$/.exec(path);
    if (ticket) {
      const view = backend.ticketView(Number(ticket[1]));
      return view ? htmlAnswer(ticketFragment(view).value) : textAnswer(404, `devkit: no ticket ${ticket[1]} in the fake account.`);
    }
    if (path.startsWith(LOCAL_CDN_PREFIX)) return cdnFile(path.slice(LOCAL_CDN_PREFIX.length));
    if (path.startsWith('/app/')) return appFile('app', path.slice('/app/'.length));
    if (path === '/config/iparams.html' || path.startsWith('/config/assets/')) return appFile('config', path.slice('/config/'.length));
    if (path === '/favicon.ico') return { status: 204, type: 'image/x-icon', body: '' };
    return textAnswer(404, `devkit: nothing at ${path}. Pages: / (tickets), /custom_configs (installation), /web/test (event simulator).`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith(API_PREFIX)) {
      const body = method === 'POST' ? await readJson(req) : undefined;
      if (body instanceof Error) return send(res, textAnswer(body.message.startsWith('413') ? 413 : 400, body.message));
      const answer = await handleApi({ backend, ui, now }, { method, path: url.pathname.slice(API_PREFIX.length), query: url.searchParams, body });
      return send(res, { status: answer.status, type: 'application/json; charset=utf-8', body: JSON.stringify(answer.json) });
    }
    if (method !== 'GET' && method !== 'HEAD') return send(res, textAnswer(405, `devkit: ${method} is not served here.`));
    send(res, get(url.pathname, url.searchParams));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = (error as Error)?.stack ?? String(error);
      backend.log({ level: 'error', source: 'devkit', message: `dev server: ${req.method} ${req.url} failed: ${message}` });
      if (!res.headersSent) send(res, textAnswer(500, `devkit: ${(error as Error)?.message ?? String(error)}`));
      else res.end();
    });
  });
  await listen(server, options.port, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    pages: { tickets: `${url}/`, install: `${url}/custom_configs`, simulator: `${url}/web/test` },
    ui,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new DevServerError(`port ${port} on ${host} is already in use: stop whatever is using it, or pick another with --port N.`, { cause: error }));
      else reject(new DevServerError(`could not listen on ${host}:${port}: ${error.message}`, { cause: error }));
    });
    server.listen(port, host, () => resolveListen());
  });
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, {
    'Content-Type': answer.type,
    'Cache-Control': answer.cache ?? 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(answer.body);
}

/** The JSON body, or an Error whose message starts with the status to answer. */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return done(new Error(`413 devkit: request body over ${MAX_BODY_BYTES} bytes`));
      if (size === 0) return done({});
      try {
        done(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        done(new Error('400 devkit: the request body is not JSON'));
      }
    });
    req.on('error', (error) => done(error));
  });
}

