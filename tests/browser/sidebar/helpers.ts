/**
 * Helpers for the sidebar's browser tests: the real app (built by `npm run build`) in the devkit,
 * the sidebar iframe of the simulated ticket page, what one open cost the runtime, and full-length
 * screenshots of the sidebar at its real width.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { blockKey } from '../../../core/record.ts';
import type { Ticket } from '../../../devkit/fake-freshservice/model.ts';
import { RESULTS_DIR } from '../helpers/screenshot.ts';
import type { TestDevkit } from '../helpers/devkit.ts';

export const APP_DIR = resolve(import.meta.dirname, '../../..');
/** The devkit's sidebar column is 340 px with padding: the app gets about 300 px. */
export const SIDEBAR_WIDTH = 300;

export async function sidebarFrame(page: Page): Promise<Frame> {
  await page.locator('#app-sidebar').waitFor();
  const frame = await (await page.locator('#app-sidebar').elementHandle())?.contentFrame();
  if (!frame) throw new Error('the sidebar iframe has no frame');
  return frame;
}

/** Waits until the sidebar shows a state for the ticket: `ready` (sections filled) or `error`. */
export async function waitFor(frame: Frame, state: 'ready' | 'error', ticketId?: number): Promise<void> {
  const page = ticketId === undefined ? '' : ` .radar-page[data-ticket="${ticketId}"]`;
  await frame.locator(`#radar[data-state="${state}"][aria-busy="false"]${state === 'ready' ? page : ''}`).first().waitFor({ timeout: 20_000 });
}

export async function openTicket(page: Page, devkit: TestDevkit, ticketId: number, state: 'ready' | 'error' = 'ready'): Promise<Frame> {
  await page.goto(`${devkit.server.pages.tickets}?ticket=${ticketId}`);
  const frame = await sidebarFrame(page);
  await waitFor(frame, state, ticketId);
  return frame;
}

export interface OpenCost {
  serverMethodCalls: number;
  insightsCalls: number;
  dbReads: number;
  dbOps: number;
  templateCalls: number;
  apiCalls: number;
}

function snapshot(devkit: TestDevkit): OpenCost & { invocations: number } {
  const s = devkit.runtime.stats;
  return {
    serverMethodCalls: s.smi.total,
    insightsCalls: s.invocations.byHandler.getTicketInsights ?? 0,
    dbReads: s.db.byOp.get,
    dbOps: s.db.byOp.get + s.db.byOp.set + s.db.byOp.update + s.db.byOp.delete,
    templateCalls: s.templates.calls,
    apiCalls: devkit.fake.calls.length,
    invocations: s.invocations.total,
  };
}

/**
 * What `open` cost the runtime, between the moment before and the moment the runtime is idle
 * after it. A scheduled event (tick or heartbeat) that ran meanwhile would blur the `$db` counts,
 * so such a measurement is taken again (up to three times).
 */
export async function costOf(devkit: TestDevkit, open: () => Promise<unknown>): Promise<OpenCost> {
  for (let attempt = 1; ; attempt += 1) {
    await devkit.runtime.idle();
    const before = snapshot(devkit);
    await open();
    await devkit.runtime.idle();
    const after = snapshot(devkit);
    const clean = after.invocations - before.invocations === after.serverMethodCalls - before.serverMethodCalls;
    if (clean || attempt === 3) {
      return {
        serverMethodCalls: after.serverMethodCalls - before.serverMethodCalls,
        insightsCalls: after.insightsCalls - before.insightsCalls,
        dbReads: after.dbReads - before.dbReads,
        dbOps: after.dbOps - before.dbOps,
        templateCalls: after.templateCalls - before.templateCalls,
        apiCalls: after.apiCalls - before.apiCalls,
      };
    }
  }
}

/** Frees the agents' action slots (2 a minute, server/lib/limits.ts) so each action test starts fresh. */
export function clearActionSlots(devkit: TestDevkit): void {
  for (const key of Object.keys(devkit.runtime.db.dump())) {
    if (key.startsWith('radar:i:')) devkit.runtime.db.delete(key);
  }
}

/** Writes attributes of a ticket's block straight into the runtime's `$db` (not counted). */
export function writeBlock(devkit: TestDevkit, ticketId: number, attrs: Record<string, unknown>): void {
  const key = blockKey(ticketId);
  devkit.runtime.db.set(key, { ...(devkit.runtime.db.get(key) ?? {}), ...attrs } as never);
}

export function createTicket(devkit: TestDevkit, input: Partial<Ticket> & { subject: string }): Ticket {
  const requester = devkit.fake.store.requesters.list()[0];
  if (!requester) throw new Error('the fake account has no requesters');
  return devkit.fake.store.tickets.create({ requester_id: requester.id, priority: 1, ...input });
}

/** A seeded ticket: it existed before the app was installed, so the app never processed it. */
export function seededTicket(devkit: TestDevkit): Ticket {
  const ticket = devkit.fake.store.tickets.list().find((t) => !t.deleted && !t.spam && t.status === 2);
  if (!ticket) throw new Error('the fake account has no open seeded ticket');
  return ticket;
}

/** Waits until every Crayons element on the page (or frame) has hydrated, so screenshots show them styled. */
export async function hydrated(target: Page | Frame): Promise<void> {
  await target.waitForFunction(() => [...document.querySelectorAll('#radar *')].filter((el) => el.tagName.startsWith('FW-')).every((el) => el.classList.contains('hydrated')), undefined, { timeout: 10_000 });
}

/**
 * The sidebar page on its own at sidebar width (the devkit client activates it at once), so a
 * full-page screenshot shows every section instead of the 700 px frame. Returns the file.
 */
export async function sidebarScreenshot(context: BrowserContext, devkit: TestDevkit, ticketId: number, name: string, prepare?: (page: Page) => Promise<void>): Promise<string> {
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: SIDEBAR_WIDTH, height: 600 });
    if (prepare) await prepare(page);
    await page.goto(`${devkit.server.url}/app/index.html?location=ticket_sidebar&ticket=${ticketId}`);
    await page.locator('#radar:not([data-state="loading"])').waitFor({ timeout: 20_000 });
    await hydrated(page);
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = resolve(RESULTS_DIR, `${name}.png`);
    await page.screenshot({ path, animations: 'disabled', fullPage: true });
    return path;
  } finally {
    await page.close();
  }
}
