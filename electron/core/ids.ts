import { randomBytes } from 'node:crypto';

/** Crockford's base32 in lower case: no i, l, o, u, so ids read aloud or typed stay unambiguous. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A short random id (10 characters, 50 bits) that people can type on a command line. */
export function newShortId(length = 10): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}
