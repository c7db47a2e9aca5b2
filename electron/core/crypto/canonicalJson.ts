import canonicalize from 'canonicalize';
import { cryptoError } from './cryptoError';

/**
 * RFC 8785 (JCS) canonical JSON: the exact bytes everything signed is signed over.
 *
 * `canonicalize` does the serialisation (UTF-16 key order, ECMAScript number form,
 * minimal string escapes). It is lenient the way JSON.stringify is — it drops undefined
 * members, turns undefined array slots into null, calls toJSON, serialises a Map as {} —
 * and any of those would sign something other than what the caller meant. So the value is
 * first checked to be plain JSON data, and anything else is refused with its path.
 */
export function canonicalJson(value: unknown): string {
  assertJsonData(value, '$', new Set());
  const text = canonicalize(value);
  // Unreachable after the check above; kept so a library change can't yield "undefined".
  if (text === undefined) throw cryptoError('json-not-representable', 'value has no JSON representation', { path: '$' });
  return text;
}

// In /u mode a valid surrogate pair is one code point, so only lone halves match.
const LONE_SURROGATE = /\p{Cs}/u;

function refuse(path: string, problem: string): Error {
  return cryptoError('json-not-representable', `cannot canonicalise ${path}: ${problem}`, { path });
}

function assertJsonData(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
      // JCS needs well-formed UTF-16; a lone surrogate has no UTF-8 encoding.
      if (LONE_SURROGATE.test(value)) throw refuse(path, 'string contains a lone surrogate');
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw refuse(path, `${String(value)} is not a JSON number`);
      return;
    case 'object':
      break;
    default:
      // undefined, bigint, symbol, function
      throw refuse(path, `${typeof value} is not JSON data`);
  }
  if (value === null) return;
  if (ancestors.has(value)) throw refuse(path, 'circular reference');
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // `in` catches holes of sparse arrays, which would silently become null.
      if (!(i in value)) throw refuse(`${path}[${i}]`, 'array hole is not JSON data');
      assertJsonData(value[i], `${path}[${i}]`, ancestors);
    }
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw refuse(path, `${Object.prototype.toString.call(value)} is not a plain object`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) throw refuse(path, 'symbol keys are not JSON data');
    for (const [key, member] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) throw refuse(path, 'key contains a lone surrogate');
      assertJsonData(member, `${path}.${key}`, ancestors);
    }
  }
  ancestors.delete(value);
}
