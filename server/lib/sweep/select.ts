/**
 * Which of the listed tickets this sweep works on: in id order, as many as the minute's budget
 * covers, counting one update and one note each (plus a lookup when a note may already exist).
 * A ticket whose update does not fit the update sub-limit is left whole for the next sweep while
 * later tickets that need no update still go ahead, so notes keep flowing when updates are capped.
 */
import { creditsFor, recordSpend, refusal, type Spend } from '../../../core/budget';
import type { Meter } from '../freshservice/client';
import type { TicketWork } from '../work/plan';

interface Needs {
  update: boolean;
  note: boolean;
  verify: boolean;
}

function needsOf(work: TicketWork): Needs {
  const o = work.outcome;
  return { update: o.update === 'todo', note: o.note === 'todo' || o.note === 'intent', verify: work.verifyNote };
}

/** Spend after the ticket's calls, or undefined when one of them would not fit. */
function tryReserve(spend: Spend, meter: Meter, needs: Needs): Spend | undefined {
  let next = spend;
  const steps: Array<['updateTicket' | 'other', boolean]> = [['updateTicket', needs.update], ['other', needs.note], ['other', needs.verify]];
  for (const [operation, needed] of steps) {
    if (!needed) continue;
    const credits = creditsFor(operation, 0);
    if (refusal(next, meter.budget, operation, credits, meter.reserve) !== undefined) return undefined;
    next = recordSpend(next, operation, credits);
  }
  return next;
}

/**
 * Tickets in order whose calls fit the meter's budget. `allowance(batch)` is how many credits to
 * keep back when that batch is chosen (for reads their processing will need first).
 */
export function selectWork(works: readonly TicketWork[], meter: Meter, allowance: (batch: readonly TicketWork[]) => number = () => 0): TicketWork[] {
  let spend = meter.spend;
  const chosen: TicketWork[] = [];
  for (const work of works) {
    const budgeted: Meter = { ...meter, reserve: meter.reserve + allowance([...chosen, work]) };
    const after = tryReserve(spend, budgeted, needsOf(work));
    if (after === undefined) continue;
    spend = after;
    chosen.push(work);
  }
  return chosen;
}
