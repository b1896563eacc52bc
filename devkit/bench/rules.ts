/**
 * The rule sets the benchmarks install. `stormRules` is what a real service desk might write: a few
 * routing rules, two "act now" rules with a note for agents, two self-service notes, rules that
 * rarely fire (contractors, VIPs), and two escalation rules on updates. Which templates of
 * `workload.ts` trigger which rule is by design (keywords appear only in their family), and
 * `tests/unit/bench/workload.test.ts` checks it with the app's own rule engine.
 */

/** Group ids by the fake account's group names (`fake.store.groups`). */
export type GroupIds = Readonly<Record<string, number>>;

function group(groups: GroupIds, name: string): number {
  const id = groups[name];
  if (id === undefined) throw new Error(`rules: the account has no group "${name}"`);
  return id;
}

export interface RuleDoc {
  version: 1;
  rules: Array<Record<string, unknown>>;
}

const anyText = (words: string[]): Record<string, unknown> => ({
  any: [{ field: 'subject', op: 'contains_any', value: words }, { field: 'description_text', op: 'contains_any', value: words }],
});

export function stormRules(groups: GroupIds): RuleDoc {
  return {
    version: 1,
    rules: [
      {
        name: 'Security incidents', on: 'create', when: anyText(['phishing', 'malware', 'suspicious attachment', 'compromised']),
        then: { priority: 4, group_id: group(groups, 'Security'), tags_add: ['security'], note: 'Security triage: treat as an incident (matched {{matched}}). Ask the requester not to forward the message; collect headers from the mail gateway.' },
        stop: true,
      },
      {
        name: 'Reported outage', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['outage', 'unavailable for everyone'] },
        then: { priority: 4, urgency: 3, tags_add: ['outage'], note: 'Possible outage reported by {{requester.name}}: check the status page and link this ticket to the major incident if there is one.' },
        stop: true,
      },
      { name: 'Network to Network Team', on: 'create', when: anyText(['vpn', 'wi-fi', 'wifi', 'ethernet']), then: { group_id: group(groups, 'Network Team'), tags_add: ['network'] }, stop: true },
      { name: 'Hardware to Hardware Support', on: 'create', when: anyText(['laptop', 'printer', 'docking station', 'keyboard']), then: { group_id: group(groups, 'Hardware Support') }, stop: true },
      { name: 'Mail and calendars to Messaging', on: 'create', when: anyText(['outlook', 'shared mailbox', 'calendar']), then: { group_id: group(groups, 'Messaging'), priority: 2 }, stop: true },
      {
        name: 'Password self-service', on: 'create', when: anyText(['password', 'locked out', 'authenticator']),
        then: { note: 'Self-service: {{requester.name}} can reset passwords and re-register the authenticator at https://id.corp.example/reset. Close if they confirm it worked.' },
        stop: true,
      },
      {
        name: 'Onboarding checklist', on: 'create', when: anyText(['new starter', 'new joiner', 'onboarding']),
        then: { note: 'Onboarding checklist: accounts, laptop, badge, induction booking. Start the "New hire" workflow before replying.' },
        stop: true,
      },
      { name: 'Contractors', on: 'create', when: { field: 'requester.email', op: 'ends_with', value: '@partners.example' }, then: { tags_add: ['contractor'] } },
      { name: 'VIP requester', on: 'create', when: { field: 'custom_fields.vip_requester', op: 'equals', value: true }, then: { priority: 3, note: 'VIP requester: reply within the hour.' } },
      { name: 'Reopened tickets', on: 'update', when: { field: 'changes.status', op: 'changed', from: [4, 5], to: 2 }, then: { tags_add: ['reopened'], note: 'Reopened after it was resolved: check the previous resolution.' } },
      { name: 'Raised to urgent', on: 'update', when: { field: 'changes.priority', op: 'changed', to: 4 }, then: { urgency: 3, note: 'Raised to {{ticket.priority_name}}: tell the requester who is on it.' } },
    ],
  };
}

/** Rules that never match the storm (costs of a create with no rule). */
export const NO_MATCH_RULES: RuleDoc = {
  version: 1,
  rules: [{ name: 'Never', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['zz-never-zz'] }, then: { priority: 4 } }],
};

/**
 * 100 rules of the kinds admins write, for the latency measure: 97 that do not match (each with
 * several keywords, a mix of operators and nesting, including bounded regexes) and three that do.
 */
export function hundredRules(groups: GroupIds): RuleDoc {
  const words = ['printer', 'vpn', 'sap', 'invoice', 'payroll', 'badge', 'laptop', 'excel', 'teams', 'zoom', 'okta', 'jira', 'wifi', 'monitor', 'backup'];
  const rules: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 97; i += 1) {
    const kw = [`${words[i % words.length]}-${i}`, `zz${i}-term`, `product ${i} code`, `site-${i}`];
    const when = i % 3 === 0
      ? { all: [{ field: 'subject', op: 'contains_any', value: kw }, { not: { field: 'requester.email', op: 'ends_with', value: '@vendor.example' } }] }
      : i % 3 === 1
        ? { any: [{ field: 'description_text', op: 'contains_any', value: kw }, { field: 'subject', op: 'matches', value: `^ticket-${i}-[0-9]{2,6}$` }] }
        : { all: [{ field: 'priority', op: 'in', value: [3, 4] }, { field: 'description_text', op: 'contains_all', value: kw.slice(0, 2) }] };
    rules.push({ name: `Rule ${i + 1}`, on: 'create', when, then: { tags_add: [`r${i + 1}`], note: `Rule ${i + 1} matched {{matched}}.` } });
  }
  rules.push(
    { name: 'Rule 98 (matches)', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['vpn', 'tunnel'] }, then: { priority: 3, group_id: group(groups, 'Network Team'), tags_add: ['vpn'], note: 'Routed to Network because the subject mentions {{matched}}.' } },
    { name: 'Rule 99 (matches)', on: 'create', when: { field: 'description_text', op: 'contains_any', value: ['working from home', 'remote'] }, then: { urgency: 2, tags_add: ['remote'], note: 'Requester works remotely.' } },
    { name: 'Rule 100 (matches)', on: 'create', when: { field: 'description_text', op: 'matches', value: 'error [0-9]{3}' }, then: { impact: 2 } },
  );
  return { version: 1, rules };
}
