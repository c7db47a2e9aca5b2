import type { Round } from '../../../shared/domain/round';
import type { UnchangedReason } from '../../../shared/domain/merge';
import type { OpenedScoreBundle } from '../bundles/openScoreBundle';
import { AppError } from '../errors';
import type { MergeRepository } from './mergeRepository';
import { reviewsProblem, type RubricIndex } from './mergeRules';

/**
 * What the merge does with a bundle that opened (decrypted, signature verified), in the
 * order of DESIGN.md "Merge rules": the round, the signer enrolled, the package issued
 * to them with that manifest, then whether the revision is new, then the content
 * (evidence anchors included, against the documents the secretary stored).
 * Reads the store as it is now; call it inside the transaction that acts on the answer.
 */
export type Verdict =
  | { status: 'accepted'; expertName: string }
  | { status: 'unchanged'; expertName: string; unchanged: UnchangedReason; mergedRevision: number; reason: string }
  | { status: 'rejected'; error: AppError };

export interface JudgeInput {
  round: Round;
  file: string;
  opened: OpenedScoreBundle;
  merge: MergeRepository;
  /** The rubric version a package carried, indexed; cached by the caller for the batch. */
  rubricOf(rubricVersion: number | null): RubricIndex;
}

export function judgeBundle({ round, file, opened, merge, rubricOf }: JudgeInput): Verdict {
  const { payload, signerFingerprint: fingerprint } = opened;
  if (payload.roundId !== round.id) {
    const error = new AppError('BUNDLE_WRONG_ROUND', `score bundle ${file} is for round ${payload.roundId}, not ${round.id}`, {
      file,
      bundleRound: payload.roundId,
      roundId: round.id,
    });
    return { status: 'rejected', error };
  }
  const expertName = merge.expertName(round.id, fingerprint);
  if (expertName === undefined) {
    const error = new AppError('BUNDLE_UNKNOWN_EXPERT', `score bundle ${file} is signed by ${fingerprint}, who is not an enrolled expert of round ${round.id}`, {
      file,
      fingerprint,
      roundId: round.id,
    });
    return { status: 'rejected', error };
  }
  const issued = merge.issuedPackage(round.id, fingerprint, payload.packageId);
  if (issued === undefined || issued.manifestSha256 !== payload.manifestSha256) {
    const why = issued === undefined ? 'was not issued to that expert in this round' : `has manifest ${issued.manifestSha256}, the bundle names ${payload.manifestSha256}`;
    const error = new AppError('BUNDLE_PACKAGE_MISMATCH', `score bundle ${file} names panel package ${payload.packageId}, which ${why}`, {
      file,
      packageId: payload.packageId,
      fingerprint,
    });
    return { status: 'rejected', error };
  }
  const sameFile = merge.revisionOfFile(opened.sha256, round.id, fingerprint);
  if (sameFile !== undefined) {
    return { status: 'unchanged', expertName, unchanged: 'same-bundle', mergedRevision: sameFile, reason: `${file} was merged before (revision ${sameFile}); nothing changed` };
  }
  const latest = merge.latestRevision(round.id, fingerprint);
  if (latest !== undefined && payload.revision <= latest.revision) {
    const reason = `revision ${payload.revision} of ${fingerprint} is not newer than revision ${latest.revision}, merged before; nothing changed`;
    return { status: 'unchanged', expertName, unchanged: 'not-newer', mergedRevision: latest.revision, reason };
  }
  const standing = { assigned: merge.assigned(round.id, fingerprint), recused: merge.recused(round.id, fingerprint) };
  const problem = reviewsProblem(payload.applications, { file, fingerprint, standing, rubric: rubricOf(issued.rubricVersion), documents: merge.documents(round.id) });
  return problem === null ? { status: 'accepted', expertName } : { status: 'rejected', error: problem };
}
