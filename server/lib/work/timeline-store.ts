/**
 * Timeline entries are appended to the ticket's block with one atomic `$db` append. A block holds
 * twenty tickets and `$db` refuses a key past 40 KB, so when an append is refused for size the
 * block's timelines are compacted — the newest entries kept, older status entries folded into
 * per-status totals (`k<id>`) so the time-in-status chart stays exact — and the append retried.
 * Outcomes written to a full block (`setInBlock`) get the same treatment, finished outcomes in the
 * block being slimmed as well (one requester's many similar tickets carry long duplicate lists).
 */
import { blockKey, isComplete, outcomeAttr, readOutcome, readTimeline, slimOutcome, timelineAttr, toStoredEntry } from '../../../core/record';
import { compactTimeline, type StatusDuration, type TimelineEntry } from '../../../core/timeline';
import { appendTo, getOrNull, isDbError, setPaths } from '../store/db';

/** Entries kept per ticket when a block is compacted. */
export const KEPT_ENTRIES = 24;
/** Escalation records kept per ticket when a block is compacted. */
const KEPT_ESCALATIONS = 10;

export const carriedAttr = (ticketId: number): string => `k${ticketId}`;

export interface Carried {
  carried: StatusDuration[];
  createdAt: number | null;
  initialStatus: number | null;
}

function isSizeError(error: unknown): boolean {
  return isDbError(error) && !error.busy && /40 ?KB|size|too large|object_size/i.test(error.message);
}

function readCarried(value: unknown): Carried | undefined {
  const o = value as Partial<Carried> | undefined;
  return Array.isArray(o?.carried) ? { carried: o.carried, createdAt: o.createdAt ?? null, initialStatus: o.initialStatus ?? null } : undefined;
}

/** Where counting starts: the last compaction's base, else the ticket's creation and first status. */
function baseOf(block: Record<string, unknown>, id: number): Carried {
  const previous = readCarried(block[carriedAttr(id)]);
  if (previous !== undefined) return previous;
  const outcome = readOutcome(block[`o${id}`]);
  return outcome === null ? { carried: [], createdAt: null, initialStatus: null } : { carried: [], createdAt: outcome.createdAt, initialStatus: outcome.status0 };
}

/** The compacted attributes of one ticket in a block. */
function compactTicket(block: Record<string, unknown>, id: number): Record<string, unknown> {
  const base = baseOf(block, id);
  const compacted = compactTimeline(readTimeline(block[timelineAttr(id)]), { maxEntries: KEPT_ENTRIES, ...base });
  const stored = block[`e${id}`];
  const escalations = Array.isArray(stored) ? stored.slice(-KEPT_ESCALATIONS) : [];
  return {
    [timelineAttr(id)]: compacted.entries.map(toStoredEntry),
    [carriedAttr(id)]: { carried: compacted.carried, createdAt: compacted.createdAt, initialStatus: compacted.initialStatus },
    [`e${id}`]: escalations,
  };
}

/** Finished outcomes of the block, slimmed (one still in progress is left exactly as its writer left it). */
function slimOutcomes(block: Record<string, unknown>): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const key of Object.keys(block).filter((k) => /^o\d+$/.test(k))) {
    const outcome = readOutcome(block[key]);
    if (outcome !== null && outcome.state !== 'partial' && isComplete(outcome)) paths[key] = slimOutcome(outcome);
  }
  return paths;
}

/** Compacts every timeline in the block `key` and slims its finished outcomes. */
async function compactKey(key: string): Promise<void> {
  const block = (await getOrNull(key)) ?? {};
  const ids = Object.keys(block).filter((k) => /^l\d+$/.test(k)).map((k) => Number(k.slice(1)));
  const paths = Object.assign(slimOutcomes(block), ...ids.map((id) => compactTicket(block, id))) as Record<string, unknown>;
  if (Object.keys(paths).length > 0) await setPaths(key, paths);
}

/** Compacts every timeline in the block that holds `ticketId` (and slims its finished outcomes). */
export function compactBlock(ticketId: number): Promise<void> {
  return compactKey(blockKey(ticketId));
}

/** Sets attributes of the block `key` (outcomes); a block refused for size is compacted, then written again. */
export async function setInBlock(key: string, paths: Record<string, unknown>): Promise<void> {
  try {
    await setPaths(key, paths);
  } catch (error) {
    if (!isSizeError(error)) throw error;
    await compactKey(key);
    await setPaths(key, paths);
  }
}

/** Records a ticket's outcome in its block (see `setInBlock`). */
export function writeOutcome(ticketId: number, outcome: unknown): Promise<void> {
  return setInBlock(blockKey(ticketId), { [outcomeAttr(ticketId)]: outcome });
}

export async function appendTimeline(ticketId: number, entries: readonly TimelineEntry[]): Promise<void> {
  const stored = entries.map(toStoredEntry);
  try {
    await appendTo(blockKey(ticketId), timelineAttr(ticketId), stored);
  } catch (error) {
    if (!isSizeError(error)) throw error;
    await compactBlock(ticketId);
    await appendTo(blockKey(ticketId), timelineAttr(ticketId), stored);
  }
}
