// @vitest-environment happy-dom
/**
 * The rule tester and the preview in the page (config/src/tester/tester.ts, result-view.ts,
 * page.ts): "Test" on a rule, "Test all rules", loading a ticket, and the live preview.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { fieldTitle, shownValue } from '../../../config/src/tester/result-view.ts';
import { button, choose, press, settle, setup, type, type Fixture } from './page-fixture.ts';

afterEach(() => {
  document.body.replaceChildren();
});

const RULES = JSON.stringify({
  version: 1,
  rules: [
    { name: 'VPN to Network', on: 'create', when: { any: [{ field: 'subject', op: 'contains_any', value: ['vpn'] }, { field: 'category', op: 'equals', value: 'Network' }] }, then: { priority: 3, tags_add: ['vpn'], note: 'Because of {{matched}}.' } },
    { name: 'Reopened', on: 'update', when: { field: 'changes.status', op: 'changed', from: [4, 5], to: 2 }, then: { group_id: 17 } },
  ],
});

function withRules(): Fixture {
  const f = setup();
  f.page.getConfigs({ api_key: '', api_agent_id: 5, plan: 'starter', budget_share: 50, rules: RULES, ack_template: 'Hello {{requester.first_name}} about {{ticket.subject}}' });
  return f;
}

const sample = (f: Fixture, field: string): HTMLElement => f.$(`[data-sample="${field}"]`);

describe('testing rules', () => {
  test('"Test" on a rule: each condition, the changes, the note; nothing written', () => {
    const f = withRules();
    press(button(f.$$('.tr-rule')[0]!, 'Test'));
    const result = f.$('#test-result');
    expect(result.querySelector('.tr-result__title')?.textContent).toBe('Rule 1 · VPN to Network');
    expect(result.querySelector('[data-verdict]')?.getAttribute('data-verdict')).toBe('match');
    const items = Array.from(result.querySelectorAll('.tr-trace__item')).map((li) => [li.getAttribute('data-holds'), li.textContent]);
    expect(items).toEqual([
      ['true', '✓Holds: Subject contains any of ["vpn"] — the ticket has "VPN tunnel drops every hour"'],
      ['false', '✗Does not hold: Category is "Network" — the ticket has nothing'],
    ]);
    expect(Array.from(result.querySelectorAll('tbody tr')).map((tr) => tr.textContent)).toEqual(['Priority2 (Medium)3 (High)', 'Tags(none)vpn']);
    expect(result.querySelector('.tr-note__text')?.textContent).toBe('Because of vpn.');
    expect(result.textContent).toContain('Nothing was written to Freshservice');
    f.client.invokeTemplate.mock.calls.forEach(([name]) => expect(name).not.toMatch(/update|create/i));
  });

  test('the result follows the sample as it is edited; an update rule on a new ticket is explained', () => {
    const f = withRules();
    press(button(f.$$('.tr-rule')[0]!, 'Test'));
    type(sample(f, 'subject'), 'Printer jam');
    expect(f.$('#test-result [data-verdict]').getAttribute('data-verdict')).toBe('no-match');
    expect(f.$('#test-result [data-result="no-changes"]').textContent).toBe('No ticket field would change.');
    press(button(f.$$('.tr-rule')[1]!, 'Test'));
    expect(f.$('#test-result [data-verdict]').getAttribute('data-verdict')).toBe('not-run');
    expect(f.$('#test-result').textContent).toContain('This rule runs on ticket updates only');
  });

  test('an update with "before" values: the change condition holds', () => {
    const f = withRules();
    choose(sample(f, 'event'), 'update');
    expect(f.$$('[data-previous]')).toHaveLength(6);
    type(f.$('[data-previous="status"]'), '5');
    press(button(f.$$('.tr-rule')[1]!, 'Test'));
    expect(f.$('#test-result [data-verdict]').getAttribute('data-verdict')).toBe('match');
    expect(f.$('#test-result .tr-trace__item').textContent).toContain('Holds: Change of status changed from [4,5] to 2 — the ticket has "5 → 2"');
    expect(f.$('#test-result tbody').textContent).toBe('Group(none)17');
    choose(sample(f, 'event'), 'create');
    expect(f.$$('[data-previous]')).toHaveLength(0);
  });

  test('"Test all rules" runs them in order; rules with problems are not tested', () => {
    const f = withRules();
    press(f.$('#test-all'));
    expect(f.$('#test-result [data-result-scope="all"] [data-verdict]').textContent).toBe('Matching rules, in order: VPN to Network.');
    type(sample(f, 'subject'), 'Printer jam');
    expect(f.$('#test-result [data-verdict]').textContent).toBe('No rule matches the ticket.');

    type(f.$$('.tr-rule')[0]!.querySelector('[data-part="name"]')!, '');
    press(button(f.$$('.tr-rule')[0]!, 'Test'));
    expect(f.$('#test-result [data-verdict="problem"]').textContent).toBe('Fix rule 1 before testing it:');
    press(f.$('#test-all'));
    expect(f.$('#test-result [data-verdict="problem"]').textContent).toBe('Fix the rules before testing them:');
    press(f.$('#rules-switch'));
    const area = f.$('#rules-json-text') as HTMLTextAreaElement;
    area.value = '{';
    area.dispatchEvent(new Event('input'));
    press(f.$('#test-all'));
    expect(f.$('#test-result .tr-result__problems').textContent).toBe('The rules are not valid JSON; fix them in the JSON view first.');
  });
});

describe('loading a ticket into the sample', () => {
  const ticket = { ticket: { id: 77, subject: 'Laptop will not boot', description_text: 'Since the update', priority: 4, status: 2, tags: ['hw'], requester: { email: 'li@corp.example', name: 'Li Wei' } } };

  test('with the stored key (edit settings): viewTicket, and the sample takes the ticket', async () => {
    const f = withRules();
    f.client.invokeTemplate.mockResolvedValueOnce({ status: 200, headers: {}, response: JSON.stringify(ticket) });
    type(f.$('#test-ticket-id'), '77');
    press(f.$('#test-load'));
    await settle();
    expect(f.client.invokeTemplate).toHaveBeenCalledWith('viewTicket', { context: { ticket_id: 77, include: 'tags,requester' } });
    expect((sample(f, 'subject') as HTMLElement & { value: string }).value).toBe('Laptop will not boot');
    expect((sample(f, 'tags') as HTMLElement & { value: string }).value).toBe('hw');
    expect(f.$('#test-load-status').textContent).toBe('Loaded ticket #77 into the sample below: change anything you like, tests run on the sample.');
  });

  test('with the typed key before install: viewTicketWithKey; a missing requester is explained', async () => {
    const f = setup();
    type(f.$('fw-input#api-key'), ' abcdefghij ');
    f.client.invokeTemplate.mockResolvedValueOnce({ status: 200, headers: {}, response: JSON.stringify({ ticket: { ...ticket.ticket, requester: undefined } }) });
    type(f.$('#test-ticket-id'), '77');
    press(f.$('#test-load'));
    await settle();
    expect(f.client.invokeTemplate).toHaveBeenCalledWith('viewTicketWithKey', { context: { ticket_id: 77, api_key: 'abcdefghij' } });
    expect(f.$('#test-load-status').textContent).toContain('does not include the requester');
  });

  test('a bad number, a bad key, a missing ticket and an odd answer are said in words', async () => {
    const f = setup();
    type(f.$('#test-ticket-id'), 'abc');
    press(f.$('#test-load'));
    await settle();
    expect(f.$('#test-ticket-id').getAttribute('error-text')).toBe('Enter the number of a ticket in your account, e.g. 1042.');
    type(f.$('#test-ticket-id'), '77');
    expect(f.$('#test-ticket-id').getAttribute('state')).toBe('normal');
    press(f.$('#test-load'));
    await settle();
    expect(f.$('#test-load-status').textContent).toBe('Loading a ticket uses the API key. Enter the API key of the agent the app acts as.');
    type(f.$('fw-input#api-key'), 'abcdefghij');
    f.client.invokeTemplate.mockRejectedValueOnce({ status: 404, headers: {}, response: '', errorSource: 'APP' });
    press(f.$('#test-load'));
    await settle();
    expect(f.$('#test-load-status').textContent).toBe('There is no ticket #77 in this account (404).');
    f.client.invokeTemplate.mockResolvedValueOnce({ status: 200, headers: {}, response: '[]' });
    press(f.$('#test-load'));
    await settle();
    expect(f.$('#test-load-status').textContent).toBe('Freshservice answered, but not with ticket #77.');
    expect((sample(f, 'subject') as HTMLElement & { value: string }).value).toBe('VPN tunnel drops every hour');
  });
});

describe('the acknowledgement preview', () => {
  test('renders as the template is typed, on the sample ticket as it is edited', () => {
    const f = withRules();
    expect(f.$('#ack-preview').textContent).toBe('Hello Ana about VPN tunnel drops every hour');
    type(f.$('fw-textarea#ack-template'), 'Dear {{requester.name}}, #{{ticket.id}}');
    expect(f.$('#ack-preview').textContent).toBe('Hello Ana about VPN tunnel drops every hour');
    f.flushTimers();
    expect(f.$('#ack-preview').textContent).toBe('Dear Ana Silva, #1042');
    type(sample(f, 'requesterName'), 'Bo Li');
    type(sample(f, 'id'), '9');
    f.flushTimers();
    expect(f.$('#ack-preview').textContent).toBe('Dear Bo Li, #9');
    type(f.$('fw-textarea#ack-template'), 'Dear {{requester.name');
    f.flushTimers();
    expect(f.$('#ack-preview [data-preview]').dataset.preview).toBe('error');
    expect(f.$('fw-textarea#ack-template').getAttribute('state')).toBe('error');
  });

  test('without Handlebars the page says the preview is unavailable and still works', () => {
    const f = setup({ templates: false });
    type(f.$('fw-textarea#ack-template'), 'Hi');
    f.flushTimers();
    expect(f.$('#ack-preview [data-preview]').dataset.preview).toBe('unavailable');
  });
});

describe('result words', () => {
  test('values and field names as an admin reads them', () => {
    expect(shownValue('priority', 4)).toBe('4 (Urgent)');
    expect(shownValue('status', 7)).toBe('7 (Status 7)');
    expect(shownValue('group_id', 17)).toBe('17');
    expect(shownValue('tags', ['a', 'b'])).toBe('a, b');
    expect(shownValue('tags', [])).toBe('(none)');
    expect(shownValue('type', null)).toBe('(none)');
    expect(shownValue('type', 'Incident')).toBe('Incident');
    expect(fieldTitle('custom_fields.cf_site')).toBe('Custom field cf_site');
    expect(fieldTitle('changes.responder_id')).toBe('Change of agent');
    expect(fieldTitle('subject')).toBe('Subject');
    expect(fieldTitle('nonsense')).toBe('nonsense');
  });
});
