import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import Handlebars from 'handlebars';
import { checkRules, parseRulesText, RuleLimits, utf8Length, type RuleError } from '../../../core/rules/check.ts';
import { RULES_SCHEMA } from '../../../core/rules/schema.ts';
import { isEmail } from '../../../core/rules/check-values.ts';
import { distance, didYouMean, dotted, fromPointer, toPointer, valueAt } from '../../../core/rules/report.ts';

type AnyRule = Record<string, unknown>;

const leaf = (field: string, op: string, value?: unknown, more: Record<string, unknown> = {}): Record<string, unknown> => (value === undefined ? { field, op, ...more } : { field, op, value, ...more });
const rule = (over: AnyRule = {}): AnyRule => ({ name: 'R', on: 'create', when: leaf('subject', 'contains_any', ['vpn']), then: { priority: 3 }, ...over });
const doc = (...rules: AnyRule[]): unknown => ({ version: 1, rules });

function errorsOf(d: unknown, templates = false): RuleError[] {
  const r = checkRules(d, templates ? { templates: Handlebars } : {});
  return r.ok ? [] : r.errors;
}
const one = (d: unknown, templates = false): RuleError => {
  const errors = errorsOf(d, templates);
  expect(errors, JSON.stringify(errors)).toHaveLength(1);
  return errors[0] as RuleError;
};

describe('checkRules: the document', () => {
  it('checkRules: accepts an empty rule list and returns the same document', () => {
    const d = doc();
    expect(checkRules(d)).toEqual({ ok: true, rules: d });
  });

  it('checkRules: rejects what is not a rules object', () => {
    expect(one([])).toEqual({ path: '', message: 'Rules: must be a JSON object like {"version": 1, "rules": […]}; got [] (array)', short: 'Rules: must be {"version": 1, "rules": […]}' });
    expect(one({ version: 2, rules: [] }).message).toBe('Rules at version: `version` must be 1; got 2 (number)');
    expect(one({ rules: [] }).message).toBe('Rules at version: `version` must be 1; got null');
    expect(one({ version: 1 }).message).toBe('Rules at rules: must be a list of rules; got nothing');
    expect(one({ version: 1, rules: {} }).message).toBe('Rules at rules: must be a list of rules; got {} (object)');
    expect(one({ version: 1, rules: [], rulez: [] }).message).toBe('Rules at rulez: unknown key `rulez`; did you mean `rules`?');
  });

  it('checkRules: limits the number of rules', () => {
    const rules = Array.from({ length: RuleLimits.MAX_RULES + 1 }, (_, i) => rule({ name: `r${i}` }));
    expect(one(doc(...rules)).message).toBe('Rules at rules: has 201 rules; the limit is 200');
    expect(errorsOf(doc(...rules.slice(1)))).toEqual([]);
  });

  it('checkRules: limits the size of the document', () => {
    const big = rule({ description: 'x'.repeat(400) });
    const rules = Array.from({ length: 190 }, (_, i) => ({ ...big, name: `rule ${i}` }));
    const e = one(doc(...rules));
    expect(e.message).toMatch(/^Rules: the rules take \d+ bytes; the limit is 65536$/);
    expect(e.short).toBe('Rules: rules larger than 64 KB');
  });

  it('checkRules: names must be unique, ignoring case and spaces', () => {
    const e = one(doc(rule({ name: 'VPN' }), rule({ name: ' vpn ' })));
    expect(e).toEqual({ path: '/rules/1/name', message: 'Rule 2 "vpn" at name: rule 1 already has this name; names must be unique (they label notes and changes)', short: 'Rule 2 "vpn": duplicate rule name' });
  });

  it('checkRules: caps the number of errors', () => {
    const rules = Array.from({ length: 80 }, () => ({}));
    expect(errorsOf(doc(...rules)).length).toBe(50);
  });
});

