import { collect, dearmor, decryptBytes, encryptStream, looksArmored, streamOf } from './ageCipher';
import { messageOf } from '../errors';
import type { AgeIdentitySet } from './ageIdentitySet';
import { cryptoError } from './cryptoError';

/**
 * age (age-encryption.org/v1) encryption of panel packages to members' X25519 keys,
 * interoperable with stock `age` 1.1.1 in both directions.
 */

export { generateAgeIdentity, parseAgeIdentity, parseAgeRecipient, type AgeKeyPair } from './ageKeys';
export { decryptFile, encryptFile } from './ageFiles';
export { AgeIdentitySet, type AgeEngine } from './ageIdentitySet';

/** Binary age output (never armored): what `age -r … -o out.age` writes. */
export async function encryptToRecipients(plaintext: Uint8Array, recipients: string[]): Promise<Uint8Array> {
  const encrypted = await encryptStream(streamOf(plaintext), recipients);
  // Encrypting bytes in memory cannot fail midway; anything thrown here is a bug.
  return collect(encrypted, (error) => (error instanceof Error ? error : new Error(messageOf(error))));
}

/**
 * Accepts binary age and ASCII armor (`age -a`), since members may send either.
 * `identities` are bare `AGE-SECRET-KEY-1…` strings (see parseAgeIdentity for files), or
 * an AgeIdentitySet prepared once when many files are opened in a row.
 */
export async function decryptWithIdentity(ciphertext: Uint8Array, identities: readonly string[] | AgeIdentitySet): Promise<Uint8Array> {
  if (ciphertext.length === 0) {
    throw cryptoError('age-malformed', 'not a valid age file: it is empty');
  }
  const binary = looksArmored(ciphertext) ? dearmor(ciphertext) : ciphertext;
  return decryptBytes(binary, identities);
}
