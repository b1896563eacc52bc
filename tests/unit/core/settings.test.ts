import Handlebars from 'handlebars';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { RULES_SCHEMA } from '../../../core/rules/schema.ts';
import { checkSettings, installMessage } from '../../../core/settings.ts';
import type { TemplateEngine } from '../../../core/templates.ts';

const validate = new Ajv({ allErrors: true, strict: false }).compile(RULES_SCHEMA);
const validateSchema = (doc: unknown) => (validate(doc) ? [] : validate.errors ?? []);
const templates = Handlebars as unknown as TemplateEngine;

const good = {
  api_key: 'abcdefghijklmnopqrst',
  plan: 'growth',
  budget_share: '40',
  duplicate_window_hours: 72,
  duplicate_threshold: '0.6',
  rules: JSON.stringify({ version: 1, rules: [{ name: 'VPN', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['vpn'] }, then: { priority: 3 } }] }),
  ack_template: 'Hi {{requester.name}}',
};

describe('checkSettings', () => {
  test('good settings pass and report the resulting budget', () => {
    const check = checkSettings(good, { validateSchema, templates });
    expect(check.errors).toEqual({});
    expect(check.ok).toBe(true);
    expect(check.budget).toMatchObject({ plan: 'growth', credits: 80, calls: 50, binding: 'fdk' });
  });

  test('each bad field gets its own message', () => {
    const check = checkSettings({ ...good, api_key: 'has space inside', plan: 'gold', budget_share: 150, duplicate_window_hours: '2.5', duplicate_threshold: 'x', ack_template: 'Hi {{#if}}' }, { validateSchema, templates });
    expect(check.ok).toBe(false);
    expect(check.errors).toMatchObject({
      api_key: 'The API key cannot contain spaces.',
      plan: "Choose the account's plan: starter, growth, pro or enterprise.",
      budget_share: 'Expected a budget share from 1 to 100, got 150.',
      duplicate_window_hours: 'A look-back window in hours must be a whole number.',
      duplicate_threshold: 'Enter a similarity threshold.',
    });
    expect(check.errors.ack_template).toMatch(/^The template does not compile/);
    expect(check.budget).toBeNull();
  });

  test('a blank key is fine only when a key is already stored; a short one never', () => {
    expect(checkSettings({ ...good, api_key: '' }).errors.api_key).toBe('Enter the API key of the agent the app acts as.');
    expect(checkSettings({ ...good, api_key: '  ' }, { keyStored: true }).errors.api_key).toBeUndefined();
    expect(checkSettings({ ...good, api_key: 'abc' }).errors.api_key).toBe('That is too short to be a Freshservice API key.');
  });

  test('broken rules give a message and the errors with their JSON pointer; install gets a short line', () => {
    const rules = JSON.stringify({ version: 1, rules: [{ name: 'x', on: 'create', when: { all: [] }, then: { priority: 9 } }] });
    const check = checkSettings({ ...good, rules }, { validateSchema, templates });
    expect(check.ok).toBe(false);
    expect(check.ruleErrors.length).toBeGreaterThan(0);
    expect(check.ruleErrors[0]?.path).toMatch(/^\/rules\/0/);
    const message = installMessage(check);
    expect(message.length).toBeGreaterThan(0);
    expect(message.length).toBeLessThanOrEqual(60);
  });

  test('installMessage is empty when nothing is wrong and truncates long messages', () => {
    expect(installMessage(checkSettings(good))).toBe('');
    const long = installMessage({ ok: false, errors: { plan: 'x'.repeat(100) }, ruleErrors: [], budget: null });
    expect(long).toHaveLength(60);
    expect(long.endsWith('...')).toBe(true);
  });

  test('left-out numbers use their defaults; blank rules and template are fine', () => {
    const check = checkSettings({ api_key: good.api_key, plan: 'starter', rules: '', ack_template: '' });
    expect(check.ok).toBe(true);
  });
});
