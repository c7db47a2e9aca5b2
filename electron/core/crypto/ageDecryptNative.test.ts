import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash, createHmac, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { AgeIdentitySet, decryptFile, decryptWithIdentity, encryptToRecipients, generateAgeIdentity, type AgeKeyPair } from './age';
import { collect, dearmor, decryptStream, looksArmored, payloadFailure } from './ageCipher';
import { hkdf as nativeHkdf, nativeAgeAvailable, nativeX25519Key, probeNativeAge } from './ageDecryptNative';
import { identityScalar } from './ageKeys';
import { applyByteEdits, biasedByte, byteEdit, type ByteEdit } from '../../../test/helpers/byteEdits';

/**
 * The native age decryptor (Node's crypto) against stock age 1.1.1, the age-encryption
 * library it replaces on Node, and the CCTV test vectors stock age is tested with: it must
 * open exactly what they open, byte for byte, and refuse the rest with the same codes.
 *
 * Where the two engines may differ, by design (both refuse, the native one earlier):
 * - 'mac-length': a header MAC that is not 32 bytes is malformed (stock age, CCTV); the
 *   library parses it and then finds it unequal (damaged), or first fails to unwrap;
 * - 'scrypt-not-alone': an scrypt stanza beside others is malformed (age spec, CCTV); the
 *   library skips it, so it refuses only through the MAC or the unwrap.
 */

const haveAge = ['age', 'age-keygen'].every((tool) => spawnSync(tool, ['--version']).error === undefined);
const dir = mkdtempSync(join(tmpdir(), 'panel-review-age-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const tempPath = (name: string): string => join(dir, `${++counter}-${name}`);

const CHUNK = 64 * 1024;
const SEALED_CHUNK = CHUNK + 16;
const CODES = { 'age-no-matching-identity': 'AGE_NO_MATCHING_KEY', 'age-decrypt-failed': 'AGE_DAMAGED', 'age-malformed': 'AGE_MALFORMED' } as const;
/** Native refusals the library may report otherwise or later (see the top of the file). */
const STRICTER_CHECKS = new Set(['mac-length', 'scrypt-not-alone']);

type Outcome = { ok: true; plaintext: Buffer } | { ok: false; code: string; reason: unknown; check: unknown };

async function outcome(run: () => Promise<Uint8Array>): Promise<Outcome> {
  try {
    return { ok: true, plaintext: Buffer.from(await run()) };
  } catch (error) {
    // Anything but an AppError (a TypeError, a raw OpenSSL error) is a bug.
    if (!(error instanceof AppError)) throw error;
    expect(CODES[error.details?.reason as keyof typeof CODES], error.message).toBe(error.code);
    return { ok: false, code: error.code, reason: error.details?.reason, check: error.details?.check };
  }
}

/**
 * Streams `bytes` in pieces of the given sizes (cycled), through the streaming engine;
 * armor is decoded whole first, as decryptFile does.
 */
async function streamed(input: Uint8Array, set: AgeIdentitySet, pieces: readonly number[] = [1024 * 1024]): Promise<Uint8Array> {
  const bytes = input.length > 0 && looksArmored(input) ? dearmor(input) : input;
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const size = Math.max(1, pieces[i % pieces.length] ?? 1);
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      }
      controller.close();
    },
  });
  return collect(await decryptStream(source, set), payloadFailure);
}

interface Engines {
  pair: AgeKeyPair;
  native: AgeIdentitySet;
  library: AgeIdentitySet;
}

async function engines(pair?: AgeKeyPair): Promise<Engines> {
  const keys = pair ?? (await generateAgeIdentity());
  const native = await AgeIdentitySet.prepare([keys.identity]);
  const library = await AgeIdentitySet.prepare([keys.identity], { engine: 'library' });
  // Else every test below would compare the library with itself and prove nothing.
  expect(native.engine).toBe('native');
  expect(library.engine).toBe('library');
  return { pair: keys, native, library };
}

/** An outcome with the plaintext as its hash: deep equality on megabyte buffers is slow. */
function summary(result: Outcome): object {
  return result.ok ? { ok: true, sha256: createHash('sha256').update(result.plaintext).digest('hex') } : result;
}

