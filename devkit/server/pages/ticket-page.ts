/**
 * `/`: the simulated Freshservice ticket page. Left the ticket list, middle the open ticket,
 * right the app's `ticket_sidebar` placeholder in an iframe. The list and the ticket are also
 * served as fragments so the page's script can switch tickets without reloading the app.
 */
import type { TicketSummary, TicketView } from '../backend.ts';
import { html, type SafeHtml } from '../html.ts';
import { PRIORITY_LABELS, STATUS_LABELS } from '../fake-account.ts';
import { layout } from './layout.ts';

export interface TicketPageInput {
  tickets: TicketSummary[];
  ticket: TicketView | undefined;
  /** `/app/<url>` of the sidebar, undefined when the app has no ticket_sidebar. */
  sidebarSrc: string | undefined;
  installed: boolean;
}

export function ticketListFragment(tickets: TicketSummary[], selected: number | undefined): SafeHtml {
  if (tickets.length === 0) return html`<li class="muted">No tickets in the fake account.</li>`;
  return html`${tickets.map(
    (t) => html`<li><a href="/?ticket=${t.id}" data-ticket-id="${t.id}"${t.id === selected ? html` class="is-selected" aria-current="true"` : ''}>
  <span class="ticket-list__subject">${t.subject}</span>
  <span class="ticket-list__meta">#${t.id} · ${t.status} · ${t.priority} · ${t.requester}</span></a></li>`,
  )}`;
}

function options(labels: Readonly<Record<number, string>>, current: number): SafeHtml {
  return html`${Object.entries(labels).map(([value, label]) => html`<option value="${value}"${Number(value) === current ? html` selected` : ''}>${label}</option>`)}`;
}

export function ticketFragment(ticket: TicketView | undefined): SafeHtml {
  if (ticket === undefined) return html`<p class="muted">Pick a ticket on the left.</p>`;
  return html`<h1 class="ticket__subject" id="ticket-subject">${ticket.subject}</h1>
<p class="muted">#${ticket.id}</p>
<div class="ticket__description">${ticket.descriptionText || '(no description)'}</div>
<dl class="properties">${ticket.properties.map((p) => html`<dt>${p.label}</dt><dd>${p.value}</dd>`)}</dl>
<form class="ticket-edit" id="ticket-edit">
  <label>Status <select name="status">${options(STATUS_LABELS, ticket.status)}</select></label>
  <label>Priority <select name="priority">${options(PRIORITY_LABELS, ticket.priority)}</select></label>
  <button class="primary" type="submit">Update</button>
  <button type="button" id="refresh-ticket">Refresh</button>
  <span id="ticket-status" role="status"></span>
</form>
<h2>Conversations</h2>
<ol class="notes" id="ticket-notes">${
    ticket.notes.length === 0
      ? html`<li class="muted">No notes or replies yet.</li>`
      : ticket.notes.map(
          (n) => html`<li class="note${n.private ? ' note--private' : ''}"><div class="note__meta">${n.private ? 'Private note' : 'Reply'} · ${n.author} · ${n.createdAt}</div><p class="note__body">${n.bodyText}</p></li>`,
        )
  }</ol>`;
}

function sidebar(input: TicketPageInput): SafeHtml {
  if (input.sidebarSrc === undefined) {
    return html`<p class="notice">manifest.json declares no <code>modules.service_ticket.location.ticket_sidebar</code>, so there is no sidebar to show.</p>`;
  }
  if (!input.installed) return html`<p class="notice">The app is not installed. <a href="/custom_configs">Install it</a> to see the sidebar.</p>`;
  if (input.ticket === undefined) return html`<p class="muted">Open a ticket to see the app.</p>`;
  const src = `${input.sidebarSrc}?location=ticket_sidebar&ticket=${input.ticket.id}`;
  return html`<iframe class="app-frame" id="app-sidebar" title="Ticket Radar (ticket sidebar)" src="${src}"></iframe>`;
}

export function ticketPage(input: TicketPageInput): string {
  const body = html`<div class="ticket-layout">
  <section class="panel" aria-label="Tickets">
    <details class="new-ticket"><summary>New ticket</summary>
      <form id="new-ticket-form">
        <label>Subject <input name="subject" required maxlength="255"></label>
        <label>Description <textarea name="description" rows="4"></textarea></label>
        <label>Requester email (blank: the first requester) <input name="requester" type="email"></label>
        <label>Priority <select name="priority">${options(PRIORITY_LABELS, 1)}</select></label>
        <button class="primary" type="submit">Create</button>
        <span id="new-ticket-status" class="muted" role="status"></span>
      </form>
    </details>
    <ul class="ticket-list" id="ticket-list">${ticketListFragment(input.tickets, input.ticket?.id)}</ul>
  </section>
  <section class="panel" id="ticket-view" aria-label="Ticket" data-ticket-id="${input.ticket?.id ?? ''}">${ticketFragment(input.ticket)}</section>
  <aside class="panel" aria-label="Apps">
    <div class="sidebar__head"><img src="/__devkit/app-icon" alt="">Ticket Radar</div>
    ${sidebar(input)}
  </aside>
</div>`;
  return layout({ page: 'tickets', title: input.ticket ? `#${input.ticket.id} ${input.ticket.subject}` : 'Tickets', installed: input.installed, body, script: '/__devkit/assets/ticket-page.js' });
}
