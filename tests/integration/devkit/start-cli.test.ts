/** `npm start` as a process: what it prints once ready, that the pages answer, and how it fails. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = resolve(ROOT, 'tests/fixtures/apps/devkit-ui');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const running: ChildProcessWithoutNullStreams[] = [];

function start(args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string; exit: Promise<number | null> } {
  const child = spawn(TSX, ['devkit/cli/start.ts', ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
  running.push(child);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => text, exit };
}

async function waitFor(output: () => string, pattern: RegExp, ms = 30_000): Promise<RegExpExecArray> {
  const started = Date.now();
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start', () => {
  test('prints each page URL on its own line once ready, serves them, then logs live until SIGINT', async () => {
    const run = start(['--port', '0', '--app-dir', FIXTURE, '--no-build']);
    const match = await waitFor(run.output, /^(http:\/\/127\.0\.0\.1:\d+)\/\n\1\/custom_configs\n\1\/web\/test\nlive log/m);
    const base = match[1] as string;
    for (const path of ['/', '/custom_configs', '/web/test', '/app/index.html']) {
      const answer = await fetch(base + path);
      expect([path, answer.status]).toEqual([path, 200]);
    }
    const tickets = (await (await fetch(`${base}/__devkit/api/tickets?limit=3`)).json()) as { ok: boolean; value: unknown[] };
    expect(tickets.ok && tickets.value.length).toBe(3);
    await waitFor(run.output, /INFO {2}devkit {2}installed: .*\(secure: api_key\)/);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('npm start: SIGINT, stopping');
  });

  test('a busy port fails fast with a message that says what to do', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', () => done()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = start(['--port', String(port), '--app-dir', FIXTURE, '--no-build']);
      expect(await run.exit).toBe(1);
      expect(run.output()).toContain(`npm start: port ${port} on 127.0.0.1 is already in use: stop whatever is using it (another npm start?), or pick another port with --port N.`);
    } finally {
      blocker.close();
    }
  });

  test('a failed build stops before anything starts and exits non-zero', async () => {
    const run = start(['--port', '0', '--app-dir', FIXTURE]);
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/npm start: the build failed, so there is nothing to run: server\/server\.ts is missing/);
    expect(run.output()).not.toContain('http://127.0.0.1');
  });

  test('bad options print the usage and exit 2', async () => {
    const run = start(['--plan', 'gold']);
    expect(await run.exit).toBe(2);
    expect(run.output()).toContain('npm start: --plan expects one of starter, growth, pro, enterprise, got "gold"');
  });
});
