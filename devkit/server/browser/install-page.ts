/**
 * The installation page host: holds `config/iparams.html` in an iframe and plays the platform's
 * part of the custom-page contract (fdk-platform.md §4.3): on load `getConfigs(stored)` with
 * secure values blank; on Install/Save `validate()` (false, or a promise of false, blocks), then
 * `postConfigs()`, whose result (with `__meta.secure`) the backend stores.
 */
import type { InstallState } from '../backend.ts';
import { hostRecords, listenToApps } from './frames.ts';
import { api, byId } from './http.ts';
import { showToast } from '../../client/toast.ts';

interface InstallWindow extends Window {
  getConfigs?: (configs: Record<string, unknown>) => unknown;
  postConfigs?: () => unknown;
  validate?: () => unknown;
}

const frame = byId<HTMLIFrameElement>('install-frame');
const button = byId<HTMLButtonElement>('install-button');
const status = byId<HTMLElement>('install-status');
let state = JSON.parse(byId<HTMLScriptElement>('install-state').textContent ?? '{}') as InstallState;

function say(text: string, kind: 'info' | 'error' | 'success' = 'info'): void {
  status.textContent = text;
  status.dataset.kind = kind;
}

function page(): InstallWindow {
  const win = frame.contentWindow as InstallWindow | null;
  if (win === null) throw new Error('the installation page frame has no window');
  return win;
}

/** Waits until the page's script has defined the contract functions (it may load async). */
async function contractReady(timeoutMs = 5000): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (typeof page().postConfigs === 'function') return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function loaded(): Promise<void> {
  if (!(await contractReady())) {
    say('config/iparams.html defines no postConfigs() function; the platform needs it to save settings.', 'error');
    return;
  }
  const win = page();
  if (state.installed && typeof win.getConfigs === 'function') await win.getConfigs(structuredClone(state.iparams));
  button.disabled = false;
  say(state.installed ? 'Installed. Edit the settings and press Save.' : 'Not installed yet. Fill in the settings and press Install.');
  followHeight();
}

/** The page is same-origin, so the frame can simply grow with its content. */
function followHeight(): void {
  const body = frame.contentDocument?.body;
  if (!body) return;
  const fit = (): void => {
    frame.style.height = `${Math.max(320, frame.contentDocument?.documentElement.scrollHeight ?? 0)}px`;
  };
  new ResizeObserver(fit).observe(body);
  fit();
}

async function submit(): Promise<void> {
  const win = page();
  button.disabled = true;
  try {
    if (typeof win.validate === 'function' && (await win.validate()) === false) {
      say('validate() returned false: fix the fields the page marked, then try again.', 'error');
      return;
    }
    const configs = await win.postConfigs?.();
    if (typeof configs !== 'object' || configs === null || Array.isArray(configs)) {
      say(`postConfigs() must return an object of iparams, got ${JSON.stringify(configs)}.`, 'error');
      return;
    }
    const reply = await api<InstallState>('install', { configs });
    if (!reply.ok) {
      say(reply.error.message ?? `failed with status ${reply.error.status}`, 'error');
      return;
    }
    const first = !state.installed;
    state = reply.value;
    button.textContent = 'Save';
    const label = document.getElementById('install-state-label');
    if (label) label.textContent = 'App installed';
    const secure = state.secure.length > 0 ? ` (secure: ${state.secure.join(', ')})` : '';
    say(`${first ? 'Installed' : 'Saved'} with ${Object.keys(state.iparams).length} iparams${secure}.`, 'success');
    const notify = { type: 'success' as const, message: first ? 'The app is installed.' : 'Settings saved.' };
    hostRecords().notifications.push(notify);
    showToast(document, notify);
  } catch (error) {
    say(`The installation page threw: ${(error as Error)?.message ?? String(error)}`, 'error');
  } finally {
    button.disabled = false;
  }
}

button.addEventListener('click', () => void submit());
frame.addEventListener('load', () => void loaded());
if (frame.contentDocument?.readyState === 'complete' && frame.contentWindow?.location.href !== 'about:blank') void loaded();
listenToApps();
