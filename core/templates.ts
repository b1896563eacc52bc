/**
 * Note templates, secure by construction. Handlebars is injected (`TemplateEngine`), never imported:
 * the shipped files may not bundle third-party code. A template is compiled with
 * `knownHelpersOnly` (built-in helpers only, `log` disabled), `noEscape` and `strict: false`, run
 * without prototype access, and its output is PLAIN TEXT: `composeNote` escapes all of it and turns
 * line breaks into `<br>`, so nothing a template or a ticket contains can inject HTML into a note.
 * Partials and decorators are refused.
 */
import type { TicketFacts } from './ticket.ts';
import { levelName, priorityName, sourceName, statusName } from './enums.ts';
import { escapeHtml, truncate } from './text.ts';

export interface TemplateCompileOptions {
  knownHelpersOnly?: boolean;
  knownHelpers?: Record<string, boolean>;
  strict?: boolean;
  noEscape?: boolean;
  preventIndent?: boolean;
}

export interface TemplateRuntimeOptions {
  allowProtoPropertiesByDefault?: boolean;
  allowProtoMethodsByDefault?: boolean;
}

export type TemplateFunction = (context: unknown, options?: TemplateRuntimeOptions) => string;

/** The part of Handlebars used here; pass the `handlebars` module (or `Handlebars.create()`). */
export interface TemplateEngine {
  compile(input: string, options?: TemplateCompileOptions): TemplateFunction;
}

export const TemplateLimits = {
  /** Characters of template source. */
  SOURCE: 5 * 1024,
  /** Characters of rendered text; longer output is cut and marked. */
  OUTPUT: 20 * 1024,
  /** Characters of a composed note's HTML. */
  NOTE_HTML: 60 * 1024,
  DUPLICATES: 10,
} as const;

const COMPILE_OPTIONS: TemplateCompileOptions = {
  knownHelpersOnly: true,
  // `helperMissing`/`blockHelperMissing` are Handlebars internals: called by name they fail with a
  // TypeError; marked unknown they are refused at compile time (or read as an empty variable).
  knownHelpers: { log: false, helperMissing: false, blockHelperMissing: false },
  strict: false,
  noEscape: true,
  preventIndent: true,
};

const RUNTIME_OPTIONS: TemplateRuntimeOptions = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