describe('checkRules: rules', () => {
  it('checkRules: a rule must be an object with a name, an event, a condition and actions', () => {
    expect(one(doc('x' as unknown as AnyRule)).message).toBe('Rule 1: must be an object with name, on, when and then; got "x" (string)');
    const errors = errorsOf(doc({}));
    expect(errors.map((e) => e.path)).toEqual(['/rules/0/name', '/rules/0/on', '/rules/0/when', '/rules/0/then']);
    expect(errors[1]?.message).toBe('Rule 1 at on: `on` must be "create", "update" or "both"; got nothing');
  });

  it('checkRules: checks name, flags, description and unknown keys', () => {
    expect(one(doc(rule({ name: '  ' }))).message).toBe('Rule 1 at name: `name` must be a non-empty text of at most 100 characters; got "  " (string)');
    expect(one(doc(rule({ stop: 'yes' }))).message).toBe('Rule 1 "R" at stop: `stop` must be true or false; got "yes" (string)');
    expect(one(doc(rule({ description: 5 }))).message).toBe('Rule 1 "R" at description: `description` must be a text of at most 500 characters');
    expect(one(doc(rule({ when_: 1 }))).message).toBe('Rule 1 "R" at when_: unknown key `when_`; did you mean `when`?');
    expect(errorsOf(doc(rule({ stop: true, enabled: false, description: 'Why this rule exists' })))).toEqual([]);
  });

  it('checkRules: short messages fit in 60 characters and name the rule', () => {
    const e = one(doc(rule({ name: 'A very long rule name that keeps going and going', then: { priority: 7 } })));
    expect(e.short.length).toBeLessThanOrEqual(60);
    expect(e.short).toBe('Rule 1 "A very long rul…": must be 1–4');
  });
});

