/**
 * `/custom_configs` against the fixture's config/iparams.html: the platform's side of the
 * custom installation page contract (getConfigs with secure values blank, validate, postConfigs)
 * and what the backend stores.
 */
import { resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import { startTestDevkit, type TestDevkit } from '../helpers/devkit.ts';
import { routeOffline, type OfflineRoutes } from '../helpers/routes.ts';
import { screenshot } from '../helpers/screenshot.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/apps/devkit-ui');

let browser: Browser;
let routes: OfflineRoutes;
const started: TestDevkit[] = [];

async function devkit(install: 'sample' | false): Promise<TestDevkit> {
  const kit = await startTestDevkit({ appDir: FIXTURE, install });
  started.push(kit);
  return kit;
}

async function openInstallPage(kit: TestDevkit): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.context.newPage();
  await page.goto(kit.server.pages.install);
  await page.locator('#install-button:not([disabled])').waitFor();
  const frame = await (await page.locator('#install-frame').elementHandle())?.contentFrame();
  if (!frame) throw new Error('the installation page iframe has no frame');
  return { page, frame };
}

beforeAll(async () => {
  browser = await launchChromium({ viewport: { width: 1100, height: 800 } });
  routes = await routeOffline(browser.context);
});

afterAll(async () => {
  await browser?.close();
  for (const kit of started) await kit.stop();
});

describe('devkit installation page', () => {
  test('edit settings: getConfigs gets the stored values with the secure key blank; Save keeps the key', async () => {
    const kit = await devkit('sample');
    const { page, frame } = await openInstallPage(kit);
    expect(await page.locator('#install-button').textContent()).toBe('Save');
    const received = (await frame.evaluate(() => (window as unknown as { receivedConfigs: Array<Record<string, unknown>> }).receivedConfigs)) ?? [];
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ api_key: '', plan: 'starter', budget_share: 50 });
    expect(await frame.locator('#api_key').inputValue()).toBe('');

    await frame.locator('#plan').selectOption('growth');
    await page.locator('#install-button').click();
    await page.locator('#install-status[data-kind="success"]').waitFor();
    expect(await page.locator('#install-status').textContent()).toBe('Saved with 2 iparams (secure: api_key).');
    expect(kit.runtime.frontEndIparams()).toEqual({ plan: 'growth' });
    // The blank key was kept: templates that use iparam.api_key still authenticate.
    await expect(kit.runtime.invokeTemplate('agentMe', {})).resolves.toMatchObject({ status: 200 });
    await page.locator('#devkit-toasts .devkit-toast', { hasText: 'Settings saved.' }).waitFor();
    expect(routes.blocked).toEqual([]);
    await page.close();
  });

  test('first install: validate() false blocks it; a probe through context works before install; Install stores the settings', async () => {
    const kit = await devkit(false);
    const { page, frame } = await openInstallPage(kit);
    expect(await page.locator('#install-button').textContent()).toBe('Install');
    expect(await page.locator('#install-state-label').textContent()).toBe('App not installed');

    await page.locator('#install-button').click();
    await page.locator('#install-status[data-kind="error"]').waitFor();
    expect(await page.locator('#install-status').textContent()).toContain('validate() returned false');
    expect(await frame.locator('#error').textContent()).toBe('Enter the API key.');
    expect(kit.runtime.installed).toBe(false);

    await frame.locator('#api_key').fill(kit.fake.keys.admin);
    await frame.locator('#probe').click();
    await frame.locator('#probe-result', { hasText: 'ok ' }).waitFor();

    await frame.locator('#plan').selectOption('pro');
    await page.locator('#install-button').click();
    await page.locator('#install-status[data-kind="success"]').waitFor();
    expect(await page.locator('#install-status').textContent()).toBe('Installed with 2 iparams (secure: api_key).');
    expect(kit.runtime.installed).toBe(true);
    expect(kit.runtime.frontEndIparams()).toEqual({ plan: 'pro' });
    expect(kit.backend.installState()).toEqual({ installed: true, iparams: { plan: 'pro', api_key: '' }, secure: ['api_key'] });
    expect(await page.locator('#install-button').textContent()).toBe('Save');
    await screenshot(page, 'devkit-install-page');
    await page.close();
  });
});
