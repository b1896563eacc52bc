/**
 * What the app actually changed in the fake account, write by write, for exactly-once checks.
 *
 * The fake's call log has no request bodies, and its status alone cannot say whether a write whose
 * answer was lost (a connection dropped after the API handled it) landed. So the recorder looks at
 * the account itself: it wraps the fake store's `tickets.update` (every API `PUT /tickets/{id}` the
 * fake handles goes through it, with the caller's agent as actor) and keeps each patch the app's
 * agent applied, with its time. Notes are read from the store at the end (each note carries the
 * app's footer reference, `Ticket Radar · ref T<id>-<kind>`).
 *
 * Test-side instrumentation only: the store behaves exactly as before.
 */
import { findNoteRef } from '../../core/templates.ts';
import type { FakeFreshservice } from '../fake-freshservice/index.ts';
import type { TicketPatch, WriteOptions } from '../fake-freshservice/store.ts';

export interface AppliedUpdate {
  ticketId: number;
  at: number;
  /** The fields the PUT set, as the fake applied them (tags as the full list). */
  patch: Record<string, unknown>;
}

export interface AppNote {
  ticketId: number;
  noteId: number;
  at: number;
  /** The footer reference (`T<id>-create`, `T<id>-update-<eventTime>`, `T<id>-ack`, …), or null. */
  ref: string | null;
  body: string;
}

export interface WriteRecorder {
  /** Every update the app's agent applied, in order. */
  readonly updates: readonly AppliedUpdate[];
  updatesOf(ticketId: number): AppliedUpdate[];
  /** The notes the app's agent wrote on these tickets (all tickets when omitted). */
  notes(ticketIds?: Iterable<number>): AppNote[];
  /** Stops recording (the store's own method is put back). */
  stop(): void;
}

function actorId(options: WriteOptions | undefined): number | null {
  const actor = options?.actor;
  if (typeof actor === 'number') return actor;
  return typeof actor === 'object' && actor !== null && typeof actor.id === 'number' ? actor.id : null;
}

export function recordAppWrites(fake: FakeFreshservice, agentId: number): WriteRecorder {
  const tickets = fake.store.tickets;
  const original = tickets.update;
  const updates: AppliedUpdate[] = [];
  const byTicket = new Map<number, AppliedUpdate[]>();
  const wrapped = function (this: typeof tickets, id: number, patch: TicketPatch, options?: WriteOptions) {
    const result = original.call(this, id, patch, options);
    if (actorId(options) === agentId) {
      const applied: AppliedUpdate = { ticketId: id, at: fake.clock.now(), patch: structuredClone(patch) as Record<string, unknown> };
      updates.push(applied);
      const list = byTicket.get(id) ?? [];
      list.push(applied);
      byTicket.set(id, list);
    }
    return result;
  };
  tickets.update = wrapped;
  return {
    updates,
    updatesOf: (id) => [...(byTicket.get(id) ?? [])],
    notes(ids) {
      const wanted = ids === undefined ? fake.store.tickets.list().map((t) => t.id) : [...ids];
      const out: AppNote[] = [];
      for (const id of wanted) {
        for (const c of fake.store.conversations.live(id)) {
          if (c.user_id !== agentId) continue;
          out.push({ ticketId: id, noteId: c.id, at: c.created_at, ref: findNoteRef(c.body), body: c.body });
        }
      }
      return out;
    },
    stop() {
      if (tickets.update === wrapped) tickets.update = original;
    },
  };
}
