/**
 * The ticket sidebar in Chromium, through the devkit: the real app (`npm run build`) runs in the
 * FDK runtime against the fake Freshservice; tickets created in the fake are processed by the real
 * handlers, and the sidebar iframe of the simulated ticket page shows what they did. Each section,
 * each action, escaping in the DOM, and what one open costs (one server call, one `$db` read).
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Ticket } from '../../../devkit/fake-freshservice/model.ts';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import { startTestDevkit, type TestDevkit } from '../helpers/devkit.ts';
import { routeOffline, type OfflineRoutes } from '../helpers/routes.ts';
import { screenshot } from '../helpers/screenshot.ts';
import { APP_DIR, clearActionSlots, costOf, createTicket, hydrated, openTicket, seededTicket, sidebarScreenshot, waitFor } from './helpers.ts';

const NASTY = '<img src=x onerror="window.__pwned=1">';

let devkit: TestDevkit;
let browser: Browser;
let routes: OfflineRoutes;
let page: Page;
let original: Ticket;
let duplicate: Ticket;
let other: Ticket;
let domain: string;

function toasts(): Promise<string[]> {
  return page.evaluate(() => window.__devkitHost.notifications.map((n) => `${n.type}: ${n.message}`));
}

async function waitForToast(count: number): Promise<string> {
  await page.waitForFunction((n) => window.__devkitHost.notifications.length >= n, count, { timeout: 20_000 });
  return (await toasts())[count - 1] ?? '';
}

beforeAll(async () => {
  devkit = await startTestDevkit({ appDir: APP_DIR });
  other = createTicket(devkit, { subject: 'Monitor flickers after the docking station update', description: 'The external monitor flickers since Monday.' });
  await devkit.runtime.idle();
  original = createTicket(devkit, {
    subject: `VPN keeps dropping on my laptop ${NASTY}`,
    description: 'The VPN connection drops every ten minutes when I work from the office.',
  });
  await devkit.runtime.idle();
  duplicate = createTicket(devkit, {
    subject: 'VPN keeps dropping on laptop',
    description: 'My VPN connection drops every ten minutes when I work from the office.',
  });
  await devkit.runtime.idle();
  domain = new URL(devkit.fake.url).host;
  browser = await launchChromium();
  routes = await routeOffline(browser.context);
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await devkit?.stop();
});

describe('opening the sidebar', () => {
  let frame: Frame;

  test('costs exactly one server-method call and one $db read, no template and no API call', async () => {
    const cost = await costOf(devkit, async () => {
      frame = await openTicket(page, devkit, duplicate.id);
    });
    expect(cost).toEqual({ serverMethodCalls: 1, insightsCalls: 1, dbReads: 1, dbOps: 1, templateCalls: 0, apiCalls: 0 });
    expect(routes.blocked).toEqual([]);
    await hydrated(frame);
    await screenshot(page, 'sidebar-ticket-page');
  });

  test('shows a heading per section', async () => {
    expect(await frame.locator('h2').allTextContents()).toEqual(['Triage', 'Possible duplicates', 'Requester', 'Timeline', 'Health']);
    expect(await frame.getByRole('status').count()).toBeGreaterThan(0);
  });

  test('triage: the rule that matched and why, what changed by name, when', async () => {
    const triage = frame.locator('#radar-triage');
    expect(await triage.locator('fw-label').getAttribute('value')).toBe('Triaged');
    expect(await triage.locator('.radar-rule__name').allTextContents()).toEqual(['VPN to Network']);
    expect(await triage.locator('.radar-rule__reason').first().textContent()).toMatch(/subject/);
    const changes = (await triage.locator('.radar-change').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(changes).toContain('Priority: Low → High (rule “VPN to Network”)');
    expect(changes).toContain('Group: none → Network Team (rule “VPN to Network”)');
    expect(await triage.locator('.radar-meta').first().textContent()).toMatch(/^Processed (just now|\d+ s ago|\d+ min ago) when the ticket was created\.$/);
  });

  test('possible duplicates: a link to the agent URL in a new tab, the score as a percentage and the shared words', async () => {
    const dup = frame.locator('#radar-duplicates li.radar-dup').first();
    const link = dup.locator('a');
    expect(await link.getAttribute('href')).toBe(`https://${domain}/a/tickets/${original.id}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await dup.locator('.radar-dup__score').textContent()).toMatch(/^\d{2,3}% similar$/);
    expect(await dup.locator('.radar-dup__words').textContent()).toMatch(/shared words: .*laptop/);
  });

  test('escaping: a subject holding an <img onerror> is shown as text and never runs', async () => {
    expect(await frame.locator('#radar-duplicates .radar-dup__subject').first().textContent()).toBe(original.subject);
    expect(await frame.locator('#radar img').count()).toBe(0);
    expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test("requester: the requester's other open tickets from stored data", async () => {
    const links = await frame.locator('#radar-requester .radar-open a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining([`https://${domain}/a/tickets/${original.id}`, `https://${domain}/a/tickets/${other.id}`]));
    expect(links).not.toContain(`https://${domain}/a/tickets/${duplicate.id}`);
  });

  test('timeline: a bar per status with its duration as text, and the changes the app made', async () => {
    const row = frame.locator('#radar-timeline .radar-chart__row').first();
    expect(await row.locator('.radar-chart__label').textContent()).toBe('Open');
    expect(await row.locator('.radar-chart__value').textContent()).toMatch(/^\d+ (s|min), 100% of the ticket's time$/);
    expect(await row.locator('.radar-bar').getAttribute('aria-hidden')).toBe('true');
    const entries = (await frame.locator('#radar-timeline .radar-entry').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(entries.some((e) => e.includes('Priority: Low → High'))).toBe(true);
  });

  test('health: the budget and the limit that binds', async () => {
    const dd = (key: string) => frame.locator(`#radar-health dd[data-health="${key}"]`).textContent();
    expect(await dd('budget')).toBe("50 calls a minute, 50% of the Starter plan's budget.");
    expect(await dd('binding')).toBe('The plan share: 50 credits a minute.');
    expect(await dd('error')).toBe('None.');
  });

  test('keyboard: Tab walks the actions and links in reading order, with a visible focus ring', async () => {
    await frame.locator('#radar-triage-title').focus();
    const order: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await frame.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.getAttribute('data-focus') ?? el?.getAttribute('href') ?? el?.tagName ?? '';
      }));
    }
    // The disabled acknowledgement button (already posted at creation) is skipped.
    expect(order).toEqual(['rerun', `https://${domain}/a/tickets/${original.id}`, `dismiss:${original.id}`, expect.stringContaining('/a/tickets/'), expect.stringContaining('/a/tickets/')]);
    const outline = await frame.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).toBe('solid');
  });

  test('resizes its frame to its content, at most 700 px', async () => {
    const resizes = await page.evaluate(() => window.__devkitHost.resizes.map((r) => r.height));
    expect(resizes.length).toBeGreaterThan(0);
    expect(Math.max(...resizes)).toBeLessThanOrEqual(700);
    expect(resizes.at(-1)).toBe(700);
    const records = devkit.server.ui.filter((r) => r.kind === 'resize');
    expect(records.at(-1)).toMatchObject({ location: 'ticket_sidebar', height: 700 });
  });

  test('the whole sidebar at its width', async () => {
    await sidebarScreenshot(browser.context, devkit, duplicate.id, 'sidebar-ready');
  });
});

describe('actions', () => {
  test('"Not a duplicate" is confirmed, reloads once, and stays dismissed on the next open', async () => {
    clearActionSlots(devkit);
    const frame = await openTicket(page, devkit, duplicate.id);
    const before = (await toasts()).length;
    const cost = await costOf(devkit, async () => {
      await frame.getByRole('button', { name: `Not a duplicate (ticket #${original.id})` }).click();
      expect(await waitForToast(before + 1)).toBe(`success: Ticket #${original.id} marked as not a duplicate.`);
      await frame.locator('.radar-dup--dismissed').waitFor();
    });
    expect(cost).toMatchObject({ serverMethodCalls: 2, insightsCalls: 1, apiCalls: 0 });
    expect(await frame.locator('.radar-dup--dismissed .radar-dup__meta').textContent()).toMatch(/^Marked not a duplicate · was \d+% similar$/);
    expect(await frame.getByRole('button', { name: /Not a duplicate/ }).count()).toBe(0);
    expect(await frame.locator('#radar-duplicates-title').evaluate((el) => el === document.activeElement)).toBe(true);
    const again = await openTicket(page, devkit, duplicate.id);
    expect(await again.locator('.radar-dup--dismissed').count()).toBe(1);
    await sidebarScreenshot(browser.context, devkit, duplicate.id, 'sidebar-dismissed');
  });

  test('"Re-run triage": disabled while running, confirmed with what it did and cost, then one reload', async () => {
    clearActionSlots(devkit);
    const frame = await openTicket(page, devkit, duplicate.id);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/__devkit/api/invoke', async (route) => {
      if ((route.request().postDataJSON() as { name?: string }).name === 'rerunTriage') await held;
      await route.continue();
    });
    const before = (await toasts()).length;
    const cost = await costOf(devkit, async () => {
      await frame.getByRole('button', { name: 'Re-run triage' }).click();
      await frame.locator('fw-button[data-focus="rerun"][disabled][loading]').waitFor();
      expect(await frame.locator('#radar-live').textContent()).toBe('Re-running triage…');
      release();
      expect(await waitForToast(before + 1)).toMatch(/^success: Triage re-run: matched “VPN to Network”; .+ \(\d+ API calls?\)\.$/);
      await frame.locator('#radar-triage .radar-meta', { hasText: 'when an agent re-ran triage' }).waitFor();
    });
    await page.unroute('**/__devkit/api/invoke');
    expect(cost).toMatchObject({ serverMethodCalls: 2, insightsCalls: 1 });
    expect(await frame.locator('fw-button[data-focus="rerun"]').getAttribute('disabled')).toBeNull();
  });

  test('"Post acknowledgement" on a ticket without one: posted as a note, confirmed, then shown as done', async () => {
    clearActionSlots(devkit);
    const ticket = seededTicket(devkit);
    const frame = await openTicket(page, devkit, ticket.id);
    const notes = devkit.fake.store.conversations.list(ticket.id).length;
    const before = (await toasts()).length;
    await frame.getByRole('button', { name: 'Post acknowledgement' }).click();
    expect(await waitForToast(before + 1)).toBe('success: Acknowledgement posted as a private note (2 API calls).');
    await frame.locator('[data-hint="ack"]', { hasText: 'already posted' }).waitFor();
    expect(await frame.locator('fw-button[data-focus="ack"]').getAttribute('disabled')).not.toBeNull();
    expect(devkit.fake.store.conversations.list(ticket.id)).toHaveLength(notes + 1);
  });

  test('"Refresh" looks up the requester\'s open tickets and shows what it cost', async () => {
    clearActionSlots(devkit);
    const frame = await openTicket(page, devkit, duplicate.id);
    const before = (await toasts()).length;
    const cost = await costOf(devkit, async () => {
      await frame.getByRole('button', { name: /^Refresh/ }).click();
      await frame.locator('[data-cost="requester"]', { hasText: 'Refreshed: 1 API call' }).waitFor();
    });
    expect(cost).toMatchObject({ serverMethodCalls: 1, insightsCalls: 0, apiCalls: 1 });
    expect(await waitForToast(before + 1)).toBe("success: Refreshed the requester's open tickets: 1 API call.");
    expect(await frame.locator('#radar-requester .radar-open a').count()).toBeGreaterThanOrEqual(2);
  });

  test('an action refused by the server is reported as danger, in words', async () => {
    clearActionSlots(devkit);
    const frame = await openTicket(page, devkit, duplicate.id);
    await page.route('**/__devkit/api/invoke', async (route) => {
      const name = (route.request().postDataJSON() as { name?: string }).name;
      if (name !== 'rerunTriage') return route.continue();
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { status: 429, message: "Agents' actions have used this minute's share of the API budget; try again in 20 s." } }) });
    });
    const before = (await toasts()).length;
    await frame.getByRole('button', { name: 'Re-run triage' }).click();
    expect(await waitForToast(before + 1)).toBe("danger: Ticket Radar is at its limit for this minute. Agents' actions have used this minute's share of the API budget; try again in 20 s.");
    await page.unroute('**/__devkit/api/invoke');
    expect(await frame.locator('fw-button[data-focus="rerun"]').getAttribute('disabled')).toBeNull();
  });

  test('a burst of property updates reloads once, and the timeline shows the change', async () => {
    const frame = await openTicket(page, devkit, duplicate.id);
    await devkit.runtime.idle();
    const loads = () => devkit.runtime.stats.invocations.byHandler.getTicketInsights ?? 0;
    const before = loads();
    {
      await page.locator('#ticket-edit select[name="priority"]').selectOption('4');
      await page.locator('#ticket-edit button[type="submit"]').click();
      await page.locator('#ticket-status', { hasText: 'Ticket updated.' }).waitFor();
      await page.locator('#ticket-edit select[name="status"]').selectOption('3');
      await page.locator('#ticket-edit button[type="submit"]').click();
      await frame.locator('#radar-timeline .radar-entry', { hasText: 'Status: Open → Pending' }).waitFor({ timeout: 20_000 });
      await waitFor(frame, 'ready', duplicate.id);
    }
    await devkit.runtime.idle();
    expect(loads() - before).toBe(1);
    const entries = (await frame.locator('#radar-timeline .radar-entry').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(entries.some((e) => e.includes('Priority: High → Urgent'))).toBe(true);
    expect(await frame.locator('#radar-timeline .radar-chart__label').allTextContents()).toEqual(['Open', 'Pending']);
  });
});

describe('loading', () => {
  test('skeletons while the server method runs', async () => {
    const solo = await browser.context.newPage();
    await solo.setViewportSize({ width: 300, height: 600 });
    await solo.route('**/__devkit/api/invoke', () => undefined);
    await solo.goto(`${devkit.server.url}/app/index.html?location=ticket_sidebar&ticket=${duplicate.id}`);
    await solo.locator('#radar-live', { hasText: 'Loading Ticket Radar insights…' }).waitFor();
    await hydrated(solo);
    expect(await solo.locator('#radar').getAttribute('data-state')).toBe('loading');
    expect(await solo.locator('#radar').getAttribute('aria-busy')).toBe('true');
    expect(await solo.locator('fw-skeleton.hydrated').count()).toBeGreaterThan(2);
    await screenshot(solo, 'sidebar-loading');
    await solo.close();
  });
});
