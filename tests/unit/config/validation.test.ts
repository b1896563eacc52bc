/**
 * validate()'s decision (config/src/validation.ts): core's checks in the page plus the
 * `checkSettings` server method, which adds the JSON-Schema errors the page cannot find.
 */
import Handlebars from 'handlebars';
import { describe, expect, test } from 'vitest';
import type { InstallClient, Timers } from '../../../config/src/fdk.ts';
import { localCheck, merge, serverCheck } from '../../../config/src/validation.ts';
import { checkSettings } from '../../../core/settings.ts';
import { validateRulesSchema } from '../../../server/lib/engines.ts';

const engine = Handlebars.create();
const NO_TIMERS: Timers = { set: () => 0, clear: () => undefined };

function clientAnswering(invoke: InstallClient['request']['invoke']): InstallClient & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    request: {
      invoke: (name, payload) => {
        calls.push([name, payload]);
        return invoke(name, payload);
      },
      invokeTemplate: () => Promise.reject(new Error('not used')),
    },
  };
}

const GOOD = { api_key: 'abcdefghij', plan: 'starter', budget_share: 50, rules: '', duplicate_window_hours: 72, duplicate_threshold: 0.6, ack_template: '' };

describe('localCheck', () => {
  test("core's checkSettings with the page's Handlebars; a blank key passes only when one is stored", () => {
    expect(localCheck(GOOD, engine, false).ok).toBe(true);
    expect(localCheck({ ...GOOD, api_key: '' }, engine, false).errors.api_key).toBe('Enter the API key of the agent the app acts as.');
    expect(localCheck({ ...GOOD, api_key: '' }, engine, true).ok).toBe(true);
    expect(localCheck({ ...GOOD, ack_template: '{{#if}}' }, engine, false).errors.ack_template).toContain('The template does not compile');
    expect(localCheck({ ...GOOD, ack_template: '{{#if}}' }, undefined, false).errors.ack_template).toBeUndefined();
  });
});

describe('serverCheck', () => {
  test('sends everything but the key, says the key is stored, and returns the check', async () => {
    const answer = checkSettings(GOOD, { keyStored: true });
    const client = clientAnswering(() => Promise.resolve({ response: answer }));
    await expect(serverCheck(client, GOOD, NO_TIMERS)).resolves.toEqual(answer);
    expect(client.calls).toEqual([['checkSettings', { settings: { plan: 'starter', budget_share: 50, rules: '', duplicate_window_hours: 72, duplicate_threshold: 0.6, ack_template: '' }, key_stored: true }]]);
    expect(JSON.stringify(client.calls)).not.toContain('abcdefghij');
  });

  test('a failure or an odd answer is a reason, not an exception', async () => {
    await expect(serverCheck(clientAnswering(() => Promise.reject({ status: 429, message: 'Too many' })), GOOD, NO_TIMERS)).resolves.toBe('status 429: Too many');
    await expect(serverCheck(clientAnswering(() => Promise.reject({ status: 500 })), GOOD, NO_TIMERS)).resolves.toBe('status 500');
    await expect(serverCheck(clientAnswering(() => Promise.resolve({ response: 'hello' })), GOOD, NO_TIMERS)).resolves.toBe('the server answered something that is not a check result');
  });
});

describe('merge', () => {
  test("the page's findings first; the server adds its schema errors and other fields, never the key", () => {
    const rules = JSON.stringify({ version: 1, rules: [{ name: 'R', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['x'] }, then: { priority: 9 } }] });
    const values = { ...GOOD, rules, budget_share: 500 };
    const local = localCheck(values, engine, false);
    const server = checkSettings({ ...values, api_key: '' }, { validateSchema: validateRulesSchema, templates: engine, keyStored: false });
    const verdict = merge(local, server);
    expect(verdict.ok).toBe(false);
    expect(verdict.fields).toEqual({ budget_share: 'Expected a budget share from 1 to 100, got 500.', rules: local.errors.rules });
    expect(verdict.ruleErrors.length).toBeGreaterThanOrEqual(local.ruleErrors.length);
    expect(verdict.notice).toBeNull();
  });

  test('schema errors only the server finds are added once', () => {
    const local = checkSettings(GOOD);
    const schemaOnly = { ...local, ok: false, errors: { rules: 'Rules: x' }, ruleErrors: [{ path: '/x', message: 'Rules at x: unknown key `x`', short: 'x' }] };
    const verdict = merge(local, schemaOnly);
    expect(verdict).toMatchObject({ ok: false, fields: { rules: 'Rules: x' }, ruleErrors: schemaOnly.ruleErrors });
    expect(merge(schemaOnly, schemaOnly).ruleErrors).toHaveLength(1);
  });

  test('when the server cannot answer, the page goes by its own checks and says so when they passed', () => {
    const ok = merge(checkSettings(GOOD), 'status 504');
    expect(ok.ok).toBe(true);
    expect(ok.notice).toContain("The app's server could not double-check the settings (status 504)");
    const bad = merge(checkSettings({ ...GOOD, plan: 'gold' }), 'status 504');
    expect(bad).toMatchObject({ ok: false, notice: null, fields: { plan: "Choose the account's plan: starter, growth, pro or enterprise." } });
  });
});