/** Both engines, in memory and streamed: the three must agree, and the result is returned. */
async function compare(bytes: Uint8Array, e: Engines, pieces?: readonly number[]): Promise<Outcome> {
  const native = await outcome(() => decryptWithIdentity(bytes, e.native));
  const nativeStreamed = await outcome(() => streamed(bytes, e.native, pieces));
  const library = await outcome(() => decryptWithIdentity(bytes, e.library));
  // (Empty input is refused up front by decryptWithIdentity, so only the code can agree.)
  if (bytes.length > 0) expect(summary(nativeStreamed)).toEqual(summary(native));
  else expect(nativeStreamed).toMatchObject({ ok: false, code: 'AGE_MALFORMED' });
  expect(native.ok).toBe(library.ok);
  if (native.ok && library.ok) expect(native.plaintext.equals(library.plaintext)).toBe(true);
  if (!native.ok && !library.ok && native.code !== library.code) {
    // Only the documented stricter checks may answer differently, and only as malformed.
    expect(native.code).toBe('AGE_MALFORMED');
    expect(STRICTER_CHECKS.has(String(native.check)), `native ${String(native.check)} vs library ${library.code}`).toBe(true);
  }
  return native;
}

function run(cmd: string, args: string[], input?: Uint8Array): Buffer {
  const result = spawnSync(cmd, args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${result.stderr.toString()}`);
  return result.stdout;
}

function keyFile(pair: AgeKeyPair): string {
  const file = tempPath('key.txt');
  writeFileSync(file, `# public key: ${pair.recipient}\n${pair.identity}\n`, { mode: 0o600 });
  return file;
}

/** Deterministic, compressible-but-not-trivial plaintext of `size` bytes. */
function plaintextOf(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + (i >> 8)) & 0xff;
  return out;
}

describe('the runtime', () => {
  it('has the native engine in Node, and refuses it where the cipher is missing (Electron)', () => {
    expect(nativeAgeAvailable()).toBe(true);
    expect(probeNativeAge(['aes-256-gcm', 'chacha20'])).toBe(false);
  });

  it('derives keys as Node\'s hkdfSync does, with and without salt (RFC 5869 test case 1 too)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 40 }), (ikm, salt, info) => {
        const [i, s, n] = [Buffer.from(ikm), Buffer.from(salt), Buffer.from(info)];
        expect(nativeHkdf(i, s, n).equals(Buffer.from(hkdfSync('sha256', i, s, n, 32)))).toBe(true);
      }),
      { numRuns: 300 },
    );
    const okm = nativeHkdf(Buffer.alloc(22, 0x0b), Buffer.from('000102030405060708090a0b0c', 'hex'), Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex'));
    expect(okm.toString('hex')).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf');
  });
});

// 0 (one empty chunk), one byte, a chunk less one, exactly one chunk (a full last chunk),
// one more byte (an extra 1-byte chunk), two chunks, and 1 MiB.
const SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 1024 * 1024];

describe.skipIf(!haveAge)('files written by stock age 1.1.1', () => {
  let first: Engines;
  let second: Engines;
  beforeAll(async () => {
    first = await engines();
    second = await engines();
  });

  it.each(SIZES)('%i bytes to one recipient: what age -d writes, in memory and streamed', async (size) => {
    const plain = plaintextOf(size);
    const sealed = run('age', ['-r', first.pair.recipient], plain);
    const stock = run('age', ['-d', '-i', keyFile(first.pair)], sealed);
    expect(stock.equals(plain)).toBe(true);
    const result = await compare(sealed, first, [7, 65_551, 3, 1 << 20]);
    expect(result.ok && result.plaintext.equals(stock)).toBe(true);
    // And through files, the way panel packages are opened.
    const input = tempPath('stock.age');
    const output = tempPath('plain.out');
    writeFileSync(input, sealed);
    await decryptFile(input, output, first.native);
    expect(readFileSync(output).equals(stock)).toBe(true);
  });

  it.each([0, CHUNK + 1])('%i bytes to two recipients (and armored): either identity opens it', async (size) => {
    const plain = plaintextOf(size);
    for (const armor of [[], ['-a']]) {
      const sealed = run('age', ['-r', first.pair.recipient, '-r', second.pair.recipient, ...armor], plain);
      for (const e of [first, second]) {
        const stock = run('age', ['-d', '-i', keyFile(e.pair)], sealed);
        const result = await compare(sealed, e);
        expect(result.ok && result.plaintext.equals(stock)).toBe(true);
      }
      const stranger = await compare(sealed, await engines());
      expect(stranger).toMatchObject({ ok: false, code: 'AGE_NO_MATCHING_KEY' });
    }
  });
});

