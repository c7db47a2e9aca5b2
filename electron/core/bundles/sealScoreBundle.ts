import { createHash, type KeyObject } from 'node:crypto';
import { SCORE_BUNDLE_FORMAT, ScoreBundlePayloadSchema, type ScoreBundlePayload } from '../../../shared/domain/scoreBundle';
import { AppError } from '../errors';
import { encryptToRecipients } from '../crypto/age';
import { fingerprint } from '../crypto/sshKeys';
import { signSshsig, SSHSIG_NAMESPACES } from '../crypto/sshsig';
import { describeIssues } from './bundleErrors';
import { encodeEnvelope, encodePayload } from './bundleFormat';

export interface SealScoreBundleInput {
  payload: ScoreBundlePayload;
  /** The expert's Ed25519 signing key; its fingerprint must be payload.expert.fingerprint. */
  signer: { privateKey: KeyObject; publicKey: KeyObject };
  /** The secretary's age recipients (`age1…`), usually from the panel package's manifest. */
  secretaryRecipients: readonly string[];
}

export interface SealedScoreBundle {
  /** The `.prscores` file: binary age, as `age -r … -o` writes. */
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`: what the score sheet prints and the merge records. */
  sha256: string;
}

/**
 * Builds a `.prscores` file: canonical payload → SSHSIG (namespace panel-review-scores) →
 * JSON envelope → age to the secretary. The payload is checked by the same schema the
 * reader uses first, so the app never writes a bundle it would itself refuse.
 */
export async function sealScoreBundle(input: SealScoreBundleInput): Promise<SealedScoreBundle> {
  const parsed = ScoreBundlePayloadSchema.safeParse(input.payload);
  if (!parsed.success) {
    const detail = describeIssues(parsed.error, 'the payload');
    throw new AppError('INVALID_INPUT', `cannot export the scores: ${detail}`, { reason: 'payload-invalid', detail });
  }
  const payload = parsed.data;
  const signerPrint = fingerprint(input.signer.publicKey);
  if (signerPrint !== payload.expert.fingerprint) {
    // The reader refuses this combination, so refuse it here where the cause is a bug.
    const detail = `the payload names expert ${payload.expert.fingerprint} but would be signed by ${signerPrint}`;
    throw new AppError('INVALID_INPUT', `cannot export the scores: ${detail}`, { reason: 'signer-mismatch', detail });
  }
  const payloadBytes = encodePayload(payload);
  const signature = signSshsig(payloadBytes, input.signer.privateKey, input.signer.publicKey, SSHSIG_NAMESPACES.scores);
  const envelope = encodeEnvelope({ format: SCORE_BUNDLE_FORMAT, payload: payloadBytes.toString('base64'), signature });
  const bytes = await encryptToRecipients(envelope, [...input.secretaryRecipients]);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