describe('checkRules: conditions', () => {
  it.each([
    [leaf('subjet', 'equals', 'a'), '/rules/0/when/field', /unknown field "subjet" \(string\); did you mean `subject`\?; use subject, description_text/],
    [{ op: 'equals', value: 'a' }, '/rules/0/when/field', /unknown field \(missing\); use /],
    [leaf('custom_fields.', 'equals', 'a'), '/rules/0/when/field', /unknown field "custom_fields\."/],
    [leaf('changes.subject', 'changed'), '/rules/0/when/field', /unknown field "changes\.subject"/],
    [leaf('subject', 'equal', 'a'), '/rules/0/when/op', /unknown operator "equal" \(string\); did you mean `equals`\?; use one of equals, not_equals, in, contains_any/],
    [leaf('subject', 'gt', 3), '/rules/0/when/op', /`gt` does not apply to subject \(text\); use one of equals/],
    [leaf('priority', 'contains_any', ['a']), '/rules/0/when/op', /`contains_any` does not apply to priority \(number\)/],
    [leaf('tags', 'equals', 'a'), '/rules/0/when/op', /`equals` does not apply to tags \(tags\); use one of contains_any, contains_all, is_empty/],
    [leaf('subject', 'contains_any', 'vpn'), '/rules/0/when/value', /`value` for `contains_any` must be a list of 1–100 non-empty texts, e.g. \["vpn", "tunnel"\]; got "vpn" \(string\)/],
    [leaf('subject', 'contains_all', []), '/rules/0/when/value', /must be a list of 1–100 non-empty texts/],
    [leaf('subject', 'contains_any', ['']), '/rules/0/when/value', /non-empty texts/],
    [leaf('subject', 'equals', 3), '/rules/0/when/value', /`value` for `equals` must be a non-empty text/],
    [leaf('subject', 'starts_with'), '/rules/0/when/value', /must be a non-empty text \(at most 1000 characters\); got nothing/],
    [leaf('subject', 'ends_with', 'x'.repeat(1001)), '/rules/0/when/value', /at most 1000 characters/],
    [leaf('priority', 'equals', '3'), '/rules/0/when/value', /must be a number, e.g. 3; got "3" \(string\)/],
    [leaf('priority', 'in', [3, '4']), '/rules/0/when/value', /must be a list of 1–100 numbers, e.g. \[3, 4\]/],
    [leaf('priority', 'gt', Number.NaN), '/rules/0/when/value', /must be a number/],
    [leaf('priority', 'is_empty', true), '/rules/0/when/value', /must be no `value` \(to mean "is not empty", wrap the condition in \{"not": …\}\); got true \(boolean\)/],
    [leaf('custom_fields.cf_x', 'equals', null), '/rules/0/when/value', /must be a text, a number or true\/false; got null/],
    [leaf('custom_fields.cf_x', 'in', [true]), '/rules/0/when/value', /must be a list of 1–100 texts or numbers/],
    [leaf('subject', 'matches', '(a+)+'), '/rules/0/when/value', /the pattern "\(a\+\)\+" is not allowed: nested quantifier `\(a\+\)\+` can take exponential time/],
    [leaf('subject', 'matches', ['a']), '/rules/0/when/value', /`value` must be a regular expression as text, got \["a"\] \(array\)/],
    [leaf('subject', 'equals', 'a', { from: 1 }), '/rules/0/when/from', /`from` only applies to `changes.<field>` conditions/],
    [{ all: [] }, '/rules/0/when/all', /must be a list of 1–50 conditions; got \[\] \(array\)/],
    [{ any: 'x' }, '/rules/0/when/any', /must be a list of 1–50 conditions/],
    [{ all: [leaf('subject', 'equals', 'a')], any: [] }, '/rules/0/when/any', /a condition with `all` takes no other keys \(found `any`\); nest them inside `all`/],
    [{ not: 'x' }, '/rules/0/when/not', /must be a condition: \{"all": \[…\]\}/],
    ['x', '/rules/0/when', /must be a condition/],
    [{ all: [leaf('subject', 'equals', 'a'), leaf('status', 'in', [2, 3]), leaf('subject', 'bogus', 1)] }, '/rules/0/when/all/2/op', /unknown operator "bogus"/],
  ])('checkRules: condition %j → %s', (when, path, message) => {
    const e = one(doc(rule({ when })));
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it('checkRules: accepts every operator on the fields it applies to', () => {
    const when = {
      all: [
        leaf('subject', 'equals', 'a'), leaf('subject', 'not_equals', 'a'), leaf('subject', 'in', ['a', 'b']), leaf('description_text', 'contains_all', ['a']),
        leaf('requester.email', 'ends_with', '@x.example'), leaf('requester.name', 'starts_with', 'An'), leaf('type', 'matches', '^inc'), leaf('category', 'is_empty'),
        leaf('sub_category', 'equals', 'VPN'), leaf('source', 'in', [1, 2]), leaf('priority', 'gt', 2), leaf('urgency', 'lt', 3), leaf('impact', 'not_equals', 1),
        leaf('status', 'equals', 2), leaf('group_id', 'is_empty'), leaf('department_id', 'equals', 5), leaf('responder_id', 'is_empty'),
        leaf('tags', 'contains_any', ['vip']), leaf('tags', 'contains_all', ['a', 'b']), leaf('tags', 'is_empty'),
        leaf('custom_fields.cf_site', 'equals', 'Lisbon'), leaf('custom_fields.cf_n', 'gt', 3), leaf('custom_fields.cf_b', 'equals', true), leaf('custom_fields.cf_k', 'in', ['a', 1]),
        { not: { any: [leaf('subject', 'contains_any', ['test'])] } },
      ],
    };
    expect(errorsOf(doc(rule({ when })))).toEqual([]);
  });

  it('checkRules: limits nesting depth', () => {
    let when: unknown = leaf('subject', 'equals', 'a');
    for (let i = 0; i < 5; i++) when = { not: when };
    expect(errorsOf(doc(rule({ when })))).toEqual([]);
    const e = one(doc(rule({ when: { all: [when] } })));
    expect(e.message).toBe('Rule 1 "R" at when.all[0].not.not.not.not.not: conditions are nested more than 6 levels deep; flatten them');
    expect(e.path).toBe('/rules/0/when/all/0/not/not/not/not/not');
  });

  it('checkRules: does not recurse into very deep documents', () => {
    let when: unknown = leaf('subject', 'equals', 'a');
    for (let i = 0; i < 5000; i++) when = { not: when };
    expect(errorsOf(doc(rule({ when })))).toHaveLength(1);
  });
});

describe('checkRules: changes conditions', () => {
  const update = (when: unknown, on = 'update'): unknown => doc(rule({ on, when }));

  it('checkRules: accepts changed/increased/decreased with from and to', () => {
    const when = { all: [leaf('changes.status', 'changed', undefined, { from: [4, 5], to: 2 }), leaf('changes.priority', 'increased', undefined, { to: 4 }), leaf('changes.group_id', 'changed'), leaf('changes.type', 'changed', undefined, { from: null, to: ['Incident'] })] };
    expect(errorsOf(update(when))).toEqual([]);
    expect(errorsOf(update(when, 'both'))).toEqual([]);
  });

  it('checkRules: changes.* needs an update rule', () => {
    expect(one(update(leaf('changes.status', 'changed'), 'create')).message).toBe('Rule 1 "R" at when.field: `status` changes only exist in update events; set the rule\'s `on` to "update" or "both"');
  });

  it.each([
    [leaf('changes.status', 'equals', 2), ['/rules/0/when/op', '/rules/0/when/value']],
    [leaf('changes.type', 'increased'), ['/rules/0/when/op']],
    [leaf('changes.status', 'changed', undefined, { from: 'open' }), ['/rules/0/when/from']],
    [leaf('changes.category', 'changed', undefined, { to: [] }), ['/rules/0/when/to']],
    [leaf('changes.category', 'changed', undefined, { to: 3 }), ['/rules/0/when/to']],
  ])('checkRules: rejects %j', (when, paths) => {
    expect(errorsOf(update(when)).map((e) => e.path)).toEqual(paths);
  });
});

describe('checkRules: actions', () => {
  const then = (t: unknown): unknown => doc(rule({ then: t }));

  it('checkRules: accepts every action with valid values', () => {
    const all = { priority: 4, urgency: 3, impact: 1, status: 6, group_id: 17000012345, responder_id: 9, type: 'Incident', category: 'Network', sub_category: 'VPN', tags_add: ['vpn'], tags_remove: ['triage'], note: 'Hi {{requester.first_name}}', notify_emails: ['noc@corp.example', 'ops@例え.jp'] };
    expect(errorsOf(then(all), true)).toEqual([]);
  });

  it.each([
    [{}, '/rules/0/then', 'must be an object with at least one action, e.g. {"priority": 3}; got {} (object)'],
    [[], '/rules/0/then', 'must be an object with at least one action, e.g. {"priority": 3}; got [] (array)'],
    [{ priorty: 3 }, '/rules/0/then/priorty', 'unknown action `priorty`; did you mean `priority`?'],
    [{ priority: 0 }, '/rules/0/then/priority', 'must be a priority from 1 (Low) to 4 (Urgent); got 0 (number)'],
    [{ priority: 2.5 }, '/rules/0/then/priority', 'must be a priority from 1 (Low) to 4 (Urgent); got 2.5 (number)'],
    [{ urgency: 4 }, '/rules/0/then/urgency', 'must be an urgency from 1 (Low) to 3 (High); got 4 (number)'],
    [{ impact: '2' }, '/rules/0/then/impact', 'must be an impact from 1 (Low) to 3 (High); got "2" (string)'],
    [{ status: 1 }, '/rules/0/then/status', 'must be a status: 2 Open, 3 Pending, 4 Resolved, 5 Closed, or a custom status id (6 or more); got 1 (number)'],
    [{ group_id: -5 }, '/rules/0/then/group_id', 'must be an id (a positive whole number); got -5 (number)'],
    [{ responder_id: 1e300 }, '/rules/0/then/responder_id', 'must be an id (a positive whole number); got 1e+300 (number)'],
    [{ type: '' }, '/rules/0/then/type', 'must be a non-empty text of at most 255 characters; got "" (string)'],
    [{ tags_add: 'vpn' }, '/rules/0/then/tags_add', 'must be a list of 1–20 tags, e.g. ["vpn"]; got "vpn" (string)'],
    [{ tags_add: ['x'.repeat(33)] }, '/rules/0/then/tags_add', `the tag "${'x'.repeat(33)}" is longer than 32 characters`],
    [{ tags_remove: [' '] }, '/rules/0/then/tags_remove', 'a tag must be non-empty text, got " " (string)'],
    [{ tags_add: ['VPN'], tags_remove: ['vpn '] }, '/rules/0/then/tags_remove', 'the tag "vpn" is both added and removed by this rule'],
    [{ note: '' }, '/rules/0/then/note', 'must be a non-empty template of at most 5120 characters; got "" (string)'],
    [{ note: 'x', notify_emails: ['not-an-email'] }, '/rules/0/then/notify_emails', '"not-an-email" (string) is not an email address like name@example.com'],
    [{ note: 'x', notify_emails: [] }, '/rules/0/then/notify_emails', 'must be a list of 1–20 email addresses; got [] (array)'],
    [{ notify_emails: ['a@b.example'] }, '/rules/0/then/notify_emails', "notify_emails are sent with the rule's note; add a `note`"],
  ])('checkRules: rejects then=%j', (t, path, message) => {
    const e = one(then(t));
    expect(e.path).toBe(path);
    expect(e.message).toBe(`Rule 1 "R" at ${dotted(fromPointer(path).slice(2))}: ${message}`);
  });

  it('checkRules: checks note templates when an engine is given', () => {
    const e = one(then({ note: 'Hi {{#if ticket.id}}' }), true);
    expect(e.message).toMatch(/^Rule 1 "R" at then.note: the note template does not work \(line 1\): Parse error on line 1/);
    expect(one(then({ note: '{{> partial}}' }), true).message).toMatch(/partials \(`\{\{> name\}\}`\) .* are not supported/);
    expect(one(then({ note: '{{log "x"}}' }), true).message).toMatch(/unknown helper log/);
    expect(errorsOf(then({ note: 'Hi {{#if ticket.id}}' }))).toEqual([]);
  });
});

describe('checkRules: robustness', () => {
  it('checkRules: never throws on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => typeof checkRules(v).ok === 'boolean'), { numRuns: 1000 });
  });

  it('checkRules: never throws on rule-shaped documents with random parts', () => {
    const anyPart = fc.jsonValue({ maxDepth: 3 });
    const when = fc.oneof(anyPart, fc.record({ field: fc.constantFrom('subject', 'priority', 'tags', 'changes.status', 'custom_fields.x', 'nope'), op: fc.constantFrom('equals', 'in', 'contains_any', 'matches', 'gt', 'is_empty', 'changed', 'increased', 'x'), value: anyPart }, { requiredKeys: ['field', 'op'] }));
    const r = fc.record({ name: fc.oneof(fc.string(), anyPart), on: fc.constantFrom('create', 'update', 'both', 'x'), when, then: fc.oneof(anyPart, fc.dictionary(fc.constantFrom('priority', 'status', 'tags_add', 'note', 'notify_emails', 'group_id'), anyPart)) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(r, { maxLength: 4 }), (rules) => typeof checkRules({ version: 1, rules }, { templates: Handlebars }).ok === 'boolean'), { numRuns: 500 });
  });

  it('checkRules: whatever the walk accepts, the schema accepts too', () => {
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(RULES_SCHEMA);
    const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -2, max: 6 }), fc.boolean(), fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }));
    const leafArb = fc.record({ field: fc.constantFrom('subject', 'priority', 'tags', 'changes.status', 'changes.type', 'custom_fields.cf'), op: fc.constantFrom('equals', 'in', 'contains_any', 'gt', 'is_empty', 'changed', 'increased'), value, from: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 5 })) }, { requiredKeys: ['field', 'op'] });
    const ruleArb = fc.record({ name: fc.string({ minLength: 1, maxLength: 5 }), on: fc.constantFrom('create', 'update', 'both'), when: fc.oneof(leafArb, fc.record({ all: fc.array(leafArb, { minLength: 1, maxLength: 3 }) })), then: fc.record({ priority: fc.integer({ min: 0, max: 5 }), tags_add: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }) }, { requiredKeys: [] }) });
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 3 }), (rules) => {
        const d = { version: 1, rules };
        if (checkRules(d).ok) {
          accepted++;
          expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
        }
        return true;
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});