describe('files written by the library (what the app writes)', () => {
  it.each(SIZES)('%i bytes: the plaintext, and stock age -d agrees', async (size) => {
    const e = await engines();
    const plain = plaintextOf(size);
    const sealed = await encryptToRecipients(plain, [e.pair.recipient]);
    const result = await compare(sealed, e, [1, 2, 3, 100_000]);
    expect(result.ok && result.plaintext.equals(plain)).toBe(true);
    if (haveAge) expect(run('age', ['-d', '-i', keyFile(e.pair)], sealed).equals(plain)).toBe(true);
  });
});

/** Where the parts of a binary age file are. */
function layout(sealed: Buffer) {
  const macLine = sealed.indexOf('\n--- ') + 1;
  const headerEnd = sealed.indexOf('\n', macLine) + 1;
  const firstStanza = sealed.indexOf('-> X25519 ');
  const firstBody = sealed.indexOf('\n', firstStanza) + 1;
  return { firstStanza, firstBody, macLine, headerEnd, payload: headerEnd + 16 };
}

const flip = (bytes: Buffer, at: number, bit = 0): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ (1 << bit);
  return copy;
};
const splice = (bytes: Buffer, at: number, remove: number, insert: string | Buffer = ''): Buffer =>
  Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at + remove)]);
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** The last base64 character with its unused low bit set: the same bytes to a lenient decoder. */
const strayBits = (bytes: Buffer, at: number): Buffer => {
  const index = BASE64.indexOf(String.fromCharCode(bytes[at] ?? 0));
  expect(index % 4).toBe(0);
  return splice(bytes, at, 1, BASE64[index | 1]);
};
/** A base64 character of the header swapped for another valid one: the file still parses. */
const swapBase64 = (bytes: Buffer, at: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at] === 0x41 ? 0x42 : 0x41;
  return copy;
};

