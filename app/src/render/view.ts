/** What every section renderer gets, and the section frame they share (a heading per section). */
import type { TicketContext } from '../context';
import { h, type Child } from '../dom';
import type { Names } from '../format';

export interface Handlers {
  rerun(): void;
  acknowledge(): void;
  dismiss(duplicateId: number): void;
  refreshRequester(): void;
}

export interface View {
  ctx: TicketContext;
  now: number;
  /** Actions running now: `rerun`, `ack`, `refresh`, `dismiss:<id>`. */
  busy: ReadonlySet<string>;
  /** What the last requester refresh cost, shown until the next load. */
  refreshed: { calls: number } | null;
  handlers: Handlers;
}

export function names(view: View): Names {
  return { groups: view.ctx.groups, agents: view.ctx.agents };
}

/** The agent-portal URL of a ticket: `https://<domain>/a/tickets/<id>`. */
export function ticketUrl(domain: string, id: number): string {
  return domain === '' ? `/a/tickets/${id}` : `https://${domain}/a/tickets/${id}`;
}

/** A `<section>` labelled by its `<h2>`; the heading takes focus when the content under it goes away. */
export function section(id: string, title: string, children: readonly Child[], badge: Child = null): HTMLElement {
  return h('section', { class: `radar-section radar-section--${id}`, id: `radar-${id}`, 'aria-labelledby': `radar-${id}-title` }, [
    h('div', { class: 'radar-section__head' }, [
      h('h2', { class: 'radar-section__title', id: `radar-${id}-title`, tabindex: '-1', 'data-focus': `heading:${id}` }, [title]),
      badge,
    ]),
    ...children,
  ]);
}

/** A list with its role spelled out (list styling off makes some screen readers drop it). */
export function list(className: string, items: readonly HTMLElement[], label?: string): HTMLElement {
  return h('ul', { class: className, role: 'list', 'aria-label': label }, items);
}

export function item(className: string, children: readonly Child[]): HTMLElement {
  return h('li', { class: className, role: 'listitem' }, children);
}