describe('parseRulesText', () => {
  it('parseRulesText: blank text means no rules', () => {
    expect(parseRulesText('  \n')).toEqual({ ok: true, rules: { version: 1, rules: [] } });
  });

  it('parseRulesText: reports JSON errors with line and column', () => {
    expect(parseRulesText('{\n  "version": 1,\n  "rules": [,]\n}')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'The rules are not valid JSON: at line 3, column 13, expected a value (text in double quotes, a number, true, false, null, an object or a list).', short: 'Rules: invalid JSON at line 3, column 13' }],
    });
    const trailing = parseRulesText('{ "version": 1, "rules": [], }');
    expect(trailing.ok ? '' : trailing.errors[0]?.message).toBe('The rules are not valid JSON: at line 1, column 30, expected another property (JSON allows no comma before "}").');
  });

  it('parseRulesText: refuses non-text, oversized and deeply nested input before parsing', () => {
    expect(parseRulesText(42)).toEqual({ ok: false, errors: [{ path: '', message: 'The rules must be text; got 42 (number).', short: 'Rules: not text' }] });
    const big = parseRulesText(`"${'é'.repeat(40_000)}"`);
    expect(big.ok ? '' : big.errors[0]?.short).toBe('Rules: larger than 64 KB');
    const deep = parseRulesText(`${'['.repeat(41)}${']'.repeat(41)}`);
    expect(deep.ok ? '' : deep.errors[0]?.message).toBe('The rules nest more than 40 levels of {} and [].');
  });

  it('parseRulesText: runs the schema when given and checks templates', () => {
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(RULES_SCHEMA);
    const text = JSON.stringify(doc(rule({ then: { note: '{{#each}}' } })));
    const result = parseRulesText(text, { validateSchema: (d) => (validate(d) ? [] : validate.errors ?? []), templates: Handlebars });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['/rules/0/then/note']);
  });
});

