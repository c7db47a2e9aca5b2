import {
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  getCiphers,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { ageHeaderMacFailed, ageMalformed, ageNoMatchingIdentity, agePayloadDamaged } from './ageErrors';

/**
 * age v1 decryption (https://age-encryption.org/v1) for X25519 identities on Node's own
 * crypto: X25519, HMAC-SHA256 (and HKDF over it) and ChaCha20-Poly1305 run in OpenSSL
 * instead of the age-encryption library's JavaScript (noble-curves, noble-ciphers) and
 * its web streams. Decrypting a 115 KB score bundle took ~2.3 ms through the library and
 * takes ~0.2 ms here. Encryption stays with the library: it is not on a hot path, and
 * its output is checked by stock `age -d` in the tests.
 *
 * Node only (electron/core), and only where the runtime has the primitives: Electron's
 * BoringSSL has no 'chacha20-poly1305' cipher (electron/electron#24024), so
 * nativeAgeAvailable() is false there and the library decrypts as before.
 *
 * It refuses at least everything the library refuses, with the same codes (ageErrors.ts):
 * ageDecryptNative.test.ts checks both engines against each other on random damage, and
 * against the CCTV age test vectors that stock age is tested with. It is stricter than the
 * library in two places, both refused as malformed before any key is tried:
 * - a header MAC that is not 32 bytes (stock age's parser and the vectors refuse it; the
 *   library only finds it unequal, later);
 * - an scrypt stanza beside other stanzas (the age spec and the vectors refuse it; the
 *   library and stock age check it only when decrypting with a passphrase).
 */

const INTRO_LINE = Buffer.from('age-encryption.org/v1\n', 'latin1');
const X25519_INFO = Buffer.from('age-encryption.org/v1/X25519', 'latin1');
const HEADER_INFO = Buffer.from('header', 'latin1');
const PAYLOAD_INFO = Buffer.from('payload', 'latin1');
const NO_SALT = Buffer.alloc(0);
const NEWLINE = 0x0a;
const TAG_BYTES = 16;
const MAC_BYTES = 32;
const STREAM_NONCE_BYTES = 16;
/** A stanza body line holds 48 bytes (64 base64 columns); a shorter one ends the body. */
const BODY_LINE_BYTES = 48;
/** An X25519 stanza body: the 16-byte file key sealed with its 16-byte tag. */
const X25519_BODY_BYTES = 32;
const X25519_SHARE_BYTES = 32;
const SEALED_CHUNK_BYTES = 64 * 1024 + TAG_BYTES;
/** The stanza body's AEAD key is single-use, so age seals it under an all-zero nonce. */
const ZERO_NONCE = Buffer.alloc(12);
// RFC 8410 PKCS #8 prefix of a raw X25519 private key: Node imports no raw private keys.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
/** u = 9, the X25519 base point: a well-formed public key, used only as a placeholder. */
const X25519_BASE_POINT = Buffer.concat([Buffer.from([9]), Buffer.alloc(31)]).toString('base64url');

/** One prepared X25519 identity: the secret as a key object, and its public key (the HKDF salt needs it). */
export interface NativeX25519Key {
  readonly privateKey: KeyObject;
  /** The raw 32-byte public key, as the `age1…` recipient encodes it. */
  readonly publicKey: Buffer;
}

/**
 * Imports a 32-byte X25519 scalar once; the caller wipes its copy.
 *
 * As a JWK, which OpenSSL imports in ~0.04 ms against ~0.75 ms for PKCS #8 DER (its DER
 * decoders are slow). Node requires the JWK's public `x` but builds the key from `d`
 * alone, so `x` is given as a placeholder and the public key is read back from the key
 * object: it is always the one OpenSSL derives from the scalar, never the placeholder. A
 * Node that checked `x` against `d` would refuse the placeholder; PKCS #8 is then used.
 */
export function nativeX25519Key(scalar: Uint8Array): NativeX25519Key {
  const d = Buffer.from(scalar).toString('base64url');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d, x: X25519_BASE_POINT }, format: 'jwk' });
  } catch {
    const der = Buffer.concat([PKCS8_X25519_PREFIX, scalar]);
    try {
      privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } finally {
      der.fill(0);
    }
  }
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = Buffer.from(x ?? '', 'base64url');
  if (publicKey.length !== 32) throw new Error('X25519 public key export failed');
  return { privateKey, publicKey };
}

