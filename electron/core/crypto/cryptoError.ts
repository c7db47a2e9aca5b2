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
  | 'signature-invalid';

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
};

export function cryptoError(reason: CryptoFailure, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(codes[reason], message, { reason, detail: message, ...details });
}
