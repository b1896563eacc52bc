/**
 * How rule errors are located and worded. Paths are JSON pointers into the rules document
 * (`/rules/0/when/all/1/value`); messages name the rule by position (1-based) and name, then the
 * place inside it in dotted form (`when.all[1].value`), then what to do.
 */
import { truncate } from '../text.ts';
import { get, isRecord } from '../read.ts';

export interface RuleError {
  /** JSON pointer to the offending value. */
  path: string;
  /** A sentence an admin can act on. */
  message: string;
  /** At most 60 characters, for the message that blocks installation. */
  short: string;
}

export type Seg = string | number;

export const MAX_ERRORS = 50;
export const SHORT_MAX = 60;

const escapeSeg = (s: Seg): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

export function toPointer(segs: readonly Seg[]): string {
  return segs.length === 0 ? '' : `/${segs.map(escapeSeg).join('/')}`;
}

export function fromPointer(pointer: string): Seg[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d{0,8})$/.test(s) ? Number(s) : s));
}

/** `['when', 'all', 1, 'value']` → `when.all[1].value`. */
export function dotted(segs: readonly Seg[]): string {
  return segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The value at `segs` inside `doc` (own properties only), or undefined. */
export function valueAt(doc: unknown, segs: readonly Seg[]): unknown {
  let cur: unknown = doc;
  for (const s of segs) {
    if (Array.isArray(cur) && typeof s === 'number') cur = cur[s];
    else cur = isRecord(cur) ? get(cur, String(s)) : undefined;
  }
  return cur;
}

function ruleLabel(doc: unknown, index: number): { long: string; short: string } {
  const name = valueAt(doc, ['rules', index, 'name']);
  const shown = typeof name === 'string' && name.trim() !== '' ? name.trim() : '';
  const long = shown === '' ? `Rule ${index + 1}` : `Rule ${index + 1} "${truncate(shown, 80)}"`;
  const short = shown === '' ? `Rule ${index + 1}` : `Rule ${index + 1} "${truncate(shown, 16)}"`;
  return { long, short };
}

/**
 * Builds an error at `segs`. Inside a rule the message starts with `Rule 2 "VPN to Network"` and the
 * place within the rule; at the top level with the key.
 */
export function ruleError(doc: unknown, segs: readonly Seg[], message: string, short: string): RuleError {
  const path = toPointer(segs);
  if (segs[0] === 'rules' && typeof segs[1] === 'number') {
    const label = ruleLabel(doc, segs[1]);
    const inner = segs.slice(2);
    const place = inner.length === 0 ? '' : ` at ${dotted(inner)}`;
    return { path, message: `${label.long}${place}: ${message}`, short: truncate(`${label.short}: ${short}`, SHORT_MAX) };
  }
  const place = segs.length === 0 ? 'Rules' : `Rules at ${dotted(segs)}`;
  return { path, message: `${place}: ${message}`, short: truncate(`Rules: ${short}`, SHORT_MAX) };
}

/** Edit distance, for "did you mean" hints (inputs cut to 40 characters). */
export function distance(a: string, b: string): number {
  const x = a.slice(0, 40);
  const y = b.slice(0, 40);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) prev = nextRow(prev, i, x[i - 1] as string, y);
  return prev[y.length] as number;
}

function nextRow(prev: readonly number[], i: number, ch: string, y: string): number[] {
  const row = [i];
  for (let j = 1; j <= y.length; j++) {
    const cost = ch === y[j - 1] ? 0 : 1;
    row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
  }
  return row;
}

/** `; did you mean \`priority\`?` when a known word is close to `word`, else `''`. */
export function didYouMean(word: string, known: readonly string[]): string {
  let best = '';
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? `; did you mean \`${best}\`?` : '';
}
