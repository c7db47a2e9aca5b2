import type { AppError } from '../errors';
import { cryptoError } from './cryptoError';

/**
 * The three ways an age file is refused, worded once for both decrypt engines (the
 * library's, see ageCipher.ts, and the native one, see ageDecryptNative.ts), so a person
 * or script sees the same code and message whichever engine the runtime uses.
 *
 * `check` (native engine only) names the rule that refused the file, for logs and tests.
 */

/** Not age at all, truncated in the header, or breaking the format's grammar. */
export function ageMalformed(cause: string, check?: string): AppError {
  return cryptoError('age-malformed', `not a valid age file (truncated, or not age at all): ${cause}`, check === undefined ? { cause } : { cause, check });
}

/** No X25519 stanza opens with our keys. Also what a damaged recipient stanza looks like; stock age says the same. */
export function ageNoMatchingIdentity(): AppError {
  return cryptoError('age-no-matching-identity', 'none of the given age identities can open this file: it was encrypted for other recipients, or its header is damaged');
}

/** The file key was found, but the header is not the one it was sealed with. */
export function ageHeaderMacFailed(): AppError {
  return cryptoError('age-decrypt-failed', 'the age file header fails its integrity check: the file is damaged or was altered');
}

/** A payload chunk failed authentication, or the chunk sequence was cut, extended or reordered. */
export function agePayloadDamaged(cause: string, check?: string): AppError {
  return cryptoError(
    'age-decrypt-failed',
    'the age file is damaged, truncated or was altered: its content fails authentication',
    check === undefined ? { cause } : { cause, check },
  );
}