describe('every mutation of a real file is refused, with the code of what was hit', () => {
  // Two recipients (stock age orders them as given) and three chunks, the last one short.
  let e: Engines;
  let other: AgeKeyPair;
  let sealed: Buffer;
  let at: ReturnType<typeof layout>;
  beforeAll(async () => {
    e = await engines();
    other = await generateAgeIdentity();
    const plain = plaintextOf(2 * CHUNK + 100);
    sealed = haveAge ? run('age', ['-r', other.recipient, '-r', e.pair.recipient], plain) : Buffer.from(await encryptToRecipients(plain, [other.recipient, e.pair.recipient]));
    at = layout(sealed);
    const whole = await compare(sealed, e);
    expect(whole.ok && whole.plaintext.equals(plain)).toBe(true);
  });

  const secondStanza = () => sealed.indexOf('-> X25519 ', at.firstStanza + 1);
  const stanzaText = (start: number) => sealed.subarray(start, sealed.indexOf('\n', sealed.indexOf('\n', start) + 1) + 1);
  const chunkStart = (n: number) => at.payload + n * SEALED_CHUNK;

  const cases: Array<[string, () => Buffer, string, string?]> = [
    // Truncation at each structural point.
    ['empty', () => sealed.subarray(0, 0), 'AGE_MALFORMED'],
    ['cut inside the version line', () => sealed.subarray(0, 10), 'AGE_MALFORMED', 'header-truncated'],
    ['cut after the version line', () => sealed.subarray(0, 22), 'AGE_MALFORMED', 'header-truncated'],
    ['cut inside a stanza line', () => sealed.subarray(0, at.firstStanza + 12), 'AGE_MALFORMED', 'header-truncated'],
    ['cut inside a stanza body', () => sealed.subarray(0, at.firstBody + 20), 'AGE_MALFORMED', 'header-truncated'],
    ['cut before the MAC line', () => sealed.subarray(0, at.macLine), 'AGE_MALFORMED', 'header-truncated'],
    ['cut inside the MAC line', () => sealed.subarray(0, at.macLine + 20), 'AGE_MALFORMED', 'header-truncated'],
    ['cut before its newline', () => sealed.subarray(0, at.headerEnd - 1), 'AGE_MALFORMED', 'header-truncated'],
    ['cut after the header', () => sealed.subarray(0, at.headerEnd), 'AGE_MALFORMED', 'nonce'],
    ['cut inside the nonce', () => sealed.subarray(0, at.headerEnd + 9), 'AGE_MALFORMED', 'nonce'],
    ['cut after the nonce', () => sealed.subarray(0, at.payload), 'AGE_DAMAGED', 'payload-missing'],
    ['cut inside the first chunk', () => sealed.subarray(0, at.payload + 1000), 'AGE_DAMAGED', 'chunk'],
    ['cut at the first chunk boundary', () => sealed.subarray(0, chunkStart(1)), 'AGE_DAMAGED', 'chunk'],
    ['cut at the second chunk boundary', () => sealed.subarray(0, chunkStart(2)), 'AGE_DAMAGED', 'chunk'],
    ['cut one byte after a boundary', () => sealed.subarray(0, chunkStart(2) + 1), 'AGE_DAMAGED', 'chunk'],
    ['cut inside the last tag', () => sealed.subarray(0, sealed.length - 1), 'AGE_DAMAGED', 'chunk'],
    // Bit flips.
    ['a flipped version byte', () => flip(sealed, 5), 'AGE_MALFORMED', 'version'],
    ['a non-ASCII byte in the header', () => flip(sealed, at.firstStanza + 3, 7), 'AGE_MALFORMED', 'header-character'],
    ['an altered share of our stanza', () => swapBase64(sealed, secondStanza() + 12), 'AGE_NO_MATCHING_KEY'],
    ['an altered body of our stanza', () => swapBase64(sealed, sealed.indexOf('\n', secondStanza()) + 3), 'AGE_NO_MATCHING_KEY'],
    ['an altered share of the other stanza', () => swapBase64(sealed, at.firstStanza + 12), 'AGE_DAMAGED'],
    ['an altered MAC', () => swapBase64(sealed, at.macLine + 10), 'AGE_DAMAGED'],
    ['a flipped nonce bit', () => flip(sealed, at.headerEnd + 3), 'AGE_DAMAGED', 'chunk'],
    ['a flipped bit in chunk 0', () => flip(sealed, chunkStart(0) + 500), 'AGE_DAMAGED', 'chunk'],
    ['a flipped bit in chunk 1', () => flip(sealed, chunkStart(1) + 500), 'AGE_DAMAGED', 'chunk'],
    ['a flipped bit in the last chunk', () => flip(sealed, chunkStart(2) + 50), 'AGE_DAMAGED', 'chunk'],
    ['a flipped bit in a tag', () => flip(sealed, chunkStart(1) - 3), 'AGE_DAMAGED', 'chunk'],
    // Chunks moved: the counter in the nonce catches it.
    ['two chunks swapped', () => Buffer.concat([sealed.subarray(0, chunkStart(0)), sealed.subarray(chunkStart(1), chunkStart(2)), sealed.subarray(chunkStart(0), chunkStart(1)), sealed.subarray(chunkStart(2))]), 'AGE_DAMAGED', 'chunk'],
    ['a chunk dropped', () => splice(sealed, chunkStart(1), SEALED_CHUNK), 'AGE_DAMAGED', 'chunk'],
    // Trailing data.
    ['one byte appended', () => Buffer.concat([sealed, Buffer.from([0])]), 'AGE_DAMAGED', 'chunk'],
    ['a tag appended', () => Buffer.concat([sealed, sealed.subarray(sealed.length - 16)]), 'AGE_DAMAGED', 'chunk'],
    ['a full chunk appended', () => Buffer.concat([sealed, sealed.subarray(chunkStart(0), chunkStart(1))]), 'AGE_DAMAGED', 'chunk'],
    // Non-canonical base64: the same bytes spelled another way (stray low bits, padding).
    ['a share with stray low bits', () => strayBits(sealed, sealed.indexOf('\n', secondStanza()) - 1), 'AGE_MALFORMED', 'base64'],
    ['a padded share', () => splice(sealed, sealed.indexOf('\n', secondStanza()), 0, '='), 'AGE_MALFORMED', 'base64'],
    ['a padded MAC', () => splice(sealed, at.headerEnd - 1, 0, '='), 'AGE_MALFORMED', 'base64'],
    ['a body line with a space', () => splice(sealed, sealed.indexOf('\n', secondStanza()) + 5, 0, ' '), 'AGE_MALFORMED', 'base64'],
    ['a shortened MAC', () => splice(sealed, at.headerEnd - 6, 4), 'AGE_MALFORMED', 'mac-length'],
    // 4n+1 characters hold no whole byte in the last one: no encoder writes that.
    ['a MAC of 4n+1 characters', () => splice(sealed, at.headerEnd - 1, 0, 'AA'), 'AGE_MALFORMED', 'base64'],
    // Control characters: a tab would make "X25519\tshare" one unknown stanza type, a CR
    // before the newline another spelling of the same stanza.
    ['a tab in a stanza line', () => splice(sealed, at.firstStanza + 9, 1, '\t'), 'AGE_MALFORMED', 'header-character'],
    ['a CR before a stanza line\'s newline', () => splice(sealed, at.firstBody - 1, 0, '\r'), 'AGE_MALFORMED', 'header-character'],
    // Stanzas duplicated, reordered, added: the MAC covers the header.
    ['our stanza duplicated', () => splice(sealed, at.macLine, 0, stanzaText(secondStanza())), 'AGE_DAMAGED'],
    ['the stanzas reordered', () => Buffer.concat([sealed.subarray(0, at.firstStanza), stanzaText(secondStanza()), stanzaText(at.firstStanza), sealed.subarray(at.macLine)]), 'AGE_DAMAGED'],
    ['a stanza of an unknown type added', () => splice(sealed, at.macLine, 0, '-> example.com/grease x\nAAAA\n'), 'AGE_DAMAGED'],
    ['an scrypt stanza mixed in', () => splice(sealed, at.macLine, 0, '-> scrypt c2FsdHNhbHRzYWx0c2FsdA 18\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n'), 'AGE_MALFORMED', 'scrypt-not-alone'],
    ['an X25519 stanza with an extra argument', () => splice(sealed, sealed.indexOf('\n', at.firstStanza), 0, ' extra'), 'AGE_MALFORMED', 'x25519-arguments'],
    ['a stanza with an empty argument', () => splice(sealed, at.firstStanza + 9, 0, ' '), 'AGE_MALFORMED', 'stanza-arguments'],
    ['a line that is neither stanza nor MAC', () => splice(sealed, at.macLine, 0, 'hello\n'), 'AGE_MALFORMED', 'header-line'],
    ['CRLF line ends', () => splice(sealed, 21, 0, '\r'), 'AGE_MALFORMED', 'version'],
    ['an unknown version line', () => splice(sealed, 0, 21, 'age-encryption.org/v2'), 'AGE_MALFORMED', 'version'],
  ];

  it.each(cases)('%s', async (_name, make, code, check) => {
    const damaged = make();
    const native = await compare(damaged, e, [5, 65_552, 1]);
    expect(native).toMatchObject({ ok: false, code });
    if (check !== undefined) expect(native).toMatchObject({ check });
  });

  it('with a key it was not sealed to', async () => {
    expect(await compare(sealed, await engines())).toMatchObject({ ok: false, code: 'AGE_NO_MATCHING_KEY' });
  });
});

