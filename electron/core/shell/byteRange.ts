/** An inclusive byte range of a representation: `end` is the last byte sent, as in Content-Range. */
export interface ByteRange {
  start: number;
  end: number;
}

const RANGE_SPEC = /^(\d*)-(\d*)$/;
const UNIT = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)=(.*)$/s;

/**
 * The `Range` header of a GET (RFC 9110, section 14.2) for a representation of `size`
 * bytes, as one range to send with 206, 'unsatisfiable' for 416, or null to ignore the
 * header and send the whole representation with 200. Pure: no Node, no I/O.
 *
 * - `bytes=a-b`, `bytes=a-` and `bytes=-n` (the last n bytes). The unit is compared
 *   case-insensitively; numbers are ASCII digits, leading zeros allowed, any length
 *   (a number beyond 2^53 is beyond any file, so precision does not matter).
 * - An end at or past the last byte is clamped to `size - 1`; a suffix longer than the
 *   representation selects all of it.
 * - `a > b`, `a >= size` and `bytes=-0` are unsatisfiable. On an empty representation
 *   every `a-…` range is unsatisfiable; a suffix range selects the whole (empty)
 *   representation, which only a 200 can express, so it is null.
 * - More than one range (`bytes=0-1,5-6`) is null: the whole file with 200. RFC 9110
 *   allows a server to ignore Range, and pdf.js and browsers ask for one range at a
 *   time; multipart/byteranges is not worth its complexity here. Empty list elements
 *   (`bytes=0-1,`) are ignored, as RFC 9110 section 5.6.1 asks.
 * - Anything else — another unit, a missing `=`, signs, hex, spaces inside a range,
 *   `bytes=-`, an empty set — is null: an invalid Range header may be ignored.
 *   Whitespace around the header value and around list elements is allowed.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const unit = UNIT.exec(header.trim());
  if (unit === null || unit[1]?.toLowerCase() !== 'bytes') return null;
  const specs = (unit[2] ?? '')
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length !== 1) return null;
  const match = RANGE_SPEC.exec(specs[0] ?? '');
  if (match === null) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;

  if (first === '') {
    // Suffix range: the last n bytes.
    const length = Number(last);
    if (length === 0) return 'unsatisfiable';
    if (size === 0) return null;
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && start > Number(last)) return 'unsatisfiable';
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { start, end };
}
