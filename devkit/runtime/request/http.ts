/**
 * One HTTP exchange for the request method, over real node:http/https. The exchange is reported
 * to the clock's ActivityTracker from send to last byte, so a virtual clock does not jump ahead
 * while a response is on its way; the timeout is a clock timer, so it elapses in virtual time.
 * (Consequence for virtual-time tests: an upstream that stalls must stall *on the clock*, e.g.
 * `clock.activity.whileWaiting(clock.sleep(ms))`, as the fake Freshservice does; a server that
 * simply never answers keeps the exchange active and the clock still.)
 */
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../../clock.ts';
import type { RenderedRequest } from './render.ts';

export type Exchange =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'network'; message: string }
  | { kind: 'timeout' }
  | { kind: 'too-large'; bytes: number };

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** Agents without keep-alive: every attempt is its own connection, so a reused socket closed by the server can never fake a network error. */
export function createAgents(): Agents {
  return { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };
}

export interface ExchangeOptions {
  clock: Clock;
  agents: Agents;
  timeoutMs: number;
  maxResponseBytes: number;
}

function flatten(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function describe(error: Error & { code?: string }): string {
  return error.code !== undefined && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message;
}

export function exchange(request: RenderedRequest, body: string | undefined, options: ExchangeOptions): Promise<Exchange> {
  const work = new Promise<Exchange>((resolve) => {
    let cancelTimer = (): void => undefined;
    let done = false;
    const finish = (result: Exchange): void => {
      if (done) return;
      done = true;
      cancelTimer();
      resolve(result);
    };
    const secure = request.url.protocol === 'https:';
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body, 'utf8'));
    const req = (secure ? https : http).request(request.url, { method: request.method, headers, agent: secure ? options.agents.https : options.agents.http }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > options.maxResponseBytes) {
          finish({ kind: 'too-large', bytes });
          req.destroy();
        } else {
          chunks.push(chunk);
        }
      });
      res.on('end', () => finish({ kind: 'response', status: res.statusCode ?? 0, headers: flatten(res.headers), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => finish({ kind: 'network', message: describe(error) }));
      res.on('close', () => {
        if (!res.complete) finish({ kind: 'network', message: 'connection closed before the response was complete' });
      });
    });
    req.on('error', (error) => finish({ kind: 'network', message: describe(error) }));
    cancelTimer = options.clock.setTimer(() => {
      finish({ kind: 'timeout' });
      req.destroy();
    }, options.timeoutMs);
    req.end(body);
  });
  return options.clock.activity.track(work);
}
