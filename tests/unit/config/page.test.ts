// @vitest-environment happy-dom
/**
 * The page's contract with the platform (config/src/page.ts, key-field.ts, summary.ts):
 * getConfigs fills the form, validate() checks the key and the settings and puts each message
 * next to its field, postConfigs() returns what to store.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ADMIN_AGENT, agentReply, choose, setup, settle, type } from './page-fixture.ts';
import { STORED_KEY_HINT } from '../../../config/src/key-field.ts';
import { checkSettings } from '../../../core/settings.ts';

afterEach(() => {
  document.body.replaceChildren();
});

const STORED = {
  api_key: '',
  api_agent_id: 21000418006,
  plan: 'growth',
  budget_share: 40,
  rules: JSON.stringify({ version: 1, rules: [{ name: 'VPN', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['vpn'] }, then: { priority: 3 } }] }),
  duplicate_window_hours: 48,
  duplicate_threshold: 0.7,
  ack_template: 'Hi {{requester.first_name}}',
};

describe('first install (no getConfigs)', () => {
  test('starts from the defaults with the budget line, an empty rules editor and the preview', () => {
    const f = setup();
    expect(f.$('#budget-summary').textContent).toBe('Starter × 50% = 50 calls a minute. The other 50 stay for your other integrations.');
    expect(f.$('#rules-editor .tr-empty').textContent).toContain('No rules yet');
    expect(f.$('#ack-preview [data-preview]').dataset.preview).toBe('empty');
    expect(f.$('#template-variables dt code').textContent).toBe('{{ticket.id}}');
    expect(f.$('fw-input#api-key').getAttribute('hint-text')).toContain('Profile settings');
    expect(f.page.postConfigs()).toEqual({
      api_key: '',
      plan: 'starter',
      budget_share: 50,
      rules: '{"version":1,"rules":[]}',
      duplicate_window_hours: 72,
      duplicate_threshold: 0.6,
      ack_template: '',
      __meta: { secure: ['api_key'] },
    });
  });

  test('validate() checks a typed key that was not checked yet, asks the server, and passes', async () => {
    const f = setup();
    f.client.invoke.mockImplementation((_name: string, payload: { settings: Record<string, unknown> }) => Promise.resolve({ response: checkSettings(payload.settings, { keyStored: true }) }));
    type(f.$('fw-input#api-key'), 'abcdefghij');
    await expect(f.page.validate()).resolves.toBe(true);
    expect(f.client.invokeTemplate).toHaveBeenCalledWith('probeAgent', { context: { api_key: 'abcdefghij' } });
    expect(f.client.invoke).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(f.client.invoke.mock.calls)).not.toContain('abcdefghij');
    expect(f.$('#form-summary').hidden).toBe(true);
    expect(f.page.postConfigs()).toMatchObject({ api_key: 'abcdefghij', api_agent_id: ADMIN_AGENT.id });
    // A second validate() does not probe the same key again.
    await f.page.validate();
    expect(f.client.invokeTemplate).toHaveBeenCalledTimes(1);
  });

  test('validate() blocks a blank key, a share out of range and a broken template, each next to its field', async () => {
    const f = setup();
    type(f.$('fw-input#budget-share'), '0');
    type(f.$('fw-textarea#ack-template'), '{{#if}}');
    type(f.$('fw-input#dup-window'), '1000');
    type(f.$('fw-input#dup-threshold'), '2');
    expect(f.$('fw-input#dup-window').getAttribute('error-text')).toBe('Expected a look-back window in hours from 1 to 720, got 1000.');
    await expect(f.page.validate()).resolves.toBe(false);
    expect(f.$('fw-input#api-key').getAttribute('error-text')).toBe('Enter the API key of the agent the app acts as.');
    expect(f.$('fw-input#budget-share').getAttribute('error-text')).toBe('Expected a budget share from 1 to 100, got 0.');
    expect(f.$('fw-textarea#ack-template').getAttribute('error-text')).toContain('The template does not compile');
    expect(f.$('fw-input#dup-threshold').getAttribute('error-text')).toBe('Expected a similarity threshold from 0 to 1, got 2.');
    const summary = f.$('#form-summary');
    expect(summary.hidden).toBe(false);
    expect(summary.querySelectorAll('li')).toHaveLength(5);
    expect(summary.querySelector('a')?.getAttribute('href')).toBe('#section-key');
    expect(summary.textContent).toContain('API key: Enter the API key of the agent the app acts as.');
    expect(f.client.invokeTemplate).not.toHaveBeenCalled();
  });

  test('the server could not check: the page says so and goes by its own checks', async () => {
    const f = setup();
    type(f.$('fw-input#api-key'), 'abcdefghij');
    await expect(f.page.validate()).resolves.toBe(true);
    expect(f.$('#form-summary [data-summary="notice"]').textContent).toContain("The app's server could not double-check the settings (status 404: no server in this test)");
  });

  test('the plan changes the budget line; the plan is stored as chosen', () => {
    const f = setup();
    choose(f.$('fw-select#plan'), 'enterprise');
    expect(f.$('#budget-summary').textContent).toContain('Enterprise × 50% = 250 calls a minute, but FDK lets an app make at most 50');
    choose(f.$('fw-select#plan'), '');
    expect(f.page.postConfigs().plan).toBe('enterprise');
  });
});

describe('the key', () => {
  test('spaces around it are removed on leaving the field, and the page says so', () => {
    const f = setup();
    const key = f.$('fw-input#api-key');
    type(key, '  abcdefghij  ');
    key.dispatchEvent(new CustomEvent('fwBlur'));
    expect((key as HTMLElement & { value: string }).value).toBe('abcdefghij');
    expect(key.getAttribute('warning-text')).toBe('The spaces around the key were removed.');
    expect(key.getAttribute('state')).toBe('warning');
    expect(f.page.postConfigs().api_key).toBe('abcdefghij');
    type(key, 'abcdefghijk');
    expect(key.getAttribute('state')).toBe('normal');
    expect(key.hasAttribute('warning-text')).toBe(false);
  });

  test('"Check key" names the agent; a limited agent gets a warning; a failure goes under the field', async () => {
    const f = setup();
    type(f.$('fw-input#api-key'), 'abcdefghij');
    f.$('#key-check').dispatchEvent(new CustomEvent('fwClick'));
    await settle();
    expect(f.$('#key-result [data-tone="success"]').textContent).toBe('This key belongs to Priya Raman (priya.raman@corp.example), agent #21000418006. The app will act as this agent.');

    f.client.invokeTemplate.mockResolvedValueOnce(agentReply({ ...ADMIN_AGENT, id: 7, roles: [{ assignment_scope: 'member_groups' }] }));
    type(f.$('fw-input#api-key'), 'bcdefghijk');
    expect(f.$('#key-result').textContent).toBe('');
    f.$('#key-check').dispatchEvent(new CustomEvent('fwClick'));
    await settle();
    expect(f.$('#key-result [data-tone="warning"]').textContent).toContain('only the tickets of their own groups');

    f.client.invokeTemplate.mockRejectedValue({ status: 401, headers: {}, response: '{"code":"invalid_credentials"}', errorSource: 'APP' });
    type(f.$('fw-input#api-key'), 'cdefghijkl');
    f.$('#key-check').dispatchEvent(new CustomEvent('fwClick'));
    await settle();
    expect(f.$('fw-input#api-key').getAttribute('state')).toBe('error');
    expect(f.$('fw-input#api-key').getAttribute('error-text')).toContain('This key was not accepted (401)');
    // validate() checks the key again (the admin may have fixed the agent meanwhile); still refused.
    await expect(f.page.validate()).resolves.toBe(false);
    expect(f.client.invokeTemplate).toHaveBeenCalledTimes(4);
    expect(f.$('#form-summary').textContent).toContain('API key: This key was not accepted (401)');
  });

  test('spaces inside and answers without an agent are refused', async () => {
    const f = setup();
    type(f.$('fw-input#api-key'), 'abc def ghij');
    f.$('#key-check').dispatchEvent(new CustomEvent('fwClick'));
    await settle();
    expect(f.$('fw-input#api-key').getAttribute('error-text')).toBe('The API key cannot contain spaces.');
    expect(f.client.invokeTemplate).not.toHaveBeenCalled();
    f.client.invokeTemplate.mockResolvedValueOnce({ status: 200, headers: {}, response: '{}' });
    type(f.$('fw-input#api-key'), 'abcdefghij');
    f.$('#key-check').dispatchEvent(new CustomEvent('fwClick'));
    await settle();
    expect(f.$('fw-input#api-key').getAttribute('error-text')).toContain('not with an agent');
  });
});

describe('edit settings (getConfigs)', () => {
  test('fills the form; the blank secure key is kept and explained; "Check key" uses the stored key', async () => {
    const f = setup();
    f.page.getConfigs(STORED);
    expect((f.$('fw-select#plan') as HTMLElement & { value: string }).value).toBe('growth');
    expect((f.$('fw-input#budget-share') as HTMLElement & { value: string }).value).toBe('40');
    expect(f.$('#budget-summary').textContent).toContain('Growth × 40% = 80 calls a minute, but FDK');
    expect(f.$('fw-input#api-key').getAttribute('hint-text')).toBe(STORED_KEY_HINT);
    expect(f.$('#key-result').textContent).toBe('The stored key belongs to agent #21000418006. "Check key" checks that it still works.');
    expect(f.$$('#rules-editor .tr-rule')).toHaveLength(1);
    expect(f.$('#ack-preview [data-preview]').textContent).toBe('Hi Ana');

    f.$('#key-check').dispatchEvent(new CustomEvent('fwClick'));
    await settle();
    expect(f.client.invokeTemplate).toHaveBeenCalledWith('probeStoredKey', {});
    expect(f.$('#key-result [data-tone="success"]').textContent).toContain('Priya Raman');
  });

  test('postConfigs leaves the blank key out, keeps the agent id, and stores the rules unchanged', async () => {
    const f = setup();
    f.page.getConfigs(STORED);
    await expect(f.page.validate()).resolves.toBe(true);
    expect(f.client.invokeTemplate).not.toHaveBeenCalled();
    const configs = f.page.postConfigs();
    expect(configs).not.toHaveProperty('api_key');
    expect(configs).toEqual({ api_agent_id: 21000418006, plan: 'growth', budget_share: 40, rules: STORED.rules, duplicate_window_hours: 48, duplicate_threshold: 0.7, ack_template: 'Hi {{requester.first_name}}', __meta: { secure: ['api_key'] } });
  });

  test('a new key typed on edit replaces the stored one once it checks out', async () => {
    const f = setup();
    f.page.getConfigs(STORED);
    type(f.$('fw-input#api-key'), 'newkey12345');
    expect(f.$('fw-input#api-key').getAttribute('hint-text')).not.toBe(STORED_KEY_HINT);
    f.client.invokeTemplate.mockResolvedValueOnce(agentReply({ ...ADMIN_AGENT, id: 99 }));
    await expect(f.page.validate()).resolves.toBe(true);
    expect(f.page.postConfigs()).toMatchObject({ api_key: 'newkey12345', api_agent_id: 99 });
  });
});
