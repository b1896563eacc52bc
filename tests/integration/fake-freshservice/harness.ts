/**
 * Test harness for the fake Freshservice: a fresh fake on a VirtualClock per test, and `api()`,
 * a fetch over real HTTP that reports itself to the clock's activity tracker (as the FDK runtime
 * does), so virtual time can move while a request waits on injected latency.
 */
import { afterEach } from 'vitest';
import { VirtualClock } from '../../../devkit/clock.ts';
import type { FakeFreshservice, FakeFreshserviceOptions } from '../../../devkit/fake-freshservice/index.ts';
import { basicAuth, startFakeFreshservice } from '../../../devkit/fake-freshservice/index.ts';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: any;
}

export interface RequestOptions {
  /** API key to send; `null` sends no Authorization header. Default: the admin key. */
  key?: string | null;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export interface Harness {
  fake: FakeFreshservice;
  clock: VirtualClock;
  api(method: string, path: string, options?: RequestOptions): Promise<Answer>;
  get(path: string, options?: RequestOptions): Promise<Answer>;
}

const running: FakeFreshservice[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((f) => f.stop()));
});

export async function startHarness(options: Partial<FakeFreshserviceOptions> = {}): Promise<Harness> {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock();
  const fake = await startFakeFreshservice({ plan: 'starter', ...options, clock });
  running.push(fake);
  const api = (method: string, path: string, opts: RequestOptions = {}): Promise<Answer> =>
    clock.activity.track(request(fake, method, path, opts));
  return { fake, clock, api, get: (path, opts) => api('GET', path, opts) };
}

async function request(fake: FakeFreshservice, method: string, path: string, opts: RequestOptions): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? fake.keys.admin : opts.key;
  if (key !== null) headers['Authorization'] = basicAuth(key);
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${fake.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Sends `n` GETs one after the other and returns the answers. */
export async function burst(h: Harness, n: number, path: string, options?: RequestOptions): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < n; i += 1) answers.push(await h.get(path, options));
  return answers;
}

export const remaining = (a: Answer): number => Number(a.headers.get('x-ratelimit-remaining'));
