/**
 * Possible duplicates: each a link to the other ticket (agent portal, new tab), its similarity as
 * a percentage and the words both tickets share. "Not a duplicate" is remembered by the server;
 * dismissed ones move to the end, collapsed and marked. A duplicate deleted since still shows
 * the subject stored when it was found.
 */
import { fwButton, h, ticketLink } from '../dom';
import { percent } from '../format';
import type { Duplicate, SidebarInsights } from '../insights';
import { emptyLine } from '../states';
import { item, list, section, ticketUrl, type View } from './view';

function subjectOf(d: Duplicate): string {
  return d.subject.trim() === '' ? '(no subject stored)' : d.subject;
}

function link(d: Duplicate, view: View): HTMLElement {
  return ticketLink(ticketUrl(view.ctx.domain, d.id), 'radar-dup__link', [
    h('span', { class: 'radar-dup__id' }, [`#${d.id}`]),
    ' ',
    h('span', { class: 'radar-dup__subject' }, [subjectOf(d)]),
  ]);
}

function active(d: Duplicate, view: View): HTMLElement {
  return item('radar-dup', [
    link(d, view),
    h('p', { class: 'radar-dup__meta' }, [
      h('span', { class: 'radar-dup__score' }, [`${percent(d.score)} similar`]),
      d.words.length === 0 ? null : h('span', { class: 'radar-dup__words' }, [` · shared words: ${d.words.join(', ')}`]),
    ]),
    fwButton({
      label: 'Not a duplicate',
      srLabel: ` (ticket #${d.id})`,
      focusKey: `dismiss:${d.id}`,
      loading: view.busy.has(`dismiss:${d.id}`),
      onClick: () => view.handlers.dismiss(d.id),
    }),
  ]);
}

function dismissed(d: Duplicate, view: View): HTMLElement {
  return item('radar-dup radar-dup--dismissed', [
    link(d, view),
    h('p', { class: 'radar-dup__meta' }, [`Marked not a duplicate · was ${percent(d.score)} similar`]),
  ]);
}

function emptyText(insights: SidebarInsights): string {
  return insights.known
    ? 'No possible duplicates: no recent ticket from this requester is similar.'
    : 'Ticket Radar looks for duplicates among the requester\'s recent tickets when it processes this ticket.';
}

export function renderDuplicates(insights: SidebarInsights, view: View): HTMLElement {
  const open = insights.duplicates.filter((d) => !d.dismissed);
  const closed = insights.duplicates.filter((d) => d.dismissed);
  if (open.length + closed.length === 0) return section('duplicates', 'Possible duplicates', [emptyLine(emptyText(insights))]);
  const count = h('fw-label', { value: `${open.length} open`, color: open.length > 0 ? 'yellow' : 'grey', class: 'radar-badge' });
  return section('duplicates', 'Possible duplicates', [
    list('radar-dups', [...open.map((d) => active(d, view)), ...closed.map((d) => dismissed(d, view))], 'Possible duplicates'),
  ], count);
}
