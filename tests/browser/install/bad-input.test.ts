/**
 * Bad input on the installation page, in Chromium: each is refused (or corrected) with a message
 * next to the setting, saving is blocked, and nothing the admin typed is lost.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import type { TestDevkit } from '../helpers/devkit.ts';
import { routeOffline } from '../helpers/routes.ts';
import { screenshot } from '../helpers/screenshot.ts';
import { choose, click, fill, inner, openInstallPage, press, ruleCard, save, startInstallDevkit } from './helpers.ts';

let kit: TestDevkit;
let browser: Browser;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  kit = await startInstallDevkit(false);
  browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
  await routeOffline(browser.context);
  ({ page, frame } = await openInstallPage(browser, kit));
  await fill(frame.locator('fw-input#api-key'), kit.fake.keys.admin);
  await click(frame.locator('#key-check'));
  await frame.locator('#key-result [data-tone="success"]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await kit?.stop();
});

async function blocked(): Promise<void> {
  const outcome = await save(page);
  expect(outcome.kind).toBe('error');
  expect(outcome.text).toContain('validate() returned false');
  expect(kit.runtime.installed).toBe(false);
}

const summary = (): Promise<string> => frame.locator('#form-summary').textContent().then((t) => t ?? '');

describe('installation page: bad input', () => {
  test('several problems at once: each next to its setting, listed at the top, saving blocked', async () => {
    await fill(frame.locator('fw-input#budget-share'), '150');
    await fill(frame.locator('fw-textarea#ack-template'), 'Hi {{requester.name');
    await click(frame.locator('#add-rule'));
    await choose(frame, ruleCard(frame, 0).locator('.tr-action').first().locator('fw-select[data-part="value"]'), '2 Medium');
    await press(ruleCard(frame, 0).locator('.tr-cond').first(), 'Remove');
    await blocked();
    const text = await summary();
    expect(text).toContain('Nothing was saved.');
    expect(text).toContain('Budget share: Expected a budget share from 1 to 100, got 150.');
    expect(text).toContain('Acknowledgement note: The template does not compile (line 1)');
    expect(text).toContain('Triage rules: one problem');
    await screenshot(page, 'install-bad-input');
  });

  test('a budget share out of range: the message is next to the field as it is typed, and the text stays', async () => {
    const share = frame.locator('fw-input#budget-share');
    expect(await share.getAttribute('state')).toBe('error');
    expect(await share.getAttribute('error-text')).toBe('Expected a budget share from 1 to 100, got 150.');
    expect(await inner(share).inputValue()).toBe('150');
    expect(await frame.locator('#budget-summary').textContent()).toBe('');
    await fill(share, '0');
    expect(await share.getAttribute('error-text')).toBe('Expected a budget share from 1 to 100, got 0.');
    await fill(share, '25');
    expect(await share.getAttribute('state')).toBe('normal');
    expect(await frame.locator('#budget-summary').textContent()).toContain('Starter × 25% = 25 calls a minute');
  });

  test('a template with a syntax error: the message is next to the template, the preview says why, the text stays', async () => {
    const template = frame.locator('fw-textarea#ack-template');
    expect(await template.getAttribute('state')).toBe('error');
    expect(await template.getAttribute('error-text')).toContain('(line 1)');
    expect(await frame.locator('#ack-preview [data-preview="error"]').textContent()).toContain('The template does not work (line 1)');
    expect(await inner(template).inputValue()).toBe('Hi {{requester.name');
    await fill(template, 'Hi {{requester.name}}');
    await frame.locator('#ack-preview [data-preview="text"]', { hasText: 'Hi Ana Silva' }).waitFor();
    expect(await template.getAttribute('state')).toBe('normal');
  });

  test('a rule without conditions: the message is on the rule\'s conditions', async () => {
    const card = ruleCard(frame, 0);
    expect(await card.getAttribute('class')).toContain('tr-invalid');
    expect(await card.locator('[data-errors="conditions"]').textContent()).toBe('Rule 1 "Rule 1" has no conditions, so it would never match: add at least one.');
    await press(card, 'Add condition');
    await fill(card.locator('.tr-cond').first().locator('fw-input[data-part="value"]'), 'printer');
    await expect.poll(() => card.locator('[data-errors="conditions"]').textContent()).toBe('');
  });

  test('an unsafe regular expression: core says why, next to the condition, and the pattern stays', async () => {
    const card = ruleCard(frame, 0);
    const row = card.locator('.tr-cond').first();
    await choose(frame, row.locator('fw-select[data-part="op"]'), 'matches the pattern');
    await fill(row.locator('fw-input[data-part="value"]'), '(a+)+$');
    await blocked();
    const message = await row.locator('[data-errors="row"]').textContent();
    expect(message).toContain('at when.all[0].value: the pattern "(a+)+$" is not allowed:');
    expect(await row.locator('fw-input[data-part="value"]').getAttribute('state')).toBe('error');
    expect(await inner(row.locator('fw-input[data-part="value"]')).inputValue()).toBe('(a+)+$');
    expect(await summary()).toContain('Triage rules: one problem');
    await fill(row.locator('fw-input[data-part="value"]'), '^printer');
    await expect.poll(() => row.locator('[data-errors="row"]').textContent()).toBe('');
  });

  test('a key with spaces around it is trimmed and the page says so; spaces inside are refused', async () => {
    const key = frame.locator('fw-input#api-key');
    await fill(key, `  ${kit.fake.keys.admin}  `);
    await click(frame.locator('#key-check'));
    // The same key was checked before, so its agent line stays; the trimming is what changes.
    await frame.locator('fw-input#api-key[warning-text]').waitFor();
    await frame.locator('#key-result [data-tone="success"]').waitFor();
    expect(await inner(key).inputValue()).toBe(kit.fake.keys.admin);
    expect(await key.getAttribute('warning-text')).toBe('The spaces around the key were removed.');
    expect(await key.getAttribute('state')).toBe('warning');

    await fill(key, 'abc def ghijklmn');
    await click(frame.locator('#key-check'));
    await frame.locator('fw-input#api-key[state="error"]').waitFor();
    expect(await key.getAttribute('error-text')).toBe('The API key cannot contain spaces.');
    await blocked();
    expect(await summary()).toContain('API key: The API key cannot contain spaces.');
    expect(await inner(key).inputValue()).toBe('abc def ghijklmn');
    await fill(key, kit.fake.keys.admin);
  });

  test('invalid JSON in the JSON view stays there with its line and column until fixed; saving is blocked', async () => {
    await click(frame.locator('#rules-switch'));
    const area = frame.locator('#rules-json-text');
    const good = await area.inputValue();
    expect(JSON.parse(good).rules[0].when.all[0]).toEqual({ field: 'subject', op: 'matches', value: '^printer' });
    const broken = good.replace('"version": 1,', '"version": 1,,');
    await area.fill(broken);
    await click(frame.locator('#rules-switch'));
    const problem = frame.locator('#rules-json-problem');
    await problem.locator('fw-inline-message').waitFor();
    expect(await problem.textContent()).toContain('The JSON has a syntax error at line 2, column 16: expected a property name in double quotes.');
    expect(await frame.locator('#rules-json').isVisible()).toBe(true);
    await blocked();
    expect(await summary()).toContain('Triage rules: one problem');
    expect(await area.inputValue()).toBe(broken);
    await frame.locator('#rules-json-problem').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'install-json-error', { fullPage: false });

    await area.fill(good);
    await click(frame.locator('#rules-switch'));
    await frame.locator('#rules-editor .tr-rule').first().waitFor();
    expect(await frame.locator('#rules-json').isVisible()).toBe(false);
  });

  test('once everything is fixed, the app installs with what was typed', async () => {
    const outcome = await save(page);
    expect(outcome.kind).toBe('success');
    const stored = kit.runtime.frontEndIparams();
    expect(stored.budget_share).toBe(25);
    expect(stored.ack_template).toBe('Hi {{requester.name}}');
    expect(JSON.parse(stored.rules as string).rules[0].when).toEqual({ all: [{ field: 'subject', op: 'matches', value: '^printer' }] });
  });
});
