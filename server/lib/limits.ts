/**
 * The app's own budgets inside the platform's. Each is a trade-off measured by `npm run bench`.
 */

/**
 * Tickets a minute processed the moment their event arrives. Each costs at most 3 API calls and 4
 * `$db` operations (claim, slot, in-flight marker, outcome); with the update slots below, inline work
 * stays under 27 calls and 33 operations a minute even when every slot is used. Beyond that,
 * tickets queue behind the backlog marker for the sweep.
 */
export const INLINE_SLOTS = 6;
/**
 * Update events whose rules act right away, a minute. Their own pool, so a ticket's create and its
 * first update in the same minute never compete for one slot.
 */
export const UPDATE_SLOTS = 3;
/** Most API calls one inline ticket makes: the duplicate search, one update, one note. */
export const INLINE_CALLS_PER_TICKET = 3;
/**
 * How long an inline handler may be working on a ticket it marked as its own (the execution limit,
 * 20 s, plus a margin): a sweep leaves such a ticket alone meanwhile.
 */
export const INLINE_GRACE_MS = 25_000;
/** A create event arriving this long after the ticket was created first checks whether a sweep handled it (see ticket-create.ts). */
export const LATE_EVENT_MS = 60_000;
/** Calls a minute kept for agents' actions in the sidebar (re-run, acknowledge, refresh). */
export const ACTION_SLOTS = 2;
/** Ids before the backlog marker's first ticket that a sweep re-checks, for events that raced the marker. */
export const LOOKBACK_IDS = 24;
/** A sweep stops starting calls after this long, leaving time to record outcomes within 20 s. */
export const SWEEP_TIME_BUDGET_MS = 12_000;
/**
 * `$db` operations one sweep may make, its drain of queued update actions included. The store's 50
 * a minute are shared with inline handlers, agents' update events (a timeline append each) and
 * every sidebar open; the sweep is the one consumer that can wait, so it stops starting work at
 * this many and leaves the rest for the next minute (measured by `npm run soak`).
 */
export const SWEEP_DB_OPS = 24;
/** Of those, what draining queued update actions may use before the sweep's own work begins. */
export const DRAIN_DB_OPS = 12;
/**
 * The allowance of the sweep a create handler starts at once when its burst outruns the inline
 * slots: that minute's inline handlers have already spent part of the 50.
 */
export const SWEEP_NOW_DB_OPS = 12;
/** Calls a sweep keeps in flight at once. */
export const SWEEP_CONCURRENCY = 4;
