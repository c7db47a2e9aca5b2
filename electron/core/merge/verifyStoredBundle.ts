import type { ScoreBundlePayload } from '../../../shared/domain/scoreBundle';
import { decodePayload } from '../bundles/bundleFormat';
import { bundleMalformed, withFile } from '../bundles/bundleErrors';
import { parseOpenSshPublicKey } from '../crypto/sshKeys';
import { SSHSIG_NAMESPACES, verifySshsig } from '../crypto/sshsig';
import { AppError } from '../errors';
import type { MergeRepository, StoredBundle } from './mergeRepository';

/** Which received bundle: one revision of one expert in one round. */
export interface StoredBundleKey {
  roundId: string;
  fingerprint: string;
  revision: number;
}

/**
 * 'verified': the stored payload is byte for byte what the enrolled expert's key signed
 * for a score bundle, and it names the round, expert, revision, package and export time
 * the row records. 'unsigned': the row was received before migration 012 kept
 * signatures, so its origin can no longer be proved from the store alone.
 */
export type StoredBundleProof =
  | { status: 'verified'; fingerprint: string; revision: number; sha256: string }
  | { status: 'unsigned'; fingerprint: string; revision: number; sha256: string };

/**
 * Proves again where a merged bundle came from, long after its file is gone: the same
 * SSHSIG check the import made, against the key the expert was enrolled with (not the
 * key the signature carries, which anyone can choose). Anything else throws an AppError
 * with the code the import would have given: SIGNATURE_INVALID for a payload or
 * signature changed in the database, SIGNATURE_UNTRUSTED_KEY for a signature by
 * another key, BUNDLE_MALFORMED for a payload that no longer reads or that contradicts
 * its row. Reads only; the file's SHA-256 cannot be re-checked, as the file is not kept.
 */
export function verifyStoredBundle(merge: MergeRepository, key: StoredBundleKey): StoredBundleProof {
  const stored = merge.storedBundle(key.roundId, key.fingerprint, key.revision);
  if (stored === undefined) {
    throw new AppError('NOT_FOUND', `no bundle of revision ${key.revision} from ${key.fingerprint} was received in round ${key.roundId}`, {
      what: `${key.fingerprint} revision ${key.revision}`,
    });
  }
  const proof = { fingerprint: stored.fingerprint, revision: stored.revision, sha256: stored.sha256 };
  if (stored.signature === null) return { status: 'unsigned', ...proof };
  const file = stored.fileName;
  const payloadBytes = Buffer.from(stored.payload);
  try {
    verifySshsig(payloadBytes, stored.signature, { namespace: SSHSIG_NAMESPACES.scores, allowedKeys: [parseOpenSshPublicKey(stored.sshPublicKey)] });
  } catch (error) {
    throw withFile(error, file);
  }
  const mismatch = recordMismatch(stored, decodePayload(payloadBytes, file));
  if (mismatch !== null) throw bundleMalformed(file, 'record-mismatch', `the signed payload ${mismatch}`, { fingerprint: stored.fingerprint, revision: stored.revision });
  return { status: 'verified', ...proof };
}

/**
 * A sound signature over another row's payload (copied between rows of the same expert)
 * would otherwise pass: the row's own fields must be what the expert signed.
 */
function recordMismatch(stored: StoredBundle, payload: ScoreBundlePayload): string | null {
  const pairs: [string, unknown, unknown][] = [
    ['round', payload.roundId, stored.roundId],
    ['expert', payload.expert.fingerprint, stored.fingerprint],
    ['revision', payload.revision, stored.revision],
    ['package', payload.packageId, stored.packageId],
    ['export time', payload.exportedAt, stored.exportedAt],
  ];
  const differing = pairs.find(([, signed, recorded]) => signed !== recorded);
  return differing === undefined ? null : `names ${differing[0]} ${String(differing[1])}, the stored record ${String(differing[2])}`;
}
