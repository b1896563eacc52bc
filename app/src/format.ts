/**
 * Words and numbers as the sidebar shows them: percentages, "3 min ago", field names and values
 * by name ("Priority: Low → High"), and counts with the right plural.
 */
import { LEVEL_NAMES, PRIORITY_NAMES, STATUS_NAMES } from '../../core/enums';
import { formatDuration } from '../../core/timeline';

export { formatDuration };

/** A 0–1 similarity score as a whole percentage: `0.874 → "87%"`; out-of-range scores are clamped. */
export function percent(score: number): string {
  const clamped = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
  return `${Math.round(clamped * 100)}%`;
}

/** `"just now"` under a minute, else `"12 min ago"`, `"2 h 5 min ago"`. */
export function ago(at: number, now: number): string {
  const ms = now - at;
  return ms < 60_000 ? 'just now' : `${formatDuration(ms)} ago`;
}

/** `"in 45 s"`, `"in 2 min"`; a time already past is `"now"`. */
export function fromNow(at: number, now: number): string {
  return at <= now ? 'now' : `in ${formatDuration(at - now)}`;
}

/** `plural(1, 'API call') === '1 API call'`, `plural(3, 'API call') === '3 API calls'`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  status: 'Status', priority: 'Priority', urgency: 'Urgency', impact: 'Impact', group_id: 'Group', responder_id: 'Agent',
  type: 'Type', category: 'Category', sub_category: 'Sub-category', tags: 'Tags',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/_/g, ' ');
}

/** Names the page knows for ids: the ticket's current group and agent. */
export interface Names {
  groups: Readonly<Record<number, string>>;
  agents: Readonly<Record<number, string>>;
}

type Namer = (code: number, names: Names) => string;

const NAMERS: Readonly<Record<string, Namer>> = {
  status: (code) => STATUS_NAMES[code] ?? `Status ${code}`,
  priority: (code) => PRIORITY_NAMES[code] ?? `Priority ${code}`,
  urgency: (code) => LEVEL_NAMES[code] ?? `Level ${code}`,
  impact: (code) => LEVEL_NAMES[code] ?? `Level ${code}`,
  group_id: (code, names) => names.groups[code] ?? `group ${code}`,
  responder_id: (code, names) => names.agents[code] ?? `agent ${code}`,
};

/** A field's value by name: `valueName('priority', 3) === 'High'`; empty values are `"none"`. */
export function valueName(field: string, value: unknown, names: Names): string {
  if (value === null || value === undefined || value === '') return 'none';
  const namer = NAMERS[field];
  return namer !== undefined && typeof value === 'number' ? namer(value, names) : String(value);
}

/** `"Low → High"`. */
export function fromTo(field: string, from: unknown, to: unknown, names: Names): string {
  return `${valueName(field, from, names)} → ${valueName(field, to, names)}`;
}
