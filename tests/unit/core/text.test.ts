import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_MATCH_TEXT, STOPWORDS, decodeEntities, describeValue, escapeHtml, foldText, stripHtml, tokenize, truncate } from '../../../core/text.ts';

describe('foldText', () => {
  it('foldText: lower-cases, strips accents and collapses whitespace', () => {
    expect(foldText('  Café\tRÉSUMÉ \n naïve ')).toBe('cafe resume naive');
  });

  it('foldText: decomposes compatibility characters (ligatures, full-width)', () => {
    expect(foldText('ﬁle ＶＰＮ')).toBe('file vpn');
  });

  it('foldText: handles characters whose lower case decomposes (U+0130)', () => {
    expect(foldText('İSTANBUL')).toBe('istanbul');
  });

  it('foldText: is idempotent on any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => foldText(foldText(s)) === foldText(s)), { numRuns: 2000 });
  });

  it('foldText: is idempotent on text mixing accents, scripts and spaces', () => {
    const pieces = fc.constantFrom('É', 'ß', 'İ', 'ﬁ', 'Ǆ', '\u0301', '中文', ' ', '\t', 'ℌ', 'Ω', 'ẞ', 'ǅ', '\u00a0', 'a');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
      const s = parts.join('');
      return foldText(foldText(s)) === foldText(s);
    }));
  });
});

describe('tokenize', () => {
  it('tokenize: splits words in any script, folded', () => {
    expect(tokenize('VPN-Zugang géht nicht! (Error 0x80)')).toEqual(['vpn', 'zugang', 'geht', 'nicht', 'error', '0x80']);
  });

  it('tokenize: turns Chinese and Japanese runs into character bigrams', () => {
    expect(tokenize('打印机坏了')).toEqual(['打印', '印机', '机坏', '坏了']);
    expect(tokenize('プリンター')).toEqual(['プリ', 'リン', 'ンタ', 'ター']);
    expect(foldText('バグ')).toBe('バグ');
  });

  it('tokenize: keeps a single CJK character, and splits mixed Latin/CJK words', () => {
    expect(tokenize('VPN连接')).toEqual(['vpn', '连接']);
    expect(tokenize('a中b')).toEqual(['a', '中', 'b']);
  });

  it('tokenize: keeps Korean and Cyrillic words whole', () => {
    expect(tokenize('프린터 고장 Принтер')).toEqual(['프린터', '고장', 'принтер']);
  });

  it('tokenize: handles characters outside the BMP in CJK runs', () => {
    expect(tokenize('𠀀𠀁')).toEqual(['𠀀𠀁']);
  });

  it('tokenize: never throws and yields only non-empty tokens', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => tokenize(s).every((t) => t.length > 0)));
  });
});

describe('STOPWORDS', () => {
  it('STOPWORDS: contains English function words and mail boilerplate, not topic words', () => {
    for (const w of ['the', 'and', 'please', 'thanks', 're', 'fwd']) expect(STOPWORDS.has(w)).toBe(true);
    for (const w of ['vpn', 'printer', 'password']) expect(STOPWORDS.has(w)).toBe(false);
  });
});

describe('stripHtml', () => {
  it('stripHtml: drops tags and keeps block structure as line breaks', () => {
    expect(stripHtml('<div>Hello <b>world</b></div><p>Second&nbsp;line</p>one<br/>two')).toBe('Hello world\nSecond line\none\ntwo');
  });

  it('stripHtml: removes script, style and comments with their content', () => {
    expect(stripHtml('a<script type="x">alert("<p>")</script>b<style>p{}</style>c<!-- hidden -->d')).toBe('a b cd');
  });

  it('stripHtml: decodes named and numeric character references', () => {
    expect(stripHtml('Tom &amp; Jerry &lt;3 &#233;t&#xE9; &rsquo;&bogus; &#0; &#x110000;')).toBe('Tom & Jerry <3 été ’&bogus; &#0; &#x110000;');
  });

  it('stripHtml: copes with unterminated markup', () => {
    expect(stripHtml('a <b')).toBe('a <b');
    expect(stripHtml('a <!-- never closed')).toBe('a');
    expect(stripHtml('x<script>never closed')).toBe('x');
    expect(stripHtml('x<script>y</script')).toBe('x');
    expect(stripHtml('x<STYLE>y</Style >z')).toBe('x z');
  });

  it('stripHtml: collapses blank lines and spaces', () => {
    expect(stripHtml('<p>a</p><p></p><p></p><p>b   c</p>')).toBe('a\nb c');
  });

  it('stripHtml: hostile input of unclosed tags and comments leaves no markup behind', () => {
    const hostile = '<'.repeat(200_000) + '<script>'.repeat(20_000) + '<!--'.repeat(20_000);
    expect(stripHtml(hostile)).not.toMatch(/<script>|<!--/);
  });

  it('stripHtml: never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => typeof stripHtml(s) === 'string'));
  });
});

describe('escapeHtml, truncate, decodeEntities, describeValue', () => {
  it('escapeHtml: escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('truncate: leaves short text alone and marks cuts with an ellipsis', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 5)).toBe('hell…');
    expect(truncate('hello', 1)).toBe('…');
    expect(truncate('hello', 0)).toBe('');
    expect(truncate('hello', Number.NaN)).toBe('');
  });

  it('truncate: never splits a surrogate pair', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });

  it('truncate: output never exceeds max', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 50 }), (s, max) => truncate(s, max).length <= Math.max(max, 0)));
  });

  it('decodeEntities: decodes what it knows and leaves the rest', () => {
    expect(decodeEntities('&AMP; &quot;&unknownentity;')).toBe('& "&unknownentity;');
  });

  it('describeValue: shows values with their type for messages', () => {
    expect(describeValue(-1)).toBe('-1 (number)');
    expect(describeValue('abc')).toBe('"abc" (string)');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('[1,2] (array)');
    expect(describeValue(undefined)).toBe('undefined (undefined)');
    expect(describeValue(10n)).toBe('10 (bigint)');
  });

  it('MAX_MATCH_TEXT: is 16 KB', () => {
    expect(MAX_MATCH_TEXT).toBe(16384);
  });
});

describe('decodeEntities: invalid code points', () => {
  it('decodeEntities: leaves surrogate and out-of-range references as written', () => {
    expect(decodeEntities('&#xD800;&#55296;&#x41;')).toBe('&#xD800;&#55296;A');
  });
});
