/**
 * HTML and script injection through every text the sidebar shows, in Chromium through the devkit.
 * Payloads go where agents, requesters and admins can put text: ticket subjects (the duplicates'
 * links, the requester's other open tickets, also after Refresh), the requester's name, rule names
 * and their conditions (triage, the changes' rules, escalations in the timeline), values the rules
 * set (a tag, a group's name shown old → new in triage and the timeline), and, through answers the
 * devkit's server cannot produce, server text the sidebar would show (the health section's last
 * error, a rules problem, a deferral reason, a triage error, a failed load's detail).
 * Each time: the payload is on screen as literal text, no element was made from it, nothing ran
 * (`window.__pwned` stays unset in the sidebar frame and the ticket page, no request for `src=x`),
 * and every link the sidebar builds goes to one of the account's tickets.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Group, Requester, Ticket } from '../../../devkit/fake-freshservice/model.ts';
import { devIparams } from '../../../devkit/server/dev-iparams.ts';
import { launchChromium, type Browser } from '../helpers/chromium.ts';
import { startTestDevkit, type TestDevkit } from '../helpers/devkit.ts';
import { routeOffline, type OfflineRoutes } from '../helpers/routes.ts';
import { APP_DIR, clearActionSlots, createTicket, hydrated, openTicket, sidebarFrame, sidebarScreenshot, waitFor } from './helpers.ts';

const P = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=2</script>',
  svg: '"><svg onload=window.__pwned=3>',
  template: "{{constructor.constructor('window.__pwned=4')()}}",
  url: 'javascript:window.__pwned=5',
} as const;
const PAYLOADS: readonly string[] = Object.values(P);
/** Tags are at most 32 characters (rules schema). */
const TAG = '<img src=x onerror=__pwned=6>';

/** One create rule per payload, its name holding it; together they set priority, group, tags, urgency and impact. */
const RULE_NAMES = PAYLOADS.map((p, i) => `Probe ${i + 1} ${p}`);
const ESCALATION_RULE = `Escalate ${P.img}`;
const MARKER = 'radarprobe';

function probeRules(groupId: number): unknown {
  const actions: unknown[] = [{ priority: 3 }, { group_id: groupId }, { tags_add: [P.svg, P.url] }, { urgency: 2 }, { impact: 2 }];
  return {
    version: 1,
    rules: [
      ...RULE_NAMES.map((name, i) => ({ name, on: 'create', when: { field: 'subject', op: 'contains_any', value: [MARKER, PAYLOADS[i]] }, then: actions[i] })),
      { name: ESCALATION_RULE, on: 'update', when: { field: 'changes.priority', op: 'changed' }, then: { tags_add: [TAG] } },
    ],
  };
}

const DESCRIPTION = 'The third-floor printer jams on every duplex job since the toner cartridge was replaced on Monday.';

let devkit: TestDevkit;
let browser: Browser;
let routes: OfflineRoutes;
let page: Page;
let domain: string;
let group: Group;
let requester: Requester;
/** Earlier tickets of the requester, one per payload but the URL one. */
let earlier: Ticket[];
/** The ticket every test opens; its subject holds the URL-ish payload. */
let main: Ticket;
/** Requests for the `src=x` of an `<img>` payload, from any page or frame. */
const imageRequests: string[] = [];

type Pwned = { __pwned?: unknown };

function subjectOf(t: Ticket): string {
  return t.subject ?? '';
}

function squash(value: string | null): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * What the sidebar frame holds that injection would have made: elements of payload kinds in the
 * app's DOM, inline event-handler attributes and `javascript:` values anywhere (open shadow roots
 * included), inline scripts, and the links the sidebar built.
 */
