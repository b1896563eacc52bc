/**
 * Front-end checks: every location page and the custom installation page exist, include the
 * `{{{appclient}}}` client, load libraries only from pinned jsDelivr URLs (never unpkg: FDK lint
 * rule no-unpkg-cdn) and reference files that exist; location icons exist and are 64×64 where
 * the platform says so.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readText } from './files.ts';
import type { Findings } from './findings.ts';
import type { Manifest } from './manifest.ts';

/** Icon sizes the validator enforces; `ticket_sidebar` is confirmed (fdk-platform.md §1.6). */
const ICON_SIZES: Readonly<Record<string, number>> = { ticket_sidebar: 64 };

const ASSET = /<(?:script|link|img)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function checkExternal(file: string, url: string, line: number, findings: Findings): void {
  if (/unpkg\.com/i.test(url)) {
    findings.add({ severity: 'error', kind: 'lint', file, line, message: `'${url}' loads from unpkg; use cdn.jsdelivr.net with a pinned version.`, rule: 'no-unpkg-cdn' });
    return;
  }
  const pinned = /cdn\.jsdelivr\.net\/npm\/(@[^/]+\/)?[^@/]+@\d+\.\d+\.\d+/.test(url);
  if (/cdn\.jsdelivr\.net\/npm\//.test(url) && !pinned) findings.warn(file, `'${url}' is not pinned to an exact version; pin it (e.g. @4.2.0) so a library release cannot change the app.`, line);
}

/** Checks one HTML page shipped in app/ or config/. */
export function checkPage(appDir: string, file: string, findings: Findings): void {
  const html = readText(appDir, file);
  if (html === undefined) {
    findings.error(file, `Template file '${file}' is not found.`);
    return;
  }
  if (!html.includes('{{{appclient}}}')) findings.error(file, 'must include <script src="{{{appclient}}}"></script> so the page gets the FDK client.');
  for (const match of html.matchAll(ASSET)) {
    const url = match[1] ?? '';
    const line = lineOf(html, match.index);
    if (/^(https?:)?\/\//i.test(url)) checkExternal(file, url, line, findings);
    else if (!url.includes('{{') && !/^(data:|#)/.test(url) && !existsSync(resolve(appDir, dirname(file), url))) {
      findings.error(file, `references '${url}', which does not exist${url.endsWith('.js') ? ' (run npm run build)' : ''}.`, line);
    }
  }
}

/** Reads width/height of an SVG from its root element's attributes (or its viewBox). */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0];
  if (root === undefined) return undefined;
  const attr = (name: string): number => Number(new RegExp(`\\b${name}\\s*=\\s*["']?([\\d.]+)`, 'i').exec(root)?.[1] ?? NaN);
  const box = /viewBox\s*=\s*["'][\d.\s-]*?([\d.]+)\s+([\d.]+)\s*["']/i.exec(root);
  const width = Number.isNaN(attr('width')) ? Number(box?.[1]) : attr('width');
  const height = Number.isNaN(attr('height')) ? Number(box?.[2]) : attr('height');
  return Number.isFinite(width) && Number.isFinite(height) ? { width, height } : undefined;
}

function checkIcon(appDir: string, location: string, icon: string, findings: Findings): void {
  const file = join('app', icon);
  const svg = readText(appDir, file);
  if (svg === undefined) {
    findings.error(file, `Icon '${icon}' for ${location} is not found.`);
    return;
  }
  const expected = ICON_SIZES[location];
  if (expected === undefined) return;
  const size = svgSize(svg);
  if (size?.width !== expected || size.height !== expected) {
    findings.error(file, `Invalid dimension of icon '${icon}' for ${location}: it must be ${expected}x${expected} (set width="${expected}" height="${expected}" viewBox="0 0 ${expected} ${expected}").`);
  }
}

export function checkLocations(appDir: string, manifest: Manifest, findings: Findings): void {
  for (const mod of Object.values(manifest.modules)) {
    for (const [location, spec] of Object.entries(mod.location ?? {})) {
      checkPage(appDir, join('app', spec.url), findings);
      if (spec.icon !== undefined) checkIcon(appDir, location, spec.icon, findings);
      else if (!location.endsWith('_background')) findings.error('manifest.json', `location ${location} needs an "icon".`);
    }
  }
}

/** Exactly one of config/iparams.json and config/iparams.html (fdk-platform.md §4.1). */
export function checkInstallPage(appDir: string, findings: Findings): 'json' | 'html' | undefined {
  const json = existsSync(resolve(appDir, 'config/iparams.json'));
  const html = existsSync(resolve(appDir, 'config/iparams.html'));
  if (json && html) findings.error('config', 'has both iparams.json and iparams.html; keep exactly one.');
  if (!json && !html) findings.error('config', 'iparams.json is mandatory (or a custom config/iparams.html).');
  if (html) checkPage(appDir, 'config/iparams.html', findings);
  return json ? 'json' : html ? 'html' : undefined;
}
