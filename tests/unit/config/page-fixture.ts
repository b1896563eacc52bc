/**
 * The installation page in happy-dom for unit tests: config/iparams.html's markup (Crayons tags
 * stay undefined elements, so their props are plain properties), a scripted FDK client, manual
 * timers, and helpers that emit what Crayons components emit.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Handlebars from 'handlebars';
import { vi } from 'vitest';
import type { InstallClient, TemplateResponse, Timers } from '../../../config/src/fdk.ts';
import { createPage, type InstallPage } from '../../../config/src/page.ts';

const HTML = readFileSync(resolve(import.meta.dirname, '../../../config/iparams.html'), 'utf8');

/** The page's `<main>`, without scripts (the entry is not run; `createPage` is). */
export function pageMarkup(): string {
  const main = /<main[\s\S]*<\/main>/.exec(HTML);
  if (main === null) throw new Error('config/iparams.html has no <main>');
  return main[0];
}

export interface Fixture {
  page: InstallPage;
  client: InstallClient & {
    invokeTemplate: ReturnType<typeof vi.fn>;
    invoke: ReturnType<typeof vi.fn>;
  };
  /** Runs the timers that are due (all of them: time is not simulated). */
  flushTimers(): void;
  $(selector: string): HTMLElement;
  $$(selector: string): HTMLElement[];
}

export const ADMIN_AGENT = { id: 21000418006, first_name: 'Priya', last_name: 'Raman', email: 'priya.raman@corp.example', active: true, roles: [{ role_id: 1, assignment_scope: 'entire_helpdesk' }] };

export function agentReply(agent: Record<string, unknown> = ADMIN_AGENT): TemplateResponse {
  return { status: 200, headers: {}, response: JSON.stringify({ agent }) };
}

export function setup(options: { templates?: boolean } = {}): Fixture {
  document.body.innerHTML = pageMarkup();
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    set: (fn) => {
      next += 1;
      pending.set(next, fn);
      return next;
    },
    clear: (id) => {
      pending.delete(id);
    },
  };
  const invokeTemplate = vi.fn<(name: string, options: unknown) => Promise<TemplateResponse>>(() => Promise.resolve(agentReply()));
  const invoke = vi.fn<(name: string, payload: unknown) => Promise<{ response?: unknown }>>(() => Promise.reject({ status: 404, message: 'no server in this test' }));
  const client = { request: { invokeTemplate, invoke }, invokeTemplate, invoke } as unknown as Fixture['client'];
  const engine = Handlebars.create();
  const page = createPage({
    doc: document,
    client: () => Promise.resolve(client),
    templates: () => (options.templates === false ? undefined : engine),
    timers,
    now: () => Date.UTC(2026, 10, 26, 12, 0, 30),
    defer: (fn) => fn(),
  });
  return {
    page,
    client,
    flushTimers() {
      for (const [id, fn] of [...pending]) {
        pending.delete(id);
        fn();
      }
    },
    $: (selector) => {
      const el = document.querySelector(selector);
      if (el === null) throw new Error(`nothing matches ${selector}`);
      return el as HTMLElement;
    },
    $$: (selector) => Array.from(document.querySelectorAll(selector)) as HTMLElement[],
  };
}

/** What a Crayons text field emits when the admin types. */
export function type(el: Element, value: string): void {
  Object.assign(el, { value });
  el.dispatchEvent(new CustomEvent('fwInput', { detail: { value } }));
}

/** What a Crayons dropdown emits (twice, as Crayons does). */
export function choose(el: Element, value: string): void {
  Object.assign(el, { value });
  el.dispatchEvent(new CustomEvent('fwChange', { detail: { value } }));
  el.dispatchEvent(new CustomEvent('fwChange', { detail: { value } }));
}

export function toggle(el: Element, checked: boolean): void {
  Object.assign(el, { checked });
  el.dispatchEvent(new CustomEvent('fwChange', { detail: { checked } }));
}

export function press(el: Element): void {
  el.dispatchEvent(new CustomEvent('fwClick'));
}

/** The fw-button inside `root` whose label starts with `label`. */
export function button(root: ParentNode, label: string): HTMLElement {
  const found = Array.from(root.querySelectorAll('fw-button')).find((b) => (b.textContent ?? '').startsWith(label));
  if (found === undefined) throw new Error(`no button "${label}"`);
  return found as HTMLElement;
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
