import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../../test/helpers/failure';
import { canonicalJson } from './canonicalJson';


describe('canonicalJson (RFC 8785)', () => {
  it('serialises the RFC 8785 §3.2.2 example exactly', () => {
    const input = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`) as unknown;
    expect(canonicalJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units (the RFC 8785 §3.2.3 example)', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`) as Record<string, string>;
    // Compared as text: Object.keys would list the integer-like key "1" first.
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [1e30, '1e+30'],
    [4.5, '4.5'],
    [0.002, '0.002'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'],
    [295147905179352830000, '295147905179352830000'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [-1.5, '-1.5'],
  ])('serialises the number %s as %s (RFC 8785 Appendix B)', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('escapes strings minimally: control characters, quote and backslash only', () => {
    expect(canonicalJson('\u0000\u0008\t\n\f\r\u001f"\\/\u007f')).toBe('"\\u0000\\b\\t\\n\\f\\r\\u001f\\"\\\\/\u007f"');
  });

  it('keeps Chinese text as UTF-8 characters, sorted by code unit, nested objects too', () => {
    const value = { 评审意见: '建议资助', 专家: { 姓名: '张三', 单位: '中国科学院' }, a: [1, '二'] };
    expect(canonicalJson(value)).toBe('{"a":[1,"二"],"专家":{"单位":"中国科学院","姓名":"张三"},"评审意见":"建议资助"}');
  });

  it('is independent of key insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['an undefined member', { a: undefined }],
    ['an undefined array slot', [1, undefined]],
    ['a sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['a function', { f: () => 1 }],
    ['NaN', Number.NaN],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['-Infinity', { x: Number.NEGATIVE_INFINITY }],
    ['a BigInt', { n: 10n }],
    ['a symbol', Symbol('s')],
    ['a Date', { at: new Date(0) }],
    ['a Map', new Map([['a', 1]])],
    ['a lone surrogate', 'x\ud800'],
    ['a lone surrogate in a key', { '\udc00': 1 }],
  ])('refuses %s with a clear reason', (_label, value) => {
    expect(reasonOf(() => canonicalJson(value))).toBe('json-not-representable');
  });

  it('names the path of the offending value', () => {
    expect(() => canonicalJson({ scores: [{ value: Number.NaN }] })).toThrow('$.scores[0].value');
  });

  it('refuses circular references but allows shared subtrees', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(reasonOf(() => canonicalJson(loop))).toBe('json-not-representable');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });
});
