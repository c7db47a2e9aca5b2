import { canonicalJson } from './canonicalJson';

/**
 * Checking that received JSON text is canonical (RFC 8785) without serialising it a
 * second time in JavaScript: `canonicalize` builds the text piece by piece and scans
 * every string for lone surrogates in a JavaScript loop (~2.4 ms for an 88 KB payload).
 *
 * For a value that came out of JSON.parse, JCS and V8's native JSON.stringify agree on
 * everything but member order: both write numbers as ECMAScript Number::toString and
 * strings with the same minimal escapes (lowercase \u00xx for other control characters);
 * JSON.parse output has no toJSON, undefined, holes or prototypes to differ on. JCS sorts
 * members by UTF-16 code units, JSON.stringify keeps property order, so if every object's
 * keys already are in strictly increasing code-unit order, the two texts are the same.
 * Two things are left to the exact check: lone surrogates (JCS refuses them, JSON.stringify
 * escapes them as \udXXX), and objects with integer-like keys, whose property order JS
 * rewrites to numeric. Anything the fast test does not accept goes to canonicalJson, so
 * the verdict is always the exact one; canonicalCheck.test.ts checks that with fast-check.
 */

// How JSON.stringify writes a lone surrogate; a canonical text never contains it, but
// an escaped backslash before "ud800" does, so a match only means "decide the slow way".
const ESCAPED_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/;

/**
 * Whether `text` is exactly canonicalJson(value). `value` must be JSON.parse(text).
 * Throws json-not-representable, as canonicalJson does, if the value has no canonical form.
 */
export function isCanonicalJsonText(text: string, value: unknown): boolean {
  if (!ESCAPED_SURROGATE.test(text) && keysInCodeUnitOrder(value) && JSON.stringify(value) === text) return true;
  return canonicalJson(value) === text;
}

/** Every object's own keys, in property order, strictly increase by UTF-16 code units. */
function keysInCodeUnitOrder(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (!keysInCodeUnitOrder(item)) return false;
    return true;
  }
  let previous: string | undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    // String `<` compares UTF-16 code units, the order JCS §3.2.3 prescribes.
    if (previous !== undefined && !(previous < key)) return false;
    if (!keysInCodeUnitOrder(record[key])) return false;
    previous = key;
  }
  return true;
}
