import { webcrypto } from 'node:crypto';
import { Decrypter, identityToRecipient } from 'age-encryption';
import { identityScalar } from './ageKeys';
import { cryptoError } from './cryptoError';

/**
 * age identities made ready to decrypt many files. Handing the library identity strings
 * makes it import the scalar into WebCrypto as PKCS #8 on every file, and Node computes
 * the public key at each import (~0.75 ms of main-thread time, most of a small bundle's
 * header cost). The library also takes an X25519 CryptoKey (Decrypter.addIdentity), so
 * the key is imported once here, non-extractable, and one Decrypter is kept: per file
 * only the ephemeral share is imported and one deriveBits runs.
 *
 * Holding a set keeps the ability to decrypt for as long as the set lives: create it for
 * one import session (or one call) and drop it, never cache it process-wide across a lock.
 */
export class AgeIdentitySet {
  readonly #decrypter: Decrypter;
  /** How many distinct identities the set holds. */
  readonly size: number;

  private constructor(decrypter: Decrypter, size: number) {
    this.#decrypter = decrypter;
    this.size = size;
  }

  /** Validates every identity (same refusals as checkIdentity) and prepares them. */
  static async prepare(identities: readonly string[]): Promise<AgeIdentitySet> {
    const unique = new Map(identities.map((text) => identityScalar(text)).map((parsed) => [parsed.identity, parsed.scalar]));
    if (unique.size === 0) {
      throw cryptoError('age-no-identities', 'decrypting needs at least one age identity');
    }
    const decrypter = new Decrypter();
    for (const [identity, scalar] of unique) {
      const key = await importX25519(scalar);
      scalar.fill(0);
      // Without WebCrypto X25519 the library falls back to its JavaScript curve by itself.
      decrypter.addIdentity(key ?? identity);
    }
    return new AgeIdentitySet(decrypter, unique.size);
  }

  /** The library's streaming decrypt: resolves once the header is authenticated. */
  decrypt(ciphertext: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
    return this.#decrypter.decrypt(ciphertext);
  }
}

// RFC 8410 PKCS #8 wrapping of a raw X25519 private key: WebCrypto imports no raw private keys.
const PKCS8_X25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);

/**
 * The scalar as a non-extractable X25519 CryptoKey, or undefined where the runtime's
 * WebCrypto lacks X25519 (the library's own test for the same situation). A derivation
 * is run once here, through the library, so a runtime that imports but cannot derive
 * (Bun did this) also takes the string path instead of failing on every file.
 */
async function importX25519(scalar: Uint8Array): Promise<webcrypto.CryptoKey | undefined> {
  const pkcs8 = new Uint8Array(PKCS8_X25519_PREFIX.length + scalar.length);
  pkcs8.set(PKCS8_X25519_PREFIX);
  pkcs8.set(scalar, PKCS8_X25519_PREFIX.length);
  try {
    const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
    // The library recognises keys with `instanceof` the global CryptoKey; make sure it will.
    const GlobalCryptoKey = (globalThis as { CryptoKey?: new () => unknown }).CryptoKey;
    if (GlobalCryptoKey === undefined || !(key instanceof GlobalCryptoKey)) return undefined;
    await identityToRecipient(key);
    return key;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'NotSupportedError') return undefined;
    if (error instanceof Error && error.message.includes('X25519 WebCrypto is not supported')) return undefined;
    throw error;
  } finally {
    pkcs8.fill(0);
  }
}