/**
 * Files assembled by hand with a valid MAC, for the rules a mutation cannot reach: the
 * MAC would catch the mutation first. The assembler is checked against stock age and the
 * library on the plain case first.
 */
describe('hand-assembled files', () => {
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64').replace(/=+$/, '');
  const seal = (key: Buffer, nonce: Buffer, plain: Buffer): Buffer => {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  const hkdf = (ikm: Buffer, salt: Buffer, info: string): Buffer => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
  const bodyLines = (body: Buffer): string => {
    let out = '';
    for (let i = 0; i < body.length; i += 48) out += `${b64(body.subarray(i, i + 48))}\n`;
    return body.length % 48 === 0 ? `${out}\n` : out;
  };

  /** An X25519 stanza wrapping `fileKey` to the identity's public key. */
  function x25519Stanza(identity: string, fileKey: Buffer, share?: Buffer): string {
    const { publicKey: recipient } = nativeX25519Key(identityScalar(identity).scalar);
    const ephemeral = generateKeyPairSync('x25519');
    const ours = share ?? Buffer.from(ephemeral.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    const secret = share === undefined ? diffieHellman({ privateKey: ephemeral.privateKey, publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: recipient.toString('base64url') }, format: 'jwk' }) }) : Buffer.alloc(32);
    const wrapKey = hkdf(secret, Buffer.concat([ours, recipient]), 'age-encryption.org/v1/X25519');
    return `-> X25519 ${b64(ours)}\n${bodyLines(seal(wrapKey, Buffer.alloc(12), fileKey))}`;
  }

  /** A whole file: the header text between version and MAC, a correct MAC, and the payload chunks as given. */
  function assemble(stanzas: string, fileKey: Buffer, chunks: Array<{ plain: Buffer; last: boolean }>): Buffer {
    const covered = Buffer.from(`age-encryption.org/v1\n${stanzas}---`, 'latin1');
    const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(covered).digest();
    const nonce = randomBytes(16);
    const streamKey = hkdf(fileKey, nonce, 'payload');
    const sealedChunks = chunks.map(({ plain, last }, i) => {
      const chunkNonce = Buffer.alloc(12);
      chunkNonce.writeUIntBE(i, 5, 6);
      chunkNonce[11] = last ? 1 : 0;
      return seal(streamKey, chunkNonce, plain);
    });
    return Buffer.concat([covered, Buffer.from(` ${b64(mac)}\n`, 'latin1'), nonce, ...sealedChunks]);
  }

  let e: Engines;
  const fileKey = randomBytes(16);
  const plain = Buffer.from('{"专家":"张三","总分":92}\n', 'utf8');
  const one = [{ plain, last: true }];
  beforeAll(async () => {
    e = await engines();
  });

  it('the assembler writes what stock age and the library open', async () => {
    const file = assemble(x25519Stanza(e.pair.identity, fileKey), fileKey, one);
    const result = await compare(file, e);
    expect(result.ok && result.plaintext.equals(plain)).toBe(true);
    if (haveAge) expect(run('age', ['-d', '-i', keyFile(e.pair)], file).equals(plain)).toBe(true);
  });

  it('opens duplicated, reordered and unknown stanzas when the MAC covers them (the format allows them)', async () => {
    const ours = x25519Stanza(e.pair.identity, fileKey);
    const stranger = x25519Stanza((await generateAgeIdentity()).identity, fileKey);
    for (const stanzas of [ours + ours, stranger + ours, `-> example.com/grease a b\nZm9v\n${ours}`, ours + stranger]) {
      const result = await compare(assemble(stanzas, fileKey, one), e);
      expect(result.ok && result.plaintext.equals(plain)).toBe(true);
    }
  });

  it('refuses an scrypt stanza beside an X25519 one, which the library would open', async () => {
    const file = assemble(`${x25519Stanza(e.pair.identity, fileKey)}-> scrypt c2FsdHNhbHRzYWx0c2FsdA 18\n${'A'.repeat(43)}\n`, fileKey, one);
    expect(await outcome(() => decryptWithIdentity(file, e.native))).toMatchObject({ ok: false, code: 'AGE_MALFORMED', check: 'scrypt-not-alone' });
    expect(await outcome(() => decryptWithIdentity(file, e.library))).toMatchObject({ ok: true });
  });

  it('refuses a low-order share (an all-zero shared secret, whatever our key)', async () => {
    for (const share of [Buffer.alloc(32), Buffer.concat([Buffer.from([1]), Buffer.alloc(31)])]) {
      const file = assemble(x25519Stanza(e.pair.identity, fileKey, share), fileKey, one);
      expect(await compare(file, e)).toMatchObject({ ok: false, code: 'AGE_MALFORMED', check: 'x25519-low-order' });
    }
  });

  it('refuses an empty last chunk after a full one, a missing last flag, and two last chunks', async () => {
    const full = randomBytes(CHUNK);
    const variants: Array<[Array<{ plain: Buffer; last: boolean }>, string]> = [
      [[{ plain: full, last: false }, { plain: Buffer.alloc(0), last: true }], 'empty-last-chunk'],
      [[{ plain: full, last: false }, { plain, last: false }], 'chunk'],
      [[{ plain: full, last: true }, { plain, last: true }], 'chunk'],
      [[{ plain: full, last: false }], 'chunk'],
    ];
    for (const [chunks, check] of variants) {
      expect(await compare(assemble(x25519Stanza(e.pair.identity, fileKey), fileKey, chunks), e)).toMatchObject({ ok: false, code: 'AGE_DAMAGED', check });
    }
    // While one empty chunk is an empty file, and a full last chunk ends a file of exactly 64 KiB.
    expect(await compare(assemble(x25519Stanza(e.pair.identity, fileKey), fileKey, [{ plain: Buffer.alloc(0), last: true }]), e)).toMatchObject({ ok: true });
    const exact = await compare(assemble(x25519Stanza(e.pair.identity, fileKey), fileKey, [{ plain: full, last: true }]), e);
    expect(exact.ok && exact.plaintext.equals(full)).toBe(true);
  });
});

