/**
 * Update rules (reopened, raised to urgent, moved between groups, ...) act through the same
 * pieces as triage: one merged update, at most one note, notify addresses on the note. What they
 * did is appended to the ticket's escalation list in its block (`e<id>`), next to its timeline.
 */
import { blockKey } from '../../../core/record';
import { evaluateRules, type Evaluation } from '../../../core/rules/evaluate';
import { planUpdate } from '../../../core/rules/plan';
import { composeNote, noteContext, renderTemplate } from '../../../core/templates';
import type { TicketChanges, TicketFacts } from '../../../core/ticket';
import type { Ctx } from '../context';
import { appendTo } from '../store/db';
import { executeWork } from './execute';
import { noteRefFor, type TicketWork } from './plan';
import { emptyOutcome } from '../../../core/record';

export interface EscalationRecord {
  at: number;
  rules: string[];
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  note: string;
  error: string | null;
}

export const escalationAttr = (ticketId: number): string => `e${ticketId}`;

export function evaluateUpdate(ctx: Ctx, facts: TicketFacts, changes: TicketChanges): Evaluation {
  return evaluateRules(ctx.settings.rules, facts, { event: 'update', changes });
}

function noteFor(ctx: Ctx, facts: TicketFacts, evaluation: Evaluation, ref: string): string | null {
  const parts = evaluation.notes.flatMap((n) => {
    const rendered = renderTemplate(ctx.engine, n.template, noteContext(facts, { matched: n.matchedValues.join(', '), rule: n.rule, duplicates: [] }));
    return rendered.ok ? [{ heading: `Rule "${n.rule}"`, text: rendered.text }] : [];
  });
  if (parts.length === 0 && evaluation.notifyEmails.length === 0) return null;
  return composeNote({ parts, duplicates: [], footer: ref });
}

/** Applies the actions of matched update rules; returns what happened, for the escalation list. */
export async function applyUpdateRules(ctx: Ctx, facts: TicketFacts, evaluation: Evaluation, eventTime: number): Promise<EscalationRecord> {
  const update = planUpdate(facts, evaluation);
  const ref = noteRefFor(facts.id, `update-${eventTime}`);
  const noteHtml = noteFor(ctx, facts, evaluation, ref);
  const outcome = { ...emptyOutcome(ctx.now(), 'event'), update: update.body === null ? 'none' : 'todo', note: noteHtml === null ? 'none' : 'todo' } as TicketWork['outcome'];
  const work: TicketWork = { facts, outcome, updateBody: update.body, noteHtml, notifyEmails: evaluation.notifyEmails, noteRef: ref, verifyNote: false };
  await executeWork(work, ctx.invoke, ctx.meter);
  const record: EscalationRecord = {
    at: eventTime,
    rules: evaluation.matched.map((m) => m.rule),
    changes: outcome.update === 'done' ? update.diff.map((d) => ({ field: d.field, from: d.from, to: d.to })) : [],
    note: outcome.note,
    error: outcome.error?.message ?? null,
  };
  await appendTo(blockKey(facts.id), escalationAttr(facts.id), [record]);
  return record;
}
