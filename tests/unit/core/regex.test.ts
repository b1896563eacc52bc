import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRegex, compileSafeRegex, execFolded, RegexLimits, safeMatch } from '../../../core/rules/regex.ts';
import { MAX_MATCH_TEXT } from '../../../core/text.ts';

const reason = (pattern: unknown): string => {
  const r = checkRegex(pattern);
  return r.ok ? 'accepted' : r.reason;
};

describe('checkRegex: rejects what can backtrack badly', () => {
  it.each([
    ['(a+)+', /nested quantifier `\(a\+\)\+` can take exponential time/],
    ['(a*)*', /nested quantifier `\(a\*\)\*`/],
    ['(\\w+\\s?)*', /nested quantifier `\(\\w\+\\s\?\)\*`/],
    ['(?:x(?:a+)b)+', /nested quantifier/],
    ['(a?){2,5}', /nested quantifier/],
    ['(a|aa)+', /alternation inside a repeated group `\(a\|aa\)\+` can take exponential time/],
    ['(?:(?:a|b)c)*', /alternation inside a repeated group/],
    ['a{1,1000}', /`\{1,1000\}` repeats up to 1000 times; the limit is 100/],
    ['a{500}', /repeats up to 500 times/],
    ['a{101,}', /repeats up to 101 times/],
    ['(a)\\1', /backreferences like `\\1` are not supported/],
    ['(?<n>a)\\k<n>', /backreferences like `\\k<n>`/],
    ['(?<=a)b', /lookbehind `\(\?<=…\)` is not supported/],
    ['(?<!a)b', /lookbehind/],
    ['.*a.*b', /`\.\*` and `\.\*` can match the same characters one after the other/],
    ['\\d+\\d+$', /`\\d\+` and `\\d\+` can match the same characters/],
    ['\\w+\\s*\\w+!', /`\\w\+` and `\\w\+`/],
    ['\\w{0,20}\\w{0,20}\\w{0,20}x', /can match the same characters/],
    ['(?:ab)+(?:ab)+x', /can match the same characters/],
    ['x'.repeat(201), /it is 201 characters long; the limit is 200/],
    ['', /non-empty text/],
    ['(', /not a valid regular expression \(Unterminated group\)/],
    ['[a-', /not a valid regular expression/],
    ['a{2', /not a valid regular expression/],
    ['*a', /not a valid regular expression/],
    ['\\p{Nope}', /not a valid regular expression/],
  ])('checkRegex: rejects %s', (pattern, why) => {
    expect(reason(pattern)).toMatch(why);
  });

  it('checkRegex: rejects non-text patterns', () => {
    expect(reason(42)).toBe('it must be a non-empty text');
    expect(reason(null)).toBe('it must be a non-empty text');
  });
});

describe('checkRegex: accepts bounded patterns', () => {
  it.each([
    ['\\bvpn\\b', '\\bvpn\\b'],
    ['error.*timeout', 'error.{0,100}timeout'],
    ['^\\s*error:\\s*\\d+', '^\\s{0,100}error:\\s{0,100}\\d{1,100}'],
    ['[a-z]+@[a-z]+\\.com', '[a-z]{1,100}@[a-z]{1,100}\\.com'],
    ['\\w+\\s+\\w+', '\\w{1,100}\\s{1,100}\\w{1,100}'],
    ['inc\\d{6,8}', 'inc\\d{6,8}'],
    ['(?:urgent|asap|critical)', '(?:urgent|asap|critical)'],
    ['(?:ab)+c', '(?:ab){1,100}c'],
    ['a+?b', 'a{1,100}?b'],
    ['(?<word>\\w{1,20})-(\\d{2})', '(?<word>\\w{1,20})-(\\d{2})'],
    ['(?=.*x)y', '(?=.{0,100}x)y'],
    ['(ab)?c+', '(ab)?c{1,100}'],
    ['[\\]\\\\-]+x', '[\\]\\\\-]{1,100}x'],
    ['\\u{1F600}+|\\x41\\u0042\\cJ', '\\u{1F600}{1,100}|\\x41\\u0042\\cJ'],
    ['[^]', '[^]'],
    ['café', 'cafe'],
    ['\\w{1,20}x\\w{1,20}', '\\w{1,20}x\\w{1,20}'],
    ['a{100}', 'a{100}'],
  ])('checkRegex: accepts %s as %s', (pattern, source) => {
    expect(checkRegex(pattern)).toEqual({ ok: true, source });
  });

  it('checkRegex: accepts the maximum length', () => {
    expect(checkRegex('x'.repeat(RegexLimits.MAX_LENGTH)).ok).toBe(true);
  });
});

