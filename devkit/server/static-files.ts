/**
 * Files from a folder, with the path checked to stay inside it (a request for `/app/../manifest.json`
 * or an encoded `%2e%2e` never leaves `app/`).
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The absolute file for `relative` inside `root`, or undefined when it is outside, missing or a folder. */
export function fileInside(root: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const path = resolve(base, `.${sep}${decoded}`);
  if (path !== base && !path.startsWith(base + sep)) return undefined;
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  // A symlink inside the folder may point outside it; check where it really is.
  const realBase = realpathSync(base);
  return realpathSync(path).startsWith(realBase + sep) ? path : undefined;
}

export function readFile(path: string): Buffer {
  return readFileSync(path);
}
