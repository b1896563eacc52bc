/**
 * Abuse: hostile settings. Acknowledgement templates that reach for prototypes, partials, unknown
 * helpers, broken syntax or huge output; rules whose regular expressions would backtrack for ever;
 * rules documents that are huge, deep or not JSON. The install refuses what the product says it
 * refuses, with a message of at most 60 characters that says what is wrong; `checkSettings` says it
 * next to the field; and what is accepted (or slips past the check) is run safely by the handlers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Insights } from '../../../core/insights.ts';
import { startHarness, type Harness } from '../../../devkit/harness/index.ts';
import type { SetupOutcome } from '../../../devkit/runtime/index.ts';
import { captureEvents, crashLines, eventFor, expectCleanEnd, expectInertHtml, fire, nextMinute } from './helpers.ts';

/** Installs afresh with `patch` over a valid configuration (uninstalling first). */
async function install(h: Harness, patch: Record<string, unknown>): Promise<SetupOutcome> {
  if (h.rt.installed) await h.rt.uninstall();
  return h.rt.install({ api_key: h.apiKey, api_agent_id: h.agentId, plan: 'starter', budget_share: 50, rules: '', ack_template: '', ...patch, __meta: { secure: ['api_key'] } });
}

/** A refusal an admin can act on: the app's own message (not the platform's cut) fits in 60 characters and names the problem. */
function expectRefused(outcome: SetupOutcome, about: RegExp, what: string): void {
  const own = outcome.result?.error?.message ?? '';
  expect({ what, allowed: outcome.allowed, message: own }).toEqual({ what, allowed: false, message: outcome.message });
  expect(own.length).toBeGreaterThan(10);
  expect(own.length).toBeLessThanOrEqual(60);
  expect(own).toMatch(about);
  expect(own).not.toMatch(/TypeError|undefined|\.\.\.$|\n/);
}

async function checkSettings(h: Harness, settings: Record<string, unknown>): Promise<{ ok: boolean; errors: Record<string, string>; ruleErrors: Array<{ path: string; message: string }> }> {
  await h.clock.advance(2_000);
  const answer = await h.rt.invokeServerMethod('checkSettings', { settings: { api_key: '', plan: 'starter', budget_share: 50, ...settings }, key_stored: true });
  return answer.response as { ok: boolean; errors: Record<string, string>; ruleErrors: Array<{ path: string; message: string }> };
}

/** What a template would show if it reached the objects behind the data: functions, prototypes, code. */
const LEAKS = /function|native code|=>|prototype|__proto__|constructor|Object\(|\[object Function|hasOwnProperty|valueOf|toString|defineGetter/i;

describe('acknowledgement templates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
  });
  afterAll(async () => {
    await h.stop();
  });

  const REFUSED = [
    '{{> x}}', '{{#> layout}}x{{/layout}}', '{{#*inline "x"}}y{{/inline}}', '{{*decorator}}', '{{unknownHelper ticket.subject}}', '{{log "x"}}',
    '{{helperMissing ticket}}', '{{#blockHelperMissing ticket}}x{{/blockHelperMissing}}', '{{#if}}', '{{ticket.subject', '{{#each duplicates}}', '}}{{', '{{{ticket.subject}}', 'x'.repeat(6000),
  ];
  const PROTOTYPE_REACHING = [
    '{{constructor.constructor}}', '{{constructor.constructor "return process"}}', '{{#with __proto__}}[{{constructor}}]{{/with}}', '{{lookup this "constructor"}}',
    '{{#with (lookup this "constructor")}}[{{name}}]{{/with}}', '{{#each (lookup this "constructor")}}[{{this}}]{{/each}}', '{{__proto__}}', '{{ticket.__proto__.constructor}}',
    '{{ticket.constructor.name}}', '{{@root.constructor}}', '{{lookup ticket "__proto__"}}', '{{ticket.__defineGetter__}}', '{{toString}}', '{{valueOf}}', '{{hasOwnProperty}}',
    '{{ticket.toString}}', '{{#with ticket}}{{#with subject}}{{constructor.name}}{{/with}}{{/with}}', '{{#with ticket.subject}}{{this.constructor}}{{/with}}', '{{helperMissing}}',
  ];

  test('partials, decorators, unknown helpers, syntax errors and oversized sources are refused at install and by checkSettings', async () => {
    for (const template of REFUSED) {
      expectRefused(await install(h, { ack_template: template }), /^The acknowledgement template does not compile$/, template);
      const check = await checkSettings(h, { ack_template: template });
      expect({ template, ok: check.ok }).toEqual({ template, ok: false });
      expect(check.errors.ack_template).toMatch(/^The template does not compile/);
      expect(check.errors.ack_template).not.toMatch(/TypeError|Error: /);
    }
    expect(crashLines(h)).toEqual([]);
  });

  test('templates that reach for prototypes are rendered safely: nothing behind the data shows, no handler fails', async () => {
    for (const template of PROTOTYPE_REACHING) {
      const outcome = await install(h, { ack_template: `Hi {{requester.first_name}}: ${template}.` });
      const check = await checkSettings(h, { ack_template: `Hi {{requester.first_name}}: ${template}.` });
      expect(check.ok).toBe(outcome.allowed);
      if (!outcome.allowed) {
        expectRefused(outcome, /^The acknowledgement template does not compile$/, template);
        continue;
      }
      await nextMinute(h);
      const t = h.createTicket({ subject: 'Printer jam on floor 2' });
      await h.settle();
      expect({ template, state: h.outcome(t.id)?.state }).toEqual({ template, state: 'done' });
      const notes = h.appNotes(t.id);
      expect(notes).toHaveLength(1);
      const body = notes[0]?.body ?? '';
      expect(body).toMatch(/<p>Hi [^<]*: [^<]*\.<\/p>/);
      expect({ template, leaked: LEAKS.exec(body.replace(/— Ticket Radar · ref T\d+-create/, ''))?.[0] ?? null }).toEqual({ template, leaked: null });
      expectInertHtml(body);
    }
    expect(crashLines(h)).toEqual([]);
  });

  test('a template whose output would be huge is cut and marked; the note stays within its size', async () => {
    const template = `{{ticket.subject}} `.repeat(250);
    expect((await install(h, { ack_template: template })).allowed).toBe(true);
    const subject = `Printer jam ${'on floor two '.repeat(75)}`;
    await nextMinute(h);
    const t = h.createTicket({ subject });
    await h.settle();
    const notes = h.appNotes(t.id);
    expect(notes).toHaveLength(1);
    const body = notes[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(60 * 1024);
    expect(body.length).toBeGreaterThan(20_000);
    expect(body).toContain('… [truncated]');
    expect(body).toContain(`— Ticket Radar · ref T${t.id}-create`);
    expect(h.outcome(t.id)?.state).toBe('done');
  });
});

