/** `/web/test`: the event simulator fires onTicketCreate through the runtime and shows how it ended. */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import { startTestDevkit, type TestDevkit } from '../helpers/devkit.ts';
import { routeOffline, type OfflineRoutes } from '../helpers/routes.ts';
import { screenshot } from '../helpers/screenshot.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/apps/devkit-ui');

let devkit: TestDevkit;
let browser: Browser;
let routes: OfflineRoutes;
let page: Page;

beforeAll(async () => {
  devkit = await startTestDevkit({ appDir: FIXTURE });
  browser = await launchChromium({ viewport: { width: 1280, height: 860 } });
  routes = await routeOffline(browser.context);
  page = await browser.context.newPage();
  await page.goto(devkit.server.pages.simulator);
});

afterAll(async () => {
  await browser?.close();
  await devkit?.stop();
});

describe('devkit event simulator', () => {
  test('prefills the payload from server/test_data/<module>/<event>.json', async () => {
    expect(await page.locator('#event-select').inputValue()).toBe('service_ticket/onTicketCreate');
    const payload = JSON.parse(await page.locator('#payload').inputValue()) as { data: { ticket: { subject: string } } };
    expect(payload.data.ticket.subject).toBe('Simulated: printer on fire');
  });

  test('fires onTicketCreate end to end and shows the outcome, the duration and the log lines', async () => {
    const payload = JSON.parse(await page.locator('#payload').inputValue()) as { data: { ticket: { id: number; subject: string } } };
    payload.data.ticket.id = 4242;
    await page.locator('#payload').fill(JSON.stringify(payload, null, 2));
    await page.locator('#fire-button').click();
    await page.locator('#fire-result[data-outcome="success"]').waitFor();
    const head = await page.locator('#fire-result .result__head').textContent();
    expect(head).toMatch(/^Success onTicketCreate · ended via renderData · \d+ ms$/);
    const admin = devkit.fake.store.agents.get(devkit.fake.keys.agentIds.admin);
    await page.locator('#fire-result .log', { hasText: `ticket 4242 seen by ${admin?.email}` }).waitFor();
    expect(await page.locator('#fire-result .log__source', { hasText: 'app:onTicketCreateHandler' }).count()).toBe(1);
    expect(await page.locator('#fire-result .log__message', { hasText: 'agentMe: GET' }).count()).toBe(1);
    // The handler really ran in the runtime and wrote through $db.
    expect(devkit.runtime.db.get('seen:4242')).toEqual({ subject: 'Simulated: printer on fire', by: devkit.fake.keys.agentIds.admin });
    await screenshot(page, 'devkit-simulator');
  });

  test('a failing handler is shown as Failed with its error', async () => {
    await page.locator('#payload').fill('{ "data": { "ticket": null } }');
    await page.locator('#fire-button').click();
    await page.locator('#fire-result[data-outcome="failed"]').waitFor();
    expect(await page.locator('#fire-result .result__head strong').textContent()).toBe('Failed');
    expect(await page.locator('#fire-result .result__message').textContent()).toContain('null');
  });

  test('a payload that is not JSON is refused before anything runs', async () => {
    const before = devkit.runtime.stats.invocations.total;
    await page.locator('#payload').fill('{ not json');
    await page.locator('#fire-button').click();
    expect(await page.locator('#payload-error').textContent()).toContain('not valid JSON');
    expect(devkit.runtime.stats.invocations.total).toBe(before);
    expect(routes.blocked).toEqual([]);
  });
});
