import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { checkTemplate, composeNote, findNoteRef, NOTE_MARKER, noteContext, renderTemplate, sampleNoteContext, sanitizeRef, TEMPLATE_VARIABLES, TemplateLimits, type TemplateEngine } from '../../../core/templates.ts';
import { makeFacts } from './helpers.ts';

const engine: TemplateEngine = Handlebars.create();

function render(src: string, context: unknown = sampleNoteContext()): string {
  const r = renderTemplate(engine, src, context);
  if (!r.ok) throw new Error(r.error);
  return r.text;
}

describe('renderTemplate', () => {
  it('renderTemplate: renders the documented variables as plain text', () => {
    const ctx = noteContext(makeFacts({ id: 42, subject: 'VPN down', priority: 4, status: 3, tags: ['a', 'b'], requester: { id: 1, email: 'ana@corp.example', name: '  Ana  Maria Silva' } }), { rule: 'VPN', matched: ['vpn', 'tunnel'], duplicates: [{ id: 40, subject: 'VPN again', score: 0.834 }] });
    const out = render('#{{ticket.id}} {{ticket.subject}} ({{ticket.priority_name}}, {{ticket.status_name}}) for {{requester.first_name}} <{{requester.email}}> by {{rule}}: {{matched}}; tags {{ticket.tags}}{{#each duplicates}} | #{{id}} {{subject}} {{score}}%{{/each}}', ctx);
    expect(out).toBe('#42 VPN down (Urgent, Pending) for Ana <ana@corp.example> by VPN: vpn, tunnel; tags a, b | #40 VPN again 83%');
  });

  it('renderTemplate: leaves HTML in values and templates as text (escaping happens in composeNote)', () => {
    const ctx = noteContext(makeFacts({ subject: '<script>alert(1)</script>' }));
    expect(render('<b>{{ticket.subject}}</b> {{{ticket.subject}}}', ctx)).toBe('<b><script>alert(1)</script></b> <script>alert(1)</script>');
    const html = composeNote({ parts: [{ text: render('<b>{{ticket.subject}}</b>', ctx) }], footer: 'x' });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/b&gt;');
  });

  it.each(['{{constructor.constructor}}', '{{__proto__}}', '{{#with this.constructor}}{{name}}{{/with}}', '{{lookup this "constructor"}}', '{{ticket.subject.constructor.name}}', '{{ticket.[__proto__]}}', '{{this.__defineGetter__}}', '{{#with (lookup this "constructor")}}{{name}}{{/with}}'])(
    'renderTemplate: %s reaches no prototype',
    (src) => {
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const r = renderTemplate(engine, src, sampleNoteContext());
      quiet.mockRestore();
      if (r.ok) expect(r.text).toBe('');
      else expect(r.error).not.toMatch(/function|native code/i);
    },
  );

  it('renderTemplate: refuses partials, partial blocks and inline decorators', () => {
    for (const src of ['{{> header}}', '{{~> header}}', '{{#> layout}}x{{/layout}}', '{{#*inline "x"}}y{{/inline}}', 'a\n{{* deco}}']) {
      expect(renderTemplate(engine, src, {})).toEqual({ ok: false, error: 'partials (`{{> name}}`) and inline blocks (`{{#*inline}}`) are not supported; write the text into the template' });
    }
  });

  it('renderTemplate: refuses helpers beyond the built-in ones, and log', () => {
    expect(renderTemplate(engine, '{{foo ticket}}', {})).toEqual({ ok: false, error: 'You specified knownHelpersOnly, but used the unknown helper foo - 1:0' });
    expect(renderTemplate(engine, '{{log "x"}}', {}).ok).toBe(false);
  });

  it('renderTemplate: a helper registered on the engine is not callable', () => {
    const custom = Handlebars.create();
    custom.registerHelper('danger', () => 'called');
    expect(renderTemplate(custom, '{{danger 1}}', {}).ok).toBe(false);
    expect(renderTemplate(custom, '{{danger}}|{{#danger}}x{{/danger}}', {})).toEqual({ ok: true, text: '|' });
  });

  it('renderTemplate: refuses sources over the limit and cuts long output', () => {
    const tooLong = 'x'.repeat(TemplateLimits.SOURCE + 1);
    expect(renderTemplate(engine, tooLong, {})).toEqual({ ok: false, error: `the template is ${TemplateLimits.SOURCE + 1} characters long; the limit is ${TemplateLimits.SOURCE}` });
    const many = { items: Array.from({ length: 5000 }, (_, i) => i) };
    const out = render('{{#each items}}0123456789{{/each}}', many);
    expect(out.length).toBeLessThanOrEqual(TemplateLimits.OUTPUT);
    expect(out.endsWith('\n… [truncated]')).toBe(true);
  });

  it('renderTemplate: reports errors instead of throwing', () => {
    expect(renderTemplate(engine, '{{#if}}', {}).ok).toBe(false);
    expect(renderTemplate(engine, 42 as unknown as string, {})).toEqual({ ok: false, error: 'the template must be text' });
    const broken: TemplateEngine = { compile: () => () => { throw 'boom'; } };
    expect(renderTemplate(broken, 'x', {})).toEqual({ ok: false, error: 'boom' });
    const odd: TemplateEngine = { compile: () => () => 42 as unknown as string };
    expect(renderTemplate(odd, 'x', {})).toEqual({ ok: true, text: '42' });
  });

  it('renderTemplate: never throws on arbitrary sources', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (src) => typeof renderTemplate(engine, src, sampleNoteContext()).ok === 'boolean'), { numRuns: 500 });
    const piece = fc.constantFrom('{{', '}}', '#if', '#each', '/if', '/each', 'else', 'ticket.id', '>', '~', '!', '--', '{{{', '}}}', 'this', '../', '@root', ' ', 'x');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (parts) => typeof renderTemplate(engine, parts.join(''), sampleNoteContext()).ok === 'boolean'), { numRuns: 1000 });
  });
});

