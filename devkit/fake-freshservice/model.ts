/**
 * The fake account's records and the enumerations of reference §4.1. Records keep the API's
 * snake_case field names so serialising is a pick, not a mapping; times are epoch milliseconds
 * (serialised as `YYYY-MM-DDTHH:MM:SSZ`, reference §7).
 */

/** reference §4.1 */
export const STATUS_NAMES: Readonly<Record<number, string>> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
export const PRIORITY_NAMES: Readonly<Record<number, string>> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };
/** Urgency and impact share the Low/Medium/High scale. */
export const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: 'Low', 2: 'Medium', 3: 'High' };
export const SOURCE_NAMES: Readonly<Record<number, string>> = {
  1: 'Email', 2: 'Portal', 3: 'Phone', 4: 'Chat', 5: 'Feedback widget', 6: 'Yammer', 7: 'AWS Cloudwatch',
  8: 'Pagerduty', 9: 'Walkup', 10: 'Slack', 11: 'Chatbot', 12: 'Workplace', 13: 'Employee Onboarding',
  14: 'Alerts', 15: 'MS Teams', 18: 'Employee Offboarding',
};
/** reference §4.1: "Incident" or "Service Request" on the default form. */
export const TICKET_TYPES: readonly string[] = ['Incident', 'Service Request'];

/** The account's category dropdown (choices checked on write, reference §7). */
export const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Hardware: ['Laptop', 'Printer', 'Monitor', 'Peripherals'],
  Software: ['Office', 'Licensing', 'Installation'],
  Network: ['VPN', 'Wi-Fi', 'LAN'],
  Access: ['Password reset', 'Permissions', 'MFA'],
  Email: ['Outlook', 'Mailbox', 'Delivery'],
  Onboarding: ['New hire', 'Offboarding'],
};

export type CustomFieldType = 'text' | 'number' | 'checkbox' | 'dropdown' | 'date';
export interface CustomFieldDef {
  name: string;
  type: CustomFieldType;
  choices?: readonly string[];
}
export type CustomValue = string | number | boolean | null;

/** The account's custom ticket fields (reference §4.5 lists which types the filter supports). */
export const CUSTOM_FIELDS: readonly CustomFieldDef[] = [
  { name: 'affected_site', type: 'dropdown', choices: ['London', 'Berlin', 'Lisbon', 'Shanghai', 'Remote'] },
  { name: 'asset_tag', type: 'text' },
  { name: 'hours_lost', type: 'number' },
  { name: 'vip_requester', type: 'checkbox' },
  { name: 'outage_start', type: 'date' },
  { name: 'external_ref', type: 'text' },
];

export interface Ticket {
  id: number;
  workspace_id: number;
  subject: string | null;
  /** HTML; `description_text` is derived from it when serialising. */
  description: string | null;
  requester_id: number;
  requested_for_id: number | null;
  responder_id: number | null;
  group_id: number | null;
  department_id: number | null;
  email_config_id: number | null;
  status: number;
  priority: number;
  source: number;
  type: string;
  urgency: number;
  impact: number;
  category: string | null;
  sub_category: string | null;
  item_category: string | null;
  due_by: number | null;
  fr_due_by: number | null;
  fr_escalated: boolean;
  is_escalated: boolean;
  spam: boolean;
  deleted: boolean;
  cc_emails: string[];
  fwd_emails: string[];
  reply_cc_emails: string[];
  to_emails: string[] | null;
  tags: string[];
  custom_fields: Record<string, CustomValue>;
  created_at: number;
  updated_at: number;
  resolution_notes: string | null;
  resolution_notes_html: string | null;
  /** include=stats (reference §4.3). */
  first_responded_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
}

export interface Requester {
  id: number;
  first_name: string;
  last_name: string | null;
  job_title: string | null;
  primary_email: string;
  secondary_emails: string[];
  work_phone_number: string | null;
  mobile_phone_number: string | null;
  department_ids: number[];
  reporting_manager_id: number | null;
  address: string | null;
  time_zone: string;
  time_format: '12h' | '24h';
  language: string;
  location_id: number | null;
  background_information: string | null;
  active: boolean;
  has_logged_in: boolean;
  created_at: number;
  updated_at: number;
}

export type AgentRole = 'admin' | 'agent' | 'restricted';

export interface Agent {
  id: number;
  first_name: string;
  last_name: string | null;
  email: string;
  job_title: string | null;
  /** Drives permissions: admin may read agents, restricted may only read (see auth.ts). */
  role: AgentRole;
  department_ids: number[];
  time_zone: string;
  language: string;
  active: boolean;
  occasional: boolean;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface Group {
  id: number;
  name: string;
  description: string | null;
  escalate_to: number | null;
  unassigned_for: string | null;
  members: number[];
  observers: number[];
  leaders: number[];
  created_at: number;
  updated_at: number;
}

export interface Department {
  id: number;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
}

/** reference §5: conversation `source` 0 email, 1 form, 2 note, … */
export type ConversationKind = 'note' | 'reply';

export interface Conversation {
  id: number;
  ticket_id: number;
  kind: ConversationKind;
  body: string;
  incoming: boolean;
  private: boolean;
  user_id: number;
  source: number;
  from_email: string | null;
  to_emails: string[];
  cc_emails: string[];
  bcc_emails: string[];
  created_at: number;
  updated_at: number;
}

export function fullName(person: { first_name: string; last_name: string | null }): string {
  return person.last_name ? `${person.first_name} ${person.last_name}` : person.first_name;
}