describe('checkRegex: worst cases stay bounded', () => {
  const texts = ['a'.repeat(MAX_MATCH_TEXT), 'ab'.repeat(MAX_MATCH_TEXT / 2), '1'.repeat(MAX_MATCH_TEXT), 'a '.repeat(MAX_MATCH_TEXT / 2), 'x'.repeat(MAX_MATCH_TEXT)];
  const atom = fc.constantFrom('a', 'b', 'x', '\\w', '\\d', '\\s', '.', '[a-z]', '[^x]', '(?:ab)', ' ', '\\b');
  const quantifier = fc.constantFrom('', '', '*', '+', '?', '{1,3}', '{0,100}', '{2,}', '+?');
  const term = fc.tuple(atom, quantifier).map(([a, q]) => (a === '\\b' ? a : a + q));
  const sequence = fc.array(term, { minLength: 1, maxLength: 5 }).map((t) => t.join(''));
  const pattern = fc.oneof(sequence, fc.tuple(sequence, sequence).map(([x, y]) => `${x}|${y}`), fc.tuple(sequence, quantifier, sequence).map(([x, q, y]) => `(${x})${q}${y}!`), sequence.map((s) => `${s}!`));

  // How fast accepted patterns run on hostile text is measured by `npm run bench`; here they must
  // run to completion and be rewritten with bounded repetition.
  it('checkRegex: every accepted pattern runs on hostile 16 KB text with bounded repetition', () => {
    let accepted = 0;
    fc.assert(
      fc.property(pattern, (p) => {
        const re = compileSafeRegex(p);
        if (re === null) return true;
        accepted++;
        if (/(?<!\\)[*+]|\{\d+,\}/.test(re.source)) throw new Error(`${p} compiled to an unbounded ${re.source}`);
        for (const text of texts) re.exec(text);
        return true;
      }),
      { numRuns: 150, seed: 42 },
    );
    expect(accepted).toBeGreaterThan(20);
  });

  it('checkRegex: never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (p) => typeof checkRegex(p).ok === 'boolean'), { numRuns: 2000 });
  });

  it('checkRegex: never throws on regex-like text', () => {
    const piece = fc.constantFrom('(', ')', '[', ']', '{', '}', '{2}', '{1,5}', '*', '+', '?', '|', '\\', '\\d', '\\k<a>', '\\1', '(?:', '(?=', '(?<=', '(?<a>', '^', '$', '.', 'a', '-', '\\u{41}', '\\p{L}', '\\c');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (parts) => typeof checkRegex(parts.join('')).ok === 'boolean'), { numRuns: 3000 });
  });
});

