/**
 * The API key: reading what the admin typed, who a probe says the key belongs to, and what a
 * failed probe means in words an admin can act on (freshservice-api.md §1, §3; fdk-platform.md
 * §3.3 for the platform's own refusals).
 */
import { parseRetryAfter } from '../../core/budget';
import { errorCode, parseJson, type Failure } from './fdk';

export interface KeyInput {
  /** The key without the spaces around it. */
  key: string;
  /** True when spaces around the key were removed. */
  trimmed: boolean;
}

export function readKey(raw: string): KeyInput {
  const key = raw.trim();
  return { key, trimmed: key !== '' && key !== raw };
}

export interface AgentInfo {
  id: number;
  name: string;
  email: string;
  active: boolean;
  /** Widest ticket scope of the agent's roles: `entire_helpdesk`, `member_groups`, `assigned_items`… */
  scope: string | null;
}

function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function scopeOf(roles: unknown): string | null {
  const scopes = (Array.isArray(roles) ? roles : []).map((r) => str(rec(r).assignment_scope)).filter((s) => s !== '');
  if (scopes.includes('entire_helpdesk')) return 'entire_helpdesk';
  return scopes[0] ?? null;
}

/** The agent in an `/agents/me` answer (`{ agent: {…} }`), or null when the answer has none. */
export function agentFromResponse(body: string): AgentInfo | null {
  const agent = rec(rec(parseJson(body)).agent);
  const id = agent.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null;
  const name = [str(agent.first_name), str(agent.last_name)].filter((s) => s !== '').join(' ');
  return { id, name: name === '' ? `Agent ${id}` : name, email: str(agent.email), active: agent.active !== false, scope: scopeOf(agent.roles) };
}

export function agentLine(agent: AgentInfo): string {
  const email = agent.email === '' ? '' : ` (${agent.email})`;
  return `This key belongs to ${agent.name}${email}, agent #${agent.id}. The app will act as this agent.`;
}

const SCOPE_WARNINGS: Readonly<Record<string, string>> = {
  member_groups: "This agent sees only the tickets of their own groups, so the app can triage only those. For every ticket, use the key of an agent whose role covers the entire helpdesk (an administrator's, for example).",
  assigned_items: 'This agent sees only tickets assigned to them, so the app would miss almost every new ticket. Use the key of an agent whose role covers the entire helpdesk.',
};

/** Things worth knowing about the agent that do not make the key unusable. */
export function agentWarnings(agent: AgentInfo): string[] {
  const warnings: string[] = [];
  if (!agent.active) warnings.push('This agent is deactivated; Freshservice may refuse the key at any time. Use the key of an active agent.');
  const scope = agent.scope === null ? undefined : SCOPE_WARNINGS[agent.scope];
  if (scope !== undefined) warnings.push(scope);
  return warnings;
}

export type KeySource = 'entered' | 'stored';

const FORBIDDEN_REASONS: Readonly<Record<string, string>> = {
  access_denied: "its agent's role does not allow this call",
  require_feature: "the account's plan does not include a feature this call needs",
  password_lockout: 'its agent is locked out after too many failed sign-ins',
  password_expired: "its agent's password has expired (they must sign in and set a new one)",
  account_suspended: 'the Freshservice account is suspended',
};

const NEEDS = 'Ticket Radar needs an active agent who can view and edit every ticket and add private notes; an administrator is simplest.';

function whose(source: KeySource): string {
  return source === 'stored' ? 'The stored key' : 'This key';
}

function unauthorized(source: KeySource): string {
  const fix = source === 'stored' ? 'Enter a new key to replace it.' : 'Copy it again from Freshservice: your profile picture → Profile settings → "Your API Key".';
  return `${whose(source)} was not accepted (401): it is wrong, was regenerated, or its agent was deactivated. ${fix}`;
}

function forbidden(f: Failure, source: KeySource): string {
  const { code } = errorCode(f.body);
  const reason = FORBIDDEN_REASONS[code] ?? "its agent's role does not allow this call";
  return `Freshservice recognised ${whose(source).toLowerCase()} but refused the call (403${code === '' ? '' : ` ${code}`}): ${reason}. ${NEEDS}`;
}

/** Seconds to wait after a 429: its `Retry-After`, else the rest of the current minute (core's rule). */
export function retryAfterSeconds(f: Failure, now: number): number {
  return parseRetryAfter(f.headers['retry-after'], now);
}

function rateLimited(f: Failure, now: number): string {
  const seconds = retryAfterSeconds(f, now);
  const wait = `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  if (f.source === 'PLATFORM') return `The app has made its 50 request calls for this minute (an FDK limit) (429). ${wait}`;
  return `Freshservice is limiting this account's API calls right now (429); other integrations may be busy. ${wait}`;
}

const UNREACHABLE = new Set([0, 502, 504]);

function other(f: Failure, what: string): string {
  if (UNREACHABLE.has(f.status)) return `Freshservice could not be reached${f.status === 0 ? '' : ` (${f.status})`}: check the connection and try again.${f.message === '' ? '' : ` (${f.message})`}`;
  if (f.status >= 500) return `Freshservice had a problem answering (${f.status}). Try again in a minute.`;
  const { message } = errorCode(f.body);
  const detail = message === '' ? f.message : message;
  return `${what} failed with status ${f.status}${detail === '' ? '' : `: ${detail}`}.`;
}

/** What a failed key check means, in words. */
export function probeFailureMessage(f: Failure, source: KeySource, now: number): string {
  if (f.status === 401) return unauthorized(source);
  if (f.status === 403) return forbidden(f, source);
  if (f.status === 429) return rateLimited(f, now);
  if (f.status === 404) return 'Freshservice answered 404 for /api/v2/agents/me: the account address the app was installed for may be wrong.';
  return other(f, 'The key check');
}

/** What a failed ticket lookup means (for the rule tester). */
export function ticketFailureMessage(f: Failure, source: KeySource, ticketId: number, now: number): string {
  if (f.status === 404) return `There is no ticket #${ticketId} in this account (404).`;
  if (f.status === 401 || f.status === 403 || f.status === 429) return probeFailureMessage(f, source, now);
  return other(f, `Loading ticket #${ticketId}`);
}
