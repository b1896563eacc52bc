/**
 * Browser entry of the script served for `{{{appclient}}}`: defines `window.app`. Bundled by the
 * dev server with esbuild when it starts (see devkit/server/bundles.ts).
 */
import { createApp } from './app.ts';
import { readBootContext } from './context.ts';
import { windowHost } from './host.ts';
import { httpTransport } from './transport.ts';

declare global {
  interface Window {
    app: ReturnType<typeof createApp>;
  }
}

window.app = createApp({
  context: readBootContext(window.location.search),
  transport: httpTransport((url, init) => window.fetch(url, init)),
  host: windowHost(window),
  defer: (fn) => window.setTimeout(fn, 0),
  onError: (event, error) => console.error(`devkit client: a "${event}" callback threw:`, error),
});