function inspectFrame(): { injected: string[]; handlers: string[]; jsValues: string[]; inlineScripts: number; hrefs: Array<string | null>; text: string } {
  const radar = document.getElementById('radar') as HTMLElement;
  const elements: Element[] = [];
  const roots: Array<Document | ShadowRoot> = [document];
  for (let i = 0; i < roots.length; i += 1) {
    for (const el of roots[i]!.querySelectorAll('*')) {
      elements.push(el);
      if (el.shadowRoot) roots.push(el.shadowRoot);
    }
  }
  const describe = (el: Element): string => el.outerHTML.slice(0, 120);
  return {
    injected: elements.filter((el) => el.matches('img[src="x"], svg[onload], iframe, object, embed') || (radar.contains(el) && /^(img|svg|script|iframe|style|link|meta|form)$/i.test(el.tagName))).map(describe),
    handlers: elements.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName.toLowerCase()} ${a.name}`)),
    jsValues: elements.flatMap((el) => [...el.attributes].filter((a) => /^\s*javascript:/i.test(a.value)).map((a) => `${el.tagName.toLowerCase()} ${a.name}`)),
    inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    hrefs: [...radar.querySelectorAll('a')].map((a) => a.getAttribute('href')),
    text: radar.textContent ?? '',
  };
}

/** Lets anything an injected element would run (an image's error, an svg's load) happen first. */
async function settle(target: Page | Frame): Promise<void> {
  await target.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
}

/**
 * (a) each of `shown` is on screen as text, (b) no element was made from a payload, (c) nothing
 * ran in the sidebar frame or the ticket page, (d) every link goes to one of the account's tickets.
 */
async function expectInert(frame: Frame, shown: readonly string[], host: Page = page): Promise<void> {
  await settle(frame);
  await settle(host);
  const found = await frame.evaluate(inspectFrame);
  for (const text of shown) expect(found.text).toContain(text);
  expect(found.injected).toEqual([]);
  expect(found.handlers).toEqual([]);
  expect(found.jsValues).toEqual([]);
  expect(found.inlineScripts).toBe(0);
  for (const href of found.hrefs) expect(href).toMatch(new RegExp(`^https://${domain.replace(/\./g, '\\.')}/a/tickets/\\d+$`));
  expect(await frame.evaluate(() => (window as unknown as Pwned).__pwned)).toBeUndefined();
  expect(await host.evaluate(() => (window as unknown as Pwned).__pwned)).toBeUndefined();
  expect(await host.locator('img[src="x"], svg[onload]').count()).toBe(0);
  expect(imageRequests).toEqual([]);
}

beforeAll(async () => {
  devkit = await startTestDevkit({
    appDir: APP_DIR,
    install: (fake) => {
      group = fake.store.groups.create({ name: P.script });
      requester = fake.store.requesters.create({ first_name: P.img, last_name: P.svg, primary_email: 'probe.requester@corp.example' });
      const groupIds = new Map(fake.store.groups.list().map((g) => [g.name, g.id] as const));
      return { ...devIparams({ apiKey: fake.keys.admin, agentId: fake.keys.agentIds.admin, plan: 'starter', groupIds }), rules: JSON.stringify(probeRules(group.id)) };
    },
  });
  earlier = [];
  for (const payload of [P.img, P.script, P.svg, P.template]) {
    earlier.push(createTicket(devkit, { requester_id: requester.id, subject: `${MARKER} printer jams ${payload}`, description: DESCRIPTION }));
    await devkit.runtime.idle();
  }
  main = createTicket(devkit, { requester_id: requester.id, subject: `${MARKER} printer jams ${P.url}`, description: DESCRIPTION });
  await devkit.runtime.idle();
  domain = new URL(devkit.fake.url).host;
  browser = await launchChromium();
  routes = await routeOffline(browser.context);
  browser.context.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/x')) imageRequests.push(request.url());
  });
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await devkit?.stop();
});

