import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, test } from 'vitest';
import { build, BuildError, type BuildTarget } from '../../../devkit/build/build.ts';
import { packApp, packList } from '../../../devkit/pack/pack.ts';
import { validateApp } from '../../../devkit/validate/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const BASE = resolve(ROOT, 'tests/fixtures/validate/base');
const dirs: string[] = [];

function app(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'build-'));
  dirs.push(dir);
  cpSync(BASE, dir, { recursive: true });
  symlinkSync(resolve(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SERVER_ONLY: BuildTarget[] = [{ name: 'server', input: 'server/server.ts', output: 'server/server.js', format: 'cjs', platform: 'neutral' }];

describe('build: server bundle', () => {
  test('emits a classic script with top-level exports, const/let kept and FDK-clean', async () => {
    const dir = app({
      'server/lib/count.ts': 'let calls = 0;\nexport const LIMITS = { max: 3 };\nexport function bump(): number {\n  calls += 1;\n  return Math.min(calls, LIMITS.max);\n}\n',
      'server/server.ts': "import { bump } from './lib/count';\nexports = {\n  onAppInstallHandler: () => renderData(),\n  onTicketCreateHandler: () => renderData(null, bump()),\n  lookup: () => renderData(),\n};\n",
    });
    const [built] = await build(dir, SERVER_ONLY);
    const code = readFileSync(join(dir, 'server/server.js'), 'utf8');
    expect(built?.file).toBe('server/server.js');
    expect(code).toMatch(/^exports = \{$/m);
    expect(code).not.toMatch(/\bvar\b/);
    expect(code).toContain('const LIMITS = { max: 3 };');
    expect(code).toContain('let calls = 0;');
    expect(existsSync(join(dir, 'server/server.js.map'))).toBe(true);
    const result = await validateApp(dir);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.exported).toContain('onTicketCreateHandler');
  });

  test('keeps require() of a manifest dependency as a plain call', async () => {
    const dir = app({
      'manifest.json': readFileSync(join(BASE, 'manifest.json'), 'utf8').replace('"engines"', '"dependencies": { "handlebars": "4.7.10" },\n  "engines"'),
      'server/server.ts': "import Handlebars from 'handlebars';\nexports = { onAppInstallHandler: () => renderData(null, typeof Handlebars) };\n",
    });
    await build(dir, SERVER_ONLY);
    expect(readFileSync(join(dir, 'server/server.js'), 'utf8')).toMatch(/require\("handlebars"\)/);
  });

  test('refuses to bundle a package that is not a manifest dependency', async () => {
    const dir = app({ 'server/server.ts': "import Ajv from 'ajv';\nexports = { x: () => new Ajv() };\n" });
    await expect(build(dir, SERVER_ONLY)).rejects.toThrow(BuildError);
    await expect(build(dir, SERVER_ONLY)).rejects.toThrow('import of "ajv" would bundle third-party code into server/server.js; declare "ajv" in manifest.json "dependencies" so the platform installs it.');
  });

  test('refuses any package import in browser code', async () => {
    const dir = app({ 'app/src/main.ts': "import Handlebars from 'handlebars';\nconsole.log(Handlebars);\n" });
    const target: BuildTarget = { name: 'sidebar', input: 'app/src/main.ts', output: 'app/scripts/app.js', format: 'iife', platform: 'browser' };
    await expect(build(dir, [target])).rejects.toThrow('load it from jsDelivr with a pinned version in the HTML instead');
  });

  test('a missing entry is an error that names the shipped file', async () => {
    const dir = app({});
    await expect(build(dir, SERVER_ONLY)).rejects.toThrow('server/server.ts is missing: it is the source of server/server.js.');
  });
});

describe('pack', () => {
  test('ships built JS, pages, assets and templates, never sources, maps, tests or the devkit', () => {
    const dir = app({
      'server/server.js.map': '{}',
      'server/handlers/create.ts': 'export {};',
      'server/lib/x.ts': 'export {};',
      'app/src/main.ts': 'export {};',
      'config/src/iparams.ts': 'export {};',
      'server/test_data/service_ticket/onTicketCreate.json': '{}',
      'devkit/x.ts': 'export {};',
      'coverage/unit/coverage-final.json': '{}',
    });
    expect(packList(dir)).toEqual([
      'app/index.html',
      'app/scripts/app.js',
      'app/styles/images/icon.svg',
      'config/iparams.json',
      'config/requests.json',
      'manifest.json',
      'server/server.js',
      'server/test_data/service_ticket/onTicketCreate.json',
    ]);
  });

  test('writes a zip whose entries are exactly the listed files, byte for byte', () => {
    const dir = app({ 'coverage/unit/coverage-summary.json': JSON.stringify({ total: { lines: { pct: 91 } } }) });
    const result = packApp(dir, join(dir, 'dist/out.zip'));
    const entries = unzipSync(readFileSync(result.zipFile));
    expect(Object.keys(entries).sort()).toEqual([...packList(dir), '.report.json'].sort());
    expect(Buffer.from(entries['server/server.js'] ?? []).toString()).toBe(readFileSync(join(dir, 'server/server.js'), 'utf8'));
    expect(JSON.parse(Buffer.from(entries['.report.json'] ?? []).toString())).toEqual({ coverageSummary: { lines: { pct: 91 } } });
  });
});