describe('report helpers', () => {
  it('toPointer/fromPointer: escape ~ and / and round-trip', () => {
    const segs = ['rules', 0, 'a/b', 'c~d'];
    expect(toPointer(segs)).toBe('/rules/0/a~1b/c~0d');
    expect(fromPointer(toPointer(segs))).toEqual(segs);
    expect(fromPointer('')).toEqual([]);
    expect(toPointer([])).toBe('');
  });

  it('valueAt: reads own properties only', () => {
    expect(valueAt({ a: [1, { b: 2 }] }, ['a', 1, 'b'])).toBe(2);
    expect(valueAt({}, ['constructor'])).toBeUndefined();
    expect(valueAt('x', ['a'])).toBeUndefined();
  });

  it('distance/didYouMean: suggest close words only', () => {
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('priorty', ['priority', 'status'])).toBe('; did you mean `priority`?');
    expect(didYouMean('zzzzzz', ['priority', 'status'])).toBe('');
  });

  it('utf8Length: counts UTF-8 bytes', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });

  it('isEmail: accepts plain addresses and refuses the rest', () => {
    for (const ok of ['a@b.co', 'first.last+tag@sub.corp.example', 'ops@例え.jp']) expect(isEmail(ok), ok).toBe(true);
    for (const bad of ['a', 'a@b', '@b.co', 'a@@b.co', 'a b@c.co', 'a@-b.co', 'Name <a@b.co>', 3, `${'a'.repeat(250)}@b.co`]) expect(isEmail(bad), String(bad)).toBe(false);
  });
});