/** C2SP's CCTV vectors: the conformance suite of stock age (testdata/cctv-age/README.md). */
describe('CCTV age test vectors', () => {
  const vectorDir = fileURLToPath(new URL('./testdata/cctv-age/', import.meta.url));
  const EXPECT: Record<string, string> = {
    success: 'OK',
    'no match': 'AGE_NO_MATCHING_KEY',
    'HMAC failure': 'AGE_DAMAGED',
    'header failure': 'AGE_MALFORMED',
    'payload failure': 'AGE_DAMAGED',
    'armor failure': 'AGE_MALFORMED',
  };
  const vectors = readdirSync(vectorDir)
    .filter((name) => !name.includes('.') && name !== 'README')
    .map((name) => {
      const raw = readFileSync(join(vectorDir, name));
      const split = raw.indexOf('\n\n');
      const meta = new Map<string, string[]>();
      for (const line of raw.subarray(0, split).toString('latin1').split('\n')) {
        const [key = '', value = ''] = line.split(/: (.*)/s);
        meta.set(key, [...(meta.get(key) ?? []), value]);
      }
      const body = raw.subarray(split + 2);
      return { name, meta, file: meta.get('compressed')?.[0] === 'zlib' ? inflateSync(body) : body };
    });

  it('has the vectors', () => {
    expect(vectors.length).toBe(97);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
    const identities = vector.meta.get('identity') ?? [];
    const native = await AgeIdentitySet.prepare(identities);
    expect(native.engine).toBe('native');
    const got = await outcome(() => decryptWithIdentity(vector.file, native));
    const want = EXPECT[vector.meta.get('expect')?.[0] ?? ''];
    expect(got.ok ? 'OK' : got.code, vector.meta.get('comment')?.[0]).toBe(want);
    if (got.ok) expect(createHash('sha256').update(got.plaintext).digest('hex')).toBe(vector.meta.get('payload')?.[0]);
    // The library refuses the same files, if not always for the same reason.
    const library = await outcome(async () => decryptWithIdentity(vector.file, await AgeIdentitySet.prepare(identities, { engine: 'library' })));
    expect(library.ok).toBe(got.ok);
  });
});

