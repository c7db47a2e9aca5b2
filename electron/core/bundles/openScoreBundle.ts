import { createHash } from 'node:crypto';
import type { ScoreBundlePayload } from '../../../shared/domain/scoreBundle';
import { decryptWithIdentity, type AgeIdentitySet } from '../crypto/age';
import { toOpenSshPublicKey } from '../crypto/sshKeys';
import { SSHSIG_NAMESPACES, verifySshsig, type VerifiedSshsig } from '../crypto/sshsig';
import { bundleMalformed, withFile } from './bundleErrors';
import { decodeEnvelope, decodePayload, MAX_BUNDLE_BYTES } from './bundleFormat';

export interface OpenScoreBundleInput {
  /** The `.prscores` file as received (binary or armored age). */
  bytes: Uint8Array;
  /**
   * The secretary's age identities (`AGE-SECRET-KEY-1…`), or the same prepared once with
   * AgeIdentitySet.prepare when a batch of bundles is imported (saves a key import each).
   */
  identities: readonly string[] | AgeIdentitySet;
  /** The file's name, for messages only: nothing is read or written here. */
  file: string;
}

export interface OpenedScoreBundle {
  payload: ScoreBundlePayload;
  /** The exact signed bytes (canonical JSON), e.g. for the audit log. */
  payloadBytes: Uint8Array;
  /** The envelope's armored SSHSIG over payloadBytes, as received: the merge keeps it to prove the bundle again. */
  signature: string;
  /** 'SHA256:…' of the signing key; equal to payload.expert.fingerprint. */
  signerFingerprint: string;
  /** The signing key as an OpenSSH line: what an auditor puts in allowed_signers. */
  signerPublicKey: string;
  /** Hex SHA-256 of the file bytes, to recognise a re-import of the same bundle. */
  sha256: string;
}

/**
 * Decrypts and verifies a score bundle. It proves only that the payload is well formed
 * and was signed by the key it names; whether that key is an enrolled expert of the
 * round, and whether the round, package and scores fit, is the merge's decision, made
 * with what this returns. A pure function of its input: it never writes anything.
 *
 * A signature by another key than payload.expert.fingerprint is BUNDLE_MALFORMED
 * (reason signer-mismatch), not SIGNATURE_INVALID: the signature itself is sound, the
 * bundle contradicts itself, and BUNDLE_MALFORMED's message shows both fingerprints.
 */
export async function openScoreBundle(input: OpenScoreBundleInput): Promise<OpenedScoreBundle> {
  const { bytes, file } = input;
  if (bytes.length > MAX_BUNDLE_BYTES) {
    throw bundleMalformed(file, 'too-large', `the file is ${bytes.length} bytes, above the limit of ${MAX_BUNDLE_BYTES}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const plaintext = await decryptWithIdentity(bytes, input.identities).catch((error: unknown) => {
    throw withFile(error, file);
  });
  const envelope = decodeEnvelope(plaintext, file);
  // The schema already required canonical base64, so this decodes exactly what jq shows.
  const payloadBytes = Buffer.from(envelope.payload, 'base64');
  let signer: VerifiedSshsig;
  try {
    signer = verifySshsig(payloadBytes, envelope.signature, { namespace: SSHSIG_NAMESPACES.scores });
  } catch (error) {
    throw withFile(error, file);
  }
  // Only signed bytes are read as a payload: unsigned damage reports as a bad signature.
  const payload = decodePayload(payloadBytes, file);
  if (signer.fingerprint !== payload.expert.fingerprint) {
    throw bundleMalformed(
      file,
      'signer-mismatch',
      `it names expert ${payload.expert.fingerprint} but is signed by ${signer.fingerprint}`,
      { claimed: payload.expert.fingerprint, signer: signer.fingerprint },
    );
  }
  return {
    payload,
    payloadBytes: new Uint8Array(payloadBytes),
    signature: envelope.signature,
    signerFingerprint: signer.fingerprint,
    signerPublicKey: toOpenSshPublicKey(signer.publicKey),
    sha256,
  };
}
