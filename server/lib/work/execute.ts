/**
 * Carrying out a planned ticket's writes: at most one update and one note, each only if it fits the
 * budget. A note whose earlier attempt may have landed (`verifyNote`) is first looked for by its
 * footer marker, so a retried or redelivered step never posts twice. Errors are recorded on the
 * outcome: transient ones leave the step to do later, permanent ones end it with the reason shown
 * in the sidebar.
 */
import type { StepState, TicketOutcome } from '../../../core/record';
import { callTemplate, fits, type Invoke, type Meter } from '../freshservice/client';
import { isFreshserviceError, type FreshserviceError } from '../freshservice/errors';
import type { TicketWork } from './plan';

interface Conversation {
  id?: number;
  body?: string;
  body_text?: string;
}

function describe(error: unknown): FreshserviceError | undefined {
  return isFreshserviceError(error) ? error : undefined;
}

/** The step state after an error: left to do later when transient, ended otherwise. */
function afterError(error: FreshserviceError): StepState {
  return error.transient ? 'todo' : 'none';
}

function recordError(outcome: TicketOutcome, error: FreshserviceError, now: number): void {
  outcome.error = { kind: error.kind, message: error.message.slice(0, 300), at: now };
  if (error.kind === 'not_found') outcome.state = 'skipped';
}

async function runUpdate(work: TicketWork, invoke: Invoke, meter: Meter): Promise<void> {
  const outcome = work.outcome;
  if (outcome.update !== 'todo' || work.updateBody === null || !fits(meter, 'updateTicket')) return;
  try {
    await callTemplate(invoke, meter, 'updateTicket', { context: { ticket_id: work.facts.id }, body: work.updateBody });
    outcome.update = 'done';
  } catch (error) {
    const e = describe(error);
    if (e === undefined) throw error;
    outcome.update = afterError(e);
    recordError(outcome, e, meter.now());
  }
}

/** Finds a note this app already posted on the ticket, by the marker in its footer. */
export async function findPostedNote(invoke: Invoke, meter: Meter, ticketId: number, ref: string): Promise<number | null> {
  const result = await callTemplate<{ conversations?: Conversation[] }>(invoke, meter, 'listConversations', { context: { ticket_id: ticketId, page: 1 } });
  const found = (result.data?.conversations ?? []).find((c) => `${c.body ?? ''} ${c.body_text ?? ''}`.includes(ref));
  return typeof found?.id === 'number' ? found.id : null;
}

async function postNote(work: TicketWork, invoke: Invoke, meter: Meter): Promise<number | null> {
  const body: Record<string, unknown> = { body: work.noteHtml, private: true };
  if (work.notifyEmails.length > 0) body.notify_emails = work.notifyEmails;
  const result = await callTemplate<{ conversation?: Conversation }>(invoke, meter, 'createNote', { context: { ticket_id: work.facts.id }, body });
  return typeof result.data?.conversation?.id === 'number' ? result.data.conversation.id : null;
}

function noteFits(work: TicketWork, meter: Meter): boolean {
  const pending = work.outcome.note === 'todo' || work.outcome.note === 'intent';
  return pending && work.noteHtml !== null && fits(meter, 'createNote') && (!work.verifyNote || fits(meter, 'listConversations'));
}

/** Posts the note unless an earlier attempt already did; returns the note's id. */
async function ensureNote(work: TicketWork, invoke: Invoke, meter: Meter): Promise<number | null> {
  const existing = work.verifyNote ? await findPostedNote(invoke, meter, work.facts.id, work.noteRef) : null;
  return existing ?? (await postNote(work, invoke, meter));
}

async function runNote(work: TicketWork, invoke: Invoke, meter: Meter): Promise<void> {
  const outcome = work.outcome;
  if (!noteFits(work, meter)) return;
  try {
    outcome.noteId = await ensureNote(work, invoke, meter);
    outcome.note = 'done';
    outcome.ack = outcome.ack === 'todo' ? 'done' : outcome.ack;
  } catch (error) {
    const e = describe(error);
    if (e === undefined) throw error;
    // A note that failed with a permanent error was never posted; a transient failure may have been.
    outcome.note = e.transient ? 'intent' : 'none';
    work.verifyNote = e.transient;
    recordError(outcome, e, meter.now());
  }
}

function settle(outcome: TicketOutcome): void {
  if (outcome.state === 'skipped') return;
  const pending = [outcome.update, outcome.note].some((s) => s === 'todo' || s === 'intent');
  outcome.state = pending ? 'partial' : outcome.error !== null && outcome.error.kind !== 'template' ? 'failed' : 'done';
}

/** Runs what fits of a ticket's work; returns its outcome (also updated in place). */
export async function executeWork(work: TicketWork, invoke: Invoke, meter: Meter): Promise<TicketOutcome> {
  await runUpdate(work, invoke, meter);
  if (work.outcome.state !== 'skipped') await runNote(work, invoke, meter);
  settle(work.outcome);
  return work.outcome;
}
