import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findJsonProblem, jsonDepth, lineColumn } from '../../../core/json-text.ts';

describe('findJsonProblem', () => {
  it.each([
    ['{"a": 1,}', 1, 9, 'another property (JSON allows no comma before "}")'],
    ['[1, 2,]', 1, 7, 'another value (JSON allows no comma before "]")'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, '"," or "}"'],
    ["{'a': 1}", 1, 2, 'a property name in double quotes'],
    ['{"a" 1}', 1, 6, '":" after the property name'],
    ['{"a": tru}', 1, 7, 'a value (text in double quotes, a number, true, false, null, an object or a list)'],
    ['{"a": "x\ny"}', 1, 9, 'no line breaks or control characters inside a text (write \\n)'],
    ['{"a": "x\\qy"}', 1, 9, 'a valid escape such as \\n, \\" or \\u00e9'],
    ['{"a": "open', 1, 12, 'a closing `"`'],
    ['{"a": -}', 1, 7, 'a number'],
    ['{"a": 1} x', 1, 10, 'the end of the text (there is something after the JSON value)'],
    ['', 1, 1, 'a value (text in double quotes, a number, true, false, null, an object or a list)'],
    ['[1 2]', 1, 4, '"," or "]"'],
  ])('findJsonProblem: %j → line %d, column %d', (text, line, column, expected) => {
    expect(findJsonProblem(text)).toMatchObject({ line, column, expected });
  });

  it('findJsonProblem: null exactly when JSON.parse succeeds', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '1', '-', 'true', 'nul', ' ', '\n', '"\\u00e9"', '"\\x"', '.5', '1e', '0.1'), { maxLength: 12 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        return (findJsonProblem(text) === null) === parses;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('jsonDepth and lineColumn', () => {
  it('jsonDepth: counts nesting outside strings and stops early', () => {
    expect(jsonDepth('{"a": [1, {"b": "[[[{"}]}', 10)).toBe(3);
    expect(jsonDepth('"\\"[["', 10)).toBe(0);
    expect(jsonDepth('['.repeat(1_000_000), 40)).toBe(41);
  });

  it('lineColumn: is 1-based', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('findJsonProblem: limits', () => {
  it('findJsonProblem: expects callers to check depth first (deep input overflows and is rethrown)', () => {
    expect(() => findJsonProblem('['.repeat(200_000))).toThrow(RangeError);
  });
});
