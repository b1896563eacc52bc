import { describe, expect, test } from 'vitest';
import type { Runtime } from '../../../devkit/runtime/index.ts';
import { describeUsage } from '../../../devkit/server/usage-log.ts';

function runtimeWith(db: { total: number; current: number; byOp: Record<string, number> }, templates: { total: number; current: number }, smi: { total: number; current: number }): Runtime {
  return { stats: { db, templates, smi } } as unknown as Runtime;
}

describe('describeUsage', () => {
  const before = { db: 2, byOp: { set: 1, get: 1, update: 0, delete: 0 }, templates: 1, smi: 0 };

  test('nothing new: no line', () => {
    expect(describeUsage(before, runtimeWith({ total: 2, current: 2, byOp: before.byOp }, { total: 1, current: 1 }, { total: 0, current: 0 }))).toBeUndefined();
  });

  test('what was spent since the last line, and how full this minute is against each limit', () => {
    const usage = describeUsage(before, runtimeWith({ total: 5, current: 5, byOp: { set: 2, get: 3, update: 0, delete: 0 } }, { total: 3, current: 3 }, { total: 1, current: 1 }));
    expect(usage?.line).toBe('$db +3 (set 1, get 2) · templates +2 · server methods +1 — this minute: $db 5/50, templates 3/50, server methods 1/50');
    expect(usage?.after).toEqual({ db: 5, byOp: { set: 2, get: 3, update: 0, delete: 0 }, templates: 3, smi: 1 });
  });
});
