/** Screenshots under `test-results/` (git-ignored), with animations frozen so images are stable. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const RESULTS_DIR = resolve(import.meta.dirname, '../../../test-results');

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = resolve(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', fullPage: options.fullPage ?? true });
  return path;
}