describe('checkRules: odd inputs', () => {
  it('checkRules: refuses documents that are not plain JSON', () => {
    const d: Record<string, unknown> = { version: 1, rules: [] };
    d.self = d;
    expect(checkRules(d)).toEqual({ ok: false, errors: [{ path: '', message: 'Rules: cannot be written as JSON (it contains a cycle or a value JSON does not have)', short: 'Rules: rules are not plain JSON' }] });
  });

  it('checkRules: template problems without a line are still reported', () => {
    const engine = { compile: () => () => { throw new Error('engine exploded'); } };
    const r = checkRules(doc(rule({ then: { note: 'x' } })), { templates: engine });
    expect(r.ok ? '' : r.errors[0]?.message).toBe('Rule 1 "R" at then.note: the note template does not work: engine exploded');
  });

  it('checkRules: keeps schema errors only where the semantic walk said nothing nearby', () => {
    const d = doc(rule({ when: leaf('subject', 'equals', 3) }));
    const at = (instancePath: string) => ({ instancePath, keyword: 'x', params: {}, message: 'schema says no' });
    const r = checkRules(d, { schemaErrors: [at('/rules/0/when/value'), at('/rules/0/when'), at('/rules/0/when/value/deeper'), at('/rules/0/then')] });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['/rules/0/when/value', '/rules/0/then']);
  });
});