/**
 * The ephemeral share as a key object. JWK again: ~8 µs where SPKI DER takes ~120 µs, the
 * largest single cost of a header. Node checks that `x` decodes to 32 bytes; any 32 bytes
 * are a valid X25519 public key (RFC 7748 masks the top bit).
 */
function shareKey(share: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: share.toString('base64url') }, format: 'jwk' });
}

let available: boolean | undefined;

/** Whether this runtime can run the native engine; decided once per process. */
export function nativeAgeAvailable(): boolean {
  available ??= probeNativeAge(getCiphers());
  return available;
}

// ChaCha20-Poly1305 of "age-encryption.org/v1" under key 0x61…61 and nonce 0…01, as
// noble-ciphers (the library's cipher) computes it: proves the runtime's cipher is the same one.
const AEAD_KAT = {
  key: Buffer.alloc(32, 0x61),
  nonce: Buffer.from('000000000000000000000001', 'hex'),
  sealed: Buffer.from('a0fdd2cbf73e6cdbfdfaf65c782be25037272c499893c10049e9fe83e0f4976e79eb384021', 'hex'),
  plaintext: 'age-encryption.org/v1',
};

/**
 * True when the cipher is listed and opens a known answer, and X25519 key agreement and
 * HKDF work. Anything less (BoringSSL, a runtime that lists the cipher but fails it) means
 * the library's engine: slower, never wrong.
 */
export function probeNativeAge(ciphers: readonly string[]): boolean {
  if (!ciphers.includes('chacha20-poly1305')) return false;
  try {
    if (openAead(AEAD_KAT.key, AEAD_KAT.nonce, AEAD_KAT.sealed)?.toString('latin1') !== AEAD_KAT.plaintext) return false;
    const key = nativeX25519Key(Buffer.alloc(32, 0x42));
    return x25519(key.privateKey, key.publicKey).length === 32 && hkdf(key.publicKey, NO_SALT, HEADER_INFO).length === 32;
  } catch {
    return false;
  }
}

