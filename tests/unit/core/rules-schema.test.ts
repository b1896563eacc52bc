import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import Handlebars from 'handlebars';
import { RULES_SCHEMA } from '../../../core/rules/schema.ts';
import { checkRules, parseRulesText, type SchemaError } from '../../../core/rules/check.ts';
import { evaluateRules } from '../../../core/rules/evaluate.ts';
import { planUpdate } from '../../../core/rules/plan.ts';
import { translateSchemaErrors } from '../../../core/rules/check-schema.ts';
import { makeFacts } from './helpers.ts';

/** DESIGN.md §4, verbatim. */
export const DESIGN_EXAMPLE = `{ "version": 1,
  "rules": [
    { "name": "VPN to Network",
      "on": "create",
      "when": { "all": [ { "field": "subject", "op": "contains_any", "value": ["vpn", "tunnel"] },
                         { "field": "requester.email", "op": "ends_with", "value": "@corp.example" } ] },
      "then": { "priority": 3, "group_id": 17000012345, "tags_add": ["vpn"],
                "note": "Routed to Network because the subject mentions {{matched}}." },
      "stop": true } ] }`;

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(RULES_SCHEMA);
const schemaErrors = (doc: unknown): SchemaError[] => (validate(doc) ? [] : (validate.errors ?? []));

