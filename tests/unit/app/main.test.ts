// @vitest-environment happy-dom
/** The entry script: boots the sidebar once the FDK client is ready, and says so when it is not. */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { flush, insights, text } from './fixtures.ts';

const PAGE = '<main id="radar" data-state="loading"><p id="radar-live" role="status"></p><div id="radar-view"></div></main>';

function fdkClient() {
  const listeners = new Map<string, () => void>();
  return {
    listeners,
    client: {
      data: { get: vi.fn((key: string) => Promise.resolve({ [key]: key === 'ticket' ? { id: 42 } : 'acme.example' })) },
      events: { on: vi.fn((name: string, cb: () => void) => listeners.set(name, cb)) },
      request: { invoke: vi.fn(() => Promise.resolve({ response: insights() })) },
      interface: { trigger: vi.fn(() => Promise.resolve()) },
      instance: { resize: vi.fn(() => Promise.resolve()) },
    },
  };
}

beforeEach(() => {
  vi.resetModules();
  document.body.innerHTML = PAGE;
});

afterEach(() => {
  delete (window as unknown as { app?: unknown }).app;
});

describe('main', () => {
  test('waits for app.initialized(), loads on app.activated and marks the first filled section', async () => {
    const { client, listeners } = fdkClient();
    (window as unknown as { app: unknown }).app = { initialized: () => Promise.resolve(client) };
    const mark = vi.spyOn(performance, 'mark');
    await import('../../../app/src/main.ts');
    await flush();
    expect([...listeners.keys()]).toEqual(['app.activated', 'ticket.propertiesUpdated']);
    listeners.get('app.activated')?.();
    await flush();
    expect(client.request.invoke).toHaveBeenCalledWith('getTicketInsights', { ticket_id: 42 });
    expect(document.getElementById('radar')?.dataset.state).toBe('ready');
    expect(mark).toHaveBeenCalledWith('radar:first-section');
    expect(client.instance.resize).toHaveBeenCalled();
  });

  test('without the FDK client, or when it fails to start, an error with Reload', async () => {
    await import('../../../app/src/main.ts');
    expect(document.getElementById('radar')?.dataset.state).toBe('error');
    expect(text(document.querySelector('.radar-error__title'))).toBe('The Freshworks client did not start.');
    vi.resetModules();
    document.body.innerHTML = PAGE;
    (window as unknown as { app: unknown }).app = { initialized: () => Promise.reject(new Error('no host')) };
    await import('../../../app/src/main.ts');
    await flush();
    expect(document.getElementById('radar')?.dataset.state).toBe('error');
  });
});
