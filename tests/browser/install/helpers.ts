/**
 * Shared steps for the installation page's browser tests: the devkit with Ticket Radar itself
 * (built first), the `/custom_configs` page with config/iparams.html in its iframe, and ways to
 * drive Crayons fields (their inputs live in shadow roots, which Playwright locators pierce).
 */
import { resolve } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { build } from '../../../devkit/build/build.ts';
import type { Browser } from '../helpers/chromium.ts';
import { startTestDevkit, type TestDevkit } from '../helpers/devkit.ts';

export const APP_DIR = resolve(import.meta.dirname, '../../..');

let built: Promise<unknown> | undefined;

/** Builds server.js and iparams.js once per test file, so the page under test is the current source. */
export function buildOnce(): Promise<unknown> {
  built ??= build(APP_DIR);
  return built;
}

export async function startInstallDevkit(install: 'sample' | false): Promise<TestDevkit> {
  await buildOnce();
  return startTestDevkit({ appDir: APP_DIR, install });
}

export interface InstallPage {
  page: Page;
  frame: Frame;
}

export async function openInstallPage(browser: Browser, kit: TestDevkit): Promise<InstallPage> {
  const page = await browser.context.newPage();
  await page.goto(kit.server.pages.install);
  return { page, frame: await installFrame(page) };
}

/** The iframe of the page (again after a reload), once its Crayons fields are hydrated. */
export async function installFrame(page: Page): Promise<Frame> {
  await page.locator('#install-button:not([disabled])').waitFor();
  const frame = await (await page.locator('#install-frame').elementHandle())?.contentFrame();
  if (!frame) throw new Error('the installation page iframe has no frame');
  await frame.locator('fw-input#api-key.hydrated').waitFor();
  await frame.locator('fw-select#plan.hydrated').waitFor();
  return frame;
}

/** The native input inside a Crayons fw-input (not the hidden form field Crayons adds beside it). */
export function inner(host: Locator): Locator {
  return host.locator('input:not([type="hidden"]), textarea').first();
}

export async function fill(host: Locator, value: string): Promise<void> {
  await inner(host).fill(value);
}

/** Picks an option of a Crayons fw-select by its text. */
export async function choose(frame: Frame, host: Locator, option: string | RegExp): Promise<void> {
  await host.click();
  await frame.getByRole('option', { name: option, exact: typeof option === 'string' }).first().click();
  // fw-select closes its list and emits fwChange after the click; let it settle.
  await frame.waitForTimeout(50);
}

/**
 * Presses the platform's Install/Save button and waits for the outcome in its status line. The
 * host disables the button while it runs validate() and postConfigs(), so the outcome is there
 * once the button is enabled again.
 */
export async function save(page: Page): Promise<{ kind: string; text: string }> {
  await page.locator('#install-button').click();
  await page.locator('#install-button:not([disabled])').waitFor({ timeout: 30_000 });
  const status = page.locator('#install-status');
  return { kind: (await status.getAttribute('data-kind')) ?? '', text: (await status.textContent()) ?? '' };
}

/** The rule card at `index` (0-based). */
export function ruleCard(frame: Frame, index: number): Locator {
  return frame.locator('.tr-rule').nth(index);
}

let lastClick = 0;

/**
 * Clicks a Crayons button. fw-button drops clicks that come within its 200 ms throttle of the
 * previous one (toolchain.md), which a test reaches easily; a person does not.
 */
export async function click(button: Locator): Promise<void> {
  const wait = lastClick + 250 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await button.click();
  lastClick = Date.now();
}

/** Clicks a Crayons button inside `scope` by its visible label. */
export async function press(scope: Locator | Frame, label: string | RegExp): Promise<void> {
  await click(scope.locator('fw-button', { hasText: label }).first());
}
