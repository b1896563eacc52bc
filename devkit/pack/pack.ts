/**
 * `packApp`: the zip the Marketplace takes, with what `fdk pack` would put in it — manifest.json and
 * the shipped app/, server/ and config/ trees (built JavaScript, HTML, styles, images, request
 * templates, server/test_data) — and never TypeScript sources, source maps, tests, the devkit,
 * node_modules or coverage. An optional `.report.json` carries coverage summaries only, like FDK
 * 10.1.9 (fdk-platform.md §7.5).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { zipSync } from 'fflate';

export const PACKED_ROOTS = ['app', 'server', 'config'] as const;

/** Folders that hold sources for the build, never shipped. */
const SOURCE_DIRS = new Set(['app/src', 'server/handlers', 'server/lib', 'server/platform', 'config/src']);
const EXCLUDED_NAMES = new Set(['node_modules', '.DS_Store', 'coverage', '.fdk']);

function isShipped(rel: string): boolean {
  if (rel.endsWith('.ts') || rel.endsWith('.map') || rel.endsWith('.tsbuildinfo')) return false;
  const parts = rel.split('/');
  if (parts.some((p) => EXCLUDED_NAMES.has(p))) return false;
  return ![...SOURCE_DIRS].some((d) => rel === d || rel.startsWith(`${d}/`));
}

function walk(dir: string, appDir: string, out: string[]): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const rel = relative(appDir, path).split(sep).join('/');
    if (statSync(path).isDirectory()) {
      if (!EXCLUDED_NAMES.has(entry) && !SOURCE_DIRS.has(rel)) walk(path, appDir, out);
    } else if (isShipped(rel)) {
      out.push(rel);
    }
  }
}

/** The files a pack of `appDir` contains, sorted. */
export function packList(appDir: string): string[] {
  const files = ['manifest.json'];
  for (const root of PACKED_ROOTS) {
    const dir = resolve(appDir, root);
    if (existsSync(dir)) walk(dir, appDir, files);
  }
  return files.sort();
}

function coverageReport(appDir: string): Uint8Array | undefined {
  const summary = resolve(appDir, 'coverage/unit/coverage-summary.json');
  if (!existsSync(summary)) return undefined;
  const total = (JSON.parse(readFileSync(summary, 'utf8')) as { total?: unknown }).total;
  return new TextEncoder().encode(`${JSON.stringify({ coverageSummary: total ?? null }, null, 2)}\n`);
}

export interface PackResult {
  zipFile: string;
  files: Array<{ path: string; bytes: number }>;
  zipBytes: number;
}

export function packApp(appDir: string, zipFile = resolve(appDir, 'dist/ticket-radar.zip')): PackResult {
  const entries: Record<string, Uint8Array> = {};
  const files = packList(appDir).map((path) => {
    const data = readFileSync(resolve(appDir, path));
    entries[path] = data;
    return { path, bytes: data.length };
  });
  const report = coverageReport(appDir);
  if (report !== undefined) {
    entries['.report.json'] = report;
    files.push({ path: '.report.json', bytes: report.length });
  }
  // A fixed timestamp keeps the zip byte-identical for identical inputs.
  const zip = zipSync(entries, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  mkdirSync(dirname(zipFile), { recursive: true });
  writeFileSync(zipFile, zip);
  return { zipFile, files, zipBytes: zip.length };
}