const CATASTROPHIC = ['(a+)+$', '(a|aa)*b', '(.*a){20}', '(a*)*', '(\\w+\\s?)+$', '^(([a-z])+.)+[A-Z]([a-z])+$', '(x+x+)+y'];

function matchesRule(pattern: string, name = 'Evil pattern'): string {
  return JSON.stringify({ version: 1, rules: [{ name, on: 'create', when: { any: [{ field: 'subject', op: 'matches', value: pattern }, { field: 'description_text', op: 'matches', value: pattern }] }, then: { priority: 4, note: 'Matched {{matched}}' } }] });
}

/** Text a backtracking pattern chokes on: long runs of what it repeats, then something that fails the match. */
const HOSTILE_SUBJECT = `${'a'.repeat(900)}!`;
const HOSTILE_DESCRIPTION = `${'aaaa aaaa '.repeat(1500)}${'x'.repeat(1000)}!`;

describe('regular expressions in rules', () => {
  let h: Harness;
  let events: ReturnType<typeof captureEvents>;
  beforeAll(async () => {
    h = await startHarness({ rules: { version: 1, rules: [] }, events: false });
    events = captureEvents(h);
  });
  afterAll(async () => {
    await h.stop();
  });

  test('patterns that backtrack catastrophically are refused at install and by checkSettings, naming the rule', async () => {
    for (const pattern of CATASTROPHIC) {
      expectRefused(await install(h, { rules: matchesRule(pattern) }), /^Rule 1 "Evil pattern".*(regular expression|regex|repeat|nested|exponential|backtrack)/i, pattern);
      const check = await checkSettings(h, { rules: matchesRule(pattern) });
      expect({ pattern, ok: check.ok }).toEqual({ pattern, ok: false });
      expect(check.ruleErrors[0]?.path).toMatch(/^\/rules\/0\/when\/any\/0\/value$/);
    }
  });

  test('such rules stored behind the check do not stall the handler: the ticket is recorded with no rule and the sidebar names the problem', async () => {
    await install(h, {});
    // Settings edited past the install page (there is no afterAppUpdate check).
    await h.updateSettings({ rules: JSON.stringify({ version: 1, rules: CATASTROPHIC.map((p, i) => JSON.parse(matchesRule(p, `Evil ${i}`)).rules[0]) }) });
    await nextMinute(h);
    const t = h.createTicket({ subject: HOSTILE_SUBJECT, description: HOSTILE_DESCRIPTION });
    const result = await fire(h, 'onTicketCreate', eventFor(events, 'onTicketCreate', t.id));
    await h.settle();
    expectCleanEnd(result);
    expect(h.outcome(t.id)).toMatchObject({ state: 'done', rules: [] });
    expect(h.fake.store.tickets.get(t.id)?.priority).not.toBe(4);
    const view = (await h.rt.invokeServerMethod('getTicketInsights', { ticket_id: t.id })).response as Insights;
    expect(view.health.rulesIssue).toMatch(/Evil 0/);
  });

  test('property: any text as a `matches` pattern gets an answer from checkSettings and never hangs the create handler', async () => {
    await install(h, {});
    const piece = fc.constantFrom('a', 'aa', '.', '.*', '+', '*', '?', '(', ')', '(?:', '|', '[a-z]', '\\w', '\\s', '\\d', '{20}', '{2,}', '{1,100}', '^', '$', '\\1', '(?=', '(?<=', '[^', ']', '\\', 'ä', '🙂', '\\p{L}', ' ');
    const pattern = fc.oneof(fc.string({ maxLength: 40 }), fc.array(piece, { minLength: 1, maxLength: 14 }).map((parts) => parts.join('')));
    await fc.assert(
      fc.asyncProperty(pattern, async (p) => {
        const check = await checkSettings(h, { rules: matchesRule(p) });
        expect(typeof check.ok).toBe('boolean');
        if (!check.ok) expect(check.errors.rules).toEqual(expect.stringMatching(/\S/));
        await h.updateSettings({ rules: matchesRule(p) });
        await nextMinute(h);
        const t = h.createTicket({ subject: HOSTILE_SUBJECT, description: HOSTILE_DESCRIPTION });
        const result = await fire(h, 'onTicketCreate', eventFor(events, 'onTicketCreate', t.id));
        await h.settle();
        // Completed on its own (a runaway pattern would end in the execution limit instead).
        expectCleanEnd(result);
        expect(h.outcome(t.id)?.state).toBe('done');
      }),
      { numRuns: 40 },
    );
    expect(crashLines(h)).toEqual([]);
  }, 60_000);
});

