import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeTags, planUpdate } from '../../../core/rules/plan.ts';
import type { Evaluation } from '../../../core/rules/evaluate.ts';
import { makeFacts } from './helpers.ts';

function evaluation(over: Partial<Evaluation> = {}): Evaluation {
  return { matched: [], changes: {}, provenance: {}, tagsAdd: [], tagsRemove: [], notes: [], notifyEmails: [], conflicts: [], ...over };
}

describe('planUpdate', () => {
  it('planUpdate: sends only fields that differ from the ticket', () => {
    const facts = makeFacts({ priority: 3, groupId: 10, type: 'Incident', category: 'Network', subCategory: null, responderId: null });
    const plan = planUpdate(facts, evaluation({ changes: { priority: 3, group_id: 11, type: 'Incident', category: 'Hardware', sub_category: 'Laptop', responder_id: 7, status: 2, urgency: 3, impact: 1 } }));
    expect(plan.body).toEqual({ urgency: 3, impact: 1, group_id: 11, responder_id: 7, category: 'Hardware', sub_category: 'Laptop' });
    expect(plan.diff).toEqual([
      { field: 'urgency', from: 2, to: 3 },
      { field: 'impact', from: 2, to: 1 },
      { field: 'group_id', from: 10, to: 11 },
      { field: 'responder_id', from: null, to: 7 },
      { field: 'category', from: 'Network', to: 'Hardware' },
      { field: 'sub_category', from: null, to: 'Laptop' },
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('planUpdate: gives a null body when nothing changes', () => {
    expect(planUpdate(makeFacts(), evaluation())).toEqual({ body: null, diff: [], skipped: [] });
    expect(planUpdate(makeFacts({ priority: 2 }), evaluation({ changes: { priority: 2 }, tagsRemove: ['absent'] })).body).toBeNull();
  });

  it('planUpdate: sends the full merged tag list when the set changes', () => {
    const facts = makeFacts({ tags: ['VIP', 'triage'] });
    const plan = planUpdate(facts, evaluation({ tagsAdd: ['vpn', 'vip'], tagsRemove: ['Triage'] }));
    expect(plan.body).toEqual({ tags: ['VIP', 'vpn'] });
    expect(plan.diff).toEqual([{ field: 'tags', from: ['VIP', 'triage'], to: ['VIP', 'vpn'] }]);
  });

  it('planUpdate: leaves tags alone when only the case differs', () => {
    expect(planUpdate(makeFacts({ tags: ['VPN'] }), evaluation({ tagsAdd: ['vpn'] })).body).toBeNull();
  });

  it('planUpdate: refuses to send tags when the current tags are unknown', () => {
    const plan = planUpdate(makeFacts({ tags: [], tagsKnown: false }), evaluation({ tagsAdd: ['vpn'], changes: { priority: 4 } }));
    expect(plan.body).toEqual({ priority: 4 });
    expect(plan.skipped).toEqual(["tags: the ticket's current tags are unknown, so the full list cannot be sent safely"]);
  });

  it('mergeTags: is (current ∪ add) − remove, case-insensitive, first spelling kept', () => {
    expect(mergeTags(['A', 'b'], ['a', 'C', 'c', ''], ['B'])).toEqual(['A', 'C']);
  });

  it('mergeTags: never keeps a removed tag and keeps every other tag once', () => {
    const tag = fc.constantFrom('vpn', 'VPN', 'vip', 'Vip', 'triage', 'net', 'é', 'e');
    fc.assert(
      fc.property(fc.array(tag), fc.array(tag), fc.array(tag), (current, add, remove) => {
        const merged = mergeTags(current, add, remove);
        const fold = (t: string): string => t.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
        const removed = new Set(remove.map(fold));
        const keys = merged.map(fold);
        expect(new Set(keys).size).toBe(keys.length);
        for (const k of keys) expect(removed.has(k)).toBe(false);
        for (const t of [...current, ...add]) if (!removed.has(fold(t))) expect(keys).toContain(fold(t));
        return true;
      }),
    );
  });
});
