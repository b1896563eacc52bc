/** The whole sidebar for one ticket's insights, section by section. */
import { h } from '../dom';
import type { SidebarInsights } from '../insights';
import { olderRecordNotice } from '../states';
import { renderDuplicates } from './duplicates';
import { renderHealth } from './health';
import { renderRequester } from './requester';
import { renderTimeline } from './timeline';
import { renderTriage } from './triage';
import type { View } from './view';

export function renderPage(insights: SidebarInsights, view: View): HTMLElement {
  return h('div', { class: 'radar-page', 'data-state': 'ready', 'data-ticket': String(insights.ticketId) }, [
    insights.olderRecord ? olderRecordNotice() : null,
    renderTriage(insights, view),
    renderDuplicates(insights, view),
    renderRequester(insights, view),
    renderTimeline(insights, view),
    renderHealth(insights.health, view),
  ]);
}
