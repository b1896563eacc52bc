/**
 * Regular expressions in rules (`matches`) run on text an outsider writes (the ticket), with
 * JavaScript's backtracking engine and no way to interrupt it. So a pattern is accepted only if its
 * worst case is bounded, measured on 16 KB of text:
 * - at most {@link RegexLimits.MAX_LENGTH} characters; no backreferences, no lookbehind;
 * - a repeated group may contain neither a quantifier (`(a+)+`, exponential) nor `|` (`(a|aa)+`);
 * - `{n,m}` counts up to {@link RegexLimits.MAX_REPEAT}; open-ended `*`, `+`, `{n,}` are run as
 *   `{0,100}`, `{1,100}`, `{n,100}` (a repetition spans at most 100 characters);
 * - repetitions that can take turns on the same characters (`\w+\w+`, `.*x.*`) multiply: their
 *   counts may multiply to at most {@link RegexLimits.REPEAT_BUDGET}. Two character sets are told
 *   apart by testing probe characters (ASCII, common accented letters, a few other scripts), so
 *   `\w+\s+\w+` passes while `\w+\s*\w+` does not.
 * Matching is case-insensitive on folded text (see `foldText`), so accents in the pattern are dropped.
 */
import { MAX_MATCH_TEXT, foldText, stripDiacritics, truncate } from '../text.ts';
import { isRejection, parsePattern, reject, type CharSet, type Node } from './regex-parse.ts';

export const RegexLimits = {
  MAX_LENGTH: 200,
  MAX_REPEAT: 100,
  REPEAT_BUDGET: 400,
} as const;

export type RegexCheck = { ok: true; source: string } | { ok: false; reason: string };

/** The pattern as it is run: accents dropped like `foldText` drops them (the text is folded too). */
function prepare(pattern: string): string {
  return stripDiacritics(pattern.normalize('NFD')).normalize('NFC');
}

function nativeError(source: string): string | null {
  try {
    new RegExp(source, 'iu');
    return null;
  } catch (error) {
    const message = (error as Error).message;
    return `it is not a valid regular expression (${message.replace(/^.*: /s, '')})`;
  }
}

/**
 * Decides whether `pattern` may run on ticket text; when it may, `source` is what actually runs
 * (open-ended repetitions bounded). Reasons are plain sentences about the pattern.
 * @example checkRegex('(a+)+') // { ok: false, reason: 'nested quantifier `(a+)+` can take exponential time; …' }
 */