const TRUNCATED = '\n… [truncated]';
const PARTIAL_OR_DECORATOR = /\{\{~?#?[>*]/;

export interface TemplateProblem {
  message: string;
  line?: number;
}

function precheck(src: unknown): TemplateProblem | null {
  if (typeof src !== 'string') return { message: 'the template must be text' };
  if (src.length > TemplateLimits.SOURCE) return { message: `the template is ${src.length} characters long; the limit is ${TemplateLimits.SOURCE}` };
  const partial = PARTIAL_OR_DECORATOR.exec(src);
  if (partial !== null) return { message: 'partials (`{{> name}}`) and inline blocks (`{{#*inline}}`) are not supported; write the text into the template', line: lineAt(src, partial.index) };
  return null;
}

function lineAt(src: string, index: number): number {
  return src.slice(0, index).split('\n').length;
}

/** An error's message, also for errors of another realm (the sandbox's `require`d packages), without an "Error: " prefix. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** Handlebars' messages: "Parse error on line 2:\n<source>\n---^\nExpecting …" or "… unknown helper foo - 1:0". */
function problemOf(error: unknown): TemplateProblem {
  const lines = messageOf(error).split('\n');
  const first = lines[0] as string;
  const last = lines.length > 1 ? ` ${lines[lines.length - 1] as string}` : '';
  const line = /line (\d+)/.exec(first) ?? / - (\d+):\d+$/.exec(first);
  const message = truncate(`${first}${last}`, 300);
  return line === null ? { message } : { message, line: Number(line[1]) };
}

function run(engine: TemplateEngine, src: string, context: unknown): string {
  const template = engine.compile(src, COMPILE_OPTIONS);
  const out = template(context, RUNTIME_OPTIONS);
  return typeof out === 'string' ? out : String(out);
}

/** Null when the template compiles and renders against sample data; otherwise what is wrong (and where). */
export function checkTemplate(engine: TemplateEngine, src: string): TemplateProblem | null {
  const problem = precheck(src);
  if (problem !== null) return problem;
  try {
    run(engine, src, sampleNoteContext());
    return null;
  } catch (error) {
    return problemOf(error);
  }
}

export type RenderResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * Renders a template to PLAIN TEXT (not HTML): never put `text` into HTML unescaped; use
 * {@link composeNote}. Output longer than {@link TemplateLimits.OUTPUT} is cut with a marker.
 */
export function renderTemplate(engine: TemplateEngine, src: string, context: unknown): RenderResult {
  const problem = precheck(src);
  if (problem !== null) return { ok: false, error: problem.message };
  try {
    const text = run(engine, src, context);
    if (text.length <= TemplateLimits.OUTPUT) return { ok: true, text };
    return { ok: true, text: `${truncate(text, TemplateLimits.OUTPUT - TRUNCATED.length)}${TRUNCATED}` };
  } catch (error) {
    return { ok: false, error: problemOf(error).message };
  }
}

// ---------------------------------------------------------------------------------------------
// Variables

export interface NoteExtras {
  rule?: string;
  /** Matched values, as a list or already comma-joined. */
  matched?: string | readonly string[];
  duplicates?: ReadonlyArray<{ id: number; subject: string; score: number }>;
}

export interface NoteContext {
  ticket: {
    id: number;
    subject: string;
    priority: number | null;
    priority_name: string;
    status: number | null;
    status_name: string;
    urgency: number | null;
    urgency_name: string;
    impact: number | null;
    impact_name: string;
    source: number | null;
    source_name: string;
    type: string;
    category: string;
    sub_category: string;
    tags: string;
    group_id: number | null;
  };
  requester: { name: string; first_name: string; email: string };
  matched: string;
  rule: string;
  duplicates: Array<{ id: number; subject: string; score: number }>;
}

/** What templates can use, with one line each, for the install page. */
export const TEMPLATE_VARIABLES: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'ticket.id', description: 'Ticket number' },
  { name: 'ticket.subject', description: 'Subject' },
  { name: 'ticket.priority', description: 'Priority code (1–4)' },
  { name: 'ticket.priority_name', description: 'Priority as a word: Low, Medium, High, Urgent' },
  { name: 'ticket.status', description: 'Status code (2 Open, 3 Pending, 4 Resolved, 5 Closed)' },
  { name: 'ticket.status_name', description: 'Status as a word' },
  { name: 'ticket.urgency_name', description: 'Urgency as a word: Low, Medium, High' },
  { name: 'ticket.impact_name', description: 'Impact as a word: Low, Medium, High' },
  { name: 'ticket.source_name', description: 'Where the ticket came from: Email, Portal, Phone, …' },
  { name: 'ticket.type', description: 'Type, e.g. Incident' },
  { name: 'ticket.category', description: 'Category' },
  { name: 'ticket.sub_category', description: 'Sub-category' },
  { name: 'ticket.tags', description: 'Tags, comma-separated' },
  { name: 'ticket.group_id', description: 'Group id' },
  { name: 'requester.name', description: "Requester's full name" },
  { name: 'requester.first_name', description: "Requester's first name" },
  { name: 'requester.email', description: "Requester's email" },
  { name: 'matched', description: 'Words and patterns that made the rule match, comma-separated' },
  { name: 'rule', description: 'Name of the rule that wrote the note' },
  { name: 'duplicates', description: 'Possible duplicates, for {{#each duplicates}}: id, subject, score (percent)' },
];

function ticketVariables(facts: TicketFacts): NoteContext['ticket'] {
  return {
    id: facts.id,
    subject: facts.subject,
    priority: facts.priority,
    priority_name: priorityName(facts.priority),
    status: facts.status,
    status_name: statusName(facts.status),
    urgency: facts.urgency,
    urgency_name: levelName(facts.urgency),
    impact: facts.impact,
    impact_name: levelName(facts.impact),
    source: facts.source,
    source_name: sourceName(facts.source),
    type: facts.type ?? '',
    category: facts.category ?? '',
    sub_category: facts.subCategory ?? '',
    tags: facts.tags.join(', '),
    group_id: facts.groupId,
  };
}

function joined(matched: NoteExtras['matched']): string {
  return typeof matched === 'string' ? matched : (matched ?? []).join(', ');
}

/** The variables for a note about `facts` (plain data, no prototypes worth reaching). */
export function noteContext(facts: TicketFacts, extras: NoteExtras = {}): NoteContext {
  const name = facts.requester.name;
  return {
    ticket: ticketVariables(facts),
    requester: { name, first_name: name.trim().split(/\s+/)[0] as string, email: facts.requester.email },
    matched: joined(extras.matched),
    rule: extras.rule ?? '',
    duplicates: (extras.duplicates ?? []).slice(0, TemplateLimits.DUPLICATES).map((d) => ({ id: d.id, subject: d.subject, score: Math.round(d.score * 100) })),
  };
}

