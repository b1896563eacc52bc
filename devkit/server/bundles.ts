/**
 * The browser scripts the dev server serves, bundled from TypeScript with esbuild when the server
 * starts (about 50 ms) and kept in memory: the front-end client and the host pages' scripts.
 * These never ship with the app, so esbuild's output style does not matter to FDK lint.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { CLIENT_SCRIPT_PATH } from '../client/protocol.ts';
import { CDN_SHIM_PATH } from './app-pages.ts';

const HERE = import.meta.dirname;

/** URL path → TypeScript entry. */
export const BUNDLE_ENTRIES: Readonly<Record<string, string>> = {
  [CLIENT_SCRIPT_PATH]: resolve(HERE, '../client/index.ts'),
  [CDN_SHIM_PATH]: resolve(HERE, 'browser/cdn-shim.ts'),
  '/__devkit/assets/ticket-page.js': resolve(HERE, 'browser/ticket-page.ts'),
  '/__devkit/assets/install-page.js': resolve(HERE, 'browser/install-page.ts'),
  '/__devkit/assets/simulator-page.js': resolve(HERE, 'browser/simulator-page.ts'),
};

export class BundleError extends Error {
  constructor(entry: string, cause: unknown) {
    super(`devkit: could not bundle ${entry} for the browser: ${(cause as Error).message}`, { cause });
    this.name = 'BundleError';
  }
}

async function bundle(entry: string): Promise<string> {
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  } catch (error) {
    throw new BundleError(entry, error);
  }
}

/** Builds every bundle; the map is URL path → JavaScript. */
export async function buildBundles(entries: Readonly<Record<string, string>> = BUNDLE_ENTRIES): Promise<Map<string, string>> {
  const built = await Promise.all(Object.entries(entries).map(async ([path, entry]) => [path, await bundle(entry)] as const));
  return new Map(built);
}
