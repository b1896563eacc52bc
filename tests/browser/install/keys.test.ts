/**
 * Keys that do not work, in Chromium against the fake Freshservice: a wrong key (401), the
 * restricted agent's key (403), the FDK limit (429, with the wait), and loading a ticket for the
 * rule tester with the typed key (and a number that is not a ticket).
 */
import type { Frame, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import type { TestDevkit } from '../helpers/devkit.ts';
import { routeOffline } from '../helpers/routes.ts';
import { screenshot } from '../helpers/screenshot.ts';
import { click, fill, inner, openInstallPage, save, startInstallDevkit } from './helpers.ts';

let kit: TestDevkit;
let browser: Browser;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  kit = await startInstallDevkit(false);
  browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
  await routeOffline(browser.context);
  ({ page, frame } = await openInstallPage(browser, kit));
});

afterAll(async () => {
  await browser?.close();
  await kit?.stop();
});

const keyField = (): ReturnType<Frame['locator']> => frame.locator('fw-input#api-key');

/** Checks `key`; the agent line (success, warning) or the message under the field (error). */
async function check(key: string, tone: 'success' | 'warning' | 'error'): Promise<string> {
  await fill(keyField(), key);
  await click(frame.locator('#key-check'));
  if (tone === 'error') {
    await frame.locator('fw-input#api-key[state="error"]').waitFor();
    return (await keyField().getAttribute('error-text')) ?? '';
  }
  const result = frame.locator(`#key-result [data-tone="${tone}"]`);
  await result.waitFor();
  return (await result.textContent()) ?? '';
}

describe('installation page: keys that do not work', () => {
  test('a wrong key: 401 in words, next to the field; saving is blocked', async () => {
    const text = await check('wrongkey0123456789', 'error');
    expect(text).toContain('This key was not accepted (401): it is wrong, was regenerated, or its agent was deactivated.');
    expect(await keyField().getAttribute('error-text')).toContain('(401)');
    const outcome = await save(page);
    expect(outcome.kind).toBe('error');
    expect(await frame.locator('#form-summary').textContent().then((t) => t ?? '')).toContain('API key: This key was not accepted (401)');
    expect(await inner(keyField()).inputValue()).toBe('wrongkey0123456789');
    expect(kit.runtime.installed).toBe(false);
    await screenshot(page, 'install-key-401');
  });

  test("the restricted agent's key: the probe names the agent and warns about its scope; a 403 says which rights are missing", async () => {
    const restricted = kit.fake.store.agents.live(kit.fake.keys.agentIds.restricted);
    // The fake answers /agents/me for every key, as Freshservice does (freshservice-api.md §1, COMM403).
    const text = await check(kit.fake.keys.restricted, 'warning');
    expect(text).toContain(`This key belongs to ${restricted?.first_name}`);
    expect(text).toContain('sees only the tickets of their own groups');

    // Freshservice refuses a key whose agent may not make the call with 403 access_denied (the
    // flat body of reference §3). The fake never refuses /agents/me, so the platform's answer for
    // this key is replaced with that refusal, as the runtime would forward it.
    const refuse = async (route: Route): Promise<void> => {
      const body = route.request().postDataJSON() as { context?: { api_key?: string } };
      if (body.context?.api_key !== kit.fake.keys.restricted) return route.fallback();
      const error = { status: 403, headers: { 'content-type': 'application/json' }, response: '{"code":"access_denied","message":"You are not authorized to perform this action."}', errorSource: 'APP' };
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error }) });
    };
    await page.route('**/__devkit/api/invokeTemplate', refuse);
    const refused = await check(kit.fake.keys.restricted, 'error');
    expect(refused).toContain("Freshservice recognised this key but refused the call (403 access_denied): its agent's role does not allow this call.");
    expect(refused).toContain('Ticket Radar needs an active agent who can view and edit every ticket and add private notes');
    expect(await keyField().getAttribute('error-text')).toContain('(403 access_denied)');
    expect((await save(page)).kind).toBe('error');
    expect(kit.runtime.installed).toBe(false);
    await screenshot(page, 'install-key-403');
    await page.unroute('**/__devkit/api/invokeTemplate', refuse);
  });

  test('the rule tester loads a ticket with the typed key; a number that is no ticket is a 404 in words', async () => {
    await check(kit.fake.keys.admin, 'success');
    const requester = kit.fake.store.requesters.list()[0];
    if (!requester) throw new Error('the fake account has no requesters');
    const ticket = kit.fake.store.tickets.create({ requester_id: requester.id, subject: 'Laptop will not boot after update', priority: 2 });
    await fill(frame.locator('fw-input#test-ticket-id'), String(ticket.id));
    await click(frame.locator('#test-load'));
    await frame.locator('#test-load-status [type="success"]').waitFor();
    expect(await inner(frame.locator('fw-input[data-sample="subject"]')).inputValue()).toBe('Laptop will not boot after update');
    // The typed-key template embeds the requester, so requester conditions can be tested too.
    expect(await frame.locator('#test-load-status').textContent()).not.toContain('does not include the requester');
    expect(await inner(frame.locator('fw-input[data-sample="requesterEmail"]')).inputValue()).toBe(requester.primary_email);

    await fill(frame.locator('fw-input#test-ticket-id'), '999999');
    await click(frame.locator('#test-load'));
    await frame.locator('#test-load-status [type="error"]').waitFor();
    expect(await frame.locator('#test-load-status').textContent()).toContain('There is no ticket #999999 in this account (404).');
    // The sample keeps the loaded ticket.
    expect(await inner(frame.locator('fw-input[data-sample="subject"]')).inputValue()).toBe('Laptop will not boot after update');
  });

  test("FDK's 50 request calls a minute: 429 with how long to wait", async () => {
    // Spend the app's request-template budget for this minute (front end and server share it).
    const spent: Array<Promise<unknown>> = [];
    for (let i = 0; i < 50; i++) spent.push(kit.runtime.invokeTemplate('probeAgent', { context: { api_key: 'spent' } }).catch(() => undefined));
    await Promise.all(spent);
    const text = await check(kit.fake.keys.admin, 'error');
    expect(text).toMatch(/The app has made its 50 request calls for this minute \(an FDK limit\) \(429\)\. Try again in \d+ seconds?\./);
  });
});
