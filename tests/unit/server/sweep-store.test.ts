/** How much of a minute's `$db` operations a sweep allows itself (see SWEEP_DB_OPS in server/lib/limits.ts). */
import { describe, expect, test } from 'vitest';
import { BLOCK_SIZE } from '../../../core/record.ts';
import type { TicketFacts } from '../../../core/ticket.ts';
import { SWEEP_DB_OPS } from '../../../server/lib/limits.ts';
import { affordableBlocks, inFirstBlocks, notOurs } from '../../../server/lib/sweep/sweep.ts';
import { emptyOutcome } from '../../../core/record.ts';

const ticket = (id: number): TicketFacts => ({ id }) as TicketFacts;

describe('sweep $db allowance', () => {
  test('two writes per block, two operations kept for the end, never negative', () => {
    expect(affordableBlocks(0)).toBe(Math.floor((SWEEP_DB_OPS - 2) / 2));
    expect(affordableBlocks(SWEEP_DB_OPS - 4)).toBe(1);
    expect(affordableBlocks(SWEEP_DB_OPS - 3)).toBe(0);
    expect(affordableBlocks(SWEEP_DB_OPS + 10)).toBe(0);
  });

  test('keeps the tickets of the first blocks met, in order, and nothing when no block fits', () => {
    const ids = [1, 2, BLOCK_SIZE + 1, 3, 2 * BLOCK_SIZE + 5, BLOCK_SIZE + 2, 5 * BLOCK_SIZE];
    expect(inFirstBlocks(ids.map(ticket), 2).map((t) => t.id)).toEqual([1, 2, BLOCK_SIZE + 1, 3, BLOCK_SIZE + 2]);
    expect(inFirstBlocks(ids.map(ticket), 0)).toEqual([]);
    expect(inFirstBlocks(ids.map(ticket), 10)).toHaveLength(ids.length);
  });
});

describe('tickets a sweep leaves alone', () => {
  test('created before the episode and never recorded: from before the installation', () => {
    const anchor = 1_000_000;
    const tickets = [
      { id: 1, createdAt: anchor - 1 },
      { id: 2, createdAt: anchor - 1 },
      { id: 3, createdAt: anchor },
      { id: 4, createdAt: null },
    ] as TicketFacts[];
    const recorded = new Map([[2, emptyOutcome(anchor - 1, 'event')]]);
    expect([...notOurs(tickets, recorded, anchor)]).toEqual([1]);
  });
});