/** Random damage: the native engine accepts exactly what the library accepts. */
describe('differential: native and library engines on random mutations', () => {
  const byte = biasedByte('-> X25519AQgw+/=\n\r 0');

  function edits(headerEnd: number): fc.Arbitrary<ByteEdit[]> {
    // Half the positions fall in the header, nonce and first bytes of the payload.
    const at = fc.oneof(fc.nat({ max: headerEnd + 24 }), fc.nat({ max: 1 << 20 }));
    return fc.array(byteEdit({ at, byte, maxDelete: 20, maxInsert: 8, maxAppend: 20 }), { minLength: 1, maxLength: 3 });
  }

  const pieces = fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 4 });

  it('a small file the app wrote (one chunk, one recipient)', async () => {
    const e = await engines();
    const plain = Buffer.from('{"format":"panel-review/scores@1","payload":"e30="}\n');
    const sealed = Buffer.from(await encryptToRecipients(plain, [e.pair.recipient]));
    await fc.assert(
      fc.asyncProperty(edits(layout(sealed).headerEnd), pieces, async (list, sizes) => {
        const result = await compare(applyByteEdits(sealed, list), e, sizes);
        if (result.ok) expect(result.plaintext.equals(plain)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it.skipIf(!haveAge)('a file stock age wrote (two recipients, two chunks)', async () => {
    const e = await engines();
    const other = await generateAgeIdentity();
    const plain = plaintextOf(CHUNK + 300);
    const sealed = run('age', ['-r', e.pair.recipient, '-r', other.recipient], plain);
    await fc.assert(
      fc.asyncProperty(edits(layout(sealed).headerEnd), pieces, async (list, sizes) => {
        const result = await compare(applyByteEdits(sealed, list), e, sizes);
        if (result.ok) expect(result.plaintext.equals(plain)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