describe('translateSchemaErrors: positions', () => {
  it('translateSchemaErrors: suggests keys by position (top level, rule, condition)', async () => {
    const { translateSchemaErrors, keysAt } = await import('../../../core/rules/check-schema.ts');
    const ap = (instancePath: string, key: string) => ({ instancePath, keyword: 'additionalProperties', params: { additionalProperty: key } });
    const out = translateSchemaErrors({}, [ap('', 'rule'), ap('/rules/0', 'then_'), ap('/rules/0/when', 'feild'), ap('/rules/0/then', 'tag_add')]).map((e) => e.message);
    expect(out).toEqual([
      'Rules at rule: unknown key `rule`; did you mean `rules`?',
      'Rule 1 at then_: unknown key `then_`; did you mean `then`?',
      'Rule 1 at when.feild: unknown key `feild`; did you mean `field`?',
      'Rule 1 at then.tag_add: unknown key `tag_add`; did you mean `tags_add`?',
    ]);
    expect(keysAt(['rules', 0, 'when', 'all', 0])).toContain('op');
  });

  it('translateSchemaErrors: words list items, unknown types and odd error objects', async () => {
    const { translateSchemaErrors } = await import('../../../core/rules/check-schema.ts');
    const d = { version: 1, rules: [{ when: { value: [{}] } }] };
    expect(translateSchemaErrors(d, [{ instancePath: '/rules/0/when/value/0', keyword: 'anyOf', params: {} }])[0]?.message).toBe('Rule 1 at when.value[0]: must be a text or a number; got {} (object)');
    expect(translateSchemaErrors(d, [{ instancePath: '/rules/0', keyword: 'type', params: { type: 'thing' } }])[0]?.message).toBe('Rule 1: must be thing, got {"when":{"value":[{}]}} (object)');
    expect(translateSchemaErrors(d, [{ instancePath: 5 as unknown as string, keyword: 'x', params: 'y' }])[0]?.path).toBe('');
  });
});

describe('translateSchemaErrors: duplicates', () => {
  it('translateSchemaErrors: reports the same error once', async () => {
    const { translateSchemaErrors } = await import('../../../core/rules/check-schema.ts');
    const e = { instancePath: '/version', keyword: 'const', params: { allowedValue: 1 } };
    expect(translateSchemaErrors({ version: 2 }, [e, { ...e }])).toHaveLength(1);
  });
});
