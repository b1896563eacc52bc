/**
 * "Edit settings" on an installed app: the secure key comes back blank and stays stored when the
 * field is left blank; the stored rules open in the editor and are saved unchanged; the app still
 * works with the kept key afterwards.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { devIparams } from '../../../devkit/server/dev-iparams.ts';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import type { TestDevkit } from '../helpers/devkit.ts';
import { routeOffline } from '../helpers/routes.ts';
import { screenshot } from '../helpers/screenshot.ts';
import { click, fill, openInstallPage, save, startInstallDevkit } from './helpers.ts';

let kit: TestDevkit;
let browser: Browser;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  kit = await startInstallDevkit('sample');
  browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
  await routeOffline(browser.context);
  ({ page, frame } = await openInstallPage(browser, kit));
});

afterAll(async () => {
  await browser?.close();
  await kit?.stop();
});

/** The rules `npm start` installs, with the fake account's group ids. */
function sampleRules(): unknown {
  const groupIds = new Map(kit.fake.store.groups.list().map((g) => [g.name, g.id] as const));
  const configs = devIparams({ apiKey: 'unused', agentId: 1, plan: 'starter', groupIds });
  return JSON.parse(configs.rules as string);
}

describe('installation page: edit settings', () => {
  test('the blank secure key is explained, the stored rules open in the editor, "Check key" checks the stored key', async () => {
    expect(await page.locator('#install-button').textContent()).toBe('Save');
    const key = frame.locator('fw-input#api-key');
    expect(await key.locator('input:not([type="hidden"])').inputValue()).toBe('');
    expect(await key.getAttribute('hint-text')).toBe('The stored key is kept. Enter a new key to replace it.');
    expect(await frame.locator('#key-result').textContent()).toContain(`agent #${kit.fake.keys.agentIds.admin}`);

    expect(await frame.locator('.tr-rule').count()).toBe(4);
    expect(await frame.locator('#rules-editor').isVisible()).toBe(true);
    expect(await frame.locator('.tr-rule__title').allTextContents()).toEqual([
      'Rule 1 · VPN to Network',
      'Rule 2 · Access requests to Identity & Access',
      'Rule 3 · Outages are urgent',
      'Rule 4 · Reopened tickets go back to the Service Desk',
    ]);

    await click(frame.locator('#key-check'));
    const admin = kit.fake.store.agents.live(kit.fake.keys.agentIds.admin);
    await frame.locator('#key-result [data-tone="success"]', { hasText: `${admin?.first_name}` }).waitFor();
    expect(await frame.locator('#key-result').textContent()).toContain(`agent #${kit.fake.keys.agentIds.admin}`);
  });

  test('rules move with the keyboard, and focus stays with the moved rule', async () => {
    const titles = (): Promise<string[]> => frame.locator('.tr-rule__title').allTextContents();
    const focused = (): Promise<string> => frame.evaluate(() => {
      const el = document.activeElement;
      return `${el?.closest('.tr-rule')?.querySelector('.tr-rule__title')?.textContent ?? ''} | ${el?.textContent ?? ''}`;
    });
    await frame.locator('.tr-rule').first().locator('fw-button', { hasText: 'Move down' }).locator('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(titles).toEqual([
      'Rule 1 · Access requests to Identity & Access',
      'Rule 2 · VPN to Network',
      'Rule 3 · Outages are urgent',
      'Rule 4 · Reopened tickets go back to the Service Desk',
    ]);
    expect(await focused()).toBe('Rule 2 · VPN to Network | Move down, rule 2');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Rule 2 · VPN to Network | Move up, rule 2');
    await page.waitForTimeout(250); // fw-button's click throttle
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await titles())[0]).toBe('Rule 1 · VPN to Network');
    // At the top "Move up" is disabled, so focus moves to its twin.
    expect(await focused()).toBe('Rule 1 · VPN to Network | Move down, rule 1');
  });

  test('Save with the key left blank keeps the stored key: postConfigs leaves it out, the rules are unchanged', async () => {
    await fill(frame.locator('fw-input#budget-share'), '40');
    expect(await frame.locator('#budget-summary').textContent()).toContain('Starter × 40% = 40 calls a minute');
    const posted = page.waitForRequest((r) => r.url().endsWith('/__devkit/api/install') && r.method() === 'POST');
    const outcome = await save(page);
    expect(outcome).toEqual({ kind: 'success', text: 'Saved with 8 iparams (secure: api_key).' });
    const configs = ((await posted).postDataJSON() as { configs: Record<string, unknown> }).configs;
    expect(configs).not.toHaveProperty('api_key');
    expect(configs.__meta).toEqual({ secure: ['api_key'] });

    const stored = kit.runtime.frontEndIparams();
    expect(stored.budget_share).toBe(40);
    expect(stored.api_agent_id).toBe(kit.fake.keys.agentIds.admin);
    expect(JSON.parse(stored.rules as string)).toEqual(sampleRules());
    const me = await kit.runtime.invokeTemplate('probeStoredKey', {});
    expect(JSON.parse(me.response).agent.id).toBe(kit.fake.keys.agentIds.admin);
    await screenshot(page, 'install-edit');
  });

  test('the app still works with the kept key: a new VPN ticket is triaged by the saved rules', async () => {
    const requester = kit.fake.store.requesters.list()[0];
    if (!requester) throw new Error('the fake account has no requesters');
    const ticket = kit.fake.store.tickets.create({ requester_id: requester.id, subject: 'VPN tunnel is down again', priority: 1 });
    await expect.poll(() => kit.fake.store.tickets.get(ticket.id)?.priority, { timeout: 15_000 }).toBe(3);
    expect(kit.fake.store.tickets.get(ticket.id)?.tags).toContain('vpn');
    const appCalls = kit.fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith(`/tickets/${ticket.id}`));
    expect(appCalls.map((c) => [c.status, c.caller])).toEqual([[200, 'admin']]);
  });
});
