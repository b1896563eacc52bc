/**
 * Update rules (reopened, raised to urgent, moved between groups, ...) act through the same
 * pieces as triage: one merged update, at most one note, notify addresses on the note. What they
 * did is appended to the ticket's escalation list in its block (`e<id>`), next to its timeline.
 *
 * Exactly once, whatever fails: an *escalation* (the rules' actions for one agent change) is named
 * by the ticket, the time of the change and a signature of what changed — the same in every
 * delivery of the event — and claimed in its own key, whose value is its progress (update and
 * note step states). Whoever claims it marks the note as `intent`, so any later attempt first looks
 * for the note by its footer reference. A step that fails transiently is left to do and the
 * escalation goes back on the queue carrying its progress; the sweep that retries it views the
 * ticket afresh, so an update that did land changes nothing the second time. A copy of a claimed
 * escalation (a redelivered event queued while busy) resumes from "started" the same way.
 */
import { blockKey, emptyOutcome, type StepState, type TicketOutcome } from '../../../core/record';
import { evaluateRules, type Evaluation } from '../../../core/rules/evaluate';
import { planUpdate } from '../../../core/rules/plan';
import { composeNote, noteContext, renderTemplate } from '../../../core/templates';
import type { TicketChanges, TicketFacts } from '../../../core/ticket';
import type { Ctx } from '../context';
import { appendTo } from '../store/db';
import { updateClaimKey } from '../store/keys';
import { executeWork } from './execute';
import { noteRefFor, type TicketWork } from './plan';

export interface EscalationRecord {
  at: number;
  rules: string[];
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  note: string;
  error: string | null;
}

/** One agent change whose update rules may act: the ticket, when it changed, what changed. */
export interface Escalation {
  id: number;
  at: number;
  changes: TicketChanges;
}

/** Step states of an escalation's update (`u`) and note (`n`). */
export interface Progress {
  u: StepState;
  n: StepState;
}

/** What the invocation that claims an escalation stores: the note may be posted from now on. */
export const STARTED: Progress = { u: 'todo', n: 'intent' };
// Even the invocation that has just claimed an escalation looks for its note first (one call):
// skipping the look after a fresh claim posted 12 escalation notes twice in the 10,000-event soak.
const NOTHING: Progress = { u: 'none', n: 'none' };

export const escalationAttr = (ticketId: number): string => `e${ticketId}`;

/** A short, stable signature of a change set (two changes in the same second differ by it). */
export function changeSignature(changes: TicketChanges): string {
  const text = Object.keys(changes).sort().map((k) => `${k}=${JSON.stringify(changes[k as keyof TicketChanges])}`).join('&');
  let hash = 5381;
  for (let i = 0; i < text.length; i += 1) hash = ((hash * 33) ^ text.charCodeAt(i)) >>> 0;
  return hash.toString(36);
}

export function escalationKey(e: Escalation): string {
  return updateClaimKey(e.id, e.at, changeSignature(e.changes));
}

const STEPS: readonly StepState[] = ['none', 'todo', 'intent', 'done'];

function step(value: unknown): StepState {
  return STEPS.includes(value as StepState) ? (value as StepState) : 'todo';
}

/** The progress stored in a claim key; claims of older versions (`{ at }` only) read as just started. */
export function readProgress(value: unknown): Progress | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as { u?: unknown; n?: unknown };
  return o.u === undefined && o.n === undefined ? { ...STARTED } : { u: step(o.u), n: step(o.n) };
}

export function progressDone(p: Progress): boolean {
  const pending = (s: StepState): boolean => s === 'todo' || s === 'intent';
  return !pending(p.u) && !pending(p.n);
}

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

function stepAfter(done: StepState, planned: boolean): StepState {
  if (done === 'done') return 'done';
  return planned ? 'todo' : 'none';
}

function recordOf(e: Escalation, evaluation: Evaluation, diff: ReturnType<typeof planUpdate>['diff'], outcome: TicketOutcome, before: Progress): EscalationRecord {
  return {
    at: e.at,
    rules: evaluation.matched.map((m) => m.rule),
    changes: outcome.update === 'done' && before.u !== 'done' ? diff.map((d) => ({ field: d.field, from: d.from, to: d.to })) : [],
    note: outcome.note,
    error: outcome.error?.message ?? null,
  };
}

/**
 * The progress after an attempt. The ticket is gone (404): nothing more can be done. A note still
 * to do after a transient failure may have been posted: it stays `intent`.
 */
function progressAfter(outcome: TicketOutcome): Progress {
  if (outcome.state === 'skipped') return NOTHING;
  return { u: outcome.update, n: outcome.note === 'todo' ? 'intent' : outcome.note };
}

/**
 * Applies the actions of matched update rules, resuming after `progress` (steps already done are
 * skipped; a note that may have been posted is looked for first); returns what happened and the
 * progress to store.
 */
export async function applyUpdateRules(ctx: Ctx, facts: TicketFacts, evaluation: Evaluation, e: Escalation, progress: Progress): Promise<{ record: EscalationRecord; progress: Progress }> {
  const update = planUpdate(facts, evaluation);
  const ref = noteRefFor(facts.id, `update-${e.at}-${changeSignature(e.changes)}`);
  const noteHtml = noteFor(ctx, facts, evaluation, ref);
  const outcome = { ...emptyOutcome(ctx.now(), 'event'), update: stepAfter(progress.u, update.body !== null), note: stepAfter(progress.n, noteHtml !== null) };
  const work: TicketWork = { facts, outcome, updateBody: update.body, noteHtml, notifyEmails: evaluation.notifyEmails, noteRef: ref, verifyNote: progress.n === 'intent' };
  await executeWork(work, ctx.invoke, ctx.meter);
  const record = recordOf(e, evaluation, update.diff, work.outcome, progress);
  const next = progressAfter(work.outcome);
  // The ticket's escalation list shows finished escalations (one `$db` operation each, not one per attempt).
  if (progressDone(next)) await appendTo(blockKey(facts.id), escalationAttr(facts.id), [record]);
  return { record, progress: next };
}
