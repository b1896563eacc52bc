/**
 * The sidebar's view of a ticket, built from the one `$db` block that holds the ticket's record and
 * from the app's health (read from schedule data, which costs no `$db` operation). Shared by the
 * server method that builds it and the sidebar that renders it, so both agree on its shape.
 */
import {
  outcomeAttr, readOutcome, readTimeline, timelineAttr,
  type AppliedChange, type DuplicateRef, type MatchedRule, type OutcomeState, type RequesterSnapshot, type StepState, type TicketOutcome,
} from './record';
import { mergeEntries, statusDurations, STATUS_NAMES, type TimelineEntry } from './timeline';

export interface Escalation {
  at: number;
  rules: string[];
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  note: string;
  error: string | null;
}

export interface HealthView {
  plan: string;
  share: number;
  callsPerMinute: number;
  creditsPerMinute: number;
  binding: 'plan' | 'fdk';
  key: 'ok' | 'rejected';
  retryAt: number | null;
  deferred: { since: number; reason: string } | null;
  lastSweep: { at: number; processed: number; calls: number; credits: number; backlog: number } | null;
  lastError: { kind: string; message: string; hint: string; at: number } | null;
  rulesIssue: string | null;
}

export interface Insights {
  ticketId: number;
  /** The app has a record of processing this ticket. */
  known: boolean;
  state: OutcomeState | 'unseen';
  processedAt: number | null;
  via: string | null;
  /** The record was written by an older version of the app; some sections may be empty. */
  olderRecord: boolean;
  rules: MatchedRule[];
  changes: AppliedChange[];
  /** Whether `changes` were applied (`done`) or are still to be made (`todo`, `intent`). */
  update: StepState;
  note: StepState;
  duplicates: Array<DuplicateRef & { dismissed: boolean }>;
  requester: RequesterSnapshot | null;
  timeline: {
    entries: TimelineEntry[];
    durations: Array<{ status: number; name: string; ms: number }>;
    escalations: Escalation[];
  };
  ack: { state: StepState; configured: boolean };
  error: { kind: string; message: string; at: number } | null;
  health: HealthView;
}

export const INSIGHTS_VERSION = 1;

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function escalations(value: unknown): Escalation[] {
  if (!Array.isArray(value)) return [];
  return value.slice(-20).map((item) => {
    const e = obj(item);
    return {
      at: typeof e.at === 'number' ? e.at : 0,
      rules: Array.isArray(e.rules) ? e.rules.map(String).slice(0, 10) : [],
      changes: Array.isArray(e.changes) ? (e.changes as Escalation['changes']).slice(0, 10) : [],
      note: typeof e.note === 'string' ? e.note : 'none',
      error: typeof e.error === 'string' ? e.error : null,
    };
  });
}

function ids(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((x): x is number => typeof x === 'number') : [];
}

/** Entries for the changes the app made itself (its own updates are not replayed as events). */
function ownEntries(changes: readonly AppliedChange[], at: number): TimelineEntry[] {
  const fields: Record<string, TimelineEntry['field']> = { status: 'status', priority: 'priority', group_id: 'group_id', responder_id: 'responder_id' };
  return changes.flatMap((c) => {
    const field = fields[c.field];
    if (field === undefined || typeof c.to !== 'number') return [];
    return [{ at, field, from: typeof c.from === 'number' ? c.from : null, to: c.to, by: null }];
  });
}

export interface InsightsInput {
  ticketId: number;
  block: Record<string, unknown> | null;
  now: number;
  health: HealthView;
  ackConfigured: boolean;
  /** What the sidebar knows of the ticket right now, for tickets the app never processed. */
  ticket?: { status: number | null; createdAt: number | null };
}

interface Origin {
  createdAt: number | null;
  status: number | null;
  /** Time already folded away by compaction, per status. */
  carried: Array<{ status: number; ms: number }>;
}

function durations(entries: TimelineEntry[], origin: Origin, now: number): Insights['timeline']['durations'] {
  if (origin.createdAt === null) return [];
  return statusDurations(entries, { createdAt: origin.createdAt, initialStatus: origin.status ?? 2, now, carried: origin.carried })
    .map((d) => ({ ...d, name: STATUS_NAMES[d.status] ?? `Status ${d.status}` }));
}

