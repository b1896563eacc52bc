/**
 * A small parser for the JavaScript regular-expression syntax (with the `u` flag) that rules may use
 * in `matches`. It only needs the structure: single-character matchers, groups, alternation and
 * quantifiers, with their positions, so `regex.ts` can reject patterns that backtrack badly. Exact
 * syntax checking is left to the engine (`new RegExp(…, 'iu')`), which runs first.
 */

/** A set of single characters, kept as the regex source that matches one of them. */
export interface CharSet {
  src: string;
  /** Characters the set mentions literally (tested as probes when comparing sets). */
  samples: string[];
}

export type Node =
  | { t: 'char'; set: CharSet; start: number; end: number }
  | { t: 'assert'; start: number; end: number }
  | { t: 'group'; lookahead: boolean; alts: Node[][]; start: number; end: number }
  | { t: 'repeat'; node: Node; min: number; max: number; lazy: boolean; start: number; end: number; qStart: number };

interface Parser {
  src: string;
  i: number;
}

/** Thrown for patterns that are refused; `message` is the reason. (A marked Error, not a class: bundles stay free of `var`.) */
export type RegexRejection = Error & { regexRejection: true };

export function reject(reason: string): never {
  throw Object.assign(new Error(reason), { regexRejection: true });
}

export const isRejection = (error: unknown): error is RegexRejection =>
  error instanceof Error && (error as Partial<RegexRejection>).regexRejection === true;

const charAt = (p: Parser): string => String.fromCodePoint(p.src.codePointAt(p.i) as number);

/** Parses a whole pattern into alternatives of sequences; throws a {@link RegexRejection}. */
export function parsePattern(src: string): Node[][] {
  const p: Parser = { src, i: 0 };
  const alts = parseAlternatives(p);
  if (p.i < src.length) reject('it has a `)` without a matching `(`');
  return alts;
}

function parseAlternatives(p: Parser): Node[][] {
  const alts: Node[][] = [parseSequence(p)];
  while (p.src[p.i] === '|') {
    p.i++;
    alts.push(parseSequence(p));
  }
  return alts;
}

function parseSequence(p: Parser): Node[] {
  const seq: Node[] = [];
  while (p.i < p.src.length && p.src[p.i] !== '|' && p.src[p.i] !== ')') {
    const atom = parseAtom(p);
    seq.push(parseQuantifier(p, atom));
  }
  return seq;
}

const QUANTIFIER = /\{(\d+)(,(\d*))?\}/y;
const LEADING_QUANTIFIER = /^\{\d+(,\d*)?\}/;

interface Bounds {
  min: number;
  max: number;
}

