/**
 * "Every ticket processed exactly once", as numbers. Definitions (the soak prints them too):
 *
 * - **Planned** writes come from the ground truth of the workload, never from the app's records:
 *   a created ticket needs one update when a create rule or the duplicate tag changes a field, one
 *   note when a rule writes one or it looks like a duplicate; each escalation event (an agent's
 *   change that an update rule acts on) needs the update and the note its rule implies.
 * - **Applied** writes are what the fake account actually received from the app's agent: every
 *   `PUT /tickets/{id}` the fake applied (also when the answer was lost on the way back, so the
 *   app could not know), and every note on the ticket by the app's agent (`writes.ts`).
 * - **Processed**: a created ticket whose outcome is recorded and complete (state done or skipped,
 *   no step left to do) and whose planned writes — triage and escalations — were all applied.
 * - **Lost**: a created ticket that is not processed when the run ends.
 * - **Duplicate note**: a note beyond the planned ones — for each ticket, a second note with the
 *   same footer reference, plus escalation notes beyond the number of escalations that planned one.
 * - **Duplicate update**: an update beyond the planned ones — for each ticket, applied PUTs minus
 *   planned PUTs, when positive. A change planned once and applied twice is one duplicate update
 *   even when the second PUT sets the same values: a blind re-send overwrites whatever an agent
 *   changed in between. `identicalRepeats` counts the subset whose patch equals an earlier applied
 *   patch on the same ticket.
 * - **Unplanned**: a write on a ticket (or for an event) that planned none (counted apart; not a
 *   duplicate, but never expected).
 */
import { isComplete, type TicketOutcome } from '../../core/record.ts';
import type { AppNote, AppliedUpdate, WriteRecorder } from './writes.ts';

export interface PlannedEscalation {
  update: boolean;
  note: boolean;
}

/** `maybe`: either is right (an original whose near-copy arrived before it was processed may be flagged too). */
export type Need = boolean | 'maybe';

export interface PlannedTicket {
  id: number;
  create: { update: Need; note: Need };
  escalations: PlannedEscalation[];
  /** Tags the ticket must carry at the end (added by rules; nobody removes them). */
  tags?: readonly string[];
}

export interface TicketProblem {
  id: number;
  problem: string;
}

export interface Verdict {
  tickets: number;
  processed: number;
  lost: number;
  duplicateNotes: number;
  duplicateUpdates: number;
  /** Duplicate updates whose patch equals an earlier applied patch on the same ticket. */
  identicalRepeats: number;
  unplannedNotes: number;
  unplannedUpdates: number;
  missingUpdates: number;
  missingNotes: number;
  /** Tickets missing a tag a rule added (an update overwritten by another). */
  lostTags: number;
  /** Planned / applied totals. */
  planned: { updates: number; notes: number; escalations: number };
  applied: { updates: number; notes: number };
  /** The first problems found, for a readable report. */
  problems: TicketProblem[];
}

const MAX_PROBLEMS = 30;

