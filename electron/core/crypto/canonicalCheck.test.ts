import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalJsonText } from './canonicalCheck';
import { canonicalJson } from './canonicalJson';

/**
 * isCanonicalJsonText must give exactly the verdict of the reference, "canonicalJson (the
 * `canonicalize` package) of the parsed value equals the text", throwing where it throws.
 */

type Verdict = boolean | { throws: string };

function verdict(check: () => boolean): Verdict {
  try {
    return check();
  } catch (error) {
    return { throws: error instanceof Error ? error.message : String(error) };
  }
}

function agrees(text: string): void {
  const value = JSON.parse(text) as unknown;
  expect(verdict(() => isCanonicalJsonText(text, value))).toEqual(verdict(() => canonicalJson(value) === text));
}

const numbers = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(1e21, 1e20, -0, 0, 5e-7, 1e-7, 0.000001, 5e-324, 1.7976931348623157e308, Number('9007199254740993'), Number('333333333.33333329'), 4.5, 0.1, -1.5),
);
// Lone halves, pairs, controls, the RFC's sort-order characters, and code units either side of them.
const strings = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '\ud83d\ude00', '\u0000', '\u001f', '\u007f', '"', '\\', '/', '€', '\ufb33', '\u0080', 'ö', '评', 'a', '1', '\r') }),
);
const keys = fc.oneof(strings, fc.constantFrom('1', '9', '10', '01', '-1', '4294967295', '4294967294', '__proto__', 'toJSON', 'a', 'b', ''));
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    numbers,
    strings,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Spellings of one value: canonical, property order, indented, and members reversed. */
function spellings(value: unknown): string[] {
  const texts = [JSON.stringify(value), JSON.stringify(value, null, 1)];
  try {
    texts.push(canonicalJson(value));
  } catch {
    // no canonical form: the other spellings still exercise the refusal
  }
  texts.push(JSON.stringify(value, (_key, member: unknown) => (member !== null && typeof member === 'object' && !Array.isArray(member) ? Object.fromEntries(Object.entries(member).reverse()) : member)));
  return texts;
}

describe('isCanonicalJsonText', () => {
  it('agrees with canonicalize on every spelling of random JSON values', () => {
    fc.assert(
      fc.property(json, (value) => {
        for (const text of spellings(value)) agrees(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on hand-picked edge cases: number forms, integer-like keys, surrogates, escapes', () => {
    for (const text of [
      '1e+21', '1e21', '-0', '0', '5e-7', '5e-7 ', ' 5e-7', '0.0000005', '1E+30', '1e+30', '4.50', '4.5',
      '{"10":1,"9":2}', '{"9":2,"10":1}', '{"1":1,"a":2}', '{"a":2,"1":1}', '{"a":1,"a":1}', '{"b":1,"a":2}',
      '"\\ud800"', '"\\\\ud800"', '{"\\udc00":1}', '"\\ud83d\\ude00"', '"😀"', '"\\u001f"', '"\\u001F"', '"\\/"', '"/"',
      '"\\u00e9"', '"é"', '[1,2]', '[1, 2]', '{"__proto__":1}', '{"toJSON":"x"}', '{}', '[]', 'null',
    ]) {
      agrees(text);
    }
  });

  it('accepts the RFC 8785 §3.2.2 and §3.2.3 outputs and refuses their inputs', () => {
    const sorted = '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
    const numbers = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    for (const text of [sorted, numbers]) {
      expect(isCanonicalJsonText(text, JSON.parse(text))).toBe(true);
      agrees(text);
    }
    const input = String.raw`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`;
    expect(isCanonicalJsonText(input, JSON.parse(input))).toBe(false);
  });

  it('throws json-not-representable for a lone surrogate, as canonicalJson does', () => {
    expect(() => isCanonicalJsonText('"\\ud800"', '\ud800')).toThrow(/lone surrogate/);
  });
});
