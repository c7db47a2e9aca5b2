import { Decrypter, Encrypter } from 'age-encryption';
import { PASSPHRASE_MIN } from '../../../shared/domain/identity';
import { AppError, messageOf } from '../errors';
import { DEFAULT_SCRYPT_WORK_FACTOR, MAX_SCRYPT_WORK_FACTOR } from './protector';

/**
 * Private keys sealed with a passphrase as a plain age file (scrypt recipient), so
 * that stock `age -d keys/….age` opens it too: a member is never locked in by the app.
 */

/** Throws PASSPHRASE_TOO_SHORT; counts characters, not UTF-16 units or bytes. */
export function assertPassphraseStrength(passphrase: string): void {
  if ([...passphrase].length < PASSPHRASE_MIN) {
    throw new AppError('PASSPHRASE_TOO_SHORT', `the passphrase must have at least ${PASSPHRASE_MIN} characters`, { min: PASSPHRASE_MIN });
  }
}

export async function sealWithPassphrase(plain: Uint8Array, passphrase: string, workFactor = DEFAULT_SCRYPT_WORK_FACTOR): Promise<Uint8Array> {
  assertPassphraseStrength(passphrase);
  if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > MAX_SCRYPT_WORK_FACTOR) {
    throw new Error(`scrypt work factor must be an integer in 1..${MAX_SCRYPT_WORK_FACTOR}, not ${workFactor}`);
  }
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  encrypter.setScryptWorkFactor(workFactor);
  return encrypter.encrypt(plain);
}

/** PASSPHRASE_WRONG for a wrong passphrase; KEY_INVALID when the file is not what we sealed. */
export async function openWithPassphrase(sealed: Uint8Array, passphrase: string, file: string): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  try {
    return await decrypter.decrypt(sealed);
  } catch (error) {
    // The library tells these apart only by message text (see crypto/ageCipher.ts).
    const message = messageOf(error);
    if (message.startsWith('no identity matched')) {
      throw new AppError('PASSPHRASE_WRONG', 'the passphrase of the private keys is wrong', { file });
    }
    throw new AppError('KEY_INVALID', `the sealed private keys in ${file} are damaged: ${message}`, {
      file,
      detail: `${file}: ${message}`,
    });
  }
}
