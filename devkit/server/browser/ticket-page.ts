/**
 * The simulated ticket page. Switching tickets keeps the sidebar iframe and tells the app what a
 * real page change would: `app.deactivated`, the new ticket, `app.activated`. Property edits and
 * new tickets go through the fake account (which fires onTicketUpdate / onTicketCreate to the
 * runtime) and then `ticket.propertiesUpdated` reaches the sidebar.
 */
import { appEvent, listenToApps, sendToApp } from './frames.ts';
import { api, byId, fragment } from './http.ts';

const sidebar = document.getElementById('app-sidebar') as HTMLIFrameElement | null;
const view = byId<HTMLElement>('ticket-view');
const list = byId<HTMLElement>('ticket-list');

function currentTicket(): number {
  return Number(view.dataset.ticketId);
}

async function showTicket(id: number): Promise<boolean> {
  const markup = await fragment(`/__devkit/fragments/ticket/${id}`);
  if (markup === undefined) return false;
  view.innerHTML = markup;
  view.dataset.ticketId = String(id);
  for (const link of list.querySelectorAll<HTMLElement>('[data-ticket-id]')) {
    link.classList.toggle('is-selected', Number(link.dataset.ticketId) === id);
    link.toggleAttribute('aria-current', Number(link.dataset.ticketId) === id);
  }
  return true;
}

async function switchTo(id: number, push: boolean): Promise<void> {
  if (id === currentTicket()) return;
  if (!(await showTicket(id))) return;
  if (push) history.pushState({ ticket: id }, '', `/?ticket=${id}`);
  if (sidebar) {
    sendToApp(sidebar, appEvent('app.deactivated'));
    sendToApp(sidebar, { source: 'devkit-host', type: 'context', ticketId: id });
    sendToApp(sidebar, appEvent('app.activated'));
  }
}

async function refreshList(): Promise<void> {
  const markup = await fragment(`/__devkit/fragments/tickets?selected=${currentTicket()}`);
  if (markup !== undefined) list.innerHTML = markup;
}

function setStatus(text: string, error = false): void {
  const status = document.getElementById('ticket-status');
  if (!status) return;
  status.textContent = text;
  status.classList.toggle('is-error', error);
}

/** Handlers run after the write; show the notes they add once they have had a moment. */
function refreshSoon(id: number): void {
  window.setTimeout(() => {
    if (currentTicket() === id) void showTicket(id);
    void refreshList();
  }, 1500);
}

async function updateProperties(form: HTMLFormElement): Promise<void> {
  const id = currentTicket();
  const data = new FormData(form);
  const patch = { status: Number(data.get('status')), priority: Number(data.get('priority')) };
  const reply = await api<unknown>(`tickets/${id}`, patch);
  if (!reply.ok) return setStatus(reply.error.message ?? 'update failed', true);
  await showTicket(id);
  setStatus('Ticket updated.');
  if (sidebar) sendToApp(sidebar, appEvent('ticket.propertiesUpdated', patch));
  refreshSoon(id);
}

async function createTicket(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const reply = await api<{ id: number }>('tickets', {
    subject: String(data.get('subject') ?? ''),
    description: String(data.get('description') ?? ''),
    requesterEmail: String(data.get('requester') ?? ''),
    priority: Number(data.get('priority') ?? 1),
  });
  const message = document.getElementById('new-ticket-status');
  if (!reply.ok) {
    if (message) message.textContent = reply.error.message ?? 'could not create the ticket';
    return;
  }
  form.reset();
  form.closest('details')?.removeAttribute('open');
  if (message) message.textContent = '';
  await refreshList();
  await switchTo(reply.value.id, true);
  refreshSoon(reply.value.id);
}

list.addEventListener('click', (event) => {
  const link = (event.target as HTMLElement).closest<HTMLElement>('[data-ticket-id]');
  if (!link) return;
  event.preventDefault();
  void switchTo(Number(link.dataset.ticketId), true);
});

document.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (form.id === 'ticket-edit') {
    event.preventDefault();
    void updateProperties(form);
  } else if (form.id === 'new-ticket-form') {
    event.preventDefault();
    void createTicket(form);
  }
});

document.addEventListener('click', (event) => {
  if ((event.target as HTMLElement).closest('#refresh-ticket')) void showTicket(currentTicket());
});

window.addEventListener('popstate', () => {
  const id = Number(new URLSearchParams(location.search).get('ticket'));
  if (id > 0) void switchTo(id, false);
});

listenToApps({
  onReady(frame) {
    sendToApp(frame, appEvent('app.activated'));
  },
});
