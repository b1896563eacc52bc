/**
 * Freshservice ticket enumerations (freshservice-api.md §4.1). Accounts may add custom statuses
 * (codes ≥ 6) and custom sources (e.g. 1001), so lookups fall back to a neutral label.
 */

export const STATUS_NAMES: Readonly<Record<number, string>> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };

export const PRIORITY_NAMES: Readonly<Record<number, string>> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };

/** Urgency and impact share the same three levels. */
export const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: 'Low', 2: 'Medium', 3: 'High' };

export const SOURCE_NAMES: Readonly<Record<number, string>> = {
  1: 'Email', 2: 'Portal', 3: 'Phone', 4: 'Chat', 5: 'Feedback widget', 6: 'Yammer', 7: 'AWS Cloudwatch', 8: 'Pagerduty',
  9: 'Walkup', 10: 'Slack', 11: 'Chatbot', 12: 'Workplace', 13: 'Employee Onboarding', 14: 'Alerts', 15: 'MS Teams',
  18: 'Employee Offboarding',
};

function nameIn(table: Readonly<Record<number, string>>, fallback: string, code: number | null): string {
  if (code === null) return '';
  return table[code] ?? `${fallback} ${code}`;
}

/** `statusName(2) === 'Open'`, `statusName(7) === 'Status 7'`, `statusName(null) === ''`. */
export const statusName = (code: number | null): string => nameIn(STATUS_NAMES, 'Status', code);
export const priorityName = (code: number | null): string => nameIn(PRIORITY_NAMES, 'Priority', code);
export const levelName = (code: number | null): string => nameIn(LEVEL_NAMES, 'Level', code);
export const sourceName = (code: number | null): string => nameIn(SOURCE_NAMES, 'Source', code);