describe('rules documents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
  });
  afterAll(async () => {
    await h.stop();
  });

  const rule = (i: number): Record<string, unknown> => ({ name: `Rule number ${i}`, on: 'create', when: { field: 'subject', op: 'contains_any', value: [`word${i}`, `other${i}`] }, then: { priority: 2, tags_add: [`t${i}`], note: `Rule ${i} matched {{matched}} on {{ticket.subject}}.` } });

  test('thousands of rules (over 1 MB) are refused at install; over 64 KB by checkSettings; over 200 rules by both', async () => {
    const huge = JSON.stringify({ version: 1, rules: Array.from({ length: 8000 }, (_, i) => rule(i)) });
    expect(huge.length).toBeGreaterThan(1024 * 1024);
    expectRefused(await install(h, { rules: huge }), /^Rules: larger than 64 KB$/, 'huge');
    // The install page sends its settings to checkSettings, whose payload the platform caps at 100 KB.
    const big = JSON.stringify({ version: 1, rules: Array.from({ length: 350 }, (_, i) => rule(i)) });
    expect(big.length).toBeGreaterThan(64 * 1024);
    expect(big.length).toBeLessThan(90 * 1024);
    const bigCheck = await checkSettings(h, { rules: big });
    expect(bigCheck.ok).toBe(false);
    expect(bigCheck.errors.rules).toMatch(/limit is 65536/);
    const many = JSON.stringify({ version: 1, rules: Array.from({ length: 201 }, (_, i) => ({ name: `R${i}`, on: 'create', when: { field: 'priority', op: 'equals', value: 1 }, then: { priority: 2 } })) });
    expect(many.length).toBeLessThan(64 * 1024);
    expectRefused(await install(h, { rules: many }), /more than 200 rules/, 'many');
    expect((await checkSettings(h, { rules: many })).errors.rules).toMatch(/201 rules; the limit is 200/);
  });

  test('text that is not a rules document is refused with where it goes wrong', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"version":1,"rules":[', /^Rules: invalid JSON at line 1, column \d+$/],
      ['not json at all', /^Rules: invalid JSON at line 1, column 1$/],
      ['{"version":1,"rules":[{"name":"x",}]}', /^Rules: invalid JSON at line 1, column \d+$/],
      ['{\n  "version": 1,\n  "rules": [\n    {"name": "x" "on": "create"}\n  ]\n}', /^Rules: invalid JSON at line 4, column \d+$/],
      [`${'['.repeat(5000)}${']'.repeat(5000)}`, /^Rules: nested too deeply$/],
      [`{"version":1,"rules":[${'{"not":'.repeat(30)}{}${'}'.repeat(30)}]}`, /^Rule 1: /],
      ['{"version":2,"rules":[]}', /version/],
      ['null', /^Rules: /],
      ['"rules"', /^Rules: /],
      ['{"version":1,"rules":{}}', /`rules` must be a list/],
      ['{"version":1,"rules":[{"name":"\\u0000<script>","on":"create","when":{"field":"subject","op":"contains_any","value":["x"]},"then":{"priority":9}}]}', /^Rule 1 "/],
      ['{"version":1,"rules":[],"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}', /unknown key/],
    ];
    for (const [text, about] of cases) {
      expectRefused(await install(h, { rules: text }), about, text.slice(0, 60));
      const check = await checkSettings(h, { rules: text });
      expect({ text: text.slice(0, 40), ok: check.ok }).toEqual({ text: text.slice(0, 40), ok: false });
      expect(check.errors.rules).toEqual(expect.stringMatching(/\S/));
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(crashLines(h)).toEqual([]);
  });
});
