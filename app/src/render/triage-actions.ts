/**
 * The triage section's buttons: "Re-run triage" and "Post acknowledgement". The acknowledgement
 * button is disabled with the reason beside it when no template is configured or the note is
 * already posted or on its way, so an agent never clicks into a refusal.
 */
import { fwButton, h } from '../dom';
import type { SidebarInsights } from '../insights';
import type { View } from './view';

const ACK_BLOCKED: Readonly<Record<string, string>> = {
  done: 'The acknowledgement is already posted on this ticket.',
  intent: 'The app is posting the acknowledgement now.',
  todo: 'The app posts the acknowledgement with its next sweep.',
};

const NOT_CONFIGURED = 'No acknowledgement template is set up. An admin can add one in the app settings.';

/** Why the acknowledgement cannot be posted now, or null when it can. */
export function ackBlocked(ack: SidebarInsights['ack']): string | null {
  if (!ack.configured) return NOT_CONFIGURED;
  return ACK_BLOCKED[ack.state] ?? null;
}

function rerunButton(insights: SidebarInsights, view: View): HTMLElement {
  const running = view.busy.has('rerun');
  return fwButton({
    label: insights.state === 'unseen' ? 'Run triage now' : 'Re-run triage',
    color: 'primary',
    focusKey: 'rerun',
    loading: running,
    onClick: () => view.handlers.rerun(),
  });
}

function ackButton(insights: SidebarInsights, view: View): HTMLElement {
  const blocked = ackBlocked(insights.ack);
  return fwButton({
    label: 'Post acknowledgement',
    focusKey: 'ack',
    disabled: blocked !== null,
    loading: view.busy.has('ack'),
    onClick: () => view.handlers.acknowledge(),
  });
}

export function triageActions(insights: SidebarInsights, view: View): HTMLElement {
  const blocked = ackBlocked(insights.ack);
  return h('div', { class: 'radar-actions-block' }, [
    h('div', { class: 'radar-actions', role: 'group', 'aria-label': 'Triage actions' }, [rerunButton(insights, view), ackButton(insights, view)]),
    blocked === null ? null : h('p', { class: 'radar-hint', id: 'radar-ack-hint', 'data-hint': 'ack' }, [blocked]),
  ]);
}
