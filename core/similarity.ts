/**
 * Duplicate detection (DESIGN.md §2 item 3). Two tickets are compared on their words: folded,
 * HTML already stripped by the normalizer, stopwords and one-letter words removed, Chinese and
 * Japanese as character bigrams. Each side is a weighted word set; longer words and words with
 * digits (error codes, asset tags) weigh more. The score is a weighted Jaccard index per part:
 *
 *   J(A, B) = Σ w(t ∈ A ∩ B) / Σ w(t ∈ A ∪ B),   score = 0.6 · J(subjects) + 0.4 · J(descriptions)
 *
 * When neither ticket has a description the subject decides alone (and vice versa). The score is
 * symmetric and in [0, 1]. Fingerprints are built once per ticket object and cached, so scanning
 * many candidates costs a set lookup per word.
 */
import type { TicketFacts } from './ticket.ts';
import { MAX_MATCH_TEXT, STOPWORDS, foldChars, tokenizeFolded } from './text.ts';

export const SUBJECT_WEIGHT = 0.6;
export const DESCRIPTION_WEIGHT = 0.4;
/** Distinct description words kept per ticket (the first ones), bounding every comparison. */
export const MAX_DESCRIPTION_WORDS = 600;
/** A candidate may be this much newer than the target (events and list reads race). */
export const FUTURE_SLACK_MS = 15 * 60 * 1000;

export interface Fingerprint {
  subject: Map<string, number>;
  subjectTotal: number;
  description: Map<string, number>;
  descriptionTotal: number;
}

const HAS_DIGIT = /\d/;
const SINGLE_CJK = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]$/u;

/** Integer weights (thousandths) keep sums exact, so the score is exactly symmetric. */
function weight(token: string): number {
  return Math.round(1000 * (Math.log2(1 + Math.min(token.length, 16)) + (HAS_DIGIT.test(token) ? 1 : 0)));
}

function informative(token: string): boolean {
  return !STOPWORDS.has(token) && (token.length > 1 || SINGLE_CJK.test(token));
}

function weigh(text: string, maxWords: number): { words: Map<string, number>; total: number } {
  const words = new Map<string, number>();
  let total = 0;
  const capped = text.length > MAX_MATCH_TEXT ? text.slice(0, MAX_MATCH_TEXT) : text;
  for (const token of tokenizeFolded(foldChars(capped))) {
    if (words.size >= maxWords) break;
    if (words.has(token) || !informative(token)) continue;
    const w = weight(token);
    words.set(token, w);
    total += w;
  }
  return { words, total };
}

const fingerprints = new WeakMap<TicketFacts, Fingerprint>();

/** The words of a ticket, weighted; cached per facts object (treat facts as immutable). */
export function buildFingerprint(facts: TicketFacts): Fingerprint {
  let fp = fingerprints.get(facts);
  if (fp === undefined) {
    const subject = weigh(facts.subject, MAX_DESCRIPTION_WORDS);
    const description = weigh(facts.descriptionText, MAX_DESCRIPTION_WORDS);
    fp = { subject: subject.words, subjectTotal: subject.total, description: description.words, descriptionTotal: description.total };
    fingerprints.set(facts, fp);
  }
  return fp;
}

function overlap(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [token, w] of small) if (large.has(token)) shared += w;
  return shared;
}

function jaccard(a: Map<string, number>, aTotal: number, b: Map<string, number>, bTotal: number): number {
  const shared = overlap(a, b);
  const union = aTotal + bTotal - shared;
  return union > 0 ? shared / union : 0;
}

/** Similarity of two fingerprints in [0, 1] (see the module comment for the formula). */
export function fingerprintSimilarity(a: Fingerprint, b: Fingerprint): number {
  const subject = jaccard(a.subject, a.subjectTotal, b.subject, b.subjectTotal);
  const description = jaccard(a.description, a.descriptionTotal, b.description, b.descriptionTotal);
  const hasSubject = a.subjectTotal + b.subjectTotal > 0;
  const hasDescription = a.descriptionTotal + b.descriptionTotal > 0;
  if (!hasDescription) return subject;
  if (!hasSubject) return description;
  return Math.min(1, SUBJECT_WEIGHT * subject + DESCRIPTION_WEIGHT * description);
}

