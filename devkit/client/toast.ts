/**
 * A notification toast like the one Freshservice shows for `showNotify`: stacked at the top
 * right of the page, coloured by type, gone after a few seconds. Used by the host pages and, for
 * an app page opened on its own, by the client itself.
 */
import type { NotifyOptions } from './protocol.ts';

const STYLE_ID = 'devkit-toast-style';
const CONTAINER_ID = 'devkit-toasts';
export const TOAST_MS = 6000;

const CSS = `
#${CONTAINER_ID} { position: fixed; inset-block-start: 16px; inset-inline-end: 16px; z-index: 2147483647;
  display: flex; flex-direction: column; gap: 8px; inline-size: min(360px, calc(100vw - 32px)); font: 14px/1.4 system-ui, sans-serif; }
.devkit-toast { display: flex; gap: 10px; padding: 12px 14px; border-radius: 6px; background: #fff; color: #12344d;
  box-shadow: 0 4px 16px rgba(18, 52, 77, 0.18); border-inline-start: 4px solid var(--devkit-toast-accent, #2c5cc5); }
.devkit-toast__title { font-weight: 600; margin: 0 0 2px; }
.devkit-toast__message { margin: 0; overflow-wrap: anywhere; }
.devkit-toast--success { --devkit-toast-accent: #00a886; }
.devkit-toast--warning { --devkit-toast-accent: #e86f25; }
.devkit-toast--danger, .devkit-toast--alert { --devkit-toast-accent: #d72d30; }
`;

const TITLES: Readonly<Record<string, string>> = {
  info: 'Info', success: 'Success', warning: 'Warning', danger: 'Error', alert: 'Alert',
};

function container(doc: Document): HTMLElement {
  if (!doc.getElementById(STYLE_ID)) {
    const style = doc.createElement('style');
    style.id = STYLE_ID;
    style.textContent = CSS;
    doc.head.append(style);
  }
  let box = doc.getElementById(CONTAINER_ID);
  if (!box) {
    box = doc.createElement('div');
    box.id = CONTAINER_ID;
    box.setAttribute('aria-live', 'polite');
    doc.body.append(box);
  }
  return box;
}

/** Shows a toast (text only, never HTML) and returns its element. */
export function showToast(doc: Document, notify: NotifyOptions, ms: number = TOAST_MS): HTMLElement {
  const toast = doc.createElement('div');
  toast.className = `devkit-toast devkit-toast--${notify.type}`;
  toast.setAttribute('role', notify.type === 'danger' || notify.type === 'alert' ? 'alert' : 'status');
  toast.dataset.type = notify.type;
  const text = doc.createElement('div');
  const title = doc.createElement('p');
  title.className = 'devkit-toast__title';
  title.textContent = notify.title ?? TITLES[notify.type] ?? notify.type;
  const message = doc.createElement('p');
  message.className = 'devkit-toast__message';
  message.textContent = notify.message;
  text.append(title, message);
  toast.append(text);
  container(doc).append(toast);
  if (ms > 0) doc.defaultView?.setTimeout(() => toast.remove(), ms);
  return toast;
}
