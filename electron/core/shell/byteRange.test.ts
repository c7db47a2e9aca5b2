import { describe, expect, it } from 'vitest';
import { type ByteRange, parseRange } from './byteRange';

type Outcome = ByteRange | 'unsatisfiable' | null;

const HUGE = '9'.repeat(40);
const BEYOND_SAFE = '9007199254740993'; // 2^53 + 1: not exactly representable

describe('parseRange', () => {
  const table: [header: string | undefined, size: number, expected: Outcome][] = [
    // No header: the whole file.
    [undefined, 1000, null],
    ['', 1000, null],

    // bytes=a-b
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=0-0', 1000, { start: 0, end: 0 }],
    ['bytes=500-500', 1000, { start: 500, end: 500 }],
    ['bytes=999-999', 1000, { start: 999, end: 999 }],
    ['bytes=0-999', 1000, { start: 0, end: 999 }],
    ['bytes=100-199', 1000, { start: 100, end: 199 }],
    // End clamped to the last byte.
    ['bytes=0-1000', 1000, { start: 0, end: 999 }],
    ['bytes=900-5000', 1000, { start: 900, end: 999 }],
    [`bytes=0-${HUGE}`, 1000, { start: 0, end: 999 }],
    [`bytes=10-${BEYOND_SAFE}`, 1000, { start: 10, end: 999 }],
    // a > b, a >= size.
    ['bytes=100-99', 1000, 'unsatisfiable'],
    ['bytes=5-0', 1000, 'unsatisfiable'],
    ['bytes=1000-1000', 1000, 'unsatisfiable'],
    ['bytes=1000-2000', 1000, 'unsatisfiable'],
    [`bytes=${HUGE}-${HUGE}`, 1000, 'unsatisfiable'],

    // bytes=a-
    ['bytes=0-', 1000, { start: 0, end: 999 }],
    ['bytes=100-', 1000, { start: 100, end: 999 }],
    ['bytes=999-', 1000, { start: 999, end: 999 }],
    ['bytes=1000-', 1000, 'unsatisfiable'],
    ['bytes=999999999-', 1000, 'unsatisfiable'],
    [`bytes=${HUGE}-`, 1000, 'unsatisfiable'],
    [`bytes=${BEYOND_SAFE}-`, 1000, 'unsatisfiable'],

    // bytes=-n: the last n bytes.
    ['bytes=-500', 1000, { start: 500, end: 999 }],
    ['bytes=-1', 1000, { start: 999, end: 999 }],
    ['bytes=-1000', 1000, { start: 0, end: 999 }],
    ['bytes=-1001', 1000, { start: 0, end: 999 }],
    [`bytes=-${HUGE}`, 1000, { start: 0, end: 999 }],
    ['bytes=-0', 1000, 'unsatisfiable'],
    ['bytes=-000', 1000, 'unsatisfiable'],

    // Size 1 and size 0.
    ['bytes=0-0', 1, { start: 0, end: 0 }],
    ['bytes=0-', 1, { start: 0, end: 0 }],
    ['bytes=-5', 1, { start: 0, end: 0 }],
    ['bytes=1-', 1, 'unsatisfiable'],
    ['bytes=0-0', 0, 'unsatisfiable'],
    ['bytes=0-', 0, 'unsatisfiable'],
    ['bytes=0-99', 0, 'unsatisfiable'],
    ['bytes=-5', 0, null],
    ['bytes=-0', 0, 'unsatisfiable'],

    // Leading zeros are plain decimal, never octal.
    ['bytes=007-010', 1000, { start: 7, end: 10 }],
    ['bytes=0000-0000', 1000, { start: 0, end: 0 }],
    ['bytes=-0010', 1000, { start: 990, end: 999 }],
    ['bytes=010-', 1000, { start: 10, end: 999 }],

    // The unit is case-insensitive.
    ['Bytes=0-9', 1000, { start: 0, end: 9 }],
    ['BYTES=0-9', 1000, { start: 0, end: 9 }],

    // Whitespace around the value and around list elements is tolerated...
    ['  bytes=0-9  ', 1000, { start: 0, end: 9 }],
    ['\tbytes=0-9', 1000, { start: 0, end: 9 }],
    ['bytes= 0-9', 1000, { start: 0, end: 9 }],
    ['bytes=0-9 ', 1000, { start: 0, end: 9 }],
    // ...inside a range or around '=' it is not: the header is ignored.
    ['bytes=0 -9', 1000, null],
    ['bytes=0- 9', 1000, null],
    ['bytes = 0-9', 1000, null],
    ['bytes =0-9', 1000, null],

    // Empty list elements are ignored.
    ['bytes=0-9,', 1000, { start: 0, end: 9 }],
    ['bytes=,0-9', 1000, { start: 0, end: 9 }],
    ['bytes=, ,0-9, ,', 1000, { start: 0, end: 9 }],
    ['bytes=,', 1000, null],

    // Several ranges: the whole file, 200.
    ['bytes=0-1,5-6', 1000, null],
    ['bytes=0-1, 5-6', 1000, null],
    ['bytes=0-99,-100', 1000, null],
    ['bytes=5000-6000,7000-8000', 1000, null],
    ['bytes=0-1,garbage', 1000, null],

    // Other units and garbage: ignored.
    ['items=0-9', 1000, null],
    ['none', 1000, null],
    ['bytes', 1000, null],
    ['bytes=', 1000, null],
    ['bytes=-', 1000, null],
    ['bytes=--5', 1000, null],
    ['bytes=5', 1000, null],
    ['bytes=a-b', 1000, null],
    ['bytes=0x10-0x20', 1000, null],
    ['bytes=1e3-', 1000, null],
    ['bytes=+1-2', 1000, null],
    ['bytes=-+5', 1000, null],
    ['bytes=1.5-2', 1000, null],
    ['bytes=0-9-10', 1000, null],
    ['bytes=0–9', 1000, null], // an en dash
    ['bytes=０-９', 1000, null], // full-width digits
    ['bytes=٠-٩', 1000, null], // Arabic-Indic digits
    ['bytes 0-9', 1000, null],
    ['bytes:0-9', 1000, null],
    ['bytes=0-9;x', 1000, null],
    ['=0-9', 1000, null],
    ['bytes==0-9', 1000, null],
    ['bytes=0-9\r\n', 1000, { start: 0, end: 9 }],
    ['bytes=0\n-9', 1000, null],
  ];

  it.each(table)('%j of %i bytes → %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it('a range it returns always lies inside the file, start <= end', () => {
    const sizes = [1, 2, 7, 100, 1000, 281_831, 2 ** 31 + 5];
    const numbers = ['0', '1', '2', '6', '7', '8', '99', '100', '101', '999', '1000', '281830', '281831', '2147483652', '2147483653', HUGE];
    for (const size of sizes) {
      const headers = [
        ...numbers.flatMap((a) => numbers.map((b) => `bytes=${a}-${b}`)),
        ...numbers.map((a) => `bytes=${a}-`),
        ...numbers.map((n) => `bytes=-${n}`),
      ];
      for (const header of headers) {
        const range = parseRange(header, size);
        if (range === null || range === 'unsatisfiable') continue;
        expect(range.start, `${header} of ${size}`).toBeGreaterThanOrEqual(0);
        expect(range.start, `${header} of ${size}`).toBeLessThanOrEqual(range.end);
        expect(range.end, `${header} of ${size}`).toBeLessThan(size);
        expect(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end), `${header} of ${size}`).toBe(true);
      }
    }
  });

  it('a very long header is parsed in linear time', () => {
    const long = `bytes=${'0'.repeat(200_000)}1-${'9'.repeat(200_000)}`;
    const started = performance.now();
    expect(parseRange(long, 1000)).toEqual({ start: 1, end: 999 });
    expect(parseRange(`bytes=${'-'.repeat(200_000)}`, 1000)).toBeNull();
    expect(parseRange(`bytes=${',0-1'.repeat(50_000)}`, 1000)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
