/**
 * Sidebar measurement (DESIGN §6 "Latency": time to first useful paint, size of the shipped JS):
 * the built `app/scripts/app.js` size, and, over N opens of the simulated ticket page in headless
 * Chromium against the devkit, the time from the page's navigation start to the moment the sidebar
 * has filled its first section with data. The sidebar marks that moment itself
 * (`performance.mark('radar:first-section')`, app/src/sidebar.ts); its frame has its own time
 * origin, so the figure is `frame.timeOrigin + mark − page.timeOrigin`. Each open is a fresh page
 * in one browser (cached Crayons, like an agent moving between tickets); warm-up opens are not
 * counted. Everything stays on 127.0.0.1: the dev server serves jsDelivr URLs from node_modules
 * and any other request is aborted.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { build } from '../build/build.ts';
import { startDevkit, type Devkit } from '../server/devkit.ts';
import { median, percentile, round } from './metrics.ts';

export interface SidebarMeasure {
  appJsBytes: number;
  firstSectionMs: { median: number; p95: number; runs: number };
}

export interface SidebarOptions {
  /** Counted opens (default 20). */
  runs?: number;
  /** Opens before counting (default 3). */
  warmup?: number;
  appDir?: string;
}

const APP_DIR = resolve(import.meta.dirname, '../..');
const APP_JS = 'app/scripts/app.js';
const FIRST_SECTION_MARK = 'radar:first-section';
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function sidebarFrame(page: Page): Promise<Frame> {
  const handle = await page.locator('#app-sidebar').elementHandle({ timeout: 20_000 });
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('measureSidebar: the ticket page has no sidebar iframe');
  return frame;
}

/** One open: navigation start of the ticket page → the sidebar's first filled section, in ms. */
async function openOnce(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    const frame = await sidebarFrame(page);
    const mark = await frame.waitForFunction((name) => {
      const entry = performance.getEntriesByName(name)[0];
      return entry === undefined ? null : performance.timeOrigin + entry.startTime;
    }, FIRST_SECTION_MARK, { timeout: 20_000 });
    const markedAt = (await mark.jsonValue()) as number;
    const origin = await page.evaluate(() => performance.timeOrigin);
    return markedAt - origin;
  } finally {
    await page.close();
  }
}

async function withBrowser<T>(work: (context: BrowserContext) => Promise<T>): Promise<T> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'chr-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 960 } });
  try {
    await context.route((url) => url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:', (route) => route.abort('blockedbyclient'));
    return await work(context);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** A ticket the app has triaged, with a duplicate and a timeline: every section has data. */
async function preparedTicket(devkit: Devkit): Promise<number> {
  const store = devkit.fake.store;
  const requester = store.requesters.list()[0];
  if (requester === undefined) throw new Error('measureSidebar: the fake account has no requesters');
  store.tickets.create({ requester_id: requester.id, subject: 'VPN keeps dropping on my laptop', description: 'The VPN drops every ten minutes from home.', priority: 1 });
  await devkit.runtime.idle();
  const ticket = store.tickets.create({ requester_id: requester.id, subject: 'VPN dropping on laptop', description: 'My VPN drops every ten minutes from home.', priority: 1 });
  await devkit.runtime.idle();
  return ticket.id;
}

export async function measureSidebar(options: SidebarOptions = {}): Promise<SidebarMeasure> {
  const appDir = options.appDir ?? APP_DIR;
  if (!existsSync(resolve(appDir, APP_JS))) await build(appDir);
  const appJsBytes = statSync(resolve(appDir, APP_JS)).size;
  const runs = options.runs ?? 20;
  const warmup = options.warmup ?? 3;
  const devkit = await startDevkit({ appDir, port: 0, usageLogMs: 0 });
  try {
    const ticketId = await preparedTicket(devkit);
    const url = `${devkit.server.pages.tickets}?ticket=${ticketId}`;
    const times = await withBrowser(async (context) => {
      const out: number[] = [];
      for (let i = 0; i < warmup + runs; i += 1) {
        const ms = await openOnce(context, url);
        if (i >= warmup) out.push(ms);
      }
      return out;
    });
    return { appJsBytes, firstSectionMs: { median: round(median(times), 1), p95: round(percentile(times, 95), 1), runs: times.length } };
  } finally {
    await devkit.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureSidebar().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(`measureSidebar failed: ${(error as Error)?.stack ?? String(error)}`);
      process.exitCode = 1;
    },
  );
}
