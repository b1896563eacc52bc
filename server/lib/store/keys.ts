/**
 * Every `$db` key the app uses (keys are at most 60 characters; fdk-platform.md §6). Short-lived
 * keys carry a TTL so nothing needs cleaning up.
 */
import { blockKey } from '../../../core/record';

export { blockKey };

/** Atomic claim of a ticket's create processing: `setIf: not_exist` makes a redelivered event a no-op. */
export const claimKey = (ticketId: number): string => `radar:c:${ticketId}`;
/**
 * Claim and progress of one escalation: the update rules' actions for one agent change, named by
 * the ticket, the time of the change and a signature of what changed (see work/update-actions.ts).
 */
export const updateClaimKey = (ticketId: number, eventTime: number, signature: string): string => `radar:u:${ticketId}:${eventTime}:${signature}`;
/** One of the per-minute slots for tickets processed as their event arrives. */
export const inlineSlotKey = (minute: number, slot: number): string => `radar:s:${minute}:${slot}`;
/** One of the per-minute slots for update-rule actions run as their event arrives. */
export const updateSlotKey = (minute: number, slot: number): string => `radar:s:${minute}:u${slot}`;
/** One of the per-minute slots kept for agents' actions in the sidebar. */
export const actionSlotKey = (minute: number, slot: number): string => `radar:i:${minute}:${slot}`;
/** Claimed before an agent's acknowledgement is posted: two sidebars cannot both post it. */
export const ackClaimKey = (ticketId: number): string => `radar:a:${ticketId}`;
/** Held while triage is re-run on a ticket from the sidebar: two agents' re-runs do not both write. */
export const rerunLockKey = (ticketId: number): string => `radar:r:${ticketId}`;
/** Only one sweep works in a given minute. */
export const leaseKey = (minute: number): string => `radar:lease:${minute}`;
/** Update-rule actions that could not run when their event arrived, by minute. */
export const queueKey = (minute: number): string => `radar:q:${minute}`;
export const STATE_KEY = 'radar:state';

export const TTL = {
  claim: 7 * 24 * 3600,
  slot: 180,
  lease: 180,
  queue: 2 * 24 * 3600,
  /** Longer than one invocation may run (20 s): a re-run that died cannot block the next for long. */
  rerun: 60,
} as const;
