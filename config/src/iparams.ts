/**
 * Installation page entry (built into config/assets/iparams.js). Defines the three functions the
 * platform calls on the page — `getConfigs`, `validate`, `postConfigs` — as soon as the script
 * runs, and starts the FDK client (`{{{appclient}}}`) for the calls that need it.
 */
import type { TemplateEngine } from '../../core/templates';
import { BROWSER_TIMERS, withTimeout, type InstallClient } from './fdk';
import { createPage } from './page';

type FdkApp = { initialized(): Promise<InstallClient> } | undefined;

interface PlatformHooks {
  app?: FdkApp;
  Handlebars?: Partial<TemplateEngine>;
  getConfigs?: (configs: unknown) => void;
  postConfigs?: () => Record<string, unknown>;
  validate?: () => Promise<boolean>;
}

const hooks = window as unknown as PlatformHooks;
const fdk = hooks.app;
/** The platform hands the client over at once; past this the page stops waiting for it. */
const CLIENT_TIMEOUT_MS = 15_000;
const client: Promise<InstallClient> = fdk === undefined ? Promise.reject(new Error('the Freshworks client script did not load')) : withTimeout(fdk.initialized(), CLIENT_TIMEOUT_MS, BROWSER_TIMERS);
// Callers handle the rejection where they use the client; this only keeps it from going unobserved.
client.catch(() => undefined);

function templates(): TemplateEngine | undefined {
  const engine = hooks.Handlebars;
  return typeof engine?.compile === 'function' ? (engine as TemplateEngine) : undefined;
}

document.documentElement.dataset.app = 'ticket-radar-install';

const page = createPage({
  doc: document,
  client: () => client,
  templates,
  timers: BROWSER_TIMERS,
  now: () => Date.now(),
  defer: (fn) => {
    window.setTimeout(fn, 0);
  },
});

hooks.getConfigs = (configs) => page.getConfigs(configs);
hooks.postConfigs = () => page.postConfigs();
hooks.validate = () => page.validate();