describe('checkTemplate', () => {
  it('checkTemplate: null for a good template', () => {
    expect(checkTemplate(engine, 'Hello {{requester.first_name}}, about #{{ticket.id}}.')).toBeNull();
  });

  it('checkTemplate: gives the line of a parse error', () => {
    const problem = checkTemplate(engine, 'line one\nline two {{#if ticket.id}}\nno close');
    expect(problem?.line).toBe(3);
    expect(problem?.message).toMatch(/^Parse error on line 3: Expecting/);
    expect(checkTemplate(engine, 'a\n{{> p}}')).toMatchObject({ line: 2 });
    expect(checkTemplate(engine, 'x {{nope 1}}')).toMatchObject({ line: 1, message: expect.stringMatching(/unknown helper nope/) });
  });
});

describe('noteContext and TEMPLATE_VARIABLES', () => {
  it('noteContext: accepts matched values already joined, and defaults', () => {
    const ctx = noteContext(makeFacts({ type: null, category: null, subCategory: null, requester: { id: null, email: '', name: '' } }), { matched: 'a, b' });
    expect(ctx).toMatchObject({ matched: 'a, b', rule: '', duplicates: [], requester: { name: '', first_name: '', email: '' }, ticket: { type: '', category: '', sub_category: '' } });
    expect(noteContext(makeFacts({ status: 9, priority: null, source: 1001 })).ticket).toMatchObject({ status_name: 'Status 9', priority_name: '', source_name: 'Source 1001' });
  });

  it('TEMPLATE_VARIABLES: every documented variable renders from the sample context', () => {
    for (const v of TEMPLATE_VARIABLES) {
      expect(v.description.length).toBeGreaterThan(0);
      if (v.name === 'duplicates') continue;
      expect(render(`{{${v.name}}}`), v.name).not.toBe('');
    }
  });
});

describe('composeNote', () => {
  it('composeNote: escapes every text, keeps line breaks and ends with the marker', () => {
    const html = composeNote({ parts: [{ heading: 'Triage <1>', text: 'Line "one"\r\nLine & two' }, { text: "it's" }], footer: 't1042-triage' });
    expect(html).toBe('<p><strong>Triage &lt;1&gt;</strong></p><p>Line &quot;one&quot;<br>Line &amp; two</p><p>it&#39;s</p><p>— Ticket Radar · ref t1042-triage</p>');
    expect(findNoteRef(html)).toBe('t1042-triage');
  });

  it('composeNote: links duplicates over http(s) only', () => {
    const html = composeNote({
      parts: [],
      duplicates: [
        { id: 1038, subject: 'VPN <again>', score: 0.82, url: 'https://corp.freshservice.com/a/tickets/1038' },
        { id: 1039, subject: 'x', score: 0.7, url: 'javascript:alert(1)' },
        { id: 1040, subject: 'y', score: Number.NaN },
        { id: 1.5, subject: 'z', score: 0.5, url: 'https://x.example/"onmouseover="1' },
      ],
      footer: 'ref',
    });
    expect(html).toContain('<li><a href="https://corp.freshservice.com/a/tickets/1038" target="_blank" rel="noopener noreferrer">#1038 VPN &lt;again&gt;</a> (82% similar)</li>');
    expect(html).toContain('<li>#1039 x (70% similar)</li>');
    expect(html).toContain('<li>#1040 y (0% similar)</li>');
    expect(html).toContain('<li>#? z (50% similar)</li>');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('onmouseover');
  });

  it('composeNote: stays within the size limit and keeps the footer', () => {
    const html = composeNote({ parts: [{ heading: 'A', text: '<'.repeat(100_000) }, { heading: 'B', text: 'never shown' }], duplicates: Array.from({ length: 50 }, (_, i) => ({ id: i, subject: 's'.repeat(500), score: 0.9 })), footer: 'end' });
    expect(html.length).toBeLessThanOrEqual(TemplateLimits.NOTE_HTML);
    expect(html.endsWith('<p>— Ticket Radar · ref end</p>')).toBe(true);
    expect(html).toContain('…</p>');
    expect((html.match(/<li>/g) ?? []).length).toBe(TemplateLimits.DUPLICATES);
  });

  it('composeNote: nothing in parts can open a tag', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ heading: fc.string(), text: fc.string() }), { maxLength: 3 }), fc.string(), (parts, footer) => {
        const html = composeNote({ parts, footer });
        const body = html.replace(/<\/?(p|strong|br)>/g, '');
        return !body.includes('<') && !body.includes('>') && html.length <= TemplateLimits.NOTE_HTML;
      }),
    );
  });

  it('sanitizeRef/findNoteRef: refs are restricted and found in text or HTML', () => {
    expect(sanitizeRef('a b/c<d>')).toBe('a-b-c-d-');
    expect(sanitizeRef('x'.repeat(100))).toHaveLength(64);
    expect(findNoteRef(`Thanks\n— ${NOTE_MARKER} t9:dup`)).toBe('t9:dup');
    expect(findNoteRef('<p>— Ticket Radar &middot; ref t9-ack</p>')).toBe('t9-ack');
    expect(findNoteRef('no marker here')).toBeNull();
  });
});