describe('RULES_SCHEMA', () => {
  it('RULES_SCHEMA: is identical to core/rules/rules.schema.json', () => {
    const file = JSON.parse(readFileSync(new URL('../../../core/rules/rules.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(file).toEqual(JSON.parse(JSON.stringify(RULES_SCHEMA)));
  });

  it('RULES_SCHEMA: compiles with ajv in strict mode without warnings', () => {
    const warnings: unknown[] = [];
    const strict = new Ajv({ strict: true, allErrors: true, logger: { log: () => undefined, warn: (...a: unknown[]) => warnings.push(a), error: (...a: unknown[]) => warnings.push(a) } });
    expect(() => strict.compile(RULES_SCHEMA)).not.toThrow();
    expect(warnings).toEqual([]);
  });

  it('RULES_SCHEMA: also compiles with the 2020-12 class once draft-07 is known to it', () => {
    const { $schema: _drop, ...rest } = RULES_SCHEMA;
    const modern = new Ajv2020({ strict: false });
    expect(modern.validate(rest, JSON.parse(DESIGN_EXAMPLE))).toBe(true);
  });

  it('RULES_SCHEMA: accepts the DESIGN §4 example', () => {
    expect(schemaErrors(JSON.parse(DESIGN_EXAMPLE))).toEqual([]);
  });

  it('RULES_SCHEMA: rejects what the format forbids', () => {
    const bad = [
      { version: 2, rules: [] },
      { version: 1 },
      { version: 1, rules: [{ name: 'x', on: 'create', when: { field: 'subject', op: 'equals', value: 'a' } }] },
      { version: 1, rules: [{ name: 'x', on: 'later', when: { field: 'subject', op: 'equals', value: 'a' }, then: { priority: 1 } }] },
      { version: 1, rules: [{ name: 'x', on: 'create', when: { field: 'subjekt', op: 'equals', value: 'a' }, then: { priority: 1 } }] },
      { version: 1, rules: [{ name: 'x', on: 'create', when: { all: [] }, then: { priority: 1 } }] },
      { version: 1, rules: [{ name: 'x', on: 'create', when: { field: 'subject', op: 'equals', value: {} }, then: { priority: 1 } }] },
      { version: 1, rules: [{ name: 'x', on: 'create', when: { field: 'subject', op: 'equals', value: 'a' }, then: { priority: 5 } }] },
      { version: 1, rules: [{ name: 'x', on: 'create', when: { field: 'subject', op: 'equals', value: 'a' }, then: {} }] },
      { version: 1, rules: [{ name: 'x', on: 'create', when: { field: 'subject', op: 'equals', value: 'a' }, then: { tags_add: ['x'.repeat(33)] } }] },
      { version: 1, rules: [], extra: true },
    ];
    for (const doc of bad) expect(schemaErrors(doc), JSON.stringify(doc)).not.toEqual([]);
  });
});

describe('DESIGN §4 example', () => {
  it('DESIGN example: passes every check, with the schema and a template engine', () => {
    const result = parseRulesText(DESIGN_EXAMPLE, { validateSchema: schemaErrors, templates: Handlebars });
    expect(result.ok).toBe(true);
  });

  it('DESIGN example: evaluates, routes the ticket and plans one update', () => {
    const result = parseRulesText(DESIGN_EXAMPLE);
    if (!result.ok) throw new Error('example rejected');
    const facts = makeFacts({ subject: 'Tunnel keeps dropping', requester: { id: 1, email: 'Ana@CORP.example', name: 'Ana' } });
    const ev = evaluateRules(result.rules, facts, { event: 'create' });
    expect(ev.matched).toHaveLength(1);
    expect(ev.matched[0]).toMatchObject({ rule: 'VPN to Network', index: 0, matchedValues: ['tunnel'] });
    expect(ev.changes).toEqual({ priority: 3, group_id: 17000012345 });
    expect(ev.tagsAdd).toEqual(['vpn']);
    expect(ev.notes).toEqual([{ rule: 'VPN to Network', template: 'Routed to Network because the subject mentions {{matched}}.', matchedValues: ['tunnel'] }]);
    expect(planUpdate(facts, ev).body).toEqual({ priority: 3, group_id: 17000012345, tags: ['vpn'] });
  });

  it('DESIGN example: does not fire on updates or for other domains', () => {
    const result = parseRulesText(DESIGN_EXAMPLE);
    if (!result.ok) throw new Error('example rejected');
    expect(evaluateRules(result.rules, makeFacts(), { event: 'update' }).matched).toEqual([]);
    expect(evaluateRules(result.rules, makeFacts({ requester: { id: 1, email: 'x@other.example', name: '' } }), { event: 'create' }).matched).toEqual([]);
  });
});

describe('translateSchemaErrors', () => {
  const translate = (doc: unknown) => translateSchemaErrors(doc, schemaErrors(doc));

  it('translateSchemaErrors: names the rule and the place, and suggests the key', () => {
    const doc = { version: 1, rules: [{ name: 'VPN', on: 'create', when: { field: 'subject', op: 'equals', value: 'a' }, then: { priorty: 3 } }] };
    expect(translate(doc)).toEqual([
      { path: '/rules/0/then/priorty', message: 'Rule 1 "VPN" at then.priorty: unknown key `priorty`; did you mean `priority`?', short: 'Rule 1 "VPN": unknown key `priorty`' },
    ]);
  });

  it('translateSchemaErrors: words missing keys, types, enums, consts and limits', () => {
    const doc = { version: 2, rules: [{ on: 'soon', when: { field: 'priority', op: 'gt', value: {} }, then: { priority: 9, note: 3 } }] };
    const messages = translate(doc).map((e) => `${e.path} ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        '/version Rules at version: must be 1; got 2 (number)',
        '/rules/0/name Rule 1 at name: `name` is missing',
        '/rules/0/on Rule 1 at on: must be one of "create", "update", "both"; got "soon" (string)',
        '/rules/0/when/value Rule 1 at when.value: must be a text, a number, true/false or a list; got {} (object)',
        '/rules/0/then/priority Rule 1 at then.priority: must be <= 4; got 9 (number)',
        '/rules/0/then/note Rule 1 at then.note: must be a text, got 3 (number)',
      ]),
    );
  });

  it('translateSchemaErrors: explains unknown fields and empty action lists', () => {
    const doc = { version: 1, rules: [{ name: 'a', on: 'create', when: { field: 'subjet', op: 'equals', value: 'a' }, then: {} }] };
    const messages = translate(doc).map((e) => e.message);
    expect(messages).toContain('Rule 1 "a" at when.field: unknown field "subjet" (string); did you mean `subject`?; use a ticket field, custom_fields.<name> or changes.<field>');
    expect(messages).toContain('Rule 1 "a" at then: needs at least one action, e.g. {"priority": 3}');
  });

  it('translateSchemaErrors: keeps the specific error over the anyOf summary', () => {
    const doc = { version: 1, rules: [{ name: 'a', on: 'create', when: { field: 'subject', op: 'in', value: [] }, then: { priority: 1 } }] };
    expect(translate(doc).map((e) => e.message)).toEqual(['Rule 1 "a" at when.value: must NOT have fewer than 1 items; got [] (array)']);
  });

  it('translateSchemaErrors: tolerates odd error objects', () => {
    expect(translateSchemaErrors({}, [{ instancePath: '', keyword: 'weird', params: null }])).toEqual([{ path: '', message: 'Rules: is invalid; got {} (object)', short: 'Rules: is invalid' }]);
    expect(translateSchemaErrors({}, [{ instancePath: '/x', keyword: 'pattern', params: {}, message: 'bad' }])[0]?.message).toBe('Rules at x: has an invalid form: undefined (undefined)');
    expect(translateSchemaErrors({}, [{ instancePath: '/a', keyword: 'if', params: {} }])).toEqual([]);
    expect(translateSchemaErrors({}, [{ instancePath: '/a', keyword: 'enum', params: {} }])[0]?.message).toBe('Rules at a: must be one of ; got undefined (undefined)');
  });

  it('checkRules: adds schema errors the semantic walk did not report', () => {
    const doc = JSON.parse(DESIGN_EXAMPLE) as unknown;
    const extra: SchemaError = { instancePath: '/rules/0/stop', keyword: 'custom', params: {}, message: 'is frowned upon' };
    const result = checkRules(doc, { schemaErrors: [extra] });
    expect(result).toEqual({ ok: false, errors: [{ path: '/rules/0/stop', message: 'Rule 1 "VPN to Network" at stop: is frowned upon; got true (boolean)', short: 'Rule 1 "VPN to Network": is frowned upon' }] });
  });
});
