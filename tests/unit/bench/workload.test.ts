/**
 * The benchmark's workload (devkit/bench/workload.ts) and rule sets (rules.ts): deterministic,
 * the mix the issue asks for, and a ground truth that agrees with the app's own rule engine and
 * duplicate scoring — so the lower bound computed from it is the one the app really faces.
 */
import Ajv from 'ajv';
import Handlebars from 'handlebars';
import { describe, expect, test } from 'vitest';
import { evaluateRules } from '../../../core/rules/evaluate.ts';
import { parseRulesText } from '../../../core/rules/check.ts';
import { planUpdate } from '../../../core/rules/plan.ts';
import { RULES_SCHEMA } from '../../../core/rules/schema.ts';
import type { RuleSet } from '../../../core/rules/types.ts';
import { findDuplicates, similarity } from '../../../core/similarity.ts';
import type { TemplateEngine } from '../../../core/templates.ts';
import type { TicketFacts } from '../../../core/ticket.ts';
import { htmlToText } from '../../../devkit/fake-freshservice/html.ts';
import { hundredRules, NO_MATCH_RULES, stormRules, type RuleDoc } from '../../../devkit/bench/rules.ts';
import { generateWorkload, longDescription, needsOf, type StormTicket } from '../../../devkit/bench/workload.ts';
import { makeFacts } from '../core/helpers.ts';

const GROUPS = { Security: 11, 'Network Team': 12, 'Hardware Support': 13, Messaging: 14 };
const engine = Handlebars as unknown as TemplateEngine;
const T0 = Date.UTC(2026, 10, 26, 9, 10, 0);

function check(doc: RuleDoc): RuleSet {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(RULES_SCHEMA);
  const result = parseRulesText(JSON.stringify(doc), {
    templates: engine,
    validateSchema: (d) => (validate(d) ? [] : (validate.errors ?? []) as never[]),
  });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.rules;
}

function facts(t: StormTicket, id: number): TicketFacts {
  return makeFacts({
    id, subject: t.subject, descriptionText: htmlToText(t.description), requester: { id: 1000 + t.person, email: `p${t.person}@corp.example`, name: `Person ${t.person}` },
    priority: 1, urgency: 1, impact: 1, groupId: null, category: null, subCategory: null, tags: [], createdAt: T0 + t.offsetMs,
  });
}

describe('generateWorkload', () => {
  const w = generateWorkload({ tickets: 600, seed: 7 });

  test('is deterministic for a seed and differs for another', () => {
    expect(generateWorkload({ tickets: 600, seed: 7 })).toEqual(w);
    expect(generateWorkload({ tickets: 600, seed: 8 }).tickets[0]?.subject).not.toBe(undefined);
    expect(JSON.stringify(generateWorkload({ tickets: 600, seed: 8 }))).not.toBe(JSON.stringify(w));
  });

  test('arrives within one minute, in index order', () => {
    const offsets = w.tickets.map((t) => t.offsetMs);
    expect(offsets.every((o, i) => i === 0 || o >= (offsets[i - 1] as number))).toBe(true);
    expect(Math.max(...offsets)).toBeLessThan(60_000);
    expect(w.tickets.map((t) => t.index)).toEqual(w.tickets.map((_, i) => i));
  });

  test('the mix: a tenth duplicates, about half need an update, a third a note', () => {
    const n = needsOf(w.tickets);
    expect(n.duplicates).toBe(60);
    const originals = w.tickets.filter((t) => t.duplicateOf === null);
    expect(needsOf(originals).byKind).toEqual({ 'change+note': 90, change: 180, note: 90, none: 180 });
    expect(Object.values(n.byKind).reduce((a, b) => a + b, 0)).toBe(600);
    expect(originals.filter((t) => t.kind === 'change' || t.kind === 'change+note')).toHaveLength(270);
    expect(originals.filter((t) => t.kind === 'note' || t.kind === 'change+note')).toHaveLength(180);
    expect(n.updates).toBe(270 + 60);
    expect(n.notes).toBe(180 + 60);
  });

  test('mostly distinct requesters, some repeat senders, duplicates from the original sender, after it', () => {
    const originals = w.tickets.filter((t) => t.duplicateOf === null);
    const perPerson = new Map<number, number>();
    for (const t of originals) perPerson.set(t.person, (perPerson.get(t.person) ?? 0) + 1);
    const repeat = [...perPerson.values()].filter((c) => c > 1);
    expect(perPerson.size).toBeGreaterThan(originals.length * 0.8);
    expect(repeat.length).toBeGreaterThan(5);
    for (const d of w.tickets.filter((t) => t.duplicateOf !== null)) {
      const original = w.tickets[d.duplicateOf as number] as StormTicket;
      expect(original.index).toBeLessThan(d.index);
      expect(original.person).toBe(d.person);
      expect(original.duplicateOf).toBeNull();
      expect(d.needsUpdate && d.needsNote).toBe(true);
    }
    expect(new Set(w.people.map((p) => p.email)).size).toBe(w.people.length);
  });

  test('rejects a bad size; a long description has the size asked for', () => {
    expect(() => generateWorkload({ tickets: 0 })).toThrow(RangeError);
    expect(longDescription(1, 64 * 1024)).toHaveLength(64 * 1024);
  });
});

