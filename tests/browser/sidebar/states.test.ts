/**
 * The sidebar's non-happy states in Chromium through the devkit, each with something useful on
 * screen: a ticket the app never processed, no acknowledgement template, a server method that
 * fails, times out or answers nonsense, a record written by an older version straight into the
 * runtime's `$db`, a duplicate deleted since, and a rejected API key in the health section.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { outcomeAttr } from '../../../core/record.ts';
import { devIparams } from '../../../devkit/server/dev-iparams.ts';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import { startTestDevkit, type TestDevkit } from '../helpers/devkit.ts';
import { routeOffline } from '../helpers/routes.ts';
import { APP_DIR, costOf, createTicket, openTicket, seededTicket, sidebarScreenshot, waitFor, writeBlock } from './helpers.ts';

let devkit: TestDevkit;
let browser: Browser;
let page: Page;

function text(value: string | null): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/** Answers the sidebar's server-method calls with `reply` instead of running them. */
async function answerInvoke(target: Page, reply: unknown): Promise<void> {
  await target.route('**/__devkit/api/invoke', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(reply) }));
}

beforeAll(async () => {
  devkit = await startTestDevkit({
    appDir: APP_DIR,
    // The sample installation without an acknowledgement template.
    install: (fake) => ({
      ...devIparams({ apiKey: fake.keys.admin, agentId: fake.keys.agentIds.admin, plan: 'starter', groupIds: new Map(fake.store.groups.list().map((g) => [g.name, g.id] as const)) }),
      ack_template: '',
    }),
  });
  browser = await launchChromium();
  await routeOffline(browser.context);
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await devkit?.stop();
});

describe('empty states', () => {
  test('a ticket the app never processed: every section says what will appear, in one server call', async () => {
    const ticket = seededTicket(devkit);
    let frame = undefined as unknown as Awaited<ReturnType<typeof openTicket>>;
    const cost = await costOf(devkit, async () => {
      frame = await openTicket(page, devkit, ticket.id);
    });
    expect(cost).toMatchObject({ serverMethodCalls: 1, dbReads: 1, dbOps: 1, templateCalls: 0, apiCalls: 0 });
    expect(await frame.locator('#radar-triage fw-label').getAttribute('value')).toBe('Not processed yet');
    expect(text(await frame.locator('#radar-triage .radar-empty').textContent())).toBe('Ticket Radar has no record of this ticket; it may have been created before the app was installed. Run triage to process it now.');
    expect(text(await frame.locator('#radar-duplicates .radar-empty').textContent())).toContain('when it processes this ticket');
    expect(text(await frame.locator('#radar-requester .radar-empty').textContent())).toContain('Refresh to look them up now.');
    expect(await frame.getByRole('button', { name: 'Run triage now' }).count()).toBe(1);
    await sidebarScreenshot(browser.context, devkit, ticket.id, 'sidebar-unseen');
  });

  test('a new ticket not processed yet says it will be within a minute', async () => {
    // Not delivered to the app: created without events, as if the app had not got to it yet.
    const ticket = devkit.fake.store.tickets.insert({ requester_id: devkit.fake.store.requesters.list()[0]!.id, subject: 'Just arrived', priority: 1, created_at: Date.now() });
    const frame = await openTicket(page, devkit, ticket.id);
    expect(text(await frame.locator('#radar-triage .radar-empty').textContent())).toBe('Ticket Radar has not processed this ticket yet. It does so within a minute of creation.');
  });

  test('no acknowledgement template: the button is disabled with the reason', async () => {
    const ticket = seededTicket(devkit);
    const frame = await openTicket(page, devkit, ticket.id);
    expect(await frame.locator('fw-button[data-focus="ack"]').getAttribute('disabled')).not.toBeNull();
    expect(text(await frame.locator('[data-hint="ack"]').textContent())).toBe('No acknowledgement template is set up. An admin can add one in the app settings.');
  });
});

