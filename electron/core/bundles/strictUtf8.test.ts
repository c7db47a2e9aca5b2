import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strictUtf8 } from './strictUtf8';

/** strictUtf8 must be exactly a fatal TextDecoder, refusals and BOM handling included. */

const reference = new TextDecoder('utf-8', { fatal: true });

function expected(bytes: Uint8Array): string | undefined {
  try {
    return reference.decode(bytes);
  } catch {
    return undefined;
  }
}

// Sequences around every UTF-8 edge: BOM, overlongs, surrogates, beyond U+10FFFF, truncations.
const pieces = fc.constantFrom(
  [0xef, 0xbb, 0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc2, 0x80], [0xe0, 0x80, 0x80], [0xe0, 0xa0, 0x80], [0xed, 0xa0, 0x80],
  [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe8, 0xaf], [0xe8], [0x80], [0xff], [0x7b], [0x00],
);
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.array(pieces, { maxLength: 12 }).map((parts) => Uint8Array.from(parts.flat())),
  fc.string({ unit: 'grapheme' }).map((text) => new TextEncoder().encode(text)),
  fc.tuple(fc.string({ unit: 'grapheme' }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([text, at, byte]) => {
    const encoded = new TextEncoder().encode(text);
    if (encoded.length > 0) encoded[at % encoded.length] = byte;
    return encoded;
  }),
);

describe('strictUtf8', () => {
  it('decodes and refuses exactly as a fatal TextDecoder does', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        expect(strictUtf8(input)).toBe(expected(input));
      }),
      { numRuns: 5000 },
    );
  });

  it('drops one leading BOM only, and decodes views at an offset', () => {
    expect(strictUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41]))).toBe('\ufeffA');
    const backing = new TextEncoder().encode('xx评审yy');
    expect(strictUtf8(backing.subarray(2, 8))).toBe('评审');
    expect(strictUtf8(backing.subarray(2, 7))).toBeUndefined();
  });

  it('is exact on a bundle-sized text with Chinese, emoji, controls and a BOM', () => {
    const text = '\ufeff{"意见":"规划目标清晰😀\u0000\u007f\u0080\uffff\ud83d\ude00"}'.repeat(5000);
    const encoded = new TextEncoder().encode(text);
    expect(encoded.length).toBeGreaterThan(200_000);
    expect(strictUtf8(encoded)).toBe(expected(encoded));
  });
});