/** Words both tickets use, most informative first, at most `max`. */
export function sharedWords(a: Fingerprint, b: Fingerprint, max = 8): string[] {
  const words = new Map<string, number>();
  for (const [part, other] of [[a.subject, b], [a.description, b]] as const) {
    for (const [token, w] of part) if (other.subject.has(token) || other.description.has(token)) words.set(token, w);
  }
  return [...words].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, max).map(([token]) => token);
}

export function similarity(a: TicketFacts, b: TicketFacts): { score: number; sharedWords: string[] } {
  const fa = buildFingerprint(a);
  const fb = buildFingerprint(b);
  return { score: fingerprintSimilarity(fa, fb), sharedWords: sharedWords(fa, fb) };
}

// ---------------------------------------------------------------------------------------------
// Finding duplicates among a requester's recent tickets

export interface DuplicateOptions {
  /** Look-back window before the target's creation, in hours (> 0). */
  windowHours: number;
  /** Minimum score, 0–1. */
  threshold: number;
  /** Epoch ms; stands in for the target's creation time when that is unknown. */
  now: number;
  /** Most results (default 5). */
  max?: number;
}

export interface Duplicate {
  id: number;
  subject: string;
  score: number;
  sharedWords: string[];
  createdAt: number | null;
}

function expected(name: string, wanted: string, value: unknown): TypeError {
  return new TypeError(`Expected \`${name}\` to be ${wanted}, got \`${String(value)}\` (${typeof value})`);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const OPTION_RULES: ReadonlyArray<[keyof DuplicateOptions, string, (v: unknown) => boolean]> = [
  ['windowHours', 'a finite number > 0', (v) => finite(v) && v > 0],
  ['threshold', 'a number from 0 to 1', (v) => finite(v) && v >= 0 && v <= 1],
  ['now', 'a finite number (epoch ms)', finite],
  ['max', 'an integer ≥ 1', (v) => Number.isInteger(v) && (v as number) >= 1],
];

/** Fills defaults in one place and validates, with messages that show the bad value. */
function resolveOptions(opts: DuplicateOptions): Required<DuplicateOptions> {
  const o: Required<DuplicateOptions> = { windowHours: opts.windowHours, threshold: opts.threshold, now: opts.now, max: opts.max ?? 5 };
  for (const [name, wanted, ok] of OPTION_RULES) {
    if (!ok(o[name])) throw expected(name, wanted, o[name]);
  }
  return o;
}

/** Same requester: by id when both have one, else by email (case-insensitive). */
export function sameRequester(a: TicketFacts, b: TicketFacts): boolean {
  if (a.requester.id !== null && b.requester.id !== null) return a.requester.id === b.requester.id;
  const email = a.requester.email.trim().toLowerCase();
  return email !== '' && email === b.requester.email.trim().toLowerCase();
}

function eligible(target: TicketFacts, c: TicketFacts, from: number, until: number): boolean {
  if (c.id === target.id || c.spam || c.deleted || c.createdAt === null) return false;
  return c.createdAt >= from && c.createdAt <= until && sameRequester(target, c);
}

/**
 * The target's likely duplicates: same requester, created within `windowHours` before it (or up to
 * {@link FUTURE_SLACK_MS} after), not itself, not spam or deleted, scoring at least `threshold`;
 * best first (ties: most recent first).
 */
export function findDuplicates(target: TicketFacts, candidates: readonly TicketFacts[], opts: DuplicateOptions): Duplicate[] {
  const o = resolveOptions(opts);
  const anchor = target.createdAt ?? o.now;
  const from = anchor - o.windowHours * 3600 * 1000;
  const fp = buildFingerprint(target);
  const hits: Array<{ c: TicketFacts; score: number }> = [];
  for (const c of candidates) {
    if (!eligible(target, c, from, anchor + FUTURE_SLACK_MS)) continue;
    const score = fingerprintSimilarity(fp, buildFingerprint(c));
    if (score >= o.threshold && score > 0) hits.push({ c, score });
  }
  // Eligible candidates all have a creation time.
  hits.sort((a, b) => b.score - a.score || (b.c.createdAt as number) - (a.c.createdAt as number) || a.c.id - b.c.id);
  return hits.slice(0, o.max).map(({ c, score }) => ({
    id: c.id,
    subject: c.subject,
    score: Math.round(score * 1000) / 1000,
    sharedWords: sharedWords(fp, buildFingerprint(c)),
    createdAt: c.createdAt,
  }));
}
