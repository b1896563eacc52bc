import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import { basicAuth } from '../../../devkit/fake-freshservice/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const children: ChildProcessWithoutNullStreams[] = [];

function run(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(TSX, ['devkit/cli/fake-freshservice.ts', ...args], { cwd: ROOT });
  children.push(child);
  return child;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function firstLines(child: ChildProcessWithoutNullStreams, n: number): Promise<string[]> {
  return new Promise((done, fail) => {
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length === n) {
        rl.close();
        done(lines);
      }
    });
    child.on('exit', (code) => fail(new Error(`exited with ${code} after ${lines.length} lines`)));
  });
}

const exitOf = (child: ChildProcessWithoutNullStreams): Promise<number | null> => new Promise((done) => child.on('exit', (code) => done(code)));

describe('cli: npm run fake-freshservice', () => {
  test('cli: prints the base URL first, then one line per key, serves, and stops cleanly on SIGTERM', async () => {
    const child = run(['--port', '0', '--plan', 'growth', '--api-key', 'cli-admin-key', '--seed', '3']);
    const [url, admin, agent, restricted] = await firstLines(child, 4);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(admin).toBe('key admin cli-admin-key');
    expect(agent).toMatch(/^key agent [A-Za-z0-9]{20}$/);
    expect(restricted).toMatch(/^key restricted [A-Za-z0-9]{20}$/);
    const res = await fetch(`${url}/api/v2/agents/me`, { headers: { Authorization: basicAuth('cli-admin-key') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-total')).toBe('200');
    const restrictedKey = restricted!.split(' ')[2]!;
    expect((await fetch(`${url}/api/v2/tickets/1`, { method: 'PUT', headers: { Authorization: basicAuth(restrictedKey), 'Content-Type': 'application/json' }, body: '{"priority":4}' })).status).toBe(403);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  test('cli: bad flags exit non-zero with a message naming the flag', async () => {
    for (const [args, message] of [
      [['--plan', 'gold'], /--plan expects one of starter, growth, pro, enterprise/],
      [['--port', 'eighty'], /--port expects an integer/],
      [['--verbose'], /Unknown option '--verbose'/],
      [['--api-key', 'a:b'], /--api-key/],
    ] as const) {
      const child = run([...args]);
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      expect(await exitOf(child)).toBe(2);
      expect(stderr).toMatch(message);
    }
  });
});