export function checkRegex(pattern: unknown): RegexCheck {
  if (typeof pattern !== 'string' || pattern === '') return { ok: false, reason: 'it must be a non-empty text' };
  if (pattern.length > RegexLimits.MAX_LENGTH) return { ok: false, reason: `it is ${pattern.length} characters long; the limit is ${RegexLimits.MAX_LENGTH}` };
  const source = prepare(pattern);
  const invalid = nativeError(source);
  if (invalid !== null) return { ok: false, reason: invalid };
  try {
    const alts = parsePattern(source);
    analyse(source, alts);
    return { ok: true, source: boundRepeats(source, alts) };
  } catch (error) {
    if (isRejection(error)) return { ok: false, reason: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Rules on repeated groups and counts

const fail = reject;

function someNode(alts: Node[][], test: (n: Node) => boolean): boolean {
  return alts.some((seq) => seq.some((n) => test(n) || (n.t === 'group' && someNode(n.alts, test)) || (n.t === 'repeat' && someNode([[n.node]], test))));
}

function checkCounts(src: string, n: Node & { t: 'repeat' }): void {
  const biggest = Math.max(n.min, n.max === Infinity ? 0 : n.max);
  if (biggest > RegexLimits.MAX_REPEAT) fail(`\`${src.slice(n.qStart, n.end)}\` repeats up to ${biggest} times; the limit is ${RegexLimits.MAX_REPEAT}`);
}

function checkRepeatedGroup(src: string, n: Node & { t: 'repeat' }): void {
  const inner = n.node;
  if (inner.t !== 'group' || n.max <= 1) return;
  const text = src.slice(n.start, n.end);
  if (someNode(inner.alts, (m) => m.t === 'repeat')) fail(`nested quantifier \`${text}\` can take exponential time; repeat the inner part a fixed number of times or drop the outer repetition`);
  if (someNode([[inner]], (m) => m.t === 'group' && m.alts.length > 1)) fail(`alternation inside a repeated group \`${text}\` can take exponential time; use a character class like [ab] or list the words without repeating the group`);
}

function checkStructure(src: string, alts: Node[][]): void {
  someNode(alts, (n) => {
    if (n.t === 'repeat') {
      checkCounts(src, n);
      checkRepeatedGroup(src, n);
    }
    return false;
  });
}

// ---------------------------------------------------------------------------------------------
// Repetitions taking turns on the same characters

/** A repetition still able to give characters back to a later one. */
interface Open {
  sets: CharSet[];
  /** How many ways the repetitions chained so far can split a stretch of text. */
  ways: number;
  text: string;
}

const PROBES: readonly string[] = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', 'é', 'ß', 'ſ', 'K', 'ı', 'İ', 'µ', '½', '²', 'ж', 'Ж', 'α', 'Ω', 'ا', '٣', '中', 'あ', 'ア', '한', '😀',
];

const testers = new Map<string, (ch: string) => boolean>();

function tester(set: CharSet): (ch: string) => boolean {
  let test = testers.get(set.src);
  if (test === undefined) {
    test = makeTester(set.src);
    testers.set(set.src, test);
  }
  return test;
}

function makeTester(src: string): (ch: string) => boolean {
  try {
    const re = new RegExp(`^(?:${src})$`, 'iu');
    return (ch) => re.test(ch);
  } catch {
    // Unknown to us: assume it can match anything.
    return () => true;
  }
}

function setsDisjoint(a: CharSet, b: CharSet): boolean {
  const ta = tester(a);
  const tb = tester(b);
  const probes = [...PROBES, ...a.samples, ...b.samples];
  return !probes.some((ch) => ta(ch) && tb(ch));
}

function disjoint(a: readonly CharSet[], b: readonly CharSet[]): boolean {
  return a.every((x) => b.every((y) => setsDisjoint(x, y)));
}

/** The characters a fixed sequence (the content of a repeated group) can start with or contain. */
function setsOf(alts: Node[][]): CharSet[] {
  const out: CharSet[] = [];
  for (const seq of alts) {
    for (const n of seq) {
      if (n.t === 'char') out.push(n.set);
      if (n.t === 'group') out.push(...setsOf(n.alts));
    }
  }
  return out;
}

function repeatSets(n: Node & { t: 'repeat' }): CharSet[] {
  return setsOf([[n.node]]);
}

function walkRepeat(src: string, n: Node & { t: 'repeat' }, open: Open[]): Open[] {
  const sets = repeatSets(n);
  if (n.max <= 1 && n.node.t === 'group') return [...open, ...walkAlts(src, n.node.alts, open)];
  const ways = Math.min(n.max, RegexLimits.MAX_REPEAT) - n.min + 1;
  const rivals = open.filter((o) => !disjoint(o.sets, sets));
  const total = rivals.reduce((acc, o) => Math.min(acc * o.ways, 1e9), ways);
  if (total > RegexLimits.REPEAT_BUDGET) tooManyWays(src, n, rivals);
  const kept = n.min >= 1 ? rivals : open;
  return ways > 1 ? [...kept, { sets, ways: total, text: src.slice(n.start, n.end) }] : kept;
}

function tooManyWays(src: string, n: Node & { t: 'repeat' }, rivals: Open[]): never {
  const first = (rivals[0] as Open).text;
  const text = src.slice(n.start, n.end);
  return fail(
    `\`${first}\` and \`${text}\` can match the same characters one after the other, which takes polynomial time on long text; ` +
      `separate them with a character neither can match, or bound them so their counts multiply to at most ${RegexLimits.REPEAT_BUDGET} (e.g. {1,20} each)`,
  );
}

function walkNode(src: string, n: Node, open: Open[]): Open[] {
  if (n.t === 'char') return open.filter((o) => !disjoint(o.sets, [n.set]));
  if (n.t === 'repeat') return walkRepeat(src, n, open);
  if (n.t === 'assert') return open;
  const after = walkAlts(src, n.alts, open);
  // A lookahead consumes nothing: what follows still sees the repetitions before it.
  return n.lookahead ? open : after;
}

function walkAlts(src: string, alts: Node[][], open: Open[]): Open[] {
  const out = new Set<Open>();
  for (const seq of alts) {
    let state = open;
    for (const n of seq) state = walkNode(src, n, state);
    for (const o of state) out.add(o);
  }
  return [...out];
}

function analyse(src: string, alts: Node[][]): void {
  checkStructure(src, alts);
  walkAlts(src, alts, []);
}

// ---------------------------------------------------------------------------------------------
// Running

/** Rewrites open-ended quantifiers as bounded ones (`a+` → `a{1,100}`). */
function boundRepeats(src: string, alts: Node[][]): string {
  const edits: Array<{ at: number; end: number; text: string }> = [];
  someNode(alts, (n) => {
    if (n.t === 'repeat' && n.max === Infinity) edits.push({ at: n.qStart, end: n.end, text: `{${n.min},${RegexLimits.MAX_REPEAT}}${n.lazy ? '?' : ''}` });
    return false;
  });
  edits.sort((a, b) => b.at - a.at);
  return edits.reduce((out, e) => out.slice(0, e.at) + e.text + out.slice(e.end), src);
}

// A pattern's longest run of mandatory plain characters (`x0` in `\w+x0!`): when the folded text
// lacks it, the pattern cannot match and the engine is not run at all. Only characters without
// case or compatibility variants are used, so the shortcut never changes an answer.
const PLAIN = /^[a-z0-9@_:#/ -]$/;

function plainChar(n: Node): string {
  return n.t === 'char' && n.set.samples.length === 1 && n.set.src.length <= 2 && PLAIN.test(n.set.samples[0] as string) ? (n.set.samples[0] as string) : '';
}

function requiredLiteral(alts: Node[][]): string {
  if (alts.length !== 1) return '';
  let best = '';
  let run = '';
  for (const n of alts[0] as Node[]) {
    const ch = plainChar(n);
    run = ch === '' ? '' : run + ch;
    if (run.length > best.length) best = run;
  }
  return best;
}

const compiled = new Map<string, RegExp | null>();
const literals = new WeakMap<RegExp, string>();
const MAX_CACHED = 500;

function compile(pattern: string): RegExp | null {
  const check = checkRegex(pattern);
  if (!check.ok) return null;
  const re = new RegExp(check.source, 'iu');
  literals.set(re, requiredLiteral(parsePattern(check.source)));
  return re;
}

/** The bounded, case-insensitive RegExp for a pattern, or null when {@link checkRegex} rejects it. */
export function compileSafeRegex(pattern: string): RegExp | null {
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  const re = compile(pattern);
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(pattern, re);
  return re;
}

/** Runs a compiled pattern on already-folded text, cut to {@link MAX_MATCH_TEXT}. */
export function execFolded(re: RegExp, folded: string): string | null {
  const text = folded.length > MAX_MATCH_TEXT ? folded.slice(0, MAX_MATCH_TEXT) : folded;
  if (!text.includes(literals.get(re) ?? '')) return null;
  const m = re.exec(text);
  return m === null ? null : m[0];
}

/**
 * Matches `pattern` against `text` the way rules do: only if the pattern is safe, on the folded text
 * (case and accents ignored) cut to {@link MAX_MATCH_TEXT}. Returns the matched text (possibly `''`)
 * or null when there is no match or the pattern is rejected.
 */
export function safeMatch(pattern: string, text: string): string | null {
  const re = compileSafeRegex(pattern);
  return re === null ? null : execFolded(re, foldText(truncate(text, MAX_MATCH_TEXT)));
}
