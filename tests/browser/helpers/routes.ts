/**
 * Keeps browser tests on the machine: jsDelivr npm URLs are answered from node_modules (and the
 * vendored Crayons icons) through the same `LocalCdn` the dev server uses, and any other request
 * that would leave 127.0.0.1 is aborted and recorded, so a test can assert nothing tried to.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { LocalCdn, parseCdnPath } from '../../../devkit/server/cdn.ts';
import { contentType } from '../../../devkit/server/static-files.ts';

export const NODE_MODULES = resolve(import.meta.dirname, '../../../node_modules');

export interface OfflineRoutes {
  /** URLs served from local files in place of jsDelivr. */
  readonly served: string[];
  /** URLs that tried to leave the machine and were aborted. */
  readonly blocked: string[];
}

const JSDELIVR_NPM = 'https://cdn.jsdelivr.net/npm/';

export async function routeOffline(context: BrowserContext, cdn: LocalCdn = new LocalCdn(NODE_MODULES)): Promise<OfflineRoutes> {
  const routes: OfflineRoutes = { served: [], blocked: [] };
  await context.route(
    (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost' && url.protocol !== 'data:' && url.protocol !== 'blob:',
    async (route) => {
      const url = route.request().url();
      const request = url.startsWith(JSDELIVR_NPM) ? parseCdnPath(url.slice(JSDELIVR_NPM.length).split(/[?#]/)[0] ?? '') : undefined;
      const answer = request === undefined ? undefined : cdn.resolve(request);
      if (answer === undefined || answer.status !== 200) {
        routes.blocked.push(url);
        await route.abort('blockedbyclient');
        return;
      }
      routes.served.push(url);
      if ('body' in answer) await route.fulfill({ status: 200, contentType: answer.type, body: answer.body });
      else await route.fulfill({ status: 200, contentType: contentType(answer.file), body: readFileSync(answer.file) });
    },
  );
  return routes;
}
