import { webcrypto } from 'node:crypto';
import { Decrypter, identityToRecipient } from 'age-encryption';
import { decryptAgeNative, decryptAgeNativeStream, nativeAgeAvailable, nativeX25519Key, type NativeX25519Key } from './ageDecryptNative';
import { identityScalar } from './ageKeys';
import { cryptoError } from './cryptoError';

/**
 * Which code decrypts: 'native' is Node's own crypto (ageDecryptNative.ts), 'library' the
 * age-encryption library. The default is native wherever the runtime can run it (Node),
 * else the library (Electron, whose BoringSSL lacks ChaCha20-Poly1305).
 */
export type AgeEngine = 'native' | 'library';

export interface PrepareOptions {
  /** For tests and comparisons; callers leave it out. */
  engine?: AgeEngine;
}

type PreparedEngine = { kind: 'native'; keys: readonly NativeX25519Key[] } | { kind: 'library'; decrypter: Decrypter };

/**
 * age identities made ready to decrypt many files.
 *
 * Native engine: each scalar is imported once as a Node key object, with its public key
 * (the HKDF salt needs it); per file only the ephemeral share is imported.
 *
 * Library engine: handing the library identity strings makes it import the scalar into
 * WebCrypto as PKCS #8 on every file, and Node computes the public key at each import
 * (~0.75 ms of main-thread time, most of a small bundle's header cost). The library also
 * takes an X25519 CryptoKey (Decrypter.addIdentity), so the key is imported once here,
 * non-extractable, and one Decrypter is kept: per file only the ephemeral share is
 * imported and one deriveBits runs.
 *
 * Holding a set keeps the ability to decrypt for as long as the set lives: create it for
 * one import session (or one call) and drop it, never cache it process-wide across a lock.
 */
export class AgeIdentitySet {
  readonly #engine: PreparedEngine;
  /** How many distinct identities the set holds. */
  readonly size: number;

  private constructor(engine: PreparedEngine, size: number) {
    this.#engine = engine;
    this.size = size;
  }

  /** Validates every identity (same refusals as checkIdentity) and prepares them. */
  static async prepare(identities: readonly string[], options: PrepareOptions = {}): Promise<AgeIdentitySet> {
    const unique = new Map(identities.map((text) => identityScalar(text)).map((parsed) => [parsed.identity, parsed.scalar]));
    if (unique.size === 0) {
      throw cryptoError('age-no-identities', 'decrypting needs at least one age identity');
    }
    const engine = options.engine ?? (nativeAgeAvailable() ? 'native' : 'library');
    if (engine === 'native') {
      const keys = [...unique.values()].map((scalar) => {
        const key = nativeX25519Key(scalar);
        scalar.fill(0);
        return key;
      });
      return new AgeIdentitySet({ kind: 'native', keys }, unique.size);
    }
    const decrypter = new Decrypter();
    for (const [identity, scalar] of unique) {
      const key = await importX25519(scalar);
      scalar.fill(0);
      // Without WebCrypto X25519 the library falls back to its JavaScript curve by itself.
      decrypter.addIdentity(key ?? identity);
    }
    return new AgeIdentitySet({ kind: 'library', decrypter }, unique.size);
  }

  /** The engine this set decrypts with. */
  get engine(): AgeEngine {
    return this.#engine.kind;
  }

  /**
   * Streaming decrypt of binary age: resolves once the header is authenticated. The
   * library's errors come back raw (ageCipher.ts maps them); the native engine's are
   * AppErrors already.
   */
  decrypt(ciphertext: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
    const engine = this.#engine;
    return engine.kind === 'native' ? decryptAgeNativeStream(ciphertext, engine.keys) : engine.decrypter.decrypt(ciphertext);
  }

  /** In-memory decrypt with the native engine, or undefined if this set uses the library. */
  decryptNative(ciphertext: Uint8Array): Uint8Array | undefined {
    const engine = this.#engine;
    return engine.kind === 'native' ? decryptAgeNative(ciphertext, engine.keys) : undefined;
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