describe('safeMatch', () => {
  it('safeMatch: ignores case and accents on both sides', () => {
    expect(safeMatch('café', 'Un CAFE noir')).toBe('cafe');
    expect(safeMatch('CAFE', 'Un café noir')).toBe('cafe');
    expect(safeMatch('résumé|cv', 'my RESUME')).toBe('resume');
  });

  it('safeMatch: returns null when nothing matches or the pattern is refused', () => {
    expect(safeMatch('vpn', 'printer')).toBeNull();
    expect(safeMatch('(a+)+$', 'aaaa!')).toBeNull();
  });

  it('safeMatch: an empty match still counts', () => {
    expect(safeMatch('^', 'anything')).toBe('');
  });

  it('safeMatch: only looks at the first MAX_MATCH_TEXT characters', () => {
    expect(safeMatch('needle', `${'x'.repeat(MAX_MATCH_TEXT)}needle`)).toBeNull();
    expect(safeMatch('needle', `${'x'.repeat(100)}needle`)).toBe('needle');
  });

  it('compileSafeRegex: caches results, rejected ones as null', () => {
    const a = compileSafeRegex('abc+');
    expect(compileSafeRegex('abc+')).toBe(a);
    expect(compileSafeRegex('(a+)+')).toBeNull();
    expect(compileSafeRegex('(a+)+')).toBeNull();
  });

  it('compileSafeRegex: keeps working when its cache fills up', () => {
    for (let i = 0; i < 600; i++) expect(compileSafeRegex(`x${i}`)).not.toBeNull();
  });
});

describe('execFolded', () => {
  it('execFolded: the literal shortcut never changes an answer', () => {
    const piece = fc.constantFrom('a', 'b', 'x0', '-', '@', ' ', '\\w', '\\d', '.', '[ab]', '+', '*', '?', '(?:ab)', '|', '^', '$', 'A', 'é');
    const text = fc.array(fc.constantFrom('a', 'b', 'x', '0', '-', '@', ' ', 'ab'), { maxLength: 30 }).map((t) => t.join(''));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), text, (parts, t) => {
        const pattern = parts.join('');
        const check = checkRegex(pattern);
        const re = compileSafeRegex(pattern);
        if (!check.ok || re === null) return true;
        const plain = new RegExp(check.source, 'iu').exec(t);
        return execFolded(re, t) === (plain === null ? null : plain[0]);
      }),
      { numRuns: 3000 },
    );
  });

  it('execFolded: skips the engine when the required text is absent', () => {
    const re = compileSafeRegex('\\w+x0!');
    expect(re).not.toBeNull();
    if (re === null) return;
    for (let i = 0; i < 100; i++) expect(execFolded(re, 'a'.repeat(MAX_MATCH_TEXT))).toBeNull();
    expect(execFolded(re, 'abcx0!')).toBe('abcx0!');
  });
});

describe('regex parser edge cases', () => {
  it('parsePattern: refuses broken structure on its own (the engine usually catches it first)', async () => {
    const { parsePattern } = await import('../../../core/rules/regex-parse.ts');
    const cases: Array<[string, RegExp]> = [
      ['a)', /without a matching `\(`/],
      ['^*', /the quantifier after `\^` has nothing to repeat/],
      ['(?=a)+', /the quantifier after `\(\?=a\)` has nothing to repeat/],
      ['a**', /`a\*\*` repeats a repetition/],
      ['*a', /the quantifier `\*` at position 1 has nothing to repeat/],
      ['{2}a', /the quantifier `\{` at position 1 has nothing to repeat/],
      ['(?i)a', /`\(\?` at position 1 starts a group this checker does not support/],
      ['(a', /the group opened at position 1 is never closed/],
      ['a\\', /it ends with a lone backslash/],
      ['[a', /the character class opened at position 1 is never closed/],
    ];
    for (const [pattern, why] of cases) expect(() => parsePattern(pattern), pattern).toThrow(why);
    expect(parsePattern('a{2').length).toBe(1);
  });

  it('checkRegex: reads groups inside repeated groups, escapes and classes', () => {
    expect(checkRegex('(?:a(?:bc))+x')).toEqual({ ok: true, source: '(?:a(?:bc)){1,100}x' });
    expect(checkRegex('\\t+x')).toEqual({ ok: true, source: '\\t{1,100}x' });
    expect(checkRegex('[\\d\\u00e9-]+\\s+[a-z]+')).toEqual({ ok: true, source: '[\\d\\u00e9-]{1,100}\\s{1,100}[a-z]{1,100}' });
  });

  it('execFolded: also runs regular expressions compiled elsewhere', () => {
    expect(execFolded(/b+/iu, 'abbc')).toBe('bb');
  });
});