describe('failures', () => {
  test('the server method fails: an inline error with Retry, and Retry recovers', async () => {
    const ticket = seededTicket(devkit);
    devkit.runtime.faults.dbRateLimited = 1;
    const frame = await openTicket(page, devkit, ticket.id, 'error');
    devkit.runtime.faults.dbRateLimited = 0;
    const message = frame.locator('fw-inline-message[type="error"]');
    expect(text(await message.locator('.radar-error__title').textContent())).toBe('Ticket Radar is at its limit for this minute.');
    expect(text(await message.locator('.radar-error__detail').textContent())).not.toMatch(/\bat \w+ \(|Error:|\{/);
    expect(await frame.locator('#radar-live').textContent()).toBe('Ticket Radar is at its limit for this minute.');
    await sidebarScreenshot(browser.context, devkit, ticket.id, 'sidebar-error', async (solo) => {
      await answerInvoke(solo, { ok: false, error: { status: 429, message: "$db refused the read: 50 operations a minute per installation." } });
    });
    await frame.getByRole('button', { name: 'Retry' }).click();
    await waitFor(frame, 'ready', ticket.id);
    expect(await frame.locator('.radar-error').count()).toBe(0);
  });

  test('the server method times out: says so, with Retry', async () => {
    const ticket = seededTicket(devkit);
    await answerInvoke(page, { ok: false, error: { status: 504, message: 'app execution timeout' } });
    const frame = await openTicket(page, devkit, ticket.id, 'error');
    await page.unroute('**/__devkit/api/invoke');
    expect(text(await frame.locator('fw-inline-message').textContent())).toBe('Ticket Radar did not answer in time. It took longer than the platform allows. Try again in a moment.');
    expect(await frame.getByRole('button', { name: 'Retry' }).count()).toBe(1);
  });

  test('an answer the sidebar cannot read: says so instead of a blank panel', async () => {
    const ticket = seededTicket(devkit);
    await answerInvoke(page, { ok: true, value: null });
    const frame = await openTicket(page, devkit, ticket.id, 'error');
    await page.unroute('**/__devkit/api/invoke');
    expect(text(await frame.locator('.radar-error__title').textContent())).toBe('Ticket Radar sent an answer the sidebar cannot read.');
  });
});

describe('stored data', () => {
  test('a record written by an older version: a notice, and what it holds still shows', async () => {
    const ticket = seededTicket(devkit);
    // Version 0 of the record: no `v`, no requester snapshot, no ack step, duplicates without words.
    writeBlock(devkit, ticket.id, {
      [outcomeAttr(ticket.id)]: { state: 'done', at: Date.now() - 3600_000, rules: [{ name: 'Legacy rule' }], changes: [{ field: 'priority', from: 1, to: 4 }], dups: [{ id: ticket.id - 1, score: 0.71, subject: 'Older duplicate' }] },
    });
    const frame = await openTicket(page, devkit, ticket.id);
    expect(text(await frame.locator('[data-notice="older"]').textContent())).toContain('An older version of Ticket Radar processed this ticket');
    expect(await frame.locator('.radar-rule__name').allTextContents()).toEqual(['Legacy rule']);
    expect(text(await frame.locator('.radar-change').first().textContent())).toBe('Priority: Low → Urgent');
    expect(text(await frame.locator('.radar-dup__meta').first().textContent())).toBe('71% similar');
    await sidebarScreenshot(browser.context, devkit, ticket.id, 'sidebar-older');
  });

  test('a duplicate deleted since it was found: its stored subject shows and nothing breaks', async () => {
    const first = createTicket(devkit, { subject: 'Outlook keeps asking for my password', description: 'Outlook prompts for the password every hour since yesterday.' });
    await devkit.runtime.idle();
    const second = createTicket(devkit, { subject: 'Outlook asking for password again', description: 'Outlook prompts for my password every hour since yesterday.' });
    await devkit.runtime.idle();
    devkit.fake.store.tickets.delete(first.id);
    const frame = await openTicket(page, devkit, second.id);
    const dup = frame.locator('#radar-duplicates li.radar-dup').first();
    expect(await dup.locator('.radar-dup__subject').textContent()).toBe(first.subject);
    expect(await dup.locator('a').getAttribute('href')).toMatch(new RegExp(`/a/tickets/${first.id}$`));
  });

  test('a rejected API key: the triage failure and the health section say what happened and what to do', async () => {
    devkit.fake.revokeKey(devkit.fake.keys.admin);
    const ticket = createTicket(devkit, { subject: 'VPN tunnel down at the branch office', description: 'Nobody at the branch can connect.' });
    await devkit.runtime.idle();
    devkit.fake.restoreKey(devkit.fake.keys.admin);
    const frame = await openTicket(page, devkit, ticket.id);
    const dd = async (key: string) => text(await frame.locator(`#radar-health dd[data-health="${key}"]`).textContent());
    expect(await frame.locator('#radar-health fw-label').getAttribute('value')).toBe('Needs attention');
    expect(await dd('error')).toMatch(/^The API key was rejected \(401\)\. An admin should update the API key in the app settings\. \((just now|\d+ s ago)\)$/);
    expect(await dd('key')).toBe('Rejected by Freshservice. An admin should update the API key in the app settings.');
    // The ticket was marked as in progress before the first call; the rules' changes are planned, not made.
    expect(await frame.locator('#radar-triage fw-label.radar-badge').getAttribute('value')).toBe('Partly done');
    expect(text(await frame.locator('#radar-triage .radar-problem').textContent())).toMatch(/^Some of the work is still to do; the app finishes it with its next sweep\.\s*Freshservice rejected the API key \(401\)\. An admin should update it in the app settings\.$/);
    expect(text(await frame.locator('#radar-triage .radar-changes h3').textContent())).toBe('Changes still to make');
    expect(await dd('deferred')).toMatch(/^Waiting since (just now|\d+ s ago) because an error stopped processing; the app retries\.$/);
    await sidebarScreenshot(browser.context, devkit, ticket.id, 'sidebar-health-attention');
  });
});