function readBounds(p: Parser): Bounds | null {
  const c = p.src[p.i];
  const simple: Record<string, Bounds> = { '*': { min: 0, max: Infinity }, '+': { min: 1, max: Infinity }, '?': { min: 0, max: 1 } };
  if (c !== undefined && Object.prototype.hasOwnProperty.call(simple, c)) {
    p.i++;
    return simple[c] as Bounds;
  }
  QUANTIFIER.lastIndex = p.i;
  const m = QUANTIFIER.exec(p.src);
  if (m === null) return null;
  p.i += m[0].length;
  const min = Number(m[1]);
  return { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
}

function parseQuantifier(p: Parser, atom: Node): Node {
  const qStart = p.i;
  const bounds = readBounds(p);
  if (bounds === null) return atom;
  if (atom.t === 'assert' || (atom.t === 'group' && atom.lookahead)) reject(`the quantifier after \`${p.src.slice(atom.start, atom.end)}\` has nothing to repeat`);
  const lazy = p.src[p.i] === '?';
  if (lazy) p.i++;
  if (readBounds(p) !== null) reject(`\`${p.src.slice(atom.start, p.i)}\` repeats a repetition`);
  return { t: 'repeat', node: atom, ...bounds, lazy, start: atom.start, end: p.i, qStart };
}

const ATOMS: Readonly<Record<string, (p: Parser) => Node>> = {
  '(': (p) => parseGroup(p),
  '[': (p) => {
    const start = p.i;
    return { t: 'char', set: readClass(p), start, end: p.i };
  },
  '\\': (p) => parseEscape(p),
  '^': (p) => ({ t: 'assert', start: p.i, end: ++p.i }),
  $: (p) => ({ t: 'assert', start: p.i, end: ++p.i }),
  '.': (p) => literal(p, '.'),
};

function danglingQuantifier(p: Parser, c: string): boolean {
  return '*+?'.includes(c) || (c === '{' && LEADING_QUANTIFIER.test(p.src.slice(p.i)));
}

function parseAtom(p: Parser): Node {
  const c = p.src[p.i] as string;
  const atom = Object.prototype.hasOwnProperty.call(ATOMS, c) ? ATOMS[c] : undefined;
  if (atom !== undefined) return atom(p);
  if (danglingQuantifier(p, c)) reject(`the quantifier \`${c}\` at position ${p.i + 1} has nothing to repeat`);
  return literal(p, null);
}

function literal(p: Parser, src: string | null): Node {
  const start = p.i;
  const ch = charAt(p);
  p.i += ch.length;
  return { t: 'char', set: { src: src ?? escapeForClass(ch), samples: src === null ? [ch] : [] }, start, end: p.i };
}

function escapeForClass(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

const GROUP_OPENERS: ReadonlyArray<[string, 'group' | 'lookahead' | 'lookbehind']> = [
  ['(?<=', 'lookbehind'],
  ['(?<!', 'lookbehind'],
  ['(?=', 'lookahead'],
  ['(?!', 'lookahead'],
  ['(?:', 'group'],
];

function groupOpener(p: Parser): { length: number; kind: 'group' | 'lookahead' | 'lookbehind' } {
  for (const [opener, kind] of GROUP_OPENERS) {
    if (p.src.startsWith(opener, p.i)) return { length: opener.length, kind };
  }
  const named = /\(\?<[\p{L}\p{N}_$]+>/uy;
  named.lastIndex = p.i;
  const m = named.exec(p.src);
  if (m !== null) return { length: m[0].length, kind: 'group' };
  if (p.src.startsWith('(?', p.i)) reject(`\`(?\` at position ${p.i + 1} starts a group this checker does not support`);
  return { length: 1, kind: 'group' };
}

function parseGroup(p: Parser): Node {
  const start = p.i;
  const opener = groupOpener(p);
  if (opener.kind === 'lookbehind') reject(`lookbehind \`${p.src.slice(start, start + 4)}…)\` is not supported; match the preceding text instead`);
  p.i += opener.length;
  const alts = parseAlternatives(p);
  if (p.src[p.i] !== ')') reject(`the group opened at position ${start + 1} is never closed`);
  p.i++;
  return { t: 'group', lookahead: opener.kind === 'lookahead', alts, start, end: p.i };
}

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const HEX_ESCAPE = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|c[A-Za-z])/y;
const PROPERTY_ESCAPE = /\\[pP]\{[A-Za-z0-9_=]{1,60}\}/y;

function parseEscape(p: Parser): Node {
  const start = p.i;
  const next = p.src[p.i + 1];
  if (next === undefined) reject('it ends with a lone backslash');
  if (next === 'b' || next === 'B') return { t: 'assert', start, end: (p.i += 2) };
  const backref = /^\\(?:[1-9]\d*|k<[^>]*>?)/.exec(p.src.slice(p.i, p.i + 40));
  if (backref !== null) reject(`backreferences like \`${backref[0]}\` are not supported (they can take exponential time)`);
  return { t: 'char', set: readEscapeSet(p), start, end: p.i };
}

/** Reads one escape at `p.i` (inside or outside a class) as a character set. */
function readEscapeSet(p: Parser): CharSet {
  const start = p.i;
  const next = p.src[p.i + 1] as string;
  if (CLASS_ESCAPES.has(next)) {
    p.i += 2;
    return { src: `\\${next}`, samples: [] };
  }
  const coded = readCodedEscape(p, HEX_ESCAPE) ?? readCodedEscape(p, PROPERTY_ESCAPE);
  if (coded !== null) return coded;
  p.i += 1;
  const ch = charAt(p);
  p.i += ch.length;
  return { src: p.src.slice(start, p.i), samples: /[a-zA-Z0-9]/.test(ch) ? [] : [ch] };
}

function readCodedEscape(p: Parser, re: RegExp): CharSet | null {
  re.lastIndex = p.i;
  const m = re.exec(p.src);
  if (m === null) return null;
  p.i += m[0].length;
  const hex = m[1] ?? m[2] ?? m[3];
  const code = hex === undefined ? NaN : parseInt(hex, 16);
  return { src: m[0], samples: code <= 0x10ffff ? [String.fromCodePoint(code)] : [] };
}

/** Reads `[...]` at `p.i`; literal members and range ends become samples. */
function readClass(p: Parser): CharSet {
  const start = p.i;
  const samples: string[] = [];
  p.i += p.src[p.i + 1] === '^' ? 2 : 1;
  while (p.i < p.src.length && p.src[p.i] !== ']') {
    if (p.src[p.i] === '\\') samples.push(...readEscapeSet(p).samples);
    else p.i += pushChar(p, samples);
  }
  if (p.i >= p.src.length) reject(`the character class opened at position ${start + 1} is never closed`);
  p.i++;
  return { src: p.src.slice(start, p.i), samples };
}

function pushChar(p: Parser, samples: string[]): number {
  const ch = charAt(p);
  if (ch !== '-') samples.push(ch);
  return ch.length;
}