/** Decrypts a whole binary age file held in memory (armor is decoded by the caller). */
export function decryptAgeNative(file: Uint8Array, keys: readonly NativeX25519Key[]): Uint8Array {
  const bytes = asBuffer(file);
  // complete: no more input will come, so an unfinished header is a truncated one.
  const header = parseHeader(bytes, true) as Header;
  const fileKey = openHeader(header, keys);
  const payloadStart = header.length + STREAM_NONCE_BYTES;
  if (bytes.length < payloadStart) throw truncatedNonce();
  const payload = new PayloadDecryptor(fileKey, bytes.subarray(header.length, payloadStart));
  fileKey.fill(0);
  const chunks = payload.push(bytes.subarray(payloadStart));
  chunks.push(payload.finish());
  // A plain Uint8Array of its own, not a Buffer that may be a view into Node's shared pool.
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * The streaming form, for files of any size: resolves once the header is authenticated
 * and the nonce read, like the library's Decrypter. Each payload chunk is released only
 * after its tag checks, and a reader must still treat a rejected read as "damaged" and
 * discard what it got: authentication of the whole file ends with the last chunk.
 */
export async function decryptAgeNativeStream(ciphertext: ReadableStream<Uint8Array>, keys: readonly NativeX25519Key[]): Promise<ReadableStream<Uint8Array>> {
  const reader = ciphertext.getReader();
  let buffered: Buffer = Buffer.alloc(0);
  let ended = false;
  const readMore = async (): Promise<void> => {
    const next = await reader.read();
    if (next.done) ended = true;
    else buffered = buffered.length === 0 ? asBuffer(next.value) : Buffer.concat([buffered, next.value]);
  };
  let payload: PayloadDecryptor;
  let rest: Buffer;
  try {
    let header = parseHeader(buffered, ended);
    while (header === undefined) {
      await readMore();
      header = parseHeader(buffered, ended);
    }
    const fileKey = openHeader(header, keys);
    const payloadStart = header.length + STREAM_NONCE_BYTES;
    while (buffered.length < payloadStart && !ended) await readMore();
    if (buffered.length < payloadStart) throw truncatedNonce();
    payload = new PayloadDecryptor(fileKey, buffered.subarray(header.length, payloadStart));
    fileKey.fill(0);
    rest = buffered.subarray(payloadStart);
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let chunks: Buffer[];
          if (rest.length > 0) {
            chunks = payload.push(rest);
            rest = Buffer.alloc(0);
          } else {
            const next = await reader.read();
            if (next.done) {
              const last = payload.finish();
              if (last.length > 0) controller.enqueue(last);
              controller.close();
              return;
            }
            chunks = payload.push(next.value);
          }
          for (const chunk of chunks) controller.enqueue(chunk);
          if (chunks.length > 0) return;
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // Pull-based: nothing is read or decrypted ahead of what the consumer takes.
    { highWaterMark: 0 },
  );
}

interface Stanza {
  /** The arguments after "->": the type first (X25519, scrypt, or anything else). */
  readonly args: readonly string[];
  readonly body: Buffer;
}

interface Header {
  readonly stanzas: readonly Stanza[];
  /** The bytes the MAC covers: the header up to and including "---". */
  readonly covered: Buffer;
  readonly mac: Buffer;
  /** Where the payload (its nonce) starts. */
  readonly length: number;
}

/**
 * Parses the text header at the start of `bytes`. Returns undefined if it is not complete
 * yet and more input may come (`complete` false); any rule broken in what is there throws
 * AGE_MALFORMED at once, so a non-age file is refused after its first bytes.
 */
function parseHeader(bytes: Buffer, complete: boolean): Header | undefined {
  // The version line, byte for byte: another version (or not age at all) is refused before
  // anything else is read, since its grammar may differ.
  const seen = Math.min(bytes.length, INTRO_LINE.length);
  if (bytes.compare(INTRO_LINE, 0, seen, 0, seen) !== 0) {
    throw ageMalformed('it does not begin with the line "age-encryption.org/v1" (another age version, or not age at all)', 'version');
  }
  if (seen < INTRO_LINE.length) return incomplete(complete);
  let at = INTRO_LINE.length;
  /** The next line without its newline, or undefined if it has not arrived whole. */
  const nextLine = (): string | undefined => {
    const end = bytes.indexOf(NEWLINE, at);
    const stop = end === -1 ? bytes.length : end;
    // Header lines are printable ASCII (0x20-0x7e). This refuses CRLF line ends (a CR
    // would change what the MAC covers without changing what a reader sees), NULs, and
    // binary data that is not a header at all.
    for (let i = at; i < stop; i++) {
      const byte = bytes[i] as number;
      if (byte < 0x20 || byte > 0x7e) throw ageMalformed('the header holds a byte that is not printable ASCII', 'header-character');
    }
    if (end === -1) return undefined;
    const line = bytes.toString('latin1', at, end);
    at = end + 1;
    return line;
  };

  const stanzas: Stanza[] = [];
  for (;;) {
    const lineStart = at;
    const line = nextLine();
    if (line === undefined) return incomplete(complete);
    if (line.startsWith('-> ')) {
      // "-> TYPE ARG…", single spaces: an empty argument would let two spellings of one
      // stanza exist, and the MAC covers the spelling.
      const args = line.slice(3).split(' ');
      if (args.some((arg) => arg.length === 0)) throw ageMalformed('a recipient stanza has an empty argument', 'stanza-arguments');
      const body: Buffer[] = [];
      for (;;) {
        const bodyLine = nextLine();
        if (bodyLine === undefined) return incomplete(complete);
        const decoded = decodeBase64NoPad(bodyLine, 'a stanza body line');
        if (decoded.length > BODY_LINE_BYTES) throw ageMalformed('a stanza body line is longer than 64 columns', 'stanza-body');
        body.push(decoded);
        // The body ends with its first short line (possibly empty): a full line is always
        // followed by another, so a body cannot be cut at a line boundary unnoticed.
        if (decoded.length < BODY_LINE_BYTES) break;
      }
      stanzas.push({ args, body: Buffer.concat(body) });
      continue;
    }
    if (!line.startsWith('--- ')) throw ageMalformed('a header line is neither a recipient stanza ("-> …") nor the MAC line ("--- …")', 'header-line');
    const mac = decodeBase64NoPad(line.slice(4), 'the header MAC');
    // HMAC-SHA256 is 32 bytes; stock age refuses any other length as a header error.
    if (mac.length !== MAC_BYTES) throw ageMalformed('the header MAC is not 32 bytes', 'mac-length');
    // An scrypt stanza must be the only one (age spec; the CCTV vectors refuse the mix,
    // stock age only when given a passphrase): a passphrase file is taken as made by
    // someone who knows the passphrase, which a file also sealed to a public key is not.
    // No file the app or stock age writes mixes them.
    if (stanzas.length > 1 && stanzas.some((stanza) => stanza.args[0] === 'scrypt')) {
      throw ageMalformed('an scrypt (passphrase) stanza must be the only stanza of the header', 'scrypt-not-alone');
    }
    return { stanzas, covered: bytes.subarray(0, lineStart + 3), mac, length: at };
  }
}

function incomplete(complete: boolean): undefined {
  if (complete) throw ageMalformed('the file ends inside the header (truncated)', 'header-truncated');
  return undefined;
}

const BASE64_ALPHABET = /^[A-Za-z0-9+/]*$/;

/**
 * Strict unpadded base64 (RFC 4648 §3.5 canonical): no padding, no whitespace, no length
 * of 4n+1, and zero bits after the last byte. Node's decoder ignores all of those, so they
 * are checked first; else one header could be spelled several ways.
 */
function decodeBase64NoPad(text: string, what: string): Buffer {
  const rest = text.length % 4;
  const last = text.at(-1) ?? '';
  const canonical =
    BASE64_ALPHABET.test(text) &&
    rest !== 1 &&
    // The last character carries 4 (rest 2) or 2 (rest 3) bits past the last byte: zero.
    (rest === 0 || (rest === 2 ? 'AQgw' : 'AEIMQUYcgkosw048').includes(last));
  if (!canonical) throw ageMalformed(`${what} is not canonical unpadded base64`, 'base64');
  return Buffer.from(text, 'base64');
}

/** Unwraps the file key with one of `keys` and checks the header MAC with it. */
function openHeader(header: Header, keys: readonly NativeX25519Key[]): Buffer {
  const fileKey = unwrapFileKey(header.stanzas, keys);
  // The MAC binds every stanza and argument to the file key: without it, a stanza could be
  // added, removed or edited and the file would still open.
  const mac = createHmac('sha256', hkdf(fileKey, NO_SALT, HEADER_INFO)).update(header.covered).digest();
  if (!timingSafeEqual(mac, header.mac)) {
    fileKey.fill(0);
    throw ageHeaderMacFailed();
  }
  return fileKey;
}

/**
 * Each key tries each X25519 stanza in order, the library's and stock age's order, so a
 * malformed stanza is reported (or passed over after a match) exactly as they would.
 * Stanzas of other types are skipped: a file may also be sealed to recipients we cannot be.
 */
function unwrapFileKey(stanzas: readonly Stanza[], keys: readonly NativeX25519Key[]): Buffer {
  for (const key of keys) {
    for (const stanza of stanzas) {
      if (stanza.args[0] !== 'X25519') continue;
      if (stanza.args.length !== 2) throw ageMalformed('an X25519 stanza must have exactly one argument, the ephemeral share', 'x25519-arguments');
      const share = decodeBase64NoPad(stanza.args[1] as string, 'an X25519 ephemeral share');
      if (share.length !== X25519_SHARE_BYTES) throw ageMalformed('an X25519 ephemeral share is not 32 bytes', 'x25519-share');
      if (stanza.body.length !== X25519_BODY_BYTES) throw ageMalformed('an X25519 stanza body is not a 16-byte file key and its tag', 'x25519-body');
      const secret = x25519(key.privateKey, share);
      // Salted with both public keys, so the wrap key is bound to this share and this recipient.
      const wrapKey = hkdf(secret, Buffer.concat([share, key.publicKey]), X25519_INFO);
      secret.fill(0);
      const fileKey = openAead(wrapKey, ZERO_NONCE, stanza.body);
      wrapKey.fill(0);
      // A tag that fails means "sealed to someone else": try the next stanza.
      if (fileKey !== undefined) return fileKey;
    }
  }
  throw ageNoMatchingIdentity();
}

/**
 * X25519 with the sender's ephemeral share. A low-order share gives the all-zero secret
 * whatever our key is, so the "wrapped" file key would be known to anyone: age requires
 * refusing it. OpenSSL already fails such a derivation; the zero check is kept for any
 * runtime that would not.
 */
function x25519(privateKey: KeyObject, share: Buffer): Buffer {
  let secret: Buffer;
  try {
    secret = diffieHellman({ privateKey, publicKey: shareKey(share) });
  } catch {
    throw ageMalformed('an X25519 ephemeral share is a low-order point', 'x25519-low-order');
  }
  if (secret.every((byte) => byte === 0)) throw ageMalformed('an X25519 ephemeral share is a low-order point', 'x25519-low-order');
  return secret;
}

const HKDF_ZERO_SALT = Buffer.alloc(32);
const HKDF_FIRST_BLOCK = Buffer.from([1]);

/**
 * HKDF-SHA256 (RFC 5869) with a 32-byte output, the only length age uses: one extract
 * and one expand block, two HMACs. Same result as hkdfSync (ageDecryptNative.test.ts
 * compares them), in ~5 µs instead of ~11: hkdfSync wraps every key in a KeyObject, and
 * a bundle needs three derivations. An empty salt is HashLen zero bytes (RFC 5869 §2.2).
 */
export function hkdf(secret: Buffer, salt: Buffer, info: Buffer): Buffer {
  const prk = createHmac('sha256', salt.length === 0 ? HKDF_ZERO_SALT : salt).update(secret).digest();
  const okm = createHmac('sha256', prk).update(info).update(HKDF_FIRST_BLOCK).digest();
  prk.fill(0);
  return okm;
}

/**
 * ChaCha20-Poly1305 open; undefined if the tag does not check. The plaintext `update`
 * returns is unauthenticated until `final` succeeds, and is never returned before that.
 */
function openAead(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer | undefined {
  if (sealed.length < TAG_BYTES) return undefined;
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    return undefined;
  }
  return plaintext;
}

function truncatedNonce(): Error {
  // The library reads the nonce before handing out the payload stream: a header failure there too.
  return ageMalformed('the file ends inside the payload nonce (truncated)', 'nonce');
}

/**
 * The STREAM payload: 64 KiB chunks, each sealed with nonce = 11-byte big-endian chunk
 * counter || last-chunk flag. A chunk is known to be the last only when the input ends,
 * so a full chunk is held back until one more byte arrives. This is what makes
 * truncation at a chunk boundary (the remaining chunks were sealed as "not last"),
 * reordering (counter), trailing bytes (they change the last chunk) and dropped chunks
 * fail authentication.
 */
class PayloadDecryptor {
  readonly #key: Buffer;
  readonly #nonce = Buffer.alloc(12);
  #counter = 0;
  #pending: Buffer = Buffer.alloc(0);

  constructor(fileKey: Buffer, streamNonce: Buffer) {
    this.#key = hkdf(fileKey, streamNonce, PAYLOAD_INFO);
  }

  /** Opens every chunk known not to be the last; keeps the rest for later. */
  push(bytes: Uint8Array): Buffer[] {
    const pending = this.#pending.length === 0 ? asBuffer(bytes) : Buffer.concat([this.#pending, bytes]);
    const out: Buffer[] = [];
    let at = 0;
    while (pending.length - at > SEALED_CHUNK_BYTES) {
      out.push(this.#open(pending.subarray(at, at + SEALED_CHUNK_BYTES), false));
      at += SEALED_CHUNK_BYTES;
    }
    this.#pending = pending.subarray(at);
    return out;
  }

  /** The input has ended: what is held is the last chunk. */
  finish(): Buffer {
    const last = this.#pending;
    this.#pending = Buffer.alloc(0);
    // An empty payload is still one sealed (empty) chunk: zero bytes means it was cut off.
    if (last.length === 0) throw agePayloadDamaged('the payload is missing (truncated after the nonce)', 'payload-missing');
    const first = this.#counter === 0;
    const plaintext = this.#open(last, true);
    // Only a file with no content at all ends with an empty chunk; after content, an empty
    // last chunk would give a second valid encoding of the same plaintext.
    if (plaintext.length === 0 && !first) throw agePayloadDamaged('the last chunk is empty after a full one', 'empty-last-chunk');
    this.#key.fill(0);
    return plaintext;
  }

  #open(sealed: Buffer, last: boolean): Buffer {
    // 2^48 chunks are 16 EiB: unreachable, but never let the counter wrap and repeat a nonce.
    if (this.#counter >= 2 ** 48) throw agePayloadDamaged('the payload has too many chunks', 'counter');
    this.#nonce.writeUIntBE(this.#counter, 5, 6);
    this.#nonce[11] = last ? 1 : 0;
    const plaintext = sealed.length < TAG_BYTES ? undefined : openAead(this.#key, this.#nonce, sealed);
    if (plaintext === undefined) {
      throw agePayloadDamaged(`payload chunk ${this.#counter} fails authentication (altered, truncated, or followed by extra bytes)`, 'chunk');
    }
    this.#counter++;
    return plaintext;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
