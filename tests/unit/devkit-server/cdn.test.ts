import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalCdn, parseCdnPath, PLACEHOLDER_ICON, rewriteCdnUrls, versionMatches } from '../../../devkit/server/cdn.ts';
import { fileInside } from '../../../devkit/server/static-files.ts';

const NODE_MODULES = resolve(import.meta.dirname, '../../../node_modules');
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'devkit-cdn-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('rewriteCdnUrls', () => {
  test('points jsDelivr npm URLs (scoped or not) at the local route and leaves other URLs alone', () => {
    const html = [
      '<script type="module" src="https://cdn.jsdelivr.net/npm/@freshworks/crayons@v4/dist/crayons/crayons.esm.js"></script>',
      "<script src='https://cdn.jsdelivr.net/npm/handlebars@4.7.10/dist/handlebars.min.js'></script>",
      '<a href="https://example.com/npm/x@1/y.js">x</a>',
    ].join('\n');
    expect(rewriteCdnUrls(html)).toBe(
      [
        '<script type="module" src="/__devkit/cdn/npm/@freshworks/crayons@v4/dist/crayons/crayons.esm.js"></script>',
        "<script src='/__devkit/cdn/npm/handlebars@4.7.10/dist/handlebars.min.js'></script>",
        '<a href="https://example.com/npm/x@1/y.js">x</a>',
      ].join('\n'),
    );
  });
});

describe('parseCdnPath and versionMatches', () => {
  test('splits package, version and path', () => {
    expect(parseCdnPath('@freshworks/crayons@4.2.0/dist/crayons/crayons.esm.js')).toEqual({ pkg: '@freshworks/crayons', version: '4.2.0', path: 'dist/crayons/crayons.esm.js' });
    expect(parseCdnPath('handlebars@4/dist/handlebars.min.js')).toEqual({ pkg: 'handlebars', version: '4', path: 'dist/handlebars.min.js' });
    expect(parseCdnPath('handlebars/dist/x.js')).toBeUndefined();
  });

  test('exact, major, major.minor, v/^/~ prefixes and dist tags match; other versions do not', () => {
    expect(['4.2.0', '4', 'v4', '4.2', '^4.2.0', 'latest', 'next'].map((v) => versionMatches(v, '4.2.0'))).toEqual([true, true, true, true, true, true, true]);
    expect(['4.1.0', '3', '4.20', '42'].map((v) => versionMatches(v, '4.2.0'))).toEqual([false, false, false, false]);
  });
});

describe('LocalCdn', () => {
  const cdn = new LocalCdn(NODE_MODULES, '/nonexistent/icons');

  test('serves Crayons and Handlebars files from node_modules', () => {
    const crayons = cdn.resolve({ pkg: '@freshworks/crayons', version: 'v4', path: 'dist/crayons/crayons.esm.js' });
    expect(crayons).toMatchObject({ status: 200, file: expect.stringMatching(/dist\/crayons\/crayons\.esm\.js$/) });
    expect(cdn.resolve({ pkg: 'handlebars', version: '4.7.10', path: 'dist/handlebars.min.js' })).toMatchObject({ status: 200 });
  });

  test('says what to do when the version, the package or the file is wrong', () => {
    expect(cdn.resolve({ pkg: '@freshworks/crayons', version: '3.5.0', path: 'dist/crayons/crayons.esm.js' })).toEqual({
      status: 404,
      message: 'The page asks for @freshworks/crayons@3.5.0 but node_modules has 4.2.0; pin the URL to @4.2.0 (or install that version).',
    });
    expect(cdn.resolve({ pkg: 'left-pad', version: '1', path: 'index.js' })).toMatchObject({ status: 404, message: expect.stringContaining('add it to devDependencies') });
    expect(cdn.resolve({ pkg: 'handlebars', version: '4', path: '../../package.json' })).toMatchObject({ status: 404 });
    expect(cdn.resolve({ pkg: 'handlebars', version: '4', path: 'dist/nope.js' })).toEqual({ status: 404, message: 'handlebars@4.7.10 has no file dist/nope.js.' });
  });

  test('icons: the vendored SVG when there is one, else a neutral placeholder; other paths are refused', () => {
    const icons = tempDir();
    writeFileSync(join(icons, 'check.svg'), '<svg id="check"/>');
    const withIcons = new LocalCdn(NODE_MODULES, icons);
    expect(withIcons.resolve({ pkg: '@freshworks/crayons-icon', version: 'next', path: 'dist/icons/check.svg' })).toEqual({ status: 200, file: join(icons, 'check.svg') });
    expect(withIcons.resolve({ pkg: '@freshworks/crayons-icon', version: 'next', path: 'dist/icons/alert.svg' })).toEqual({ status: 200, body: PLACEHOLDER_ICON, type: 'image/svg+xml' });
    expect(cdn.resolve({ pkg: '@freshworks/crayons-icon', version: 'next', path: 'package.json' })).toMatchObject({ status: 404 });
  });
});

describe('fileInside', () => {
  test('refuses paths that leave the folder, by .., encoding or symlink; accepts files inside', () => {
    const root = tempDir();
    const outside = tempDir();
    mkdirSync(join(root, 'scripts'));
    writeFileSync(join(root, 'scripts/app.js'), '1');
    writeFileSync(join(outside, 'secret.txt'), 'x');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    expect(fileInside(root, 'scripts/app.js')).toBe(join(root, 'scripts/app.js'));
    expect(fileInside(root, '../' + outside.split('/').pop() + '/secret.txt')).toBeUndefined();
    expect(fileInside(root, '%2e%2e/secret.txt')).toBeUndefined();
    expect(fileInside(root, 'link.txt')).toBeUndefined();
    expect(fileInside(root, 'scripts')).toBeUndefined();
    expect(fileInside(root, '%E0%A4%A')).toBeUndefined();
  });
});
