// @vitest-environment happy-dom
/**
 * The entry (config/src/iparams.ts): the three platform functions exist as soon as the script has
 * run, Handlebars comes from `window.Handlebars`, and a page without the FDK client still answers.
 */
import Handlebars from 'handlebars';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { pageMarkup, settle } from './page-fixture.ts';

interface Hooks {
  app?: unknown;
  Handlebars?: unknown;
  getConfigs?: (configs: unknown) => void;
  postConfigs?: () => Record<string, unknown>;
  validate?: () => Promise<boolean>;
}

const hooks = window as unknown as Hooks;

beforeEach(() => {
  vi.resetModules();
  document.body.innerHTML = pageMarkup();
});

afterEach(() => {
  delete hooks.app;
  delete hooks.Handlebars;
  delete hooks.getConfigs;
  delete hooks.postConfigs;
  delete hooks.validate;
  document.body.replaceChildren();
});

describe('installation page entry', () => {
  test('defines getConfigs, postConfigs and validate on window, with the FDK client and Handlebars', async () => {
    const invoke = vi.fn(() => Promise.resolve({ response: { ok: true, errors: {}, ruleErrors: [], budget: null } }));
    hooks.app = { initialized: () => Promise.resolve({ request: { invoke, invokeTemplate: vi.fn() } }) };
    hooks.Handlebars = Handlebars.create();
    await import('../../../config/src/iparams.ts');
    expect(document.documentElement.dataset.app).toBe('ticket-radar-install');
    hooks.getConfigs?.({ api_key: '', plan: 'pro', budget_share: 10, ack_template: 'Hi {{requester.first_name}}' });
    expect(document.getElementById('ack-preview')?.textContent).toBe('Hi Ana');
    await expect(hooks.validate?.()).resolves.toBe(true);
    expect(invoke).toHaveBeenCalledWith('checkSettings', expect.objectContaining({ key_stored: true }));
    expect(hooks.postConfigs?.()).toMatchObject({ plan: 'pro', budget_share: 10, __meta: { secure: ['api_key'] } });
  });

  test('without the FDK client or Handlebars, the page still answers and says what it cannot do', async () => {
    await import('../../../config/src/iparams.ts');
    hooks.getConfigs?.({ api_key: '', ack_template: 'Hi' });
    expect(document.querySelector('#ack-preview [data-preview]')?.getAttribute('data-preview')).toBe('unavailable');
    // On edit with the stored key, only the server's double check is missing: the page says so.
    await expect(hooks.validate?.()).resolves.toBe(true);
    expect(document.querySelector('#form-summary [data-summary="notice"]')?.textContent).toContain('the Freshworks client did not start');
    document.getElementById('api-key')?.dispatchEvent(new CustomEvent('fwInput', { detail: { value: 'abcdefghij' } }));
    document.getElementById('key-check')?.dispatchEvent(new CustomEvent('fwClick'));
    await settle();
    expect(document.getElementById('api-key')?.getAttribute('error-text')).toBe('Freshservice could not be reached: check the connection and try again. (the Freshworks client script did not load)');
    await expect(hooks.validate?.()).resolves.toBe(false);
  });
});
