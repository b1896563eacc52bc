/**
 * The budget line under the plan and share: what `appBudget` (core) gives for them, in words, with
 * the limit that binds (the plan's share, or FDK's 50 request calls a minute per app).
 */
import { FDK_CALLS_PER_MINUTE, PLAN_LIMITS, appBudget, isPlan, type Plan } from '../../core/budget';
import { checkSettings } from '../../core/settings';

export const PLAN_NAMES: Readonly<Record<Plan, string>> = { starter: 'Starter', growth: 'Growth', pro: 'Pro', enterprise: 'Enterprise' };

export interface BudgetSummary {
  /** What the share means, or '' when the inputs do not allow a number. */
  text: string;
  /** Why there is no number (the share is out of range…), for the share field; null when fine. */
  shareError: string | null;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function budgetSummary(plan: string, shareText: string): BudgetSummary {
  const shareError = checkSettings({ plan, budget_share: shareText }).errors.budget_share ?? null;
  if (shareError !== null) return { text: '', shareError };
  if (!isPlan(plan)) return { text: 'Choose your plan to see how many calls a minute the app may make.', shareError: null };
  const share = Number(shareText.trim());
  const budget = appBudget(plan, share);
  const head = `${PLAN_NAMES[plan]} × ${share}% = ${plural(budget.credits, 'call')} a minute`;
  const rest = PLAN_LIMITS[plan].total - budget.credits;
  const others = rest > 0 ? ` The other ${rest} stay for your other integrations.` : ' Nothing is left for other integrations.';
  if (budget.binding === 'fdk') {
    return { text: `${head}, but FDK lets an app make at most ${FDK_CALLS_PER_MINUTE} request calls a minute, so Ticket Radar uses ${budget.calls}.${others}`, shareError: null };
  }
  return { text: `${head}.${others}`, shareError: null };
}