describe.each([300, 600, 2000])('the ground truth of the %i-ticket storm (seed 7) agrees with the app', (tickets) => {
  const w = generateWorkload({ tickets, seed: 7 });
  const rules = check(stormRules(GROUPS));

  test('the storm rules change fields exactly on "change" kinds and add a note exactly on "note" kinds', () => {
    const wrong: string[] = [];
    w.tickets.forEach((t, i) => {
      if (t.duplicateOf !== null) return;
      const f = facts(t, i + 1);
      const ev = evaluateRules(rules, f, { event: 'create' });
      const changes = planUpdate(f, ev).body !== null;
      const note = ev.notes.length > 0;
      if (changes !== t.needsUpdate || note !== t.needsNote || ev.matched.length > 1) {
        wrong.push(`${t.template}: "${t.subject}" changes=${String(changes)} note=${String(note)} matched=${ev.matched.map((m) => m.rule).join('+')}`);
      }
    });
    expect(wrong).toEqual([]);
  });

  test("duplicates score above the app's threshold against their original; other tickets of a sender do not", () => {
    const all = w.tickets.map((t, i) => facts(t, i + 1));
    const missed: string[] = [];
    const spurious: string[] = [];
    w.tickets.forEach((t, i) => {
      const earlier = all.slice(0, i).filter((c) => c.requester.id === (all[i] as TicketFacts).requester.id);
      const found = findDuplicates(all[i] as TicketFacts, earlier, { windowHours: 72, threshold: 0.6, now: T0 + t.offsetMs }).map((d) => d.id - 1);
      if (t.duplicateOf !== null && !found.includes(t.duplicateOf)) missed.push(`${t.index} of ${t.duplicateOf}`);
      if (t.duplicateOf === null && found.length > 0) spurious.push(`${t.index} ~ ${found.join(',')} (${similarity(all[i] as TicketFacts, all[found[0] as number] as TicketFacts).score})`);
    });
    expect(missed).toEqual([]);
    expect(spurious).toEqual([]);
  });
});

describe('rule sets', () => {
  test('pass the app\'s schema and checks', () => {
    expect(check(stormRules(GROUPS)).rules).toHaveLength(11);
    expect(check(hundredRules(GROUPS)).rules).toHaveLength(100);
    expect(check(NO_MATCH_RULES).rules).toHaveLength(1);
  });

  test('a missing group is an error, not a silent null', () => {
    expect(() => stormRules({})).toThrow(/no group "Security"/);
  });

  test('the 100-rule set matches the latency ticket with its last three rules only', () => {
    const set = check(hundredRules(GROUPS));
    const ev = evaluateRules(set, makeFacts({ subject: 'VPN tunnel drops during calls (3)', descriptionText: `I am working from home today; error 809 again. ${htmlToText(longDescription(11, 16 * 1024))}`, priority: 1 }), { event: 'create' });
    expect(ev.matched.map((m) => m.rule)).toEqual(['Rule 98 (matches)', 'Rule 99 (matches)', 'Rule 100 (matches)']);
  });
});
