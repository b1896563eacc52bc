/**
 * Testing rules on a ticket without writing anything: core's `evaluateRules` decides whether a rule
 * matches and what it would do, `planUpdate` turns that into the one update the server would send,
 * and each condition is explained on its own from the evaluator's traces.
 *
 * The evaluator records traces only for rules that match. To explain a condition that fails, it is
 * evaluated inside `{"not": …}`, which matches exactly when the condition fails and so records its
 * trace (the ticket's value and the rule's). A core option to keep traces of failed rules would
 * make this unnecessary (see the report of issue #8).
 */
import { evaluateRules, type ConditionTrace, type Evaluation, type EvaluationContext } from '../../../core/rules/evaluate';
import { planUpdate } from '../../../core/rules/plan';
import type { Condition, RuleSet } from '../../../core/rules/types';
import { noteContext, renderTemplate, type TemplateEngine } from '../../../core/templates';
import type { TicketFacts } from '../../../core/ticket';

export interface ConditionResult {
  /** The condition's trace (field, operator, expected and actual values), when the evaluator gave one. */
  trace: ConditionTrace | null;
  /** True when the whole row (with its "not", if any) holds. */
  holds: boolean;
  negated: boolean;
}

export interface TestOutcome {
  matchedRules: string[];
  diff: Array<{ field: string; from: unknown; to: unknown }>;
  notes: Array<{ rule: string; text: string; ok: boolean }>;
  notify: string[];
  skipped: string[];
  conflicts: string[];
}

export interface RuleTest extends TestOutcome {
  name: string;
  /** Why the rule would not run on this event at all, or null. */
  notRun: string | null;
  matched: boolean;
  conditions: ConditionResult[];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The rows of a rule's `when`: the items of its `all`/`any`, or the single condition. */
export function conditionItems(when: unknown): unknown[] {
  if (isRec(when) && Array.isArray(when.all)) return when.all;
  if (isRec(when) && Array.isArray(when.any)) return when.any;
  return [when];
}

function probe(condition: unknown, facts: TicketFacts, ctx: EvaluationContext): Evaluation {
  const rule = { name: 'probe', on: 'both' as const, when: condition as Condition, then: {} };
  return evaluateRules({ version: 1, rules: [rule] }, facts, ctx);
}

function traceOf(leaf: unknown, facts: TicketFacts, ctx: EvaluationContext): ConditionTrace | null {
  const direct = probe(leaf, facts, ctx).matched[0];
  const trace = direct ?? probe({ not: leaf }, facts, ctx).matched[0];
  return trace?.reasons[0] ?? null;
}

export function explainCondition(item: unknown, facts: TicketFacts, ctx: EvaluationContext): ConditionResult {
  const negated = isRec(item) && Object.keys(item).length === 1 && item.not !== undefined;
  const inner = negated ? (item as Rec).not : item;
  const isLeaf = isRec(inner) && inner.field !== undefined;
  const holds = probe(item, facts, ctx).matched.length > 0;
  return { trace: isLeaf ? traceOf(inner, facts, ctx) : null, holds, negated };
}

function noteTexts(ev: Evaluation, facts: TicketFacts, engine: TemplateEngine | undefined): TestOutcome['notes'] {
  return ev.notes.map((n) => {
    if (engine === undefined) return { rule: n.rule, text: 'The template engine did not load, so the note cannot be shown.', ok: false };
    const r = renderTemplate(engine, n.template, noteContext(facts, { rule: n.rule, matched: n.matchedValues }));
    return r.ok ? { rule: n.rule, text: r.text, ok: true } : { rule: n.rule, text: r.error, ok: false };
  });
}

function conflictText(c: Evaluation['conflicts'][number]): string {
  return `${c.field}: "${c.keptFrom}" sets ${String(c.kept)}, so "${c.ignoredFrom}" (${String(c.ignored)}) is ignored.`;
}

export function outcomeOf(ev: Evaluation, facts: TicketFacts, engine: TemplateEngine | undefined): TestOutcome {
  const plan = planUpdate(facts, ev);
  return {
    matchedRules: ev.matched.map((m) => m.rule),
    diff: plan.diff,
    notes: noteTexts(ev, facts, engine),
    notify: ev.notifyEmails,
    skipped: plan.skipped,
    conflicts: ev.conflicts.map(conflictText),
  };
}

function notRunReason(rule: Rec, event: EvaluationContext['event']): string | null {
  if (rule.enabled === false) return 'This rule is switched off, so it never runs.';
  if (rule.on === 'both' || rule.on === event) return null;
  return event === 'create' ? 'This rule runs on ticket updates only; set the sample to an update to see it run.' : 'This rule runs on new tickets only; set the sample to a new ticket to see it run.';
}

/** One rule on the sample: whether it runs and matches, each condition, and what it would change. */
export function testRule(ruleSet: RuleSet, index: number, facts: TicketFacts, ctx: EvaluationContext, engine: TemplateEngine | undefined): RuleTest {
  const rule = (ruleSet.rules[index] ?? {}) as unknown as Rec;
  const name = typeof rule.name === 'string' && rule.name.trim() !== '' ? rule.name : `Rule ${index + 1}`;
  // Evaluated as if it ran on this event, so the conditions are explained either way.
  const forced = { ...rule, on: 'both', enabled: true, stop: false };
  const ev = evaluateRules({ version: 1, rules: [forced as never] }, facts, ctx);
  const notRun = notRunReason(rule, ctx.event);
  const outcome = outcomeOf(notRun === null ? ev : evaluateRules({ version: 1, rules: [] }, facts, ctx), facts, engine);
  const conditions = conditionItems(rule.when).map((item) => explainCondition(item, facts, ctx));
  return { ...outcome, name, notRun, matched: ev.matched.length > 0, conditions };
}

/** Every rule on the sample, in order, as the server would run them. */
export function testAll(ruleSet: RuleSet, facts: TicketFacts, ctx: EvaluationContext, engine: TemplateEngine | undefined): TestOutcome {
  return outcomeOf(evaluateRules(ruleSet, facts, ctx), facts, engine);
}