function isProcessed(outcome: TicketOutcome | null): boolean {
  return outcome !== null && isComplete(outcome) && (outcome.state === 'done' || outcome.state === 'skipped');
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

interface NoteCount {
  duplicates: number;
  unplanned: number;
  missing: number;
}

function countNotes(t: PlannedTicket, notes: readonly AppNote[]): NoteCount {
  const byRef = new Map<string, number>();
  for (const n of notes) byRef.set(n.ref ?? '(no ref)', (byRef.get(n.ref ?? '(no ref)') ?? 0) + 1);
  let duplicates = 0;
  for (const count of byRef.values()) duplicates += Math.max(0, count - 1);
  const createRef = `T${t.id}-create`;
  const createNotes = byRef.has(createRef) ? 1 : 0;
  const createPlanned = t.create.note !== false;
  const updateRefs = [...byRef.keys()].filter((r) => r.startsWith(`T${t.id}-update-`)).length;
  const otherRefs = byRef.size - createNotes - updateRefs;
  const plannedUpdateNotes = t.escalations.filter((e) => e.note).length;
  const extraUpdateNotes = Math.max(0, updateRefs - plannedUpdateNotes);
  // Extra escalation notes on a ticket whose escalations planned some are duplicates; on one that planned none, unplanned.
  duplicates += plannedUpdateNotes > 0 ? extraUpdateNotes : 0;
  const unplanned = (createPlanned ? 0 : createNotes) + (plannedUpdateNotes > 0 ? 0 : extraUpdateNotes) + otherRefs;
  const missing = (t.create.note === true && createNotes === 0 ? 1 : 0) + Math.max(0, plannedUpdateNotes - updateRefs);
  return { duplicates, unplanned, missing };
}

function identical(updates: readonly AppliedUpdate[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const u of updates) {
    const key = stable(u.patch);
    if (seen.has(key)) repeats += 1;
    seen.add(key);
  }
  return repeats;
}

/** Judges every planned ticket against what the account received and what the app recorded. */
export function judge(planned: readonly PlannedTicket[], writes: WriteRecorder, outcomeOf: (id: number) => TicketOutcome | null, tagsOf: (id: number) => readonly string[]): Verdict {
  const v: Verdict = {
    tickets: planned.length, processed: 0, lost: 0, duplicateNotes: 0, duplicateUpdates: 0, identicalRepeats: 0, unplannedNotes: 0, unplannedUpdates: 0,
    missingUpdates: 0, missingNotes: 0, lostTags: 0, planned: { updates: 0, notes: 0, escalations: 0 }, applied: { updates: 0, notes: 0 }, problems: [],
  };
  const notesByTicket = new Map<number, AppNote[]>();
  for (const n of writes.notes(planned.map((t) => t.id))) {
    const list = notesByTicket.get(n.ticketId) ?? [];
    list.push(n);
    notesByTicket.set(n.ticketId, list);
  }
  const problem = (id: number, text: string): void => {
    if (v.problems.length < MAX_PROBLEMS) v.problems.push({ id, problem: text });
  };
  for (const t of planned) {
    const updates = writes.updatesOf(t.id);
    const notes = notesByTicket.get(t.id) ?? [];
    const escalationUpdates = t.escalations.filter((e) => e.update).length;
    const plannedUpdates = (t.create.update === true ? 1 : 0) + escalationUpdates;
    const allowedUpdates = plannedUpdates + (t.create.update === 'maybe' ? 1 : 0);
    const plannedNotes = (t.create.note === true ? 1 : 0) + t.escalations.filter((e) => e.note).length;
    v.planned.updates += plannedUpdates;
    v.planned.notes += plannedNotes;
    v.planned.escalations += t.escalations.length;
    v.applied.updates += updates.length;
    v.applied.notes += notes.length;
    const extraUpdates = Math.max(0, updates.length - allowedUpdates);
    const missingUpdates = Math.max(0, plannedUpdates - updates.length);
    if (allowedUpdates > 0) v.duplicateUpdates += extraUpdates;
    else v.unplannedUpdates += extraUpdates;
    v.identicalRepeats += identical(updates);
    v.missingUpdates += missingUpdates;
    const n = countNotes(t, notes);
    v.duplicateNotes += n.duplicates;
    v.unplannedNotes += n.unplanned;
    v.missingNotes += n.missing;
    const finalTags = new Set(tagsOf(t.id).map((x) => x.toLowerCase()));
    const lostTags = (t.tags ?? []).filter((x) => !finalTags.has(x.toLowerCase()));
    if (lostTags.length > 0) v.lostTags += 1;
    const outcome = outcomeOf(t.id);
    const processed = isProcessed(outcome) && missingUpdates === 0 && n.missing === 0;
    if (processed) v.processed += 1;
    else {
      v.lost += 1;
      problem(t.id, `not processed: outcome ${outcome === null ? 'missing' : `${outcome.state} (update ${outcome.update}, note ${outcome.note}${outcome.error ? `, ${outcome.error.kind}: ${outcome.error.message.slice(0, 80)}` : ''})`}; ${updates.length}/${plannedUpdates} update(s), ${notes.length}/${plannedNotes} note(s)`);
    }
    if (extraUpdates > 0) problem(t.id, `${updates.length} update(s) applied, ${allowedUpdates} allowed: ${updates.map((u) => stable(u.patch)).join(' | ').slice(0, 300)}`);
    if (n.duplicates > 0 || n.unplanned > 0) problem(t.id, `notes: ${notes.map((x) => x.ref ?? '(no ref)').join(', ')}; ${plannedNotes} planned`);
    if (lostTags.length > 0) problem(t.id, `tags lost: ${lostTags.join(', ')} (now: ${[...finalTags].join(', ')})`);
  }
  return v;
}

/** True when the verdict shows nothing lost, duplicated, unplanned or overwritten. */
export function clean(v: Verdict): boolean {
  return v.lost === 0 && v.duplicateNotes === 0 && v.duplicateUpdates === 0 && v.unplannedNotes === 0 && v.unplannedUpdates === 0 && v.lostTags === 0;
}
