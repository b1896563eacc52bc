/**
 * The client's line to the page around it. Inside an iframe the host page renders toasts and
 * resizes the frame (the app cannot reach outside its iframe on the platform either); a page
 * opened on its own shows toasts itself and has nothing to resize.
 */
import { isHostMessage, type ClientMessage, type HostMessage } from './protocol.ts';
import { showToast } from './toast.ts';

export interface HostChannel {
  readonly embedded: boolean;
  post(message: ClientMessage): void;
  listen(listener: (message: HostMessage) => void): void;
}

export function windowHost(win: Window): HostChannel {
  const embedded = win.parent !== win;
  return {
    embedded,
    post(message) {
      if (embedded) win.parent.postMessage(message, '*');
      else if (message.type === 'showNotify') showToast(win.document, message.notify);
    },
    listen(listener) {
      win.addEventListener('message', (event: MessageEvent) => {
        // Only the parent page speaks for the host; ignore other frames and extensions.
        if (embedded && event.source !== win.parent) return;
        if (isHostMessage(event.data)) listener(event.data);
      });
    },
  };
}