/** Sample variables for previews and for checking that a template renders. */
export function sampleNoteContext(): NoteContext {
  const facts: TicketFacts = {
    id: 1042, subject: 'VPN tunnel drops every hour', descriptionText: '', requester: { id: 1, email: 'ana.silva@corp.example', name: 'Ana Silva' },
    source: 1, type: 'Incident', category: 'Network', subCategory: 'VPN', priority: 3, urgency: 2, impact: 2, status: 2, groupId: 17000012345,
    departmentId: null, responderId: null, tags: ['vpn'], tagsKnown: true, customFields: {}, createdAt: null, updatedAt: null, spam: false, deleted: false,
  };
  return noteContext(facts, { rule: 'VPN to Network', matched: ['vpn', 'tunnel'], duplicates: [{ id: 1038, subject: 'VPN keeps disconnecting', score: 0.82 }] });
}

// ---------------------------------------------------------------------------------------------
// Composing the note's HTML

/** Every note the app writes ends with this marker followed by a reference; see {@link findNoteRef}. */
export const NOTE_MARKER = 'Ticket Radar · ref';

export interface NoteInput {
  parts: ReadonlyArray<{ heading?: string; text: string }>;
  duplicates?: ReadonlyArray<{ id: number; subject: string; score: number; url?: string }>;
  /** A reference such as `t1042-triage`; only `A–Z a–z 0–9 . _ : -` are kept, at most 64. */
  footer: string;
}

const HTML_CHARS: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\n': '<br>' };

/** Escapes `text` (line breaks → `<br>`) into at most `budget` characters, ending with `…` when cut. */
function escapeWithin(text: string, budget: number): string {
  const out: string[] = [];
  let used = 0;
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const piece = HTML_CHARS[ch] ?? ch;
    if (used + piece.length > budget - 1) return `${out.join('')}…`;
    out.push(piece);
    used += piece.length;
  }
  return out.join('');
}

export function sanitizeRef(ref: string): string {
  return ref.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 64);
}

function safeUrl(url: string | undefined): string | null {
  return url !== undefined && /^https?:\/\/[^\s"'<>]+$/i.test(url) && url.length <= 2048 ? url : null;
}

function duplicateItem(d: { id: number; subject: string; score: number; url?: string }): string {
  const label = `#${Number.isSafeInteger(d.id) ? d.id : '?'} ${escapeHtml(truncate(d.subject, 200))}`;
  const url = safeUrl(d.url);
  const link = url === null ? label : `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  const pct = Number.isFinite(d.score) ? Math.round(d.score * 100) : 0;
  return `<li>${link} (${pct}% similar)</li>`;
}

function duplicatesHtml(list: NoteInput['duplicates']): string {
  if (list === undefined || list.length === 0) return '';
  const items = list.slice(0, TemplateLimits.DUPLICATES).map(duplicateItem).join('');
  return `<p><strong>Possible duplicates</strong></p><ul>${items}</ul>`;
}

function partHtml(part: { heading?: string; text: string }, budget: number): string {
  const heading = part.heading === undefined || part.heading === '' ? '' : `<p><strong>${escapeWithin(part.heading, 300)}</strong></p>`;
  return `${heading}<p>${escapeWithin(part.text, Math.max(1, budget - heading.length - 7))}</p>`;
}

/**
 * One HTML note body: every text escaped, line breaks as `<br>`, duplicates as links (http and
 * https only), at most {@link TemplateLimits.NOTE_HTML} characters, ending with the
 * `— Ticket Radar · ref <footer>` line the server looks for to recognise its own notes.
 */
export function composeNote(input: NoteInput): string {
  const footer = `<p>— ${NOTE_MARKER} ${sanitizeRef(input.footer)}</p>`;
  const tail = duplicatesHtml(input.duplicates) + footer;
  let budget = TemplateLimits.NOTE_HTML - tail.length;
  const body: string[] = [];
  for (const part of input.parts) {
    if (budget < 16) break;
    const html = partHtml(part, budget);
    body.push(html);
    budget -= html.length;
  }
  return body.join('') + tail;
}

const REF_PATTERN = /Ticket Radar\s*(?:·|&middot;|&#183;|&#xb7;)\s*ref\s+([A-Za-z0-9._:-]{1,64})/i;

/** The reference of a note this app wrote (HTML `body` or plain `body_text`), or null. */
export function findNoteRef(body: string): string | null {
  const m = REF_PATTERN.exec(body);
  return m === null ? null : (m[1] as string);
}
