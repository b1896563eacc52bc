/** Shared helpers for the runtime's integration tests: fixture apps, a runtime per test, a local HTTP upstream. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterEach } from 'vitest';
import { VirtualClock } from '../../../devkit/clock.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../../devkit/runtime/index.ts';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures/apps');

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export interface Setup {
  rt: Runtime;
  clock: VirtualClock;
}

/** A runtime for fixture app `name`, on a fresh VirtualClock, disposed after the test. */
export async function runtimeFor(name: string, options: Partial<RuntimeOptions> = {}): Promise<Setup> {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock();
  const rt = await createRuntime({ appDir: resolve(FIXTURES, name), clock, currentHost: { freshservice: 'https://acme.freshservice.com' }, ...options });
  cleanups.push(() => rt.dispose());
  return { rt, clock };
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void | Promise<void>;

export interface Upstream {
  url: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
}

/** A tiny local HTTP server on 127.0.0.1, closed after the test. */
export async function startUpstream(handler: Handler): Promise<Upstream> {
  const requests: Upstream['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      void Promise.resolve(handler(req, res, body)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Calls a server method and returns what the front end would get, resolved or rejected. */
export async function smi(rt: Runtime, name: string, payload: Record<string, unknown> = {}): Promise<{ ok: boolean; value: any }> {
  try {
    return { ok: true, value: await rt.invokeServerMethod(name, payload) };
  } catch (error) {
    return { ok: false, value: error };
  }
}

/** The response of a server method that must succeed. */
export async function answer(rt: Runtime, name: string, payload: Record<string, unknown> = {}): Promise<any> {
  return (await rt.invokeServerMethod(name, payload)).response;
}

/** Log lines with a given rule. */
export function ruleLines(rt: Runtime, rule: string): string[] {
  return rt.logs.filter((l) => l.rule === rule).map((l) => l.message);
}
