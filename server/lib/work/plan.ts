/**
 * What processing a new ticket means, decided without any I/O: which rules match, which fields
 * change (merged into one update), which tickets look like duplicates, and the one private note
 * that carries rule notes, duplicate links and the acknowledgement.
 */
import { emptyOutcome, type DuplicateRef, type RequesterSnapshot, type TicketOutcome } from '../../../core/record';
import { evaluateRules, type Evaluation } from '../../../core/rules/evaluate';
import { planUpdate } from '../../../core/rules/plan';
import { findDuplicates } from '../../../core/similarity';
import { composeNote, noteContext, renderTemplate, type TemplateEngine } from '../../../core/templates';
import type { TicketFacts } from '../../../core/ticket';
import type { Settings } from '../settings';

/** Tag added to tickets that look like a duplicate, so agents can filter on it. */
export const DUPLICATE_TAG = 'possible-duplicate';
const OPEN_STATUSES = new Set([2, 3]);

export interface TicketWork {
  facts: TicketFacts;
  outcome: TicketOutcome;
  updateBody: Record<string, unknown> | null;
  noteHtml: string | null;
  notifyEmails: string[];
  /** Marker in the note's footer that lets a retry find a note it may already have posted. */
  noteRef: string;
  /** A previous run may have posted the note: look for it before posting again. */
  verifyNote: boolean;
}

export interface PlanContext {
  now: number;
  via: TicketOutcome['via'];
  engine: TemplateEngine;
  /** Link to a ticket in the agent UI, for duplicate links in the note. */
  ticketUrl: (id: number) => string;
  /** Include the acknowledgement template in the note. */
  withAck: boolean;
}

export function noteRefFor(ticketId: number, kind: string): string {
  return `T${ticketId}-${kind}`;
}

function why(evaluation: Evaluation): TicketOutcome['rules'] {
  return evaluation.matched.map((m) => ({
    name: m.rule,
    why: m.reasons.filter((r) => r.matched).slice(0, 5).map((r) => `${r.field} ${r.op.replace(/_/g, ' ')} ${String(r.expected ?? '')}`.trim().slice(0, 160)),
  }));
}

function requesterSnapshot(facts: TicketFacts, candidates: readonly TicketFacts[], now: number): RequesterSnapshot {
  const open = candidates
    .filter((c) => c.id !== facts.id && c.requester.id === facts.requester.id && OPEN_STATUSES.has(c.status ?? 0))
    .slice(0, 10)
    .map((c) => ({ id: c.id, subject: c.subject.slice(0, 120), status: c.status }));
  return { id: facts.requester.id, name: facts.requester.name, email: facts.requester.email, open, at: now };
}

/**
 * Only tickets created before this one can be what it duplicates (ids are sequential): a sweep's
 * candidates also hold later tickets, and the original of a pair must not be flagged as a copy of
 * its own copy.
 */
function duplicates(facts: TicketFacts, candidates: readonly TicketFacts[], settings: Settings, now: number): DuplicateRef[] {
  const earlier = candidates.filter((c) => c.id < facts.id);
  return findDuplicates(facts, earlier, { windowHours: settings.windowHours, threshold: settings.threshold, now, max: 5 }).map((d) => ({
    id: d.id, score: d.score, words: d.sharedWords, subject: d.subject.slice(0, 120),
  }));
}

interface Note {
  html: string | null;
  errors: string[];
  ack: boolean;
}

function ackWanted(settings: Settings, ctx: PlanContext): boolean {
  return ctx.withAck && settings.ackTemplate.trim() !== '';
}

function renderParts(facts: TicketFacts, evaluation: Evaluation, dups: DuplicateRef[], settings: Settings, ctx: PlanContext): { parts: Array<{ heading: string; text: string }>; errors: string[] } {
  const out = { parts: [] as Array<{ heading: string; text: string }>, errors: [] as string[] };
  const dupContext = dups.map((d) => ({ id: d.id, subject: d.subject, score: d.score }));
  const render = (heading: string, template: string, rule: string, matched: string[]): void => {
    const result = renderTemplate(ctx.engine, template, noteContext(facts, { matched: matched.join(', '), rule, duplicates: dupContext }));
    if (result.ok) out.parts.push({ heading, text: result.text });
    else out.errors.push(`${heading}: ${result.error}`);
  };
  for (const note of evaluation.notes) render(`Rule "${note.rule}"`, note.template, note.rule, note.matchedValues);
  if (ackWanted(settings, ctx)) render('Acknowledgement', settings.ackTemplate, '', []);
  return out;
}

function buildNote(facts: TicketFacts, evaluation: Evaluation, dups: DuplicateRef[], settings: Settings, ctx: PlanContext): Note {
  const { parts, errors } = renderParts(facts, evaluation, dups, settings, ctx);
  const needed = parts.length > 0 || dups.length > 0 || evaluation.notifyEmails.length > 0;
  if (!needed) return { html: null, errors, ack: false };
  const links = dups.map((d) => ({ id: d.id, subject: d.subject, score: d.score, url: ctx.ticketUrl(d.id) }));
  return { html: composeNote({ parts, duplicates: links, footer: noteRefFor(facts.id, 'create') }), errors, ack: ackWanted(settings, ctx) };
}

function stepFor(needed: boolean): TicketOutcome['update'] {
  return needed ? 'todo' : 'none';
}

function withDuplicateTag(evaluation: Evaluation, dups: readonly DuplicateRef[]): Evaluation {
  return dups.length === 0 ? evaluation : { ...evaluation, tagsAdd: [...evaluation.tagsAdd, DUPLICATE_TAG] };
}

function scalar(value: unknown): string | number | null {
  if (typeof value === 'string' || typeof value === 'number') return value;
  return Array.isArray(value) ? value.join(', ') : null;
}

function appliedChanges(diff: ReturnType<typeof planUpdate>['diff'], evaluation: Evaluation): TicketOutcome['changes'] {
  return diff.map((d) => {
    const change = { field: d.field, from: scalar(d.from), to: scalar(d.to) };
    const rule = evaluation.provenance[d.field];
    return rule === undefined ? change : { ...change, rule };
  });
}

/** Plans the processing of a new ticket given its duplicate candidates. */
export function planCreate(facts: TicketFacts, candidates: readonly TicketFacts[], settings: Settings, ctx: PlanContext): TicketWork {
  const evaluation = evaluateRules(settings.rules, facts, { event: 'create' });
  const dups = duplicates(facts, candidates, settings, ctx.now);
  const update = planUpdate(facts, withDuplicateTag(evaluation, dups));
  const note = buildNote(facts, evaluation, dups, settings, ctx);
  const outcome: TicketOutcome = {
    ...emptyOutcome(ctx.now, ctx.via),
    createdAt: facts.createdAt,
    status0: facts.status,
    rules: why(evaluation),
    changes: appliedChanges(update.diff, evaluation),
    update: stepFor(update.body !== null),
    note: stepFor(note.html !== null),
    dups,
    requester: requesterSnapshot(facts, candidates, ctx.now),
    ack: stepFor(note.ack),
    error: note.errors.length > 0 ? { kind: 'template', message: note.errors.join(' ').slice(0, 300), at: ctx.now } : null,
  };
  return { facts, outcome, updateBody: update.body, noteHtml: note.html, notifyEmails: evaluation.notifyEmails, noteRef: noteRefFor(facts.id, 'create'), verifyNote: false };
}
