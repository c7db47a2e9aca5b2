import type { SecretaryKnown } from '../../../shared/domain/expertRound';
import { AppError } from '../errors';

/** Trust on first use, per source round: what the key of a new package is to this expert. */
export function secretaryKnown(trusted: string | undefined, found: string): SecretaryKnown {
  if (trusted === undefined) return 'new';
  return trusted === found ? 'trusted' : 'changed';
}

/**
 * The checks before anything is stored: the key the person confirmed (or a script was
 * told), then the key trusted for this round before. Both refuse loudly: either one
 * failing may mean someone is impersonating the secretary.
 */
export function checkSecretary(file: string, found: string, expected: string | undefined, trusted: string | undefined): void {
  if (expected !== undefined && expected !== found) {
    throw new AppError('PACKAGE_SECRETARY_UNEXPECTED', `${file} is signed by ${found}, not by the expected secretary ${expected}`, {
      file,
      expected,
      found,
    });
  }
  if (secretaryKnown(trusted, found) === 'changed') {
    throw new AppError('PACKAGE_SECRETARY_CHANGED', `${file} is signed by ${found}; this round's secretary so far is ${trusted ?? ''}`, {
      file,
      expected: trusted,
      found,
    });
  }
}
