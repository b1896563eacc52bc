/**
 * The fake on the wire: a node:http server on 127.0.0.1 that turns each HTTP request into an
 * `ApiRequest`, applies the fault knobs, runs the pipeline and writes the answer.
 *
 * Virtual time: a client on a `VirtualClock` reports each request to `clock.activity` (send to
 * last byte). The server does not track requests itself; it only marks the time it spends
 * sleeping on injected latency as waiting (`activity.whileWaiting`), which is what lets the
 * clock move to the end of the delay while the client's request is in flight.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock.ts';
import type { Faults } from './faults.ts';
import type { ApiRequest, ApiResponse } from './http.ts';
import { ApiLimits } from './limits.ts';
import type { Pipeline } from './pipeline.ts';
import type { FaultKind } from './stats.ts';

export interface HttpServerDeps {
  pipeline: Pipeline;
  faults: Faults;
  clock: Clock;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function listen(deps: HttpServerDeps, port: number): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    serve(deps, req, res).catch((error: unknown) => {
      // A client that hangs up mid-body has nobody left to answer; the API never saw a request.
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || req.destroyed) return;
      console.error('fake-freshservice: request failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: 'internal_error', message: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve({ pipeline, faults, clock }: HttpServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = lowerCaseHeaders(req);
  const drop = faults.dropFor(method, url.pathname);
  if (drop === 'before') {
    pipeline.recordUnanswered({ method, path: url.pathname, query: url.searchParams, headers }, 'drop');
    req.socket.destroy();
    return;
  }
  const body = await readBody(req);
  const delay = faults.latencyFor(method, url.pathname);
  if (delay > 0) await sleepOn(clock, delay);
  const serverError = faults.serverErrorFor(method, url.pathname);
  const fault: FaultKind | undefined = drop ? 'drop' : serverError ? 'error' : delay > 0 ? 'latency' : undefined;
  const request: ApiRequest = { method, path: url.pathname, query: url.searchParams, headers, ...body };
  const response = pipeline.dispatch(request, { ...(serverError ? { serverError } : {}), ...(fault ? { fault } : {}) });
  write(res, response, drop === 'after');
}

/** Sleeps on the clock, marked as waiting so a virtual clock can move past the delay. */
function sleepOn(clock: Clock, ms: number): Promise<void> {
  // With no reported activity (a client that does not report its requests), there is nothing to
  // mark idle, and decrementing would leave the tracker negative.
  return clock.activity.active > 0 ? clock.activity.whileWaiting(clock.sleep(ms)) : clock.sleep(ms);
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Reads the body, keeping at most MAX_BODY_BYTES; a longer body is drained and flagged. */
function readBody(req: IncomingMessage): Promise<{ body?: Buffer; bodyTooLarge?: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= ApiLimits.MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > ApiLimits.MAX_BODY_BYTES) resolve({ bodyTooLarge: true });
      else resolve(size === 0 ? {} : { body: Buffer.concat(chunks) });
    });
    req.on('error', reject);
  });
}

function write(res: ServerResponse, response: ApiResponse, dropMidway: boolean): void {
  const payload = response.json !== undefined ? JSON.stringify(response.json) : (response.text ?? '');
  const bytes = Buffer.from(payload, 'utf8');
  const headers = { ...response.headers, 'Content-Length': String(bytes.length) };
  if (dropMidway) {
    // The request was handled; the answer dies part-way through, as on a reset connection.
    if (bytes.length < 2) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(response.status, headers);
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.writeHead(response.status, headers);
  res.end(bytes);
}
