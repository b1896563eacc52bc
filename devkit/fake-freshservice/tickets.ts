/**
 * View, create, update and delete one ticket (reference §4.3, §4.6, §4.7, §4.8).
 * - Create answers 201 with `Location` (§4.6); an unknown `email` creates the contact (§4.6).
 * - Update is partial and answers 200 with the whole ticket; `tags` replaces the list (§4.7).
 * - Delete answers 204 and moves the ticket to the trash (`deleted: true`, §4.8). A trashed
 *   ticket can still be viewed (as in Freshdesk); updating or deleting it again is 404 (silent in
 *   the reference; it is no longer an active ticket).
 */
import type { ApiResponse } from './http.ts';
import { empty, json, notFound } from './http.ts';
import type { Ticket } from './model.ts';
import type { HandlerContext } from './routes.ts';
import type { CheckedTicket } from './ticket-validation.ts';
import { checkTicketBody } from './ticket-validation.ts';
import { ticketJson } from './ticket-view.ts';

export function viewTicket(ctx: HandlerContext): ApiResponse {
  const ticket = ctx.store.tickets.live(ctx.id);
  if (!ticket) throw notFound();
  return json(200, { ticket: ticketJson(ticket, ctx.store, { shape: 'view', includes: ctx.includes }) });
}

export function createTicket(ctx: HandlerContext): ApiResponse {
  const checked = checkTicketBody(ctx.body, 'create', ctx.store);
  const requesterId = resolveRequester(ctx, checked) as number;
  const ticket = ctx.store.tickets.create(
    { ...checked.patch, requester_id: requesterId, requested_for_id: requesterId, created_at: ctx.clock.now(), updated_at: ctx.clock.now() },
    { actor: ctx.caller.agentId },
  );
  return json(201, { ticket: ticketJson(ticket, ctx.store, { shape: 'write' }) }, { Location: `${ctx.baseUrl}/api/v2/tickets/${ticket.id}` });
}

export function updateTicket(ctx: HandlerContext): ApiResponse {
  const current = activeTicket(ctx);
  const checked = checkTicketBody(ctx.body, 'update', ctx.store, current);
  const requesterId = resolveRequester(ctx, checked);
  const patch = requesterId === undefined ? checked.patch : { ...checked.patch, requester_id: requesterId };
  const ticket = ctx.store.tickets.update(ctx.id, patch, { actor: ctx.caller.agentId });
  return json(200, { ticket: ticketJson(ticket, ctx.store, { shape: 'write' }) });
}

export function deleteTicket(ctx: HandlerContext): ApiResponse {
  activeTicket(ctx);
  ctx.store.tickets.delete(ctx.id, { actor: ctx.caller.agentId });
  return empty(204);
}

function activeTicket(ctx: HandlerContext): Ticket {
  const ticket = ctx.store.tickets.live(ctx.id);
  if (!ticket || ticket.deleted) throw notFound();
  return ticket;
}

/** requester_id as given, else the contact with that email/phone, created when unknown (§4.6). */
function resolveRequester(ctx: HandlerContext, checked: CheckedTicket): number | undefined {
  if (checked.patch.requester_id !== undefined) return checked.patch.requester_id;
  const { store } = ctx;
  if (checked.email !== undefined) {
    const found = store.findRequesterByEmail(checked.email);
    if (found) return found.id;
    const [local = 'requester'] = checked.email.split('@');
    const [first, ...last] = (checked.name ?? local).split(/\s+/);
    return store.requesters.create({ first_name: first ?? local, last_name: last.join(' ') || null, primary_email: checked.email, mobile_phone_number: checked.phone ?? null }).id;
  }
  if (checked.phone !== undefined) {
    for (const r of store.requesters.values()) {
      if (r.mobile_phone_number === checked.phone || r.work_phone_number === checked.phone) return r.id;
    }
    const [first = 'Caller', ...last] = (checked.name ?? 'Caller').split(/\s+/);
    return store.requesters.create({ first_name: first, last_name: last.join(' ') || null, primary_email: '', mobile_phone_number: checked.phone }).id;
  }
  return undefined;
}
