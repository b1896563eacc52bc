/**
 * Turns an evaluation into the body of ONE `PUT /api/v2/tickets/{id}` (DESIGN.md §2 item 2),
 * holding only what would actually change. The API replaces `tags` on update
 * (freshservice-api.md §4.7), so tags are sent as the full merged list — and only when the
 * ticket's current tags are known, since sending a list built from unknown tags would erase them.
 */
import type { TicketFacts } from '../ticket.ts';
import { foldText } from '../text.ts';
import type { Evaluation } from './evaluate.ts';
import { SCALAR_ACTIONS, type ScalarAction } from './types.ts';

export interface PlannedUpdate {
  /** The PUT body, or null when nothing would change. */
  body: Record<string, unknown> | null;
  diff: Array<{ field: string; from: unknown; to: unknown }>;
  /** Changes the plan had to leave out, in words (e.g. tags unknown). */
  skipped: string[];
}

const CURRENT: Readonly<Record<ScalarAction, (f: TicketFacts) => number | string | null>> = {
  priority: (f) => f.priority,
  urgency: (f) => f.urgency,
  impact: (f) => f.impact,
  status: (f) => f.status,
  group_id: (f) => f.groupId,
  responder_id: (f) => f.responderId,
  type: (f) => f.type,
  category: (f) => f.category,
  sub_category: (f) => f.subCategory,
};

/** `(current ∪ add) − remove`, compared case-insensitively, keeping the first spelling seen. */
export function mergeTags(current: readonly string[], add: readonly string[], remove: readonly string[]): string[] {
  const removed = new Set(remove.map(foldText));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of [...current, ...add]) {
    const key = foldText(tag);
    if (key === '' || removed.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

function sameTagSet(a: readonly string[], b: readonly string[]): boolean {
  const keys = new Set(a.map(foldText));
  const other = new Set(b.map(foldText));
  return keys.size === other.size && [...keys].every((k) => other.has(k));
}

function planTags(facts: TicketFacts, ev: Evaluation, plan: PlannedUpdate, body: Record<string, unknown>): void {
  if (ev.tagsAdd.length === 0 && ev.tagsRemove.length === 0) return;
  const merged = mergeTags(facts.tags, ev.tagsAdd, ev.tagsRemove);
  if (sameTagSet(merged, facts.tags)) return;
  if (!facts.tagsKnown) {
    plan.skipped.push("tags: the ticket's current tags are unknown, so the full list cannot be sent safely");
    return;
  }
  body.tags = merged;
  plan.diff.push({ field: 'tags', from: [...facts.tags], to: merged });
}

/**
 * The single update to send for an evaluation: scalar fields whose planned value differs from the
 * ticket's, plus the merged tag list when the set of tags changes.
 */
export function planUpdate(facts: TicketFacts, evaluation: Evaluation): PlannedUpdate {
  const body: Record<string, unknown> = {};
  const plan: PlannedUpdate = { body: null, diff: [], skipped: [] };
  for (const field of SCALAR_ACTIONS) {
    const to = evaluation.changes[field];
    const from = CURRENT[field](facts);
    if (to === undefined || to === from) continue;
    body[field] = to;
    plan.diff.push({ field, from, to });
  }
  planTags(facts, evaluation, plan, body);
  plan.body = Object.keys(body).length > 0 ? body : null;
  return plan;
}