describe('text the handlers stored', () => {
  let frame: Frame;

  test('triage: rule names and their conditions holding payloads are listed as text', async () => {
    frame = await openTicket(page, devkit, main.id);
    await hydrated(frame);
    const triage = frame.locator('#radar-triage');
    expect(await triage.locator('.radar-rule__name').allTextContents()).toEqual(RULE_NAMES);
    const reasons = await triage.locator('.radar-rule__reason').allTextContents();
    // The server writes a condition's values as JSON: quotes inside them come escaped.
    expect(reasons).toEqual(PAYLOADS.map((p) => `subject contains any ${JSON.stringify([MARKER, p])}`));
    await expectInert(frame, [...RULE_NAMES, ...PAYLOADS]);
    expect(routes.blocked).toEqual([]);
  });

  test('triage: a group name and tags holding payloads show as values old → new, with the rule that set them', async () => {
    const changes = (await frame.locator('#radar-triage .radar-change').allTextContents()).map(squash);
    expect(changes).toContain(`Group: none → ${P.script} (rule “${RULE_NAMES[1]}”)`);
    const tags = changes.find((c) => c.startsWith('Tags: '));
    expect(tags).toContain(P.svg);
    expect(tags).toContain(P.url);
    await expectInert(frame, [P.script, P.svg, P.url]);
  });

  test('possible duplicates: subjects holding payloads are the links\' text, and the links go to the tickets', async () => {
    const dups = frame.locator('#radar-duplicates li.radar-dup');
    expect(await dups.count()).toBe(earlier.length);
    const subjects = await frame.locator('#radar-duplicates .radar-dup__subject').allTextContents();
    expect([...subjects].sort()).toEqual(earlier.map(subjectOf).sort());
    const hrefs = await frame.locator('#radar-duplicates a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect([...hrefs].sort()).toEqual(earlier.map((t) => `https://${domain}/a/tickets/${t.id}`).sort());
    await expectInert(frame, earlier.map(subjectOf));
  });

  test("requester: a name holding payloads and the other open tickets' subjects show as text", async () => {
    const section = frame.locator('#radar-requester');
    expect(squash(await section.locator('.radar-requester__name').textContent())).toBe(`${P.img} ${P.svg} <probe.requester@corp.example>`);
    const links = section.locator('.radar-open a');
    const texts = (await links.allTextContents()).map(squash);
    for (const t of earlier) expect(texts).toContain(`#${t.id} ${subjectOf(t)} (opens in a new tab)`);
    expect(await section.locator('ul.radar-open').getAttribute('aria-label')).toBe(`Other open tickets from ${P.img} ${P.svg}`);
    await expectInert(frame, [P.img, P.svg, ...earlier.map(subjectOf)]);
  });

  test("requester after Refresh: the subjects Freshservice returns show as text, links to the account's tickets", async () => {
    clearActionSlots(devkit);
    await frame.getByRole('button', { name: /^Refresh/ }).click();
    await frame.locator('[data-cost="requester"]', { hasText: 'Refreshed:' }).waitFor();
    const hrefs = await frame.locator('#radar-requester .radar-open a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(expect.arrayContaining(earlier.map((t) => `https://${domain}/a/tickets/${t.id}`)));
    expect(hrefs).not.toContain(`https://${domain}/a/tickets/${main.id}`);
    const texts = (await frame.locator('#radar-requester .radar-open a').allTextContents()).map(squash);
    for (const t of earlier) expect(texts).toContain(`#${t.id} ${subjectOf(t)} (opens in a new tab)`);
    await expectInert(frame, earlier.map(subjectOf));
  });

  test('timeline: the group change and an escalation by a rule whose name and tag hold payloads', async () => {
    await page.locator('#ticket-edit select[name="priority"]').selectOption('4');
    await page.locator('#ticket-edit button[type="submit"]').click();
    await page.locator('#ticket-status', { hasText: 'Ticket updated.' }).waitFor();
    await devkit.runtime.idle();
    frame = await openTicket(page, devkit, main.id);
    const entries = (await frame.locator('#radar-timeline .radar-entry').allTextContents()).map(squash);
    expect(entries.some((e) => e.endsWith(`Group: none → ${P.script}`))).toBe(true);
    expect(entries.some((e) => e.endsWith('Priority: High → Urgent'))).toBe(true);
    const escalation = squash(await frame.locator('#radar-timeline .radar-escalation').first().textContent());
    expect(escalation).toContain(ESCALATION_RULE);
    expect(escalation).toContain(TAG);
    await expectInert(frame, [P.script, ESCALATION_RULE, TAG]);
  });

  test('the whole sidebar with the payloads, at its width (before the re-run replaces what triage did)', async () => {
    await sidebarScreenshot(browser.context, devkit, main.id, 'sidebar-injection');
  });

  test('"Re-run triage": the notification names the rules as text on the ticket page', async () => {
    clearActionSlots(devkit);
    const before = await page.evaluate(() => window.__devkitHost.notifications.length);
    await frame.getByRole('button', { name: 'Re-run triage' }).click();
    await page.waitForFunction((n) => window.__devkitHost.notifications.length > n, before, { timeout: 20_000 });
    const message = await page.evaluate(() => window.__devkitHost.notifications.at(-1)?.message ?? '');
    for (const name of RULE_NAMES) expect(message).toContain(`“${name}”`);
    await frame.locator('#radar-triage .radar-meta', { hasText: 'when an agent re-ran triage' }).waitFor();
    expect(await page.locator('.devkit-toast__message').last().textContent()).toBe(message);
    await expectInert(frame, RULE_NAMES);
  });
});

describe('server text the devkit cannot produce', () => {
  /** The real answer for the ticket with `edit` applied to it. */
  async function editInsights(target: Page, edit: (insights: Record<string, unknown>) => void): Promise<void> {
    await target.route('**/__devkit/api/invoke', async (route) => {
      if ((route.request().postDataJSON() as { name?: string }).name !== 'getTicketInsights') return route.continue();
      const response = await route.fetch();
      const reply = (await response.json()) as { ok: boolean; value?: Record<string, unknown> };
      if (reply.ok && reply.value) edit(reply.value);
      return route.fulfill({ response, json: reply });
    });
  }

  function addServerText(insights: Record<string, unknown>): void {
    const health = insights.health as Record<string, unknown>;
    health.lastError = { kind: P.template, message: P.img, hint: P.svg, at: Date.now() };
    health.rulesIssue = P.script;
    health.deferred = { since: Date.now() - 60_000, reason: P.url };
    health.plan = P.svg;
    insights.state = 'failed';
    insights.error = { kind: 'template', message: P.script, at: Date.now() };
    const timeline = insights.timeline as { escalations: unknown[] };
    timeline.escalations = [{ at: Date.now(), rules: [P.template], changes: [{ field: 'category', from: P.url, to: P.img }], note: 'none', error: P.script }];
  }

  test('health, triage error and escalation: server text holding payloads shows as text', async () => {
    const solo = await browser.context.newPage();
    try {
      await editInsights(solo, addServerText);
      await solo.goto(`${devkit.server.pages.tickets}?ticket=${main.id}`);
      const frame = await sidebarFrame(solo);
      await waitFor(frame, 'ready', main.id);
      const dd = async (key: string) => squash(await frame.locator(`#radar-health dd[data-health="${key}"]`).textContent());
      expect(await dd('error')).toMatch(new RegExp(`^${escapeRegExp(`${P.img} ${P.svg}`)} \\(`));
      expect(await dd('rules')).toBe(P.script);
      expect(await dd('deferred')).toContain(`because ${P.url}.`);
      expect(await dd('budget')).toContain(`of the ${P.svg} plan's budget`);
      expect(squash(await frame.locator('#radar-triage .radar-problem__detail').textContent())).toBe(P.script);
      const escalation = squash(await frame.locator('#radar-timeline .radar-escalation').first().textContent());
      expect(escalation).toContain(`${P.template}: Category ${P.url} → ${P.img}`);
      expect(escalation).toContain(P.script);
      await expectInert(frame, PAYLOADS, solo);
    } finally {
      await solo.close();
    }
  });

  test('a refused action and a failed load: the server message shows as text in the notification and the sidebar', async () => {
    const solo = await browser.context.newPage();
    try {
      let failLoad = false;
      await solo.route('**/__devkit/api/invoke', (route) => {
        const name = (route.request().postDataJSON() as { name?: string }).name;
        if (name === 'getTicketInsights' && !failLoad) return route.continue();
        const message = name === 'getTicketInsights' ? `${P.img} ${P.template}` : `${P.svg} ${P.script}`;
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { status: 500, message } }) });
      });
      await solo.goto(`${devkit.server.pages.tickets}?ticket=${main.id}`);
      const frame = await sidebarFrame(solo);
      await waitFor(frame, 'ready', main.id);
      await frame.getByRole('button', { name: 'Re-run triage' }).click();
      await solo.waitForFunction(() => window.__devkitHost.notifications.length > 0, undefined, { timeout: 20_000 });
      const message = await solo.evaluate(() => window.__devkitHost.notifications.at(-1)?.message ?? '');
      expect(message).toBe(`Ticket Radar ran into a problem. ${P.svg} ${P.script}`);
      expect(await solo.locator('.devkit-toast__message').last().textContent()).toBe(message);
      await expectInert(frame, [], solo);
      failLoad = true;
      await solo.goto(`${devkit.server.pages.tickets}?ticket=${main.id}`);
      const failed = await sidebarFrame(solo);
      await waitFor(failed, 'error');
      expect(squash(await failed.locator('.radar-error__detail').textContent())).toBe(`${P.img} ${P.template}`);
      await expectInert(failed, [P.img, P.template], solo);
    } finally {
      await solo.close();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
