/**
 * Timeline: time spent in each status as a small horizontal bar chart (divs, widths relative to the
 * longest; each bar's duration written out and the share spoken to screen readers), then the
 * recorded changes newest first, then the escalations that fired.
 */
import type { Escalation } from '../../../core/insights';
import type { TimelineEntry } from '../../../core/timeline';
import { h, srOnly, timeEl } from '../dom';
import { ago, fieldLabel, formatDuration, fromTo, type Names } from '../format';
import type { SidebarInsights } from '../insights';
import { emptyLine } from '../states';
import { item, list, names, section, type View } from './view';

type Durations = SidebarInsights['timeline']['durations'];

/** Changes listed before "and N earlier changes". */
export const MAX_ENTRIES = 8;

function bar(d: Durations[number], longest: number, total: number): HTMLElement {
  const width = longest > 0 ? Math.max(2, Math.round((d.ms / longest) * 100)) : 0;
  const share = total > 0 ? Math.round((d.ms / total) * 100) : 0;
  const fill = h('span', { class: `radar-bar__fill radar-bar__fill--s${d.status}` });
  fill.style.inlineSize = `${width}%`;
  return item('radar-chart__row', [
    h('span', { class: 'radar-chart__label' }, [d.name]),
    h('span', { class: 'radar-bar', 'aria-hidden': 'true' }, [fill]),
    h('span', { class: 'radar-chart__value' }, [formatDuration(d.ms), srOnly(`, ${share}% of the ticket's time`)]),
  ]);
}

function chart(durations: Durations): HTMLElement | null {
  const shown = durations.filter((d) => d.ms > 0);
  if (shown.length === 0) return null;
  const longest = Math.max(...shown.map((d) => d.ms));
  const total = shown.reduce((sum, d) => sum + d.ms, 0);
  return list('radar-chart', shown.map((d) => bar(d, longest, total)), 'Time in each status');
}

function entryItem(e: TimelineEntry, view: View, n: Names): HTMLElement {
  return item('radar-entry', [
    timeEl(e.at, ago(e.at, view.now)),
    h('span', { class: 'radar-entry__text' }, [` ${fieldLabel(e.field)}: ${fromTo(e.field, e.from, e.to, n)}`]),
  ]);
}

function entries(all: readonly TimelineEntry[], view: View): HTMLElement | null {
  if (all.length === 0) return null;
  const n = names(view);
  const newest = [...all].reverse().slice(0, MAX_ENTRIES);
  const more = all.length - newest.length;
  return h('div', { class: 'radar-entries' }, [
    h('h3', { class: 'radar-subtitle' }, ['Changes']),
    list('radar-entry-list', newest.map((e) => entryItem(e, view, n)), 'Changes, newest first'),
    more > 0 ? h('p', { class: 'radar-meta' }, [`and ${more} earlier ${more === 1 ? 'change' : 'changes'}`]) : null,
  ]);
}

function escalationText(e: Escalation, n: Names): string {
  const what = e.changes.map((c) => `${fieldLabel(c.field)} ${fromTo(c.field, c.from, c.to, n)}`).join('; ');
  const rules = e.rules.length > 0 ? e.rules.join(', ') : 'an escalation rule';
  return ` ${rules}${what === '' ? '' : `: ${what}`}`;
}

function escalationItem(e: Escalation, view: View, n: Names): HTMLElement {
  return item('radar-escalation', [
    timeEl(e.at, ago(e.at, view.now)),
    h('span', {}, [escalationText(e, n)]),
    e.error === null ? null : h('p', { class: 'radar-problem__detail' }, [e.error]),
  ]);
}

function escalations(all: readonly Escalation[], view: View): HTMLElement | null {
  if (all.length === 0) return null;
  const n = names(view);
  return h('div', { class: 'radar-escalations' }, [
    h('h3', { class: 'radar-subtitle' }, ['Escalations']),
    list('radar-escalation-list', [...all].reverse().map((e) => escalationItem(e, view, n)), 'Escalations, newest first'),
  ]);
}

export function renderTimeline(insights: SidebarInsights, view: View): HTMLElement {
  const t = insights.timeline;
  const parts = [chart(t.durations), entries(t.entries, view), escalations(t.escalations, view)].filter((p): p is HTMLElement => p !== null);
  if (parts.length === 0) {
    return section('timeline', 'Timeline', [emptyLine('No changes recorded yet. Status, priority, group and agent changes will appear here, with the time spent in each status.')]);
  }
  return section('timeline', 'Timeline', parts);
}
