import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { decodeBech32 } from './bech32';
import { cryptoError } from './cryptoError';

/**
 * age keys, X25519 only. Panel members open packages with stock `age` 1.1.1, which
 * knows no post-quantum (`age1pq1…`), tag or plugin recipients, so anything but
 * X25519 is refused here rather than producing files a member cannot open.
 */

export interface AgeKeyPair {
  /** `AGE-SECRET-KEY-1…`: secret; never log it. */
  identity: string;
  /** `age1…`: the matching public recipient. */
  recipient: string;
}

// bech32 data characters; '1' is the separator, so a second '1' after "age1" means
// another recipient type ("age1pq1…", "age1tag1…", "age1yubikey1…").
const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
const X25519_IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

export async function generateAgeIdentity(): Promise<AgeKeyPair> {
  // Explicitly X25519: the library's generateIdentity() may switch to hybrid keys.
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** Validates one X25519 recipient (`age1…`, 62 characters) and returns it trimmed. */
export function parseAgeRecipient(text: string): string {
  const candidate = text.trim();
  const other = /^age1([a-z0-9]*)1/.exec(candidate);
  if (other !== null) {
    const kind = other[1] === 'pq' ? 'post-quantum hybrid (age1pq1…)' : `"${other[1] ?? ''}" (age1${other[1] ?? ''}1…)`;
    throw cryptoError(
      'age-recipient-unsupported',
      `age recipient type ${kind} is not supported: stock age 1.1.1 cannot use it; give an X25519 age1… recipient`,
      { kind: other[1] },
    );
  }
  if (/^(ssh-|ecdsa-)/.test(candidate)) {
    throw cryptoError('age-recipient-unsupported', 'SSH keys are not accepted as age recipients; give an X25519 age1… recipient');
  }
  if (!X25519_RECIPIENT.test(candidate)) {
    throw cryptoError('age-recipient-malformed', 'not an age recipient: expected age1 followed by 58 lowercase bech32 characters');
  }
  // The pattern cannot check the bech32 checksum; the library's own parser does.
  try {
    // Adding a key makes the library decode it at once, checksum included.
    new Encrypter().addRecipient(candidate);
  } catch {
    throw cryptoError('age-recipient-malformed', 'age recipient has a bad checksum (mistyped or cut off?)');
  }
  return candidate;
}

/**
 * Reads an identity as `age-keygen` writes it: `# created: …` and `# public key: age1…`
 * comments, then one `AGE-SECRET-KEY-1…` line. A bare key line is accepted too.
 * The error messages never quote the text, since it holds a secret.
 */
export async function parseAgeIdentity(text: string): Promise<AgeKeyPair> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line) => line.trim());
  const keys = lines.filter((line) => line !== '' && !line.startsWith('#'));
  const publicComment = lines.map((line) => /^#\s*public key:\s*(\S+)$/i.exec(line)?.[1]).find((k) => k !== undefined);
  if (keys.length === 0) {
    throw cryptoError('age-identity-malformed', 'no AGE-SECRET-KEY-1… line found in the identity');
  }
  if (keys.length > 1) {
    throw cryptoError('age-identity-malformed', `expected one age identity, found ${keys.length} key lines`, { lines: keys.length });
  }
  const identity = checkIdentity(keys[0] ?? '');
  const recipient = await identityToRecipient(identity);
  // A comment that disagrees with the key means the file was edited or mixed up.
  if (publicComment !== undefined && publicComment !== recipient) {
    throw cryptoError('key-mismatch', 'the "# public key:" comment does not match the secret key in the identity file', {
      comment: publicComment,
      recipient,
    });
  }
  return { identity, recipient };
}

/** Validates one bare `AGE-SECRET-KEY-1…` string (no comments) and returns it trimmed. */
export function checkIdentity(text: string): string {
  return identityScalar(text).identity;
}

/**
 * checkIdentity, also returning the 32-byte X25519 scalar the string encodes (secret:
 * callers import it as a non-extractable key and drop it). The checksum is checked by
 * our strict bech32 decoder rather than by `new Decrypter().addIdentity()`, which would
 * also start an unawaited X25519 public-key computation (~1 ms) on every call.
 */
export function identityScalar(text: string): { identity: string; scalar: Uint8Array } {
  const candidate = text.trim();
  if (candidate.startsWith('AGE-SECRET-KEY-PQ-1') || candidate.startsWith('AGE-PLUGIN-')) {
    throw cryptoError('age-identity-unsupported', 'only X25519 age identities (AGE-SECRET-KEY-1…) are supported');
  }
  if (!X25519_IDENTITY.test(candidate)) {
    throw cryptoError('age-identity-malformed', 'not an age identity: expected AGE-SECRET-KEY-1 followed by 58 bech32 characters');
  }
  const scalar = decodeBech32(candidate, 'AGE-SECRET-KEY-');
  if (scalar?.length !== 32) {
    throw cryptoError('age-identity-malformed', 'age identity has a bad checksum (damaged or cut off?)');
  }
  return { identity: candidate, scalar };
}
