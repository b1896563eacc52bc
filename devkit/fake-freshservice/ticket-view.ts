/**
 * The REST shape of a ticket (reference §4.2) and its `include=` embeds (§4.3, §4.4).
 *
 * Decisions (the app's, where DOC samples differ or are silent):
 * - Blank fields are `null`, never left out (§4.2 "Blank fields are returned as null").
 * - `tags` appears in view/list answers only with `include=tags`; create and update answers
 *   always carry it (§4.2: "tags is not returned by GET /tickets/{id} or the list by default").
 * - List and filter items are full tickets, `description` and `description_text` included (§4.5).
 * - View adds `sla_policy_id`, `created_within_business_hours`, `approval_status(_name)` (§4.2).
 * - Embeds whose content the reference does not show are minimal: `problem: null`, `assets: []`,
 *   `changes: []`, `related_tickets: {parent_id: null, child_ids: []}`.
 */
import { toIso } from './dates.ts';
import { htmlToText } from './html.ts';
import { ApiLimits } from './limits.ts';
import type { Ticket } from './model.ts';
import { CUSTOM_FIELDS, fullName } from './model.ts';
import { conversationJson } from './conversations.ts';
import type { Store } from './store.ts';

/** `include=` values a single ticket accepts (§4.3). */
export const VIEW_INCLUDES = ['conversations', 'requester', 'requested_for', 'stats', 'problem', 'assets', 'changes', 'related_tickets', 'tags'] as const;
/** `include=` values the ticket list accepts (§4.4, plus `tags` by the decision above). */
export const LIST_INCLUDES = ['stats', 'requester', 'requested_for', 'tags'] as const;

export interface TicketView {
  /** Which shape: single view, list/filter item, or the answer to a create/update. */
  shape: 'view' | 'list' | 'write';
  includes?: readonly string[];
}

export function ticketJson(t: Ticket, store: Store, view: TicketView): Record<string, unknown> {
  const includes = view.includes ?? [];
  const out: Record<string, unknown> = {
    id: t.id, workspace_id: t.workspace_id, subject: t.subject, description: t.description,
    description_text: t.description === null ? null : htmlToText(t.description),
    requester_id: t.requester_id, requested_for_id: t.requested_for_id, responder_id: t.responder_id,
    group_id: t.group_id, department_id: t.department_id, email_config_id: t.email_config_id,
    status: t.status, priority: t.priority, source: t.source, type: t.type, urgency: t.urgency, impact: t.impact,
    category: t.category, sub_category: t.sub_category, item_category: t.item_category,
    due_by: toIso(t.due_by), fr_due_by: toIso(t.fr_due_by), fr_escalated: t.fr_escalated, is_escalated: t.is_escalated,
    spam: t.spam, deleted: t.deleted, cc_emails: [...t.cc_emails], fwd_emails: [...t.fwd_emails],
    reply_cc_emails: [...t.reply_cc_emails], to_emails: t.to_emails, attachments: [],
    custom_fields: customFields(t), created_at: toIso(t.created_at), updated_at: toIso(t.updated_at),
    resolution_notes: t.resolution_notes, resolution_notes_html: t.resolution_notes_html,
  };
  if (view.shape === 'write' || includes.includes('tags')) out['tags'] = [...t.tags];
  if (view.shape === 'view') {
    Object.assign(out, { sla_policy_id: 10_000_052_144, created_within_business_hours: isOfficeHours(t.created_at), approval_status: 4, approval_status_name: 'Not Requested' });
  }
  for (const name of includes) {
    if (name !== 'tags') out[name] = embed(name, t, store);
  }
  return out;
}

/** Every custom field of the account, `null` when unset (§4.2). */
function customFields(t: Ticket): Record<string, unknown> {
  return { ...Object.fromEntries(CUSTOM_FIELDS.map((d) => [d.name, null])), ...t.custom_fields };
}

function embed(name: string, t: Ticket, store: Store): unknown {
  switch (name) {
    case 'conversations':
      return store.conversations.live(t.id).slice(0, ApiLimits.VIEW_CONVERSATIONS_INCLUDED).map((c) => conversationJson(c, 'list'));
    case 'requester':
      return contact(t.requester_id, store);
    case 'requested_for':
      return t.requested_for_id === null ? null : contact(t.requested_for_id, store);
    case 'stats':
      return { first_responded_at: toIso(t.first_responded_at), resolved_at: toIso(t.resolved_at), closed_at: toIso(t.closed_at) };
    case 'problem':
      return null;
    case 'assets':
    case 'changes':
      return [];
    case 'related_tickets':
      return { parent_id: null, child_ids: [] };
    default:
      return null;
  }
}

/** `include=requester`: id, name, email, mobile, phone (§4.3). */
function contact(id: number, store: Store): Record<string, unknown> | null {
  const r = store.requester(id);
  if (r) return { id: r.id, name: fullName(r), email: r.primary_email, mobile: r.mobile_phone_number, phone: r.work_phone_number };
  const a = store.agent(id);
  return a ? { id: a.id, name: fullName(a), email: a.email, mobile: null, phone: null } : null;
}

function isOfficeHours(ms: number): boolean {
  const d = new Date(ms);
  return d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.getUTCHours() >= 8 && d.getUTCHours() < 18;
}
