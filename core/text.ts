/**
 * Text helpers shared by the rule engine, duplicate detection and notes. Everything here is
 * linear in the input and safe on hostile text (no backtracking-prone regular expressions).
 */

/**
 * The most text (UTF-16 code units) that rules and similarity look at per field, so a 1 MB
 * description costs bounded CPU. Event payloads can be 256 KB; descriptions beyond this are cut.
 */
export const MAX_MATCH_TEXT = 16 * 1024;

/**
 * The combining diacritical marks that fold away (accents, cedillas, umlauts…). Other combining
 * marks carry meaning and stay: Indic vowel signs, Japanese voicing marks (バ is not ハ).
 */
const DIACRITIC_BLOCKS: ReadonlyArray<[number, number]> = [[0x300, 0x36f], [0x1ab0, 0x1aff], [0x1dc0, 0x1dff], [0x20d0, 0x20ff], [0xfe20, 0xfe2f]];
const NONSPACING_MARK = /\p{Mn}/gu;
const SPACES = /\s+/g;
const PLAIN_ASCII = /^[\t\n\r -~]*$/;

function isDiacritic(mark: string): boolean {
  const code = mark.charCodeAt(0);
  return DIACRITIC_BLOCKS.some(([from, to]) => code >= from && code <= to);
}

/** Removes the diacritical marks of decomposed text (see {@link foldText}); other marks stay. */
export function stripDiacritics(decomposed: string): string {
  return decomposed.replace(NONSPACING_MARK, (mark) => (isDiacritic(mark) ? '' : mark));
}

function foldOnce(s: string): string {
  return stripDiacritics(s.normalize('NFKD').toLowerCase().normalize('NFKD')).normalize('NFC');
}

/**
 * Folds text for comparison: compatibility-decomposed (NFKD), lower-cased, diacritical marks
 * removed, recomposed (NFC, so Hangul and kana stay whole), whitespace runs collapsed to one space,
 * trimmed. Idempotent: `foldText(foldText(s)) === foldText(s)`.
 * @example foldText('  Café\tRÉSUMÉ ') // 'cafe resume'
 */
export function foldText(s: string): string {
  return foldChars(s).replace(SPACES, ' ').trim();
}

/** {@link foldText} without the whitespace clean-up: enough before tokenizing, and cheaper. */
export function foldChars(s: string): string {
  return PLAIN_ASCII.test(s) ? s.toLowerCase() : foldOnce(s);
}

const WORD = /[\p{L}\p{N}]+/gu;
const CJK = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]+/gu;
const HAS_CJK = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;

/** Chinese and Japanese are written without spaces: index them as overlapping character bigrams. */
function cjkBigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) out.push(run);
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
}

function splitMixedWord(word: string, out: string[]): void {
  let last = 0;
  for (const m of word.matchAll(CJK)) {
    const at = m.index;
    if (at > last) out.push(word.slice(last, at));
    cjkBigrams(m[0], out);
    last = at + m[0].length;
  }
  if (last < word.length) out.push(word.slice(last));
}

const ASCII_SEPARATORS = /[^a-z0-9]+/;

/** Tokens of text that is already folded (see {@link foldText}). */
export function tokenizeFolded(folded: string): string[] {
  if (PLAIN_ASCII.test(folded)) return folded.split(ASCII_SEPARATORS).filter((t) => t !== '');
  const out: string[] = [];
  for (const m of folded.matchAll(WORD)) {
    const word = m[0];
    if (HAS_CJK.test(word)) splitMixedWord(word, out);
    else out.push(word);
  }
  return out;
}

/**
 * Splits text into folded words: runs of letters and digits in any script; Chinese and Japanese
 * runs become overlapping character bigrams (a single character stays a token of its own).
 * @example tokenize('VPN-Zugang géht nicht') // ['vpn', 'zugang', 'geht', 'nicht']
 * @example tokenize('打印机坏了') // ['打印', '印机', '机坏', '坏了']
 */
export function tokenize(s: string): string[] {
  return tokenizeFolded(foldText(s));
}

