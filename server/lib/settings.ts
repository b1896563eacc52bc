/**
 * The installation parameters as the handlers use them, parsed defensively on every invocation
 * (serverless has no memory between invocations). Broken rules never stop ticket processing:
 * they become an empty rule set plus an issue that is logged and shown in the sidebar's health.
 */
import { appBudget, isPlan, parseShare, type AppBudget, type Plan } from '../../core/budget';
import { parseRulesText } from '../../core/rules/check';
import type { RuleSet } from '../../core/rules/types';
import type { TemplateEngine } from '../../core/templates';

export const DEFAULT_WINDOW_HOURS = 72;
export const DEFAULT_THRESHOLD = 0.6;

export interface Settings {
  plan: Plan;
  share: number;
  budget: AppBudget;
  rules: RuleSet;
  rulesIssue: string | null;
  windowHours: number;
  threshold: number;
  ackTemplate: string;
  /** The agent the API key belongs to: updates made by it are the app's own. */
  agentId: number | null;
  /** Only for redacting logs; never stored, returned or logged. */
  apiKey: string;
}

function numberIn(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max ? n : fallback;
}

function positiveId(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

interface ParsedRules {
  rules: RuleSet;
  issue: string | null;
}

/**
 * The rules' JSON Schema is checked when they are saved (`checkSettings`) and at install; here only
 * core's semantic checks run, which refuse anything the evaluator could not handle safely. The
 * schema step compiles a validator (about 20 ms) and nothing survives between invocations.
 */
function readRules(value: unknown, engine: () => TemplateEngine | undefined): ParsedRules {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  if (text.trim() === '') return { rules: { version: 1, rules: [] }, issue: null };
  const templates = engine();
  const result = parseRulesText(text, templates === undefined ? {} : { templates });
  if (result.ok) return { rules: result.rules, issue: null };
  return { rules: { version: 1, rules: [] }, issue: result.errors.map((e) => e.message).slice(0, 3).join(' ') };
}

/** Parses the rules on first use: a queued storm event or an ignored own update never needs them. */
function lazyRules(value: unknown, engine: () => TemplateEngine | undefined): () => ParsedRules {
  let parsed: ParsedRules | undefined;
  return () => {
    parsed = parsed ?? readRules(value, engine);
    return parsed;
  };
}

export function readSettings(iparams: unknown, engine: () => TemplateEngine | undefined = () => undefined): Settings {
  const p = (typeof iparams === 'object' && iparams !== null ? iparams : {}) as Record<string, unknown>;
  const plan = isPlan(p.plan) ? p.plan : 'starter';
  const share = parseShare(p.budget_share);
  const rules = lazyRules(p.rules, engine);
  return {
    plan,
    share,
    budget: appBudget(plan, share),
    get rules() {
      return rules().rules;
    },
    get rulesIssue() {
      return rules().issue;
    },
    windowHours: numberIn(p.duplicate_window_hours, 1, 720, DEFAULT_WINDOW_HOURS),
    threshold: numberIn(p.duplicate_threshold, 0, 1, DEFAULT_THRESHOLD),
    ackTemplate: typeof p.ack_template === 'string' ? p.ack_template : '',
    agentId: positiveId(p.api_agent_id),
    apiKey: typeof p.api_key === 'string' ? p.api_key : '',
  };
}

/**
 * Whether rules or the acknowledgement read the requester (`requester.email`, `{{requester.name}}`):
 * the sweep's listing then embeds it, at 2 credits a page; otherwise it is left out.
 */
export function needsRequester(settings: Settings): boolean {
  return settings.ackTemplate.includes('requester') || JSON.stringify(settings.rules.rules).includes('requester');
}
