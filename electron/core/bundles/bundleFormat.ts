import {
  SCORE_BUNDLE_FORMAT,
  SCORE_PAYLOAD_FORMAT,
  ScoreBundleEnvelopeSchema,
  ScoreBundlePayloadSchema,
  type ScoreBundleEnvelope,
  type ScoreBundlePayload,
} from '../../../shared/domain/scoreBundle';
import { isAppError } from '../errors';
import { isCanonicalJsonText } from '../crypto/canonicalCheck';
import { canonicalJson } from '../crypto/canonicalJson';
import { bundleMalformed, describeIssues, formatUnsupported } from './bundleErrors';
import { strictUtf8 } from './strictUtf8';

/**
 * The two JSON layers of a `.prscores` file, each read with the same order of checks:
 * JSON at all → a `format` this version knows → the exact shape. Checking the format
 * before the shape means a bundle from a newer version says "upgrade", not "damaged".
 */

/** Far above a real bundle (30 applications × 20 criteria with long comments is ~1 MiB). */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** One line of JSON and a newline: `jq` reads it, and the signature's newlines stay escaped. */
export function encodeEnvelope(envelope: ScoreBundleEnvelope): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(envelope)}\n`);
}

/** The envelope as sealed by us or assembled by hand with jq; whitespace around it is free. */
export function decodeEnvelope(plaintext: Uint8Array, file: string): ScoreBundleEnvelope {
  const { value } = parseJson(plaintext, file, 'envelope-not-json', 'the decrypted content');
  checkFormat(value, SCORE_BUNDLE_FORMAT, file);
  const parsed = ScoreBundleEnvelopeSchema.safeParse(value);
  if (!parsed.success) throw bundleMalformed(file, 'envelope-invalid', describeIssues(parsed.error, 'the envelope'));
  return parsed.data;
}

/** The canonical UTF-8 bytes that are signed, from a payload already checked by the schema. */
export function encodePayload(payload: ScoreBundlePayload): Buffer {
  return Buffer.from(canonicalJson(payload), 'utf8');
}

/**
 * Reads signed payload bytes. They must be the canonical form of their own value: the
 * signature covers bytes, the merge reads values, and only canonical bytes guarantee
 * both mean the same thing (no duplicate keys, no second spelling of a number).
 */
export function decodePayload(bytes: Uint8Array, file: string): ScoreBundlePayload {
  const { text, value } = parseJson(bytes, file, 'payload-not-json', 'the signed payload');
  checkFormat(value, SCORE_PAYLOAD_FORMAT, file);
  let canonical: boolean;
  try {
    // The decoder drops a leading BOM, so the text could match while the bytes do not;
    // canonical JSON never starts with one. Past that, fatal UTF-8 decoding is one-to-one,
    // so comparing texts is comparing the signed bytes.
    canonical = !startsWithBom(bytes) && isCanonicalJsonText(text, value);
  } catch (error) {
    // e.g. a lone surrogate written as "\ud800": valid JSON text, but no canonical form.
    if (!isAppError(error)) throw error;
    throw bundleMalformed(file, 'payload-not-canonical', `the signed payload has no canonical JSON form (${error.message})`);
  }
  if (!canonical) {
    throw bundleMalformed(file, 'payload-not-canonical', 'the signed payload is not in canonical JSON form (RFC 8785)');
  }
  const parsed = ScoreBundlePayloadSchema.safeParse(value);
  if (!parsed.success) throw bundleMalformed(file, 'payload-invalid', describeIssues(parsed.error, 'the payload'));
  return parsed.data;
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function parseJson(bytes: Uint8Array, file: string, reason: 'envelope-not-json' | 'payload-not-json', what: string): { text: string; value: unknown } {
  const text = strictUtf8(bytes);
  if (text === undefined) throw bundleMalformed(file, reason, `${what} is not UTF-8 text`);
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch {
    // The parser's message quotes the input, which may be private: say only what failed.
    throw bundleMalformed(file, reason, `${what} is not JSON`);
  }
}

/** A known `format` passes; another string is a version we can't read; anything else is damage. */
function checkFormat(value: unknown, expected: string, file: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return; // the schema says "expected object"
  const format: unknown = (value as Record<string, unknown>)['format'];
  if (typeof format === 'string' && format !== expected) throw formatUnsupported(file, format);
}
