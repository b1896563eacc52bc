/**
 * Triage: what the app did to this ticket and why. Its state (done, partly done, failed, skipped,
 * not processed yet), when and how it ran, the rules that matched with their reasons, and each
 * field it changed by name ("Priority: Low → High").
 */
import { h, timeEl } from '../dom';
import { ago, fieldLabel, fromTo } from '../format';
import type { SidebarInsights } from '../insights';
import { emptyLine } from '../states';
import { triageActions } from './triage-actions';
import { deferralReason } from './health-words';
import { item, list, names, section, type View } from './view';

type State = SidebarInsights['state'];

const BADGES: Readonly<Record<State, [string, string]>> = {
  done: ['Triaged', 'green'],
  partial: ['Partly done', 'yellow'],
  failed: ['Failed', 'red'],
  skipped: ['Skipped', 'grey'],
  unseen: ['Not processed yet', 'grey'],
};

const VIA: Readonly<Record<string, string>> = {
  event: 'when the ticket was created',
  sweep: 'by a catch-up sweep',
  rerun: 'when an agent re-ran triage',
};

const STATE_TEXT: Readonly<Partial<Record<State, string>>> = {
  partial: 'Some of the work is still to do; the app finishes it with its next sweep.',
  failed: 'Triage could not finish. Re-run triage to try again.',
  skipped: 'Ticket Radar skipped this ticket.',
};

/** Ten minutes: a ticket older than this that the app never saw was probably created before it was installed. */
const NEW_TICKET_MS = 10 * 60_000;

function badge(state: State): HTMLElement {
  const [label, color] = BADGES[state];
  return h('fw-label', { value: label, color, class: 'radar-badge', 'data-triage-state': state });
}

/** Deferred work that started before this ticket was created holds it too. */
function heldBy(insights: SidebarInsights, view: View): string | null {
  const deferred = insights.health?.deferred ?? null;
  const created = view.ctx.createdAt ?? view.now;
  return deferred !== null && created >= deferred.since - 60_000 ? deferred.reason : null;
}

function unseenText(insights: SidebarInsights, view: View): string {
  const held = heldBy(insights, view);
  if (held !== null) return `Ticket Radar has not processed this ticket yet: its work is waiting because ${deferralReason(held)}. It catches up on its own.`;
  const created = view.ctx.createdAt;
  if (created === null || view.now - created < NEW_TICKET_MS) {
    return 'Ticket Radar has not processed this ticket yet. It does so within a minute of creation.';
  }
  return 'Ticket Radar has no record of this ticket; it may have been created before the app was installed. Run triage to process it now.';
}

function processed(insights: SidebarInsights, view: View): HTMLElement | null {
  if (insights.processedAt === null || insights.processedAt <= 0) return null;
  const how = VIA[insights.via ?? ''] ?? '';
  return h('p', { class: 'radar-meta' }, ['Processed ', timeEl(insights.processedAt, ago(insights.processedAt, view.now)), how === '' ? '' : ` ${how}`, '.']);
}

function problem(insights: SidebarInsights): HTMLElement | null {
  const text = STATE_TEXT[insights.state];
  if (text === undefined && insights.error === null) return null;
  return h('div', { class: `radar-problem radar-problem--${insights.state}` }, [
    text === undefined ? null : h('p', {}, [text]),
    insights.error === null ? null : h('p', { class: 'radar-problem__detail' }, [insights.error.message]),
  ]);
}

function rules(insights: SidebarInsights): HTMLElement {
  if (insights.rules.length === 0) return emptyLine('No rule matched this ticket.');
  return list('radar-rules', insights.rules.map((r) => item('radar-rule', [
    h('span', { class: 'radar-rule__name' }, [r.name || 'Unnamed rule']),
    r.why.length === 0 ? null : list('radar-rule__why', r.why.map((w) => item('radar-rule__reason', [w])), `Why ${r.name} matched`),
  ])), 'Rules that matched');
}

/** Changes recorded but not applied yet (the update is still to be sent) are not shown as made. */
function changesTitle(insights: SidebarInsights): string {
  return insights.update === 'todo' || insights.update === 'intent' ? 'Changes still to make' : 'What changed';
}

function changes(insights: SidebarInsights, view: View): HTMLElement | null {
  if (insights.changes.length === 0) return null;
  const n = names(view);
  return h('div', { class: 'radar-changes' }, [
    h('h3', { class: 'radar-subtitle' }, [changesTitle(insights)]),
    list('radar-change-list', insights.changes.map((c) => item('radar-change', [
      h('span', { class: 'radar-change__field' }, [`${fieldLabel(c.field)}: `]),
      h('span', { class: 'radar-change__values' }, [fromTo(c.field, c.from, c.to, n)]),
      c.rule === undefined ? null : h('span', { class: 'radar-change__rule' }, [` (rule “${c.rule}”)`]),
    ])), 'Fields the app changed'),
  ]);
}

const NOTE_TEXT: Readonly<Record<string, string>> = {
  done: 'A private note explains this on the ticket.',
  todo: 'A private note is waiting to be posted.',
  intent: 'A private note is being posted.',
};

function note(insights: SidebarInsights): HTMLElement | null {
  const text = NOTE_TEXT[insights.note];
  return text === undefined ? null : h('p', { class: 'radar-meta' }, [text]);
}

function body(insights: SidebarInsights, view: View): Array<HTMLElement | null> {
  if (insights.state === 'unseen') return [emptyLine(unseenText(insights, view))];
  return [processed(insights, view), problem(insights), rules(insights), changes(insights, view), note(insights)];
}

export function renderTriage(insights: SidebarInsights, view: View): HTMLElement {
  return section('triage', 'Triage', [...body(insights, view), triageActions(insights, view)], badge(insights.state));
}
