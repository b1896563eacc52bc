/**
 * The simulated ticket page against a fixture app (tests/fixtures/apps/devkit-ui): the sidebar
 * iframe, every client call round-tripping to the runtime, secure iparams staying on the server,
 * showNotify toasts, resize, and ticket switching.
 */
import { resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import { startTestDevkit, type TestDevkit } from '../helpers/devkit.ts';
import { routeOffline, type OfflineRoutes } from '../helpers/routes.ts';
import { screenshot } from '../helpers/screenshot.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/apps/devkit-ui');
const NASTY_SUBJECT = '<img src=x onerror="window.__pwned=1"> VPN & "quotes"';

let devkit: TestDevkit;
let browser: Browser;
let routes: OfflineRoutes;
let page: Page;
let nastyId: number;
let otherId: number;
const bodies: string[] = [];

async function sidebar(): Promise<Frame> {
  await page.locator('#app-sidebar').waitFor();
  const handle = await page.locator('#app-sidebar').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the sidebar iframe has no frame');
  return frame;
}

async function ready(frame: Frame, ticketId: number): Promise<void> {
  await frame.locator(`body[data-state="ready"][data-ticket="${ticketId}"]`).waitFor({ timeout: 15_000 });
}

beforeAll(async () => {
  devkit = await startTestDevkit({ appDir: FIXTURE });
  const store = devkit.fake.store;
  const requester = store.requesters.list()[0];
  if (!requester) throw new Error('the fake account has no requesters');
  otherId = store.tickets.create({ requester_id: requester.id, subject: 'Printer jam on floor 3', priority: 2 }).id;
  nastyId = store.tickets.create({ requester_id: requester.id, subject: NASTY_SUBJECT, priority: 3 }).id;
  await devkit.runtime.idle();
  browser = await launchChromium();
  routes = await routeOffline(browser.context);
  page = await browser.context.newPage();
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (/json|html|javascript|text/.test(type)) response.text().then((text) => bodies.push(text), () => undefined);
  });
  await page.goto(`${devkit.server.pages.tickets}?ticket=${nastyId}`);
  await ready(await sidebar(), nastyId);
});

afterAll(async () => {
  await browser?.close();
  await devkit?.stop();
});

