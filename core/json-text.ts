/**
 * Where a JSON text goes wrong, in words and as line/column, independent of the engine's
 * `JSON.parse` messages (which differ between Node and browsers and sometimes give no position).
 * Only used after `JSON.parse` has failed, and only on texts already checked for nesting depth, so
 * the recursive scan below stays shallow.
 */

export interface JsonProblem {
  offset: number;
  line: number;
  column: number;
  expected: string;
}

interface Scan {
  s: string;
  i: number;
}

type JsonStop = Error & { at: number; jsonStop: true };

function stop(sc: Scan, expected: string): never {
  throw Object.assign(new Error(expected), { at: sc.i, jsonStop: true });
}

const isStop = (error: unknown): error is JsonStop => error instanceof Error && (error as Partial<JsonStop>).jsonStop === true;

function skipSpace(sc: Scan): void {
  while (sc.i < sc.s.length && ' \t\n\r'.includes(sc.s[sc.i] as string)) sc.i++;
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPE = /\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

function scanString(sc: Scan): void {
  sc.i++;
  for (;;) {
    const c = sc.s.charCodeAt(sc.i);
    if (Number.isNaN(c)) stop(sc, 'a closing `"`');
    if (c === 0x22) break;
    if (c < 0x20) stop(sc, 'no line breaks or control characters inside a text (write \\n)');
    sc.i += c === 0x5c ? escapeLength(sc) : 1;
  }
  sc.i++;
}

function escapeLength(sc: Scan): number {
  ESCAPE.lastIndex = sc.i;
  const m = ESCAPE.exec(sc.s);
  return m === null ? stop(sc, 'a valid escape such as \\n, \\" or \\u00e9') : m[0].length;
}

function scanLiteral(sc: Scan): void {
  const word = ['true', 'false', 'null'].find((w) => sc.s.startsWith(w, sc.i));
  if (word === undefined) stop(sc, 'a value (text in double quotes, a number, true, false, null, an object or a list)');
  sc.i += word.length;
}

function scanNumber(sc: Scan): void {
  NUMBER.lastIndex = sc.i;
  const m = NUMBER.exec(sc.s);
  if (m === null) stop(sc, 'a number');
  sc.i += m[0].length;
}

/** Scans `{…}` or `[…]` member by member. */
function scanContainer(sc: Scan, close: '}' | ']'): void {
  sc.i++;
  skipSpace(sc);
  if (sc.s[sc.i] === close) {
    sc.i++;
    return;
  }
  for (;;) {
    scanMember(sc, close);
    skipSpace(sc);
    const c = sc.s[sc.i];
    sc.i++;
    if (c === close) return;
    if (c !== ',') stop({ s: sc.s, i: sc.i - 1 }, `"," or "${close}"`);
    skipSpace(sc);
    if (sc.s[sc.i] === close) stop(sc, close === '}' ? 'another property (JSON allows no comma before "}")' : 'another value (JSON allows no comma before "]")');
  }
}

function scanMember(sc: Scan, close: '}' | ']'): void {
  skipSpace(sc);
  if (close === ']') {
    scanValue(sc);
    return;
  }
  if (sc.s[sc.i] !== '"') stop(sc, 'a property name in double quotes');
  scanString(sc);
  skipSpace(sc);
  if (sc.s[sc.i] !== ':') stop(sc, '":" after the property name');
  sc.i++;
  scanValue(sc);
}

const SCANNERS: Readonly<Record<string, (sc: Scan) => void>> = {
  '{': (sc) => scanContainer(sc, '}'),
  '[': (sc) => scanContainer(sc, ']'),
  '"': scanString,
  '-': scanNumber,
  ...Object.fromEntries('0123456789'.split('').map((d) => [d, scanNumber])),
};

function scanValue(sc: Scan): void {
  skipSpace(sc);
  const c = sc.s[sc.i] ?? '';
  const scanner = Object.prototype.hasOwnProperty.call(SCANNERS, c) ? SCANNERS[c] : undefined;
  (scanner ?? scanLiteral)(sc);
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

/** The first syntax problem in `text`, or null when it is valid JSON. */
export function findJsonProblem(text: string): JsonProblem | null {
  const sc: Scan = { s: text, i: 0 };
  try {
    scanValue(sc);
    skipSpace(sc);
    if (sc.i < text.length) stop(sc, 'the end of the text (there is something after the JSON value)');
    return null;
  } catch (error) {
    if (!isStop(error)) throw error;
    const offset = Math.min(error.at, text.length);
    return { offset, ...lineColumn(text, offset), expected: error.message };
  }
}

const DEPTH_STEP: Readonly<Record<string, number>> = { '{': 1, '[': 1, '}': -1, ']': -1 };

/** Index just past the string that starts at `text[at] === '"'` (or the end of the text). */
function skipString(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** How deeply `{`/`[` nest (outside strings), stopping early once past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let i = 0;
  while (i < text.length && max <= limit) {
    const c = text[i] as string;
    if (c === '"') {
      i = skipString(text, i);
      continue;
    }
    depth += DEPTH_STEP[c] ?? 0;
    max = Math.max(max, depth);
    i++;
  }
  return max;
}
