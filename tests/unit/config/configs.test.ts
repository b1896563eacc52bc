/** The iparams to and from the form (config/src/configs.ts) and the budget line (budget-view.ts). */
import { describe, expect, test } from 'vitest';
import { budgetSummary } from '../../../config/src/budget-view.ts';
import { buildConfigs, defaultForm, numberValue, readStored, settingValues } from '../../../config/src/configs.ts';

describe('readStored', () => {
  test('fills the form from stored iparams: numbers as text, the secure key blank means "stored"', () => {
    const stored = readStored({ api_key: '', api_agent_id: 21000418006, plan: 'growth', budget_share: 40, rules: '{"version":1,"rules":[]}', duplicate_window_hours: 48, duplicate_threshold: 0.75, ack_template: 'Hi' });
    expect(stored).toEqual({
      form: { apiKey: '', plan: 'growth', budgetShare: '40', windowHours: '48', threshold: '0.75', ackTemplate: 'Hi' },
      rulesText: '{"version":1,"rules":[]}',
      keyStored: true,
      agentId: 21000418006,
    });
  });

  test('missing values take the defaults; a rules object is shown as JSON; a bad agent id is dropped', () => {
    const stored = readStored({ rules: { version: 1, rules: [] }, api_agent_id: 'x', budget_share: Number.NaN });
    expect(stored.form).toEqual({ ...defaultForm() });
    expect(stored.rulesText).toBe('{"version":1,"rules":[]}');
    expect(stored.agentId).toBeNull();
    expect(readStored(null).form.budgetShare).toBe('50');
    expect(readStored({ api_agent_id: '42' }).agentId).toBe(42);
    expect(readStored({ api_key: 'typed' }).keyStored).toBe(false);
  });
});

describe('buildConfigs (postConfigs)', () => {
  const form = { apiKey: '  abcdefghij  ', plan: 'pro', budgetShare: '25', windowHours: '72', threshold: '0.6', ackTemplate: 'Hello' };

  test('numbers as numbers, the key trimmed, the agent id, and __meta.secure naming the key', () => {
    expect(buildConfigs({ form, rules: '{"version":1,"rules":[]}', keyStored: false, agentId: 7 })).toEqual({
      api_key: 'abcdefghij',
      api_agent_id: 7,
      plan: 'pro',
      budget_share: 25,
      rules: '{"version":1,"rules":[]}',
      duplicate_window_hours: 72,
      duplicate_threshold: 0.6,
      ack_template: 'Hello',
      __meta: { secure: ['api_key'] },
    });
  });

  test('on edit with the key left blank, api_key is left out so the stored one is kept', () => {
    const configs = buildConfigs({ form: { ...form, apiKey: '' }, rules: '', keyStored: true, agentId: null });
    expect(configs).not.toHaveProperty('api_key');
    expect(configs).not.toHaveProperty('api_agent_id');
    expect(configs.__meta).toEqual({ secure: ['api_key'] });
  });

  test('a blank key on a first install is sent blank (validate refuses it first)', () => {
    expect(buildConfigs({ form: { ...form, apiKey: '' }, rules: '', keyStored: false, agentId: null }).api_key).toBe('');
  });

  test('text that is not a number is kept as typed', () => {
    expect(numberValue('abc')).toBe('abc');
    expect(numberValue(' 12 ')).toBe(12);
    expect(numberValue('')).toBe('');
    expect(settingValues({ ...form, budgetShare: '1e999' }, '', true)).toMatchObject({ budget_share: '1e999', api_key: 'abcdefghij' });
    expect(settingValues(form, '', false)).not.toHaveProperty('api_key');
  });
});

describe('budgetSummary', () => {
  test("the plan's share in calls a minute, and what is left for other integrations", () => {
    expect(budgetSummary('starter', '50')).toEqual({ text: 'Starter × 50% = 50 calls a minute. The other 50 stay for your other integrations.', shareError: null });
    expect(budgetSummary('starter', '1').text).toBe('Starter × 1% = 1 call a minute. The other 99 stay for your other integrations.');
    expect(budgetSummary('starter', '100').text).toBe('Starter × 100% = 100 calls a minute, but FDK lets an app make at most 50 request calls a minute, so Ticket Radar uses 50. Nothing is left for other integrations.');
  });

  test("says when FDK's 50 calls a minute bind", () => {
    expect(budgetSummary('enterprise', '20').text).toBe('Enterprise × 20% = 100 calls a minute, but FDK lets an app make at most 50 request calls a minute, so Ticket Radar uses 50. The other 400 stay for your other integrations.');
  });

  test('an out-of-range or non-numeric share gives core\'s message and no number', () => {
    expect(budgetSummary('starter', '150')).toEqual({ text: '', shareError: 'Expected a budget share from 1 to 100, got 150.' });
    expect(budgetSummary('starter', '2.5').shareError).toBe('A budget share must be a whole number.');
    expect(budgetSummary('starter', '').shareError).toBe('Enter a budget share.');
    expect(budgetSummary('platinum', '50')).toEqual({ text: 'Choose your plan to see how many calls a minute the app may make.', shareError: null });
  });
});