/** Per-status totals a compaction folded away (`k<id>`), which also moved the counting base. */
function compacted(value: unknown): Origin | null {
  const o = obj(value);
  if (!Array.isArray(o.carried)) return null;
  const carried = o.carried.map(obj).filter((c) => typeof c.status === 'number' && typeof c.ms === 'number') as Array<{ status: number; ms: number }>;
  return { createdAt: typeof o.createdAt === 'number' ? o.createdAt : null, status: typeof o.initialStatus === 'number' ? o.initialStatus : null, carried };
}

type OutcomeSections = Pick<Insights, 'known' | 'state' | 'processedAt' | 'via' | 'olderRecord' | 'rules' | 'changes' | 'update' | 'note' | 'error'>;

function outcomeSections(outcome: TicketOutcome | null): OutcomeSections {
  if (outcome === null) {
    return { known: false, state: 'unseen', processedAt: null, via: null, olderRecord: false, rules: [], changes: [], update: 'none', note: 'none', error: null };
  }
  return {
    known: true, state: outcome.state, processedAt: outcome.at, via: outcome.via, olderRecord: outcome.v < INSIGHTS_VERSION,
    rules: outcome.rules, changes: outcome.changes, update: outcome.update, note: outcome.note, error: outcome.error,
  };
}

function duplicatesSection(outcome: TicketOutcome | null, block: Record<string, unknown>, ticketId: number): Insights['duplicates'] {
  if (outcome === null) return [];
  const dismissed = new Set([...outcome.dismissed, ...ids(block[`x${ticketId}`])]);
  return outcome.dups.map((d) => ({ ...d, dismissed: dismissed.has(d.id) }));
}

/** Where time in status starts counting: after a compaction, else the ticket's creation. */
function origin(input: InsightsInput, block: Record<string, unknown>, outcome: TicketOutcome | null): Origin {
  const folded = compacted(block[`k${input.ticketId}`]);
  if (folded !== null) return folded;
  if (outcome !== null && outcome.createdAt !== null) return { createdAt: outcome.createdAt, status: outcome.status0, carried: [] };
  return liveOrigin(input.ticket);
}

function liveOrigin(ticket: InsightsInput['ticket']): Origin {
  return ticket === undefined ? { createdAt: null, status: null, carried: [] } : { createdAt: ticket.createdAt, status: ticket.status, carried: [] };
}

function timelineSection(input: InsightsInput, block: Record<string, unknown>, outcome: TicketOutcome | null): Insights['timeline'] {
  const id = input.ticketId;
  const own = outcome === null ? [] : ownEntries(outcome.changes, outcome.at);
  const entries = mergeEntries(readTimeline(block[timelineAttr(id)]), own);
  return { entries, durations: durations(entries, origin(input, block, outcome), input.now), escalations: escalations(block[`e${id}`]) };
}

function ackState(block: Record<string, unknown>, outcome: TicketOutcome | null, ticketId: number): StepState {
  if (obj(block[`a${ticketId}`]).at !== undefined) return 'done';
  return outcome === null ? 'none' : outcome.ack;
}

export function buildInsights(input: InsightsInput): Insights {
  const block = obj(input.block);
  const outcome = readOutcome(block[outcomeAttr(input.ticketId)]);
  return {
    ticketId: input.ticketId,
    ...outcomeSections(outcome),
    duplicates: duplicatesSection(outcome, block, input.ticketId),
    requester: readRequesterOverride(block[`r${input.ticketId}`]) ?? outcome?.requester ?? null,
    timeline: timelineSection(input, block, outcome),
    ack: { state: ackState(block, outcome, input.ticketId), configured: input.ackConfigured },
    health: input.health,
  };
}

/** A requester snapshot refreshed from the sidebar replaces the one recorded at triage. */
function readRequesterOverride(value: unknown): RequesterSnapshot | null {
  const o = obj(value);
  return Array.isArray(o.open) ? readOutcome({ requester: o })?.requester ?? null : null;
}
