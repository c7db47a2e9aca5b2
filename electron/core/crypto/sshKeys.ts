import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { cryptoError } from './cryptoError';
import { armor, dearmor, decodeStrictBase64, SshReader, sshString, sshUint32 } from './sshWire';

/**
 * Ed25519 keys in the OpenSSH formats, so keys move freely between the app and stock
 * ssh-keygen. Node's crypto does the maths; it cannot read or write the OpenSSH
 * containers, which are small enough to do by hand here.
 */

export const ED25519 = 'ssh-ed25519';
const PRIVATE_KEY_LABEL = 'OPENSSH PRIVATE KEY';
const PRIVATE_KEY_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
/** Private sections are padded to the cipher block size; for "none" OpenSSH uses 8. */
const BLOCK_SIZE = 8;

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateSigningKey(): SigningKeyPair {
  return generateKeyPairSync('ed25519');
}

/** The 32 raw public key bytes; refuses any KeyObject that isn't an Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') {
    throw cryptoError('key-unsupported-type', `expected an Ed25519 public key, got ${publicKey.asymmetricKeyType ?? publicKey.type}`);
  }
  const { x } = publicKey.export({ format: 'jwk' });
  return Buffer.from(x ?? '', 'base64url');
}

/** The 32-byte seed of an Ed25519 private key. */
function rawPrivateSeed(privateKey: KeyObject): Buffer {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw cryptoError('key-unsupported-type', `expected an Ed25519 private key, got ${privateKey.asymmetricKeyType ?? privateKey.type}`);
  }
  const { d } = privateKey.export({ format: 'jwk' });
  return Buffer.from(d ?? '', 'base64url');
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw cryptoError('key-malformed', `an Ed25519 public key is 32 bytes, not ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** PKCS#8 wrapper for an Ed25519 seed (RFC 8410); Node derives the public half from it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw cryptoError('key-malformed', `an Ed25519 seed is 32 bytes, not ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The SSH wire blob of a public key: string "ssh-ed25519", string key. */
export function publicKeyBlob(publicKey: KeyObject): Buffer {
  return Buffer.concat([sshString(ED25519), sshString(rawPublicKey(publicKey))]);
}

/** Reads a public key blob (from a key line, a private key file or an SSHSIG). */
export function parsePublicKeyBlob(blob: Buffer): KeyObject {
  const reader = new SshReader(blob, 'key-malformed', 'public key');
  const type = reader.text();
  if (type !== ED25519) {
    throw cryptoError('key-unsupported-type', `only ssh-ed25519 keys are supported, not ${type}`, { keyType: type });
  }
  const raw = reader.string();
  reader.end();
  return publicKeyFromRaw(raw);
}

/** 'ssh-ed25519 AAAA… comment', one line as in authorized_keys and *.pub files. */
export function toOpenSshPublicKey(publicKey: KeyObject, comment?: string): string {
  const line = `${ED25519} ${publicKeyBlob(publicKey).toString('base64')}`;
  const clean = comment?.trim();
  if (clean !== undefined && /[\r\n]/.test(clean)) throw cryptoError('key-malformed', 'a key comment cannot contain line breaks');
  return clean ? `${line} ${clean}` : line;
}

/** Parses one public key line (as in a *.pub file); the comment is ignored. */
export function parseOpenSshPublicKey(line: string): KeyObject {
  const fields = line.trim().split(/\s+/);
  const [type, base64] = fields;
  if (type === undefined || type === '' || base64 === undefined) {
    throw cryptoError('key-malformed', 'a public key line is "ssh-ed25519 AAAA… comment"');
  }
  if (type !== ED25519) {
    throw cryptoError('key-unsupported-type', `only ssh-ed25519 keys are supported, not ${type}`, { keyType: type });
  }
  const blob = decodeStrictBase64(base64, 'key-malformed', 'public key');
  // The blob names its own type; a line claiming ed25519 over another key is malformed.
  return parsePublicKeyBlob(blob);
}

/** 'SHA256:…' exactly as `ssh-keygen -l` prints: unpadded base64 of SHA-256 of the blob. */
export function fingerprint(publicKey: KeyObject): string {
  const digest = createHash('sha256').update(publicKeyBlob(publicKey)).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** Throws unless the private key's public half is `publicKey`. */
export function assertKeyPair(privateKey: KeyObject, publicKey: KeyObject): void {
  const derived = rawPublicKey(createPublicKey(privateKey));
  if (!derived.equals(rawPublicKey(publicKey))) {
    throw cryptoError('key-mismatch', 'the public key does not belong to the private key');
  }
}

/**
 * The unencrypted openssh-key-v1 format that `ssh-keygen -t ed25519 -N ''` writes:
 * cipher and KDF "none", one key, a private section of two equal random check integers,
 * the key, its comment and padding 1, 2, 3… to the block size.
 */
export function toOpenSshPrivateKey(privateKey: KeyObject, publicKey: KeyObject, comment = ''): string {
  assertKeyPair(privateKey, publicKey);
  const publicRaw = rawPublicKey(publicKey);
  const checkInt = randomBytes(4);
  const section = Buffer.concat([
    checkInt,
    checkInt,
    sshString(ED25519),
    sshString(publicRaw),
    // OpenSSH stores the 64-byte "secret key" of the ref10 API: seed followed by public key.
    sshString(Buffer.concat([rawPrivateSeed(privateKey), publicRaw])),
    sshString(comment),
  ]);
  const padLength = (BLOCK_SIZE - (section.length % BLOCK_SIZE)) % BLOCK_SIZE;
  const padding = Buffer.from(Array.from({ length: padLength }, (_, i) => i + 1));
  const body = Buffer.concat([
    PRIVATE_KEY_MAGIC,
    sshString('none'),
    sshString('none'),
    sshString(Buffer.alloc(0)),
    sshUint32(1),
    sshString(publicKeyBlob(publicKey)),
    sshString(Buffer.concat([section, padding])),
  ]);
  return armor(PRIVATE_KEY_LABEL, body);
}

export interface ParsedPrivateKey extends SigningKeyPair {
  comment: string;
}

/** Reads an unencrypted ed25519 key in the openssh-key-v1 format. */
export function parseOpenSshPrivateKey(text: string): ParsedPrivateKey {
  if (/-----BEGIN (RSA|EC|DSA|ENCRYPTED)? ?PRIVATE KEY-----/.test(text)) {
    throw cryptoError('key-unsupported-type', 'only OpenSSH-format ed25519 private keys are supported (PEM/PKCS#8 key given)');
  }
  const body = dearmor(text, PRIVATE_KEY_LABEL, 'key-malformed', 'private key');
  const reader = new SshReader(body, 'key-malformed', 'private key');
  if (!reader.raw(PRIVATE_KEY_MAGIC.length).equals(PRIVATE_KEY_MAGIC)) throw reader.fail('is not in the openssh-key-v1 format');
  const cipher = reader.text();
  const kdf = reader.text();
  reader.string(); // KDF options: empty for "none", salt and rounds otherwise
  if (cipher !== 'none' || kdf !== 'none') {
    throw cryptoError(
      'key-encrypted',
      'passphrase-protected OpenSSH keys are not supported: remove the passphrase with `ssh-keygen -p -f KEYFILE` first',
      { cipher, kdf },
    );
  }
  if (reader.uint32() !== 1) throw reader.fail('holds more than one key');
  const publicKey = parsePublicKeyBlob(reader.string());
  const section = reader.string();
  reader.end();

  const inner = new SshReader(section, 'key-malformed', 'private key');
  // Equal check integers prove decryption worked; for "none" they catch corruption.
  if (inner.uint32() !== inner.uint32()) throw inner.fail('is corrupt (check integers differ)');
  const type = inner.text();
  if (type !== ED25519) throw cryptoError('key-unsupported-type', `only ssh-ed25519 keys are supported, not ${type}`, { keyType: type });
  const publicRaw = inner.string();
  const secret = inner.string();
  const comment = inner.text();
  const padding = inner.raw(inner.remaining);
  if (padding.length >= BLOCK_SIZE || !padding.every((byte, i) => byte === i + 1)) throw inner.fail('has bad padding');
  if (secret.length !== 64) throw inner.fail(`has a ${secret.length}-byte ed25519 secret, not 64`);
  if (!publicRaw.equals(rawPublicKey(publicKey)) || !secret.subarray(32).equals(publicRaw)) {
    throw inner.fail('is corrupt (public key copies differ)');
  }
  const privateKey = privateKeyFromSeed(secret.subarray(0, 32));
  // The public key is derived from the seed, so this catches a file whose halves don't pair.
  assertKeyPair(privateKey, publicKey);
  return { privateKey, publicKey, comment };
}
