/**
 * The health section's vocabulary: error kinds and deferral reasons (as the server records them,
 * server/lib/freshservice/errors.ts and the backlog reasons) in plain words for agents.
 */

const ERROR_HEADLINES: Readonly<Record<string, string>> = {
  auth: 'The API key was rejected (401).',
  permission: "The API key's agent is missing a permission (403).",
  not_found: 'A ticket the app worked on no longer exists (404).',
  validation: 'Freshservice refused a change the app made (400).',
  conflict: 'Freshservice reported a conflict (409).',
  unsupported: 'Freshservice refused the request format (415).',
  rate_limited: "The account's API limit was reached (429).",
  server: 'Freshservice had a server error.',
  platform_limit: "The app reached FDK's limit of 50 calls a minute.",
  template: "The platform refused one of the app's request templates.",
  timeout: 'Freshservice did not answer in time.',
  network: 'Freshservice could not be reached.',
  bad_response: 'Freshservice sent an answer the app could not read.',
  budget: "The app's share of the API budget was spent for the minute.",
};

/** The headline of an error: a plain sentence for a known kind, else the server's own message. */
export function errorHeadline(kind: string, message: string): string {
  return ERROR_HEADLINES[kind] ?? (message || 'Something went wrong.');
}

const REASONS: Readonly<Record<string, string>> = {
  busy: "the app's API budget for the minute was spent",
  queued: 'update rules are waiting for API budget',
  verify: 'recent tickets are being checked after a gap',
  missed: 'tickets whose events never arrived are being picked up',
  error: 'an error stopped processing; the app retries',
  partial: 'some work was left unfinished',
  rate_limited: "Freshservice's limit for the account was reached (429)",
  platform_limit: "FDK's 50 calls a minute were reached",
};

export function deferralReason(reason: string): string {
  return REASONS[reason] ?? (ERROR_HEADLINES[reason]?.replace(/\.$/, '').toLowerCase() ?? reason);
}

const PLAN_NAMES: Readonly<Record<string, string>> = { starter: 'Starter', growth: 'Growth', pro: 'Pro', enterprise: 'Enterprise' };

export function planName(plan: string): string {
  return PLAN_NAMES[plan] ?? plan;
}
