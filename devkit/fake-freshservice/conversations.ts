/**
 * Notes, replies and a ticket's conversations (reference §5).
 * - Notes default to private (`private: true`); `notify_emails` become the note's `to_emails`.
 * - Create answers use DOC's sample keys (a note has `private`/`incoming`, a reply has
 *   `from_email`/`cc_emails`/`bcc_emails`); listed conversations carry every key plus `source`.
 * - Writing to a deleted ticket is 404 (the reference is silent; it is in the trash).
 */
import { toIso } from './dates.ts';
import type { FieldError } from './http.ts';
import { json, notFound, UNKNOWN_FIELD_MESSAGE, validationFailed } from './http.ts';
import { htmlToText } from './html.ts';
import type { Conversation, Ticket } from './model.ts';
import { nextLink, readPaging, slice } from './paging.ts';
import type { HandlerContext } from './routes.ts';

/** The account's default support address (reply `from_email` default, §5). */
export const SUPPORT_EMAIL = 'support@ticket-radar-demo.freshservice.com';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function conversationJson(c: Conversation, shape: 'note' | 'reply' | 'list'): Record<string, unknown> {
  const common = { body: c.body, body_text: htmlToText(c.body), ticket_id: c.ticket_id, to_emails: [...c.to_emails], attachments: [], created_at: toIso(c.created_at), updated_at: toIso(c.updated_at) };
  if (shape === 'note') return { id: c.id, incoming: c.incoming, private: c.private, user_id: c.user_id, support_email: null, ...common };
  if (shape === 'reply') return { id: c.id, ...common, user_id: c.user_id, from_email: c.from_email, cc_emails: [...c.cc_emails], bcc_emails: [...c.bcc_emails] };
  return {
    id: c.id, ...common, incoming: c.incoming, private: c.private, user_id: c.user_id, support_email: c.kind === 'reply' ? SUPPORT_EMAIL : null,
    source: c.source, from_email: c.from_email, cc_emails: [...c.cc_emails], bcc_emails: [...c.bcc_emails],
  };
}

type FieldCheck = (value: unknown, ctx: HandlerContext) => string | undefined;
const bool: FieldCheck = (v) => (typeof v === 'boolean' ? undefined : 'It should be a/an Boolean');
const emails: FieldCheck = (v) => (Array.isArray(v) && v.every((e) => typeof e === 'string' && EMAIL.test(e)) ? undefined : 'It should contain elements that are valid email addresses');
const user: FieldCheck = (v, ctx) =>
  typeof v === 'number' && Number.isInteger(v) && (ctx.store.agent(v) ?? ctx.store.requester(v)) ? undefined : 'There is no user matching the given user_id';
const body: FieldCheck = (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'It should be a/an String');

const NOTE_FIELDS: Readonly<Record<string, FieldCheck>> = { body, private: bool, incoming: bool, notify_emails: emails, user_id: user };
const REPLY_FIELDS: Readonly<Record<string, FieldCheck>> = {
  body, user_id: user, cc_emails: emails, bcc_emails: emails,
  from_email: (v) => (typeof v === 'string' && EMAIL.test(v) ? undefined : 'It should be a valid email address'),
};

function check(ctx: HandlerContext, fields: Readonly<Record<string, FieldCheck>>): void {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(ctx.body)) {
    const fieldCheck = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (!fieldCheck) {
      errors.push({ field, message: UNKNOWN_FIELD_MESSAGE, code: 'invalid_field' });
      continue;
    }
    const message = fieldCheck(value, ctx);
    if (message) errors.push({ field, message, code: ['body', 'private', 'incoming'].includes(field) ? 'datatype_mismatch' : 'invalid_value' });
  }
  if (ctx.body['body'] === undefined) errors.push({ field: 'body', message: 'It should be a/an String', code: 'missing_field' });
  if (errors.length > 0) throw validationFailed(errors);
}

function liveTicket(ctx: HandlerContext): Ticket {
  const ticket = ctx.store.tickets.live(ctx.id);
  if (!ticket || ticket.deleted) throw notFound();
  return ticket;
}

/** POST /api/v2/tickets/{id}/notes → 201 `{conversation}` (§5). */
export function createNote(ctx: HandlerContext) {
  liveTicket(ctx);
  check(ctx, NOTE_FIELDS);
  const b = ctx.body;
  const note = ctx.store.conversations.create(ctx.id, {
    body: b['body'] as string, private: (b['private'] as boolean | undefined) ?? true, incoming: (b['incoming'] as boolean | undefined) ?? false,
    to_emails: (b['notify_emails'] as string[] | undefined) ?? [], user_id: (b['user_id'] as number | undefined) ?? ctx.caller.agentId,
  }, 'note');
  return json(201, { conversation: conversationJson(note, 'note') });
}

/** POST /api/v2/tickets/{id}/reply → 201 `{conversation}` (§5). */
export function createReply(ctx: HandlerContext) {
  const ticket = liveTicket(ctx);
  check(ctx, REPLY_FIELDS);
  const b = ctx.body;
  const to = ctx.store.emailOf(ticket.requester_id);
  const reply = ctx.store.conversations.create(ctx.id, {
    body: b['body'] as string, private: false, incoming: false, source: 0,
    from_email: (b['from_email'] as string | undefined) ?? SUPPORT_EMAIL, to_emails: to ? [to] : [],
    cc_emails: (b['cc_emails'] as string[] | undefined) ?? [], bcc_emails: (b['bcc_emails'] as string[] | undefined) ?? [],
    user_id: (b['user_id'] as number | undefined) ?? ctx.caller.agentId,
  }, 'reply');
  return json(201, { conversation: conversationJson(reply, 'reply') });
}

/** GET /api/v2/tickets/{id}/conversations: 30 per page, `per_page` ≤ 100, oldest first (§5). */
export function listConversations(ctx: HandlerContext) {
  const ticket = ctx.store.tickets.live(ctx.id);
  if (!ticket) throw notFound();
  const paging = readPaging(ctx.query);
  const { items, hasMore } = slice(ctx.store.conversations.live(ctx.id), paging);
  const headers: Record<string, string> = hasMore ? { Link: nextLink(ctx.baseUrl, ctx.path, ctx.query, paging.page) } : {};
  return json(200, { conversations: items.map((c) => conversationJson(c, 'list')) }, headers);
}
