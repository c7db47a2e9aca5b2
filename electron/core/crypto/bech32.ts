/**
 * Strict BIP-173 bech32 decoding, just enough to get the 32-byte scalar out of an
 * `AGE-SECRET-KEY-1…` string. The age library decodes identities too, but only inside
 * objects it does not export; we need the raw scalar once, to import it as a
 * non-extractable WebCrypto key (see ageIdentitySet.ts). The checksum is verified here,
 * so a mistyped key is refused the same as the library refuses it (age.test.ts pins both).
 */

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3] as const;

function polymod(values: readonly number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit++) {
      if (((top >>> bit) & 1) === 1) checksum ^= GENERATOR[bit] ?? 0;
    }
  }
  return checksum;
}

/**
 * The bytes carried by `text` if it is valid bech32 with human-readable part `hrp`
 * (compared case-insensitively, as age does), else undefined. Mixed case, a bad checksum
 * and non-zero padding bits are all invalid, as BIP-173 requires.
 */
export function decodeBech32(text: string, hrp: string): Uint8Array | undefined {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return undefined;
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (lower.slice(0, separator) !== hrp.toLowerCase() || lower.length - separator - 1 < 6) return undefined;
  const words: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const word = CHARSET.indexOf(char);
    if (word < 0) return undefined;
    words.push(word);
  }
  const prefix = lower.slice(0, separator);
  const expanded = [...prefix].map((c) => c.charCodeAt(0) >>> 5).concat([0], [...prefix].map((c) => c.charCodeAt(0) & 31));
  if (polymod(expanded.concat(words)) !== 1) return undefined;
  return fromWords(words.slice(0, -6));
}

/** 5-bit groups to bytes; left-over bits must be fewer than 5 and all zero. */
function fromWords(words: readonly number[]): Uint8Array | undefined {
  const bytes: number[] = [];
  let accumulator = 0;
  let bits = 0;
  for (const word of words) {
    accumulator = ((accumulator << 5) | word) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((accumulator >>> bits) & 0xff);
    }
  }
  if (bits >= 5 || (accumulator & ((1 << bits) - 1)) !== 0) return undefined;
  return Uint8Array.from(bytes);
}
