// @vitest-environment happy-dom
/**
 * The parts of the client that touch the DOM: toasts, the host channel, and the bundled
 * `{{{appclient}}}` script defining `window.app`.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { windowHost } from '../../../devkit/client/host.ts';
import type { ClientMessage, HostMessage } from '../../../devkit/client/protocol.ts';
import { showToast } from '../../../devkit/client/toast.ts';

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('showToast', () => {
  test('renders title and message as text, never as HTML, with the type as a class and a role', () => {
    const toast = showToast(document, { type: 'danger', message: '<img src=x onerror=alert(1)>' }, 0);
    expect(toast.className).toBe('devkit-toast devkit-toast--danger');
    expect(toast.getAttribute('role')).toBe('alert');
    expect(toast.querySelector('.devkit-toast__title')?.textContent).toBe('Error');
    expect(toast.querySelector('.devkit-toast__message')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(toast.querySelector('img')).toBeNull();
    expect(document.getElementById('devkit-toasts')?.contains(toast)).toBe(true);
  });

  test('stacks toasts in one container, adds the style once, and removes each after its time', () => {
    vi.useFakeTimers();
    showToast(document, { type: 'info', title: 'One', message: 'a' }, 1000);
    showToast(document, { type: 'success', message: 'b' }, 3000);
    expect(document.querySelectorAll('#devkit-toasts .devkit-toast')).toHaveLength(2);
    expect(document.querySelectorAll('#devkit-toast-style')).toHaveLength(1);
    vi.advanceTimersByTime(1500);
    expect([...document.querySelectorAll('.devkit-toast__title')].map((t) => t.textContent)).toEqual(['Success']);
    vi.advanceTimersByTime(2000);
    expect(document.querySelectorAll('.devkit-toast')).toHaveLength(0);
  });
});

describe('windowHost', () => {
  test('on its own, a page shows showNotify itself and is not embedded', () => {
    const host = windowHost(window);
    expect(host.embedded).toBe(false);
    host.post({ source: 'devkit-client', type: 'showNotify', notify: { type: 'warning', message: 'Heads up' } });
    host.post({ source: 'devkit-client', type: 'resize', height: 300 });
    expect(document.querySelector('.devkit-toast--warning .devkit-toast__message')?.textContent).toBe('Heads up');
  });

  test('in an iframe, it posts to the parent and listens only to the parent', () => {
    const posted: unknown[] = [];
    const parent = { postMessage: (message: ClientMessage) => posted.push(message) };
    const listeners: Array<(event: { source: unknown; data: unknown }) => void> = [];
    const fakeWindow = { parent, addEventListener: (_type: string, fn: (event: { source: unknown; data: unknown }) => void) => listeners.push(fn) };
    const host = windowHost(fakeWindow as unknown as Window);
    expect(host.embedded).toBe(true);
    const heard: HostMessage[] = [];
    host.listen((message) => heard.push(message));
    host.post({ source: 'devkit-client', type: 'ready', location: 'ticket_sidebar' });
    const activate: HostMessage = { source: 'devkit-host', type: 'event', name: 'app.activated' };
    for (const listener of listeners) {
      listener({ source: {}, data: activate });
      listener({ source: parent, data: { source: 'crayons', type: 'noise' } });
      listener({ source: parent, data: activate });
    }
    expect(posted).toEqual([{ source: 'devkit-client', type: 'ready', location: 'ticket_sidebar' }]);
    expect(heard).toEqual([activate]);
  });
});

describe('the bundled client script', () => {
  test('defines window.app; a standalone page gets activated and can read data through fetch', async () => {
    const result = await build({ entryPoints: [resolve(import.meta.dirname, '../../../devkit/client/index.ts')], bundle: true, write: false, format: 'iife', target: 'es2020' });
    const code = result.outputFiles[0]?.text ?? '';
    const requests: Array<[string, unknown]> = [];
    vi.stubGlobal('fetch', (url: string, init: { body: string }) => {
      requests.push([url, JSON.parse(init.body)]);
      return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve('{"ok":true,"value":"acme.freshservice.com"}') });
    });
    try {
      new Function(code)();
      const client = await window.app.initialized();
      const activated = await new Promise<boolean>((done) => client.events.on('app.activated', () => done(true)));
      expect(activated).toBe(true);
      await expect(client.data.get('domainName')).resolves.toEqual({ domainName: 'acme.freshservice.com' });
      expect(requests).toEqual([['/__devkit/api/data', { key: 'domainName', location: 'standalone' }]]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
