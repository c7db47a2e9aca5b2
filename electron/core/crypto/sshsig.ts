import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { cryptoError } from './cryptoError';
import { assertKeyPair, ED25519, fingerprint, parsePublicKeyBlob, publicKeyBlob, rawPublicKey } from './sshKeys';
import { armor, dearmor, SshReader, sshString, sshUint32 } from './sshWire';

/**
 * SSHSIG, the detached signature format of `ssh-keygen -Y sign` (OpenSSH PROTOCOL.sshsig).
 * Using it means any signature the app makes can be checked with stock ssh-keygen alone.
 * The namespace is signed too, so a signature made for one purpose (a key card) can never
 * be replayed as another (a score bundle).
 */

export const SSHSIG_NAMESPACES = {
  keyCard: 'panel-review-key-card',
  panel: 'panel-review-panel',
  scores: 'panel-review-scores',
} as const;

const LABEL = 'SSH SIGNATURE';
const MAGIC = Buffer.from('SSHSIG', 'latin1');
const VERSION = 1;
/** ssh-keygen signs with sha512; sha256 is the only other hash the format allows. */
const SIGN_HASH = 'sha512';
const VERIFY_HASHES = new Set(['sha512', 'sha256']);

/** The bytes the key actually signs: the message is hashed, then framed with its context. */
function signedData(message: Buffer, namespace: string, hashAlgorithm: string): Buffer {
  return Buffer.concat([
    MAGIC,
    sshString(namespace),
    sshString(''), // reserved
    sshString(hashAlgorithm),
    sshString(createHash(hashAlgorithm).update(message).digest()),
  ]);
}

function assertNamespace(namespace: string): void {
  // ssh-keygen refuses an empty namespace; a signature without a purpose is replayable.
  if (namespace.length === 0) throw cryptoError('signature-unsupported', 'an SSHSIG namespace cannot be empty');
}

/** Returns the armored signature byte for byte as `ssh-keygen -Y sign -n NAMESPACE` writes it. */
export function signSshsig(message: Buffer, privateKey: KeyObject, publicKey: KeyObject, namespace: string): string {
  assertNamespace(namespace);
  assertKeyPair(privateKey, publicKey);
  const signature = sign(null, signedData(message, namespace, SIGN_HASH), privateKey);
  const blob = Buffer.concat([
    MAGIC,
    sshUint32(VERSION),
    sshString(publicKeyBlob(publicKey)),
    sshString(namespace),
    sshString(''),
    sshString(SIGN_HASH),
    sshString(Buffer.concat([sshString(ED25519), sshString(signature)])),
  ]);
  return armor(LABEL, blob);
}

export interface VerifySshsigOptions {
  namespace: string;
  /** If given, the signing key must be one of these (compared by key bytes). */
  allowedKeys?: readonly KeyObject[];
}

export interface VerifiedSshsig {
  publicKey: KeyObject;
  fingerprint: string;
}

/** Verifies an armored SSHSIG over `message`; throws a clear AppError on any mismatch. */
export function verifySshsig(message: Buffer, armored: string, options: VerifySshsigOptions): VerifiedSshsig {
  assertNamespace(options.namespace);
  const blob = dearmor(armored, LABEL, 'signature-malformed', 'signature');
  const reader = new SshReader(blob, 'signature-malformed', 'signature');
  if (!reader.raw(MAGIC.length).equals(MAGIC)) throw reader.fail('is not an SSHSIG signature');
  const version = reader.uint32();
  if (version !== VERSION) throw cryptoError('signature-unsupported', `SSHSIG version ${version} is not supported`, { version });
  const publicKey = parsePublicKeyBlob(reader.string());
  const namespace = reader.text();
  reader.string(); // reserved: OpenSSH ignores its contents, so do we
  const hashAlgorithm = reader.text();
  const signatureBlob = reader.string();
  reader.end();

  if (namespace !== options.namespace) {
    throw cryptoError(
      'signature-namespace-mismatch',
      `the signature is for "${namespace}", not "${options.namespace}"`,
      { expected: options.namespace, actual: namespace },
    );
  }
  if (!VERIFY_HASHES.has(hashAlgorithm)) {
    throw cryptoError('signature-unsupported', `SSHSIG hash algorithm ${hashAlgorithm} is not supported`, { hashAlgorithm });
  }

  const inner = new SshReader(signatureBlob, 'signature-malformed', 'signature');
  const signatureType = inner.text();
  if (signatureType !== ED25519) {
    throw cryptoError('signature-unsupported', `only ssh-ed25519 signatures are supported, not ${signatureType}`, { signatureType });
  }
  const signature = inner.string();
  inner.end();
  if (signature.length !== 64) throw inner.fail(`has a ${signature.length}-byte ed25519 signature, not 64`);

  const print = fingerprint(publicKey);
  if (options.allowedKeys !== undefined) {
    const raw = rawPublicKey(publicKey);
    if (!options.allowedKeys.some((allowed) => rawPublicKey(allowed).equals(raw))) {
      throw cryptoError('signature-key-not-allowed', `the signature was made by key ${print}, which is not allowed here`, { fingerprint: print });
    }
  }
  if (!verify(null, signedData(message, namespace, hashAlgorithm), publicKey, signature)) {
    throw cryptoError('signature-invalid', 'the signature does not match the data (altered data or signature)', { fingerprint: print });
  }
  return { publicKey, fingerprint: print };
}