/** English function words and help-desk boilerplate that say nothing about a ticket's topic. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers him his how ' +
    'i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own ' +
    'same she should so some such than that the their theirs them then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you your yours ' +
    'also get got hi hello dear thanks thank regards please kind best team re fw fwd cc sent subject'
  ).split(' '),
);

const BLOCK_TAGS = new Set(['br', 'p', 'div', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr', 'table', 'ul', 'ol']);
const RAW_TEXT_TAGS = new Set(['script', 'style', 'head', 'title', 'template']);
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', copy: '©', reg: '®',
  rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', bull: '•', middot: '·', euro: '€', trade: '™',
};
const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,15});/g;

function decodeCodePoint(code: number, raw: string): string {
  const valid = Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return valid ? String.fromCodePoint(code) : raw;
}

function decodeEntity(raw: string, body: string): string {
  if (body.startsWith('#x') || body.startsWith('#X')) return decodeCodePoint(parseInt(body.slice(2), 16), raw);
  if (body.startsWith('#')) return decodeCodePoint(parseInt(body.slice(1), 10), raw);
  return NAMED_ENTITIES[body.toLowerCase()] ?? raw;
}

/** Decodes character references (`&amp;`, `&#39;`, `&#x1F600;` and the common named ones). */
export function decodeEntities(s: string): string {
  return s.replace(ENTITY, decodeEntity);
}

function tagName(tag: string): string {
  const m = /^\/?\s*([a-zA-Z][a-zA-Z0-9]{0,15})/.exec(tag);
  return m === null ? '' : (m[1] as string).toLowerCase();
}

/** Index just past the element that closes a raw-text element (`</script>`), or the end of input. */
function skipRawText(html: string, from: number, name: string): number {
  const closer = new RegExp(`</${name}\\b`, 'gi');
  closer.lastIndex = from;
  const m = closer.exec(html);
  if (m === null) return html.length;
  const end = html.indexOf('>', m.index);
  return end < 0 ? html.length : end + 1;
}

interface Piece { text: string; next: number }

/** Reads the markup starting at `html[at] === '<'`. Linear: every character is visited once. */
function readMarkup(html: string, at: number): Piece {
  if (html.startsWith('<!--', at)) {
    const end = html.indexOf('-->', at + 4);
    return { text: '', next: end < 0 ? html.length : end + 3 };
  }
  const end = html.indexOf('>', at + 1);
  if (end < 0) return { text: html.slice(at), next: html.length };
  const tag = html.slice(at + 1, end);
  const name = tagName(tag);
  if (RAW_TEXT_TAGS.has(name) && !tag.startsWith('/')) return { text: ' ', next: skipRawText(html, end + 1, name) };
  return { text: BLOCK_TAGS.has(name) ? '\n' : '', next: end + 1 };
}

/**
 * Turns an HTML fragment into plain text without a DOM: drops tags, comments and the contents of
 * script/style, turns block elements and `<br>` into line breaks, decodes character references and
 * trims each line. Meant for ticket descriptions when `description_text` is missing.
 */
export function stripHtml(html: string): string {
  const parts: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const stop = lt < 0 ? html.length : lt;
    parts.push(html.slice(i, stop));
    if (lt < 0) break;
    const piece = readMarkup(html, lt);
    parts.push(piece.text);
    i = piece.next;
  }
  return tidyLines(decodeEntities(parts.join('')));
}

function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `& < > " '` so the text can sit inside HTML element content or a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * Cuts `s` to at most `max` UTF-16 code units, ending with `…` when cut, never splitting a
 * surrogate pair. `max` below 1 gives `''`.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const limit = Math.floor(max) - 1;
  if (!(limit >= 0)) return '';
  let end = limit;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/** Describes a value for messages: `"abc" (string)`, `-1 (number)`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `${truncate(safeJson(value), 40)} (array)`;
  const shown = typeof value === 'string' ? JSON.stringify(truncate(value, 40)) : truncate(safeJson(value), 40);
  return `${shown} (${typeof value})`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
