/**
 * A first install through the devkit's `/custom_configs`, in Chromium: check the key (the page
 * names its agent), write two rules in the editor, test one on the sample ticket, preview the
 * acknowledgement note, install — then what was stored, and that the key is nowhere the front end
 * can read it.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import type { TestDevkit } from '../helpers/devkit.ts';
import { routeOffline, type OfflineRoutes } from '../helpers/routes.ts';
import { screenshot } from '../helpers/screenshot.ts';
import { choose, click, fill, installFrame, openInstallPage, press, ruleCard, save, startInstallDevkit } from './helpers.ts';

let kit: TestDevkit;
let browser: Browser;
let routes: OfflineRoutes;
let page: Page;
let frame: Frame;
const bodies: string[] = [];

beforeAll(async () => {
  kit = await startInstallDevkit(false);
  browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
  routes = await routeOffline(browser.context);
  ({ page, frame } = await openInstallPage(browser, kit));
  page.on('response', (response) => {
    response.body().then((body) => bodies.push(body.toString('utf8')), () => undefined);
  });
});

afterAll(async () => {
  await browser?.close();
  await kit?.stop();
});

const ACK = 'Hi {{requester.first_name}}, we received "{{ticket.subject}}" and will reply soon.';

describe('installation page: first install', () => {
  test('check the key, write two rules, test one, preview the note, install', async () => {
    const admin = kit.fake.store.agents.live(kit.fake.keys.agentIds.admin);
    if (!admin) throw new Error('the fake account has no admin agent');
    expect(await page.locator('#install-button').textContent()).toBe('Install');

    // The key: "Check key" names the agent it belongs to.
    await fill(frame.locator('#api-key'), kit.fake.keys.admin);
    await click(frame.locator('#key-check'));
    const keyResult = frame.locator('#key-result [data-tone="success"]');
    await keyResult.waitFor();
    expect(await keyResult.textContent()).toContain(`This key belongs to ${admin.first_name} ${admin.last_name ?? ''}`.trim());
    expect(await keyResult.textContent()).toContain(admin.email);
    expect(await keyResult.textContent()).toContain(`agent #${admin.id}`);

    // The budget line follows the plan and the share.
    expect(await frame.locator('#budget-summary').textContent()).toContain('Starter × 50% = 50 calls a minute');
    await choose(frame, frame.locator('fw-select#plan'), /^Pro/);
    expect(await frame.locator('#budget-summary').textContent()).toContain('Pro × 50% = 200 calls a minute, but FDK lets an app make at most 50');
    await choose(frame, frame.locator('fw-select#plan'), /^Starter/);

    // Rule 1: subject contains vpn/tunnel → priority High, tag vpn.
    await click(frame.locator('#add-rule'));
    const first = ruleCard(frame, 0);
    await fill(first.locator('fw-input[data-part="name"]'), 'VPN to Network');
    await fill(first.locator('.tr-cond').first().locator('fw-input[data-part="value"]'), 'vpn, tunnel');
    await choose(frame, first.locator('.tr-action').first().locator('fw-select[data-part="value"]'), '3 High');
    await press(first, 'Add action');
    await choose(frame, first.locator('.tr-action').nth(1).locator('fw-select[data-part="action"]'), 'Add tags');
    await fill(first.locator('.tr-action').nth(1).locator('fw-input[data-part="value"]'), 'vpn');

    // Rule 2: requester's email ends with @corp.example → tag corp.
    await click(frame.locator('#add-rule'));
    const second = ruleCard(frame, 1);
    await fill(second.locator('fw-input[data-part="name"]'), 'Corp requesters');
    await choose(frame, second.locator('.tr-cond').first().locator('fw-select[data-part="field"]'), "Requester's email");
    await choose(frame, second.locator('.tr-cond').first().locator('fw-select[data-part="op"]'), 'ends with');
    await fill(second.locator('.tr-cond').first().locator('fw-input[data-part="value"]'), '@corp.example');
    await choose(frame, second.locator('.tr-action').first().locator('fw-select[data-part="action"]'), 'Add tags');
    await fill(second.locator('.tr-action').first().locator('fw-input[data-part="value"]'), 'corp');

    // Test rule 1 on the sample ticket: each condition, and the one update it would make.
    await press(first, 'Test');
    const result = frame.locator('#test-result');
    await result.locator('[data-verdict="match"]').waitFor();
    expect(await result.locator('.tr-trace__item').count()).toBe(1);
    expect(await result.locator('.tr-trace__item').first().getAttribute('data-holds')).toBe('true');
    expect(await result.locator('.tr-trace__item').first().textContent()).toContain('Subject contains any of ["vpn","tunnel"] — the ticket has "VPN tunnel drops every hour"');
    expect(await result.locator('tr[data-field="priority"]').textContent()).toBe('Priority2 (Medium)3 (High)');
    expect(await result.locator('tr[data-field="tags"]').textContent()).toBe('Tags(none)vpn');
    expect(await result.textContent()).toContain('Nothing was written to Freshservice');

    // The acknowledgement note, rendered on the sample ticket as the server would.
    await fill(frame.locator('#ack-template'), ACK);
    await frame.locator('#ack-preview [data-preview="text"]', { hasText: 'Hi Ana, we received "VPN tunnel drops every hour" and will reply soon.' }).waitFor();
    await screenshot(page, 'install-first');

    const outcome = await save(page);
    expect(outcome).toEqual({ kind: 'success', text: 'Installed with 8 iparams (secure: api_key).' });
    expect(kit.runtime.installed).toBe(true);
  });

  test('stores the contract iparams: numbers as numbers, rules as compact JSON, the probed agent id; the key only as a secure value', async () => {
    const stored = kit.runtime.frontEndIparams();
    expect(stored).toEqual({
      api_agent_id: kit.fake.keys.agentIds.admin,
      plan: 'starter',
      budget_share: 50,
      rules: expect.any(String),
      duplicate_window_hours: 72,
      duplicate_threshold: 0.6,
      ack_template: ACK,
    });
    expect(stored.rules).not.toContain('\n');
    expect(JSON.parse(stored.rules as string)).toEqual({
      version: 1,
      rules: [
        { name: 'VPN to Network', on: 'create', when: { all: [{ field: 'subject', op: 'contains_any', value: ['vpn', 'tunnel'] }] }, then: { priority: 3, tags_add: ['vpn'] } },
        { name: 'Corp requesters', on: 'create', when: { all: [{ field: 'requester.email', op: 'ends_with', value: '@corp.example' }] }, then: { tags_add: ['corp'] } },
      ],
    });
    expect(kit.backend.installState()).toMatchObject({ installed: true, secure: ['api_key'] });
    // The stored key is the admin's: a template that reads iparam.api_key answers as that agent.
    const me = await kit.runtime.invokeTemplate('probeStoredKey', {});
    expect(JSON.parse(me.response).agent.id).toBe(kit.fake.keys.agentIds.admin);
  });

  test('the key is absent from everything the front end can read: client.iparams, the page after reload, every response', async () => {
    const key = kit.fake.keys.admin;
    await page.reload();
    frame = await installFrame(page);
    const iparams = await frame.evaluate(() => (window as unknown as { app: { initialized(): Promise<{ iparams: { get(): Promise<unknown> } }> } }).app.initialized().then((c) => c.iparams.get()));
    expect(iparams).not.toHaveProperty('api_key');
    expect(JSON.stringify(iparams)).not.toContain(key);
    expect(await frame.locator('#api-key input:not([type="hidden"])').inputValue()).toBe('');
    expect(await frame.content()).not.toContain(key);
    expect(await page.content()).not.toContain(key);
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.filter((b) => b.includes(key))).toEqual([]);
    expect(routes.blocked).toEqual([]);
  });
});
