/**
 * Ticket sidebar entry: waits for the FDK client (`app.initialized()`), then hands the page to the
 * sidebar controller. Loading starts on `app.activated`, which the platform sends when the sidebar
 * is shown, so one open costs one server call.
 */
import { BROWSER_TIMERS, INVOKE_TIMEOUT_MS, radarApi, type FdkClient } from './client';
import { FIRST_SECTION_MARK, startSidebar } from './sidebar';
import { errorState } from './states';

/** `window.app`, which the `{{{appclient}}}` script defines. */
type FdkApp = { initialized(): Promise<FdkClient> } | undefined;

/** Quiet time after the last property update before the sidebar reloads (handlers record it meanwhile). */
const UPDATE_DEBOUNCE_MS = 1500;

function boot(root: HTMLElement, client: FdkClient): void {
  startSidebar({
    api: radarApi(client, BROWSER_TIMERS, INVOKE_TIMEOUT_MS),
    root,
    timers: BROWSER_TIMERS,
    now: () => Date.now(),
    debounceMs: UPDATE_DEBOUNCE_MS,
    onFirstSection: () => performance.mark(FIRST_SECTION_MARK),
  });
}

function bootFailed(root: HTMLElement): void {
  root.dataset.state = 'error';
  const failure = { status: 0, title: 'The Freshworks client did not start.', detail: 'Reload the ticket page to try again.' };
  (root.querySelector('#radar-view') ?? root).replaceChildren(errorState(failure, () => window.location.reload()));
}

const root = document.getElementById('radar');
if (root !== null) {
  const fdk = (window as unknown as { app?: FdkApp }).app;
  if (fdk === undefined) bootFailed(root);
  else fdk.initialized().then((client) => boot(root, client), () => bootFailed(root));
}
