/**
 * Requester: the requester's other open tickets, from what the app stored when it processed this
 * ticket (no API call to show them). "Refresh" looks them up again on demand and says what that
 * cost ("Refreshed: 1 API call").
 */
import { fwButton, h, timeEl, ticketLink } from '../dom';
import { ago, plural, valueName } from '../format';
import type { SidebarInsights } from '../insights';
import { emptyLine } from '../states';
import { item, list, names, section, ticketUrl, type View } from './view';

type Snapshot = NonNullable<SidebarInsights['requester']>;

function who(insights: SidebarInsights, view: View): string {
  return insights.requester?.name || view.ctx.requester.name || 'the requester';
}

function openTickets(snapshot: Snapshot, view: View, name: string): HTMLElement {
  if (snapshot.open.length === 0) return emptyLine(`No other open tickets from ${name}.`);
  const n = names(view);
  return list('radar-open', snapshot.open.map((t) => item('radar-open__item', [
    ticketLink(ticketUrl(view.ctx.domain, t.id), 'radar-open__link', [
      h('span', { class: 'radar-dup__id' }, [`#${t.id}`]),
      ' ',
      h('span', {}, [t.subject.trim() === '' ? '(no subject)' : t.subject]),
    ]),
    t.status === null ? null : h('span', { class: 'radar-open__status' }, [` · ${valueName('status', t.status, n)}`]),
  ])), `Other open tickets from ${name}`);
}

function asOf(snapshot: Snapshot, view: View): HTMLElement | null {
  return snapshot.at > 0 ? h('p', { class: 'radar-meta' }, ['As of ', timeEl(snapshot.at, ago(snapshot.at, view.now)), '.']) : null;
}

function refreshed(view: View): HTMLElement {
  const text = view.refreshed === null ? '' : `Refreshed: ${plural(view.refreshed.calls, 'API call')}`;
  return h('span', { class: 'radar-cost', 'data-cost': 'requester' }, [text]);
}

function refreshRow(view: View, name: string): HTMLElement {
  return h('div', { class: 'radar-actions' }, [
    fwButton({
      label: 'Refresh',
      srLabel: ` ${name}'s open tickets`,
      focusKey: 'refresh',
      loading: view.busy.has('refresh'),
      onClick: () => view.handlers.refreshRequester(),
    }),
    refreshed(view),
  ]);
}

export function renderRequester(insights: SidebarInsights, view: View): HTMLElement {
  const name = who(insights, view);
  const snapshot = insights.requester;
  const content = snapshot === null
    ? [emptyLine(`Ticket Radar lists ${name}'s other open tickets when it processes this ticket. Refresh to look them up now.`)]
    : [h('p', { class: 'radar-requester__name' }, [snapshot.email === '' ? name : `${name} <${snapshot.email}>`]), openTickets(snapshot, view, name), asOf(snapshot, view)];
  return section('requester', 'Requester', [...content, refreshRow(view, name)]);
}
