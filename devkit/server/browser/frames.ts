/**
 * The host side of the postMessage protocol: what a Freshservice page does for the app iframes
 * it holds. Toasts for `showNotify`, frame height for `resize` (capped at 700 px), activation on
 * `ready`. Every notification and resize is also kept on `window.__devkitHost` for tests.
 */
import { isClientMessage, MAX_APP_HEIGHT_PX, type AppLocation, type HostMessage, type NotifyOptions } from '../../client/protocol.ts';
import { showToast } from '../../client/toast.ts';

export interface HostRecords {
  notifications: NotifyOptions[];
  resizes: Array<{ frame: string; height: number }>;
  /** Host signals sent to app frames, in order. */
  sent: Array<{ frame: string; message: HostMessage }>;
}

declare global {
  interface Window {
    __devkitHost: HostRecords;
  }
}

export function hostRecords(win: Window = window): HostRecords {
  win.__devkitHost ??= { notifications: [], resizes: [], sent: [] };
  return win.__devkitHost;
}

export interface AppFrameHandlers {
  onReady?(frame: HTMLIFrameElement, location: AppLocation): void;
}

export function listenToApps(handlers: AppFrameHandlers = {}): void {
  const records = hostRecords();
  window.addEventListener('message', (event: MessageEvent) => {
    if (!isClientMessage(event.data)) return;
    const frame = [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === event.source);
    if (frame === undefined) return;
    const message = event.data;
    if (message.type === 'ready') handlers.onReady?.(frame, message.location);
    else if (message.type === 'showNotify') {
      records.notifications.push(message.notify);
      showToast(document, message.notify);
    } else {
      const height = Math.min(Math.max(0, message.height), MAX_APP_HEIGHT_PX);
      frame.style.height = `${height}px`;
      records.resizes.push({ frame: frame.id, height });
    }
  });
}

export function sendToApp(frame: HTMLIFrameElement, message: HostMessage): void {
  hostRecords().sent.push({ frame: frame.id, message });
  frame.contentWindow?.postMessage(message, '*');
}

export function appEvent(name: string, data?: unknown): HostMessage {
  return data === undefined ? { source: 'devkit-host', type: 'event', name } : { source: 'devkit-host', type: 'event', name, data };
}
