/**
 * `npx tsx devkit/cli/fake-freshservice-rps.ts [--seconds N] [--connections N]`: how many
 * requests per second the fake Freshservice serves on this machine, per kind of request, over
 * keep-alive HTTP from a worker thread (so the load generator does not share the server's thread).
 *
 * Rate limits would turn almost every request into a 429 within a second, so the server runs on
 * a clock that moves one minute forward every 100 reads (about 25 requests, under every
 * Enterprise limit): each request does the full work of an allowed call. The last row measures
 * the 429 path on wall time, which is what an overloaded account costs the server.
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ActivityTracker, SystemClock, type Clock } from '../clock.ts';
import { basicAuth, startFakeFreshservice } from '../fake-freshservice/index.ts';

/** Time that jumps a minute every 100 reads, so windows never fill. Timers are not needed here. */
class SteppingClock implements Clock {
  readonly activity = new ActivityTracker();
  readonly isVirtual = true;
  #t = Date.UTC(2026, 10, 26, 9, 0, 0);
  #reads = 0;
  now(): number {
    if (++this.#reads % 100 === 0) this.#t += 60_000;
    return this.#t;
  }
  sleep(): Promise<void> {
    return Promise.resolve();
  }
  setTimer(): () => void {
    return () => undefined;
  }
}

const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, path, method, body, auth, connections, ms } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url);
let done = 0, failed = 0;
const latencies = [];
const statuses = {};
const end = performance.now() + ms;
function one() {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const headers = { Authorization: auth, Accept: 'application/json' };
    if (body) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = Buffer.byteLength(body); }
    const req = http.request({ agent, host: target.hostname, port: target.port, path, method, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => { statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1; latencies.push(performance.now() - t0); done++; resolve(); });
    });
    req.on('error', () => { failed++; resolve(); });
    if (body) req.write(body);
    req.end();
  });
}
async function lane() { while (performance.now() < end) await one(); }
const start = performance.now();
Promise.all(Array.from({ length: connections }, lane)).then(() => {
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] || 0;
  parentPort.postMessage({ done, failed, seconds, statuses, p50: q(0.5), p99: q(0.99) });
  agent.destroy();
});
`;

interface Result {
  done: number;
  failed: number;
  seconds: number;
  statuses: Record<string, number>;
  p50: number;
  p99: number;
}

function load(data: Record<string, unknown>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD, { eval: true, workerData: data });
    worker.once('message', (r: Result) => resolve(r));
    worker.once('error', reject);
  });
}

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '32' } } });
const ms = Number(values.seconds) * 1000;
const connections = Number(values.connections);
const scenarios: Array<{ name: string; method: string; path: string; body?: string; wallClock?: boolean }> = [
  { name: 'GET /agents/me', method: 'GET', path: '/api/v2/agents/me' },
  { name: 'GET /tickets/{id}', method: 'GET', path: '/api/v2/tickets/42' },
  { name: 'GET /tickets/{id}?include=conversations,requester', method: 'GET', path: '/api/v2/tickets/42?include=conversations,requester' },
  { name: 'GET /tickets?per_page=30', method: 'GET', path: '/api/v2/tickets?per_page=30' },
  { name: 'GET /tickets/filter?query="status:2"', method: 'GET', path: `/api/v2/tickets/filter?query=${encodeURIComponent('"status:2 AND priority:>2"')}` },
  { name: 'PUT /tickets/{id} (priority)', method: 'PUT', path: '/api/v2/tickets/43', body: '{"priority":3}' },
  { name: 'GET /agents/me, rate-limited (429 path)', method: 'GET', path: '/api/v2/agents/me', wallClock: true },
];

console.log(`fake-freshservice throughput: ${connections} keep-alive connections, ${ms / 1000} s per row, node ${process.version}`);
console.log(`${'request'.padEnd(52)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  statuses`);
for (const s of scenarios) {
  const fake = await startFakeFreshservice({ plan: 'enterprise', clock: s.wallClock ? new SystemClock() : new SteppingClock() });
  const r = await load({ url: fake.url, path: s.path, method: s.method, body: s.body, auth: basicAuth(fake.keys.admin), connections, ms });
  await fake.stop();
  const rps = Math.round(r.done / r.seconds);
  console.log(`${s.name.padEnd(52)} ${String(rps).padStart(8)} ${r.p50.toFixed(2).padStart(7)} ${r.p99.toFixed(2).padStart(7)}  ${JSON.stringify(r.statuses)}${r.failed ? ` failed ${r.failed}` : ''}`);
}
