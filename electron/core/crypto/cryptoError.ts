import type { ErrorCode } from '../../../shared/contract/errors';
import { AppError } from '../errors';

/**
 * Why a key, signature or canonical-JSON input was refused: a stable error code for
 * people and scripts, and the finer `details.reason` for logs and tests.
 */
export type CryptoFailure =
  | 'json-not-representable'
  | 'key-malformed'
  | 'key-unsupported-type'
  | 'key-encrypted'
  | 'key-mismatch'
  | 'signature-malformed'
  | 'signature-unsupported'
  | 'signature-namespace-mismatch'
  | 'signature-key-not-allowed'
  | 'signature-invalid'
  | 'age-recipient-malformed'
  | 'age-recipient-unsupported'
  | 'age-identity-malformed'
  | 'age-identity-unsupported'
  | 'age-no-recipients'
  | 'age-no-identities'
  | 'age-no-matching-identity'
  | 'age-decrypt-failed'
  | 'age-malformed'
  | 'age-too-large'
  | 'age-file-unreadable';

const codes: Record<CryptoFailure, ErrorCode> = {
  'json-not-representable': 'JSON_NOT_CANONICAL',
  'key-malformed': 'KEY_INVALID',
  'key-mismatch': 'KEY_INVALID',
  'key-unsupported-type': 'KEY_UNSUPPORTED',
  'key-encrypted': 'KEY_ENCRYPTED',
  'signature-malformed': 'SIGNATURE_MALFORMED',
  'signature-unsupported': 'SIGNATURE_MALFORMED',
  'signature-namespace-mismatch': 'SIGNATURE_WRONG_PURPOSE',
  'signature-key-not-allowed': 'SIGNATURE_UNTRUSTED_KEY',
  'signature-invalid': 'SIGNATURE_INVALID',
  'age-recipient-malformed': 'KEY_INVALID',
  'age-recipient-unsupported': 'KEY_UNSUPPORTED',
  'age-identity-malformed': 'KEY_INVALID',
  'age-identity-unsupported': 'KEY_UNSUPPORTED',
  // A call without keys is the caller's mistake, not a property of the file.
  'age-no-recipients': 'INVALID_INPUT',
  'age-no-identities': 'INVALID_INPUT',
  'age-no-matching-identity': 'AGE_NO_MATCHING_KEY',
  'age-decrypt-failed': 'AGE_DAMAGED',
  'age-malformed': 'AGE_MALFORMED',
  'age-too-large': 'INVALID_INPUT',
  'age-file-unreadable': 'FILE_UNREADABLE',
};

export function cryptoError(reason: CryptoFailure, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(codes[reason], message, { reason, detail: message, ...details });
}