describe('devkit ticket page', () => {
  test('renders the ticket list with subjects as text, the open ticket, and the sidebar iframe', async () => {
    const link = page.locator(`#ticket-list [data-ticket-id="${nastyId}"]`);
    expect(await link.locator('.ticket-list__subject').textContent()).toBe(NASTY_SUBJECT);
    expect(await link.getAttribute('aria-current')).toBe('true');
    expect(await page.locator('#ticket-list img, #ticket-view img').count()).toBe(0);
    expect(await page.locator('#ticket-subject').textContent()).toBe(NASTY_SUBJECT);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#app-sidebar').getAttribute('src')).toBe(`/app/index.html?location=ticket_sidebar&ticket=${nastyId}`);
    // Crayons hydrated from node_modules through the local CDN route.
    const frame = await sidebar();
    await frame.locator('fw-inline-message.hydrated').waitFor();
    expect(routes.blocked).toEqual([]);
  });

  test('client calls round-trip to the runtime: data, server methods, templates and $db', async () => {
    const frame = await sidebar();
    const text = (id: string) => frame.locator(`#${id}`).textContent();
    expect(await text('subject')).toBe(`${NASTY_SUBJECT} (High)`);
    const requester = devkit.fake.store.requesters.list()[0];
    expect(await text('requester')).toBe(`${requester?.first_name} ${requester?.last_name} <${requester?.primary_email}>`);
    expect(await text('agent')).toMatch(/@corp\.example$/);
    // The onTicketCreate handler stored `seen:<id>` when the ticket was created; the SMI reads it back.
    const smi = JSON.parse((await text('smi')) ?? '{}') as Record<string, unknown>;
    expect(smi).toMatchObject({ ticketId: nastyId, plan: 'starter', hasKey: true, seen: { subject: NASTY_SUBJECT } });
    expect(JSON.parse((await text('smi-error')) ?? '{}')).toEqual({ status: 418, message: 'not today', hasRequestID: true });
    const admin = devkit.fake.store.agents.get(devkit.fake.keys.agentIds.admin);
    expect(await text('template')).toBe(`200 ${admin?.email}`);
    expect(JSON.parse((await text('db')) ?? '{}')).toEqual({ opened: true });
    expect(devkit.runtime.db.get(`sidebar:${nastyId}`)).toEqual({ opened: true });
    // client.db counts against the same 50/min as $db.
    expect(devkit.runtime.stats.db.byOp.set).toBeGreaterThanOrEqual(3);
    expect(devkit.log.some((l) => l.source === 'client' && l.message.startsWith('request.invoke("echoTicket") → ok'))).toBe(true);
  });

  test('iparams reach the front end without the secure ones, and the API key never reaches the browser', async () => {
    const frame = await sidebar();
    const keys = JSON.parse((await frame.locator('#iparams').textContent()) ?? '[]') as string[];
    expect(keys).toContain('plan');
    expect(keys).not.toContain('api_key');
    const one = await frame.evaluate(async () => (await window.app.initialized()).iparams.get('api_key'));
    expect(one).toEqual({});
    await page.waitForTimeout(200);
    expect(bodies.length).toBeGreaterThan(5);
    expect(bodies.filter((b) => b.includes(devkit.fake.keys.admin))).toEqual([]);
  });

  test('showNotify shows a toast in the host page and is recorded', async () => {
    const toast = page.locator('#devkit-toasts .devkit-toast', { hasText: `Loaded ticket #${nastyId}` });
    await toast.first().waitFor();
    expect(await toast.first().getAttribute('data-type')).toBe('success');
    expect(await toast.first().locator('.devkit-toast__title').textContent()).toBe('Fixture');
    const notifications = await page.evaluate(() => window.__devkitHost.notifications);
    expect(notifications).toContainEqual({ type: 'success', title: 'Fixture', message: `Loaded ticket #${nastyId}` });
    expect(devkit.server.ui).toContainEqual({ kind: 'showNotify', location: 'ticket_sidebar', notify: { type: 'success', title: 'Fixture', message: `Loaded ticket #${nastyId}` } });
    await screenshot(page, 'devkit-ticket-page');
  });

  test('resize sets the sidebar iframe height, capped at 700 px', async () => {
    // The frame animates its height, so wait for it to settle rather than read it once.
    await page.waitForFunction(() => document.getElementById('app-sidebar')?.getBoundingClientRect().height === 420);
    const frame = await sidebar();
    await frame.evaluate(async () => (await window.app.initialized()).instance.resize({ height: 900 }));
    await page.waitForFunction(() => document.getElementById('app-sidebar')?.getBoundingClientRect().height === 700);
    const resizes = await page.evaluate(() => window.__devkitHost.resizes.map((r) => r.height));
    expect(resizes.slice(-2)).toEqual([420, 700]);
    expect(devkit.server.ui.filter((r) => r.kind === 'resize').at(-1)).toEqual({ kind: 'resize', location: 'ticket_sidebar', height: 700, requested: 900 });
  });

  test('unknown client methods reject with a message that names what is supported', async () => {
    const frame = await sidebar();
    const error = await frame.evaluate(async () => {
      const client = (await window.app.initialized()) as unknown as { job: { invoke(): Promise<unknown> } };
      return client.job.invoke().catch((e: unknown) => e);
    });
    expect(error).toMatchObject({ status: 501, message: expect.stringContaining('client.job.invoke is not available') });
  });

  test('switching tickets deactivates the app and activates it again on the new ticket', async () => {
    const frame = await sidebar();
    await page.locator(`#ticket-list [data-ticket-id="${otherId}"]`).click();
    await ready(frame, otherId);
    expect(await frame.locator('#subject').textContent()).toBe('Printer jam on floor 3 (Medium)');
    expect(await frame.locator('#events').textContent()).toBe('activated deactivated activated');
    expect(page.url()).toContain(`?ticket=${otherId}`);
    expect(await page.locator('#ticket-subject').textContent()).toBe('Printer jam on floor 3');
    // The iframe stayed: it is the same document, re-activated.
    expect(await page.locator('#app-sidebar').getAttribute('src')).toContain(`ticket=${nastyId}`);
  });

  test('an agent edit goes through the fake (firing its events) and reaches the app as ticket.propertiesUpdated', async () => {
    const frame = await sidebar();
    await page.locator('#ticket-edit select[name="priority"]').selectOption('4');
    await page.locator('#ticket-edit button[type="submit"]').click();
    await frame.locator('#events', { hasText: 'propertiesUpdated' }).waitFor();
    expect(await frame.locator('#events').textContent()).toContain('propertiesUpdated:{"status":2,"priority":4}');
    expect(devkit.fake.store.tickets.get(otherId)?.priority).toBe(4);
    expect(await page.locator('#ticket-view dd', { hasText: 'Urgent' }).count()).toBe(1);
  });
});
