import { parseAgeIdentity } from '../crypto/ageKeys';
import { cryptoError } from '../crypto/cryptoError';
import { fingerprint, parseOpenSshPrivateKey, type SigningKeyPair, toOpenSshPublicKey } from '../crypto/sshKeys';

/**
 * The private half of an identity, and the one text it is sealed as: the OpenSSH
 * private key followed by the age identity file, so `age -d` on the sealed file gives
 * something a person can split into the two stock files by hand.
 */

export interface PrivateKeys {
  signing: SigningKeyPair;
  /** `AGE-SECRET-KEY-1…` */
  ageIdentity: string;
  ageRecipient: string;
  /** `ssh-ed25519 AAAA…` without comment. */
  sshPublicKey: string;
  fingerprint: string;
  /** The texts as stock tools read them, kept as given so an export returns them unchanged. */
  sshPrivateKeyText: string;
  ageIdentityText: string;
}

const SSH_END = '-----END OPENSSH PRIVATE KEY-----';

/** Parses and cross-checks both keys; throws KEY_INVALID / KEY_UNSUPPORTED / KEY_ENCRYPTED. */
export async function parsePrivateKeys(sshPrivateKeyText: string, ageIdentityText: string): Promise<PrivateKeys> {
  const { privateKey, publicKey } = parseOpenSshPrivateKey(sshPrivateKeyText);
  const age = await parseAgeIdentity(ageIdentityText);
  return {
    signing: { privateKey, publicKey },
    ageIdentity: age.identity,
    ageRecipient: age.recipient,
    sshPublicKey: toOpenSshPublicKey(publicKey),
    fingerprint: fingerprint(publicKey),
    sshPrivateKeyText: withNewline(sshPrivateKeyText.trim()),
    ageIdentityText: withNewline(ageIdentityText.trim()),
  };
}

/** age-keygen's layout, so the export is byte-for-byte what a member is used to. */
export function ageIdentityFile(identity: string, recipient: string, createdAt: string): string {
  return `# created: ${createdAt}\n# public key: ${recipient}\n${identity}\n`;
}

export function serializePrivateKeys(keys: PrivateKeys): Uint8Array {
  return new TextEncoder().encode(`${keys.sshPrivateKeyText}${keys.ageIdentityText}`);
}

export async function deserializePrivateKeys(plain: Uint8Array): Promise<PrivateKeys> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw cryptoError('key-malformed', 'the sealed private keys are not text');
  }
  const end = text.indexOf(SSH_END);
  if (end < 0) throw cryptoError('key-malformed', 'the sealed private keys hold no OpenSSH private key');
  const split = end + SSH_END.length;
  return parsePrivateKeys(text.slice(0, split), text.slice(split));
}

function withNewline(text: string): string {
  return `${text}\n`;
}
