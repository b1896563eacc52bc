/**
 * jsDelivr, served from node_modules. Apps load browser libraries from
 * `https://cdn.jsdelivr.net/npm/<pkg>@<version>/<path>` (FDK lint forbids bundling them, DESIGN §3);
 * the devkit rewrites those URLs in served HTML to `/__devkit/cdn/npm/<pkg>@<version>/<path>` and
 * serves the file from the installed package, so `npm start` and the browser tests work offline.
 *
 * Crayons' built-in icons are fetched by Crayons itself from a hard-coded
 * `@freshworks/crayons-icon@next/dist/icons/<name>.svg` (toolchain.md). That package cannot be
 * installed here, so icons come from a vendored copy under `devkit/server/vendor/crayons-icons/`
 * when present, else a neutral placeholder glyph; pages get a fetch shim that sends those URLs here.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileInside } from './static-files.ts';

export const CDN_ORIGIN = 'https://cdn.jsdelivr.net';
export const LOCAL_CDN_PREFIX = '/__devkit/cdn/npm/';
export const ICON_PACKAGE = '@freshworks/crayons-icon';
export const VENDORED_ICONS_DIR = resolve(import.meta.dirname, 'vendor/crayons-icons');

/** Neutral stand-in when an icon is not vendored: a thin circle that never looks like an error. */
export const PLACEHOLDER_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.5"><circle cx="12" cy="12" r="8"/></svg>';

const CDN_URL = /https:\/\/cdn\.jsdelivr\.net\/npm\/((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)@([\w.^~-]+)\/([^"'\s)<>?#]+)/gi;

/** Rewrites jsDelivr npm URLs in HTML to the local CDN route. */
export function rewriteCdnUrls(markup: string): string {
  return markup.replace(CDN_URL, (_m, pkg: string, version: string, path: string) => `${LOCAL_CDN_PREFIX}${pkg}@${version}/${path}`);
}

export interface CdnRequest {
  pkg: string;
  version: string;
  path: string;
}

/** Parses the part of a local CDN URL after `LOCAL_CDN_PREFIX`. */
export function parseCdnPath(rest: string): CdnRequest | undefined {
  const match = /^((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/(.+)$/.exec(rest);
  if (!match) return undefined;
  const [, pkg, version, path] = match;
  return pkg && version && path ? { pkg, version, path } : undefined;
}

/** Whether an installed version satisfies the version a URL asks for (exact, a `4`/`v4`/`4.2` prefix, or a tag). */
export function versionMatches(requested: string, installed: string): boolean {
  if (requested === 'latest' || requested === 'next') return true;
  const wanted = requested.replace(/^[v^~]/, '');
  if (wanted === installed) return true;
  return /^\d+(\.\d+)?$/.test(wanted) && installed.startsWith(`${wanted}.`);
}

export type CdnAnswer = { status: 200; file: string } | { status: 200; body: string; type: string } | { status: 404; message: string };

export class LocalCdn {
  readonly #nodeModules: string;
  readonly #iconsDir: string;

  constructor(nodeModules: string, iconsDir: string = VENDORED_ICONS_DIR) {
    this.#nodeModules = nodeModules;
    this.#iconsDir = iconsDir;
  }

  resolve(request: CdnRequest): CdnAnswer {
    if (request.pkg === ICON_PACKAGE) return this.#icon(request.path);
    const dir = resolve(this.#nodeModules, request.pkg);
    const manifest = resolve(dir, 'package.json');
    if (!existsSync(manifest)) {
      return { status: 404, message: `${request.pkg} is not installed in node_modules; add it to devDependencies so the devkit can serve it in place of jsDelivr.` };
    }
    const installed = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    if (!versionMatches(request.version, installed)) {
      return { status: 404, message: `The page asks for ${request.pkg}@${request.version} but node_modules has ${installed}; pin the URL to @${installed} (or install that version).` };
    }
    const file = fileInside(realpathSync(dir), request.path);
    if (file === undefined) return { status: 404, message: `${request.pkg}@${installed} has no file ${request.path}.` };
    return { status: 200, file };
  }

  #icon(path: string): CdnAnswer {
    const name = /^dist\/icons\/([\w.-]+)\.svg$/.exec(path)?.[1];
    if (name === undefined) return { status: 404, message: `${ICON_PACKAGE}: only dist/icons/<name>.svg is served, not ${path}.` };
    const candidates = [`${name}.svg`, `dist/icons/${name}.svg`];
    for (const candidate of candidates) {
      const file = existsSync(this.#iconsDir) ? fileInside(this.#iconsDir, candidate) : undefined;
      if (file !== undefined) return { status: 200, file };
    }
    return { status: 200, body: PLACEHOLDER_ICON, type: 'image/svg+xml' };
  }
}
