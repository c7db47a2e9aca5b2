import type { ApplicationReview } from '../../../../shared/domain/scoreBundle';
import type { ScoreSheetState } from '../../../../shared/domain/report/scoreSheet';
import { AppError } from '../../errors';
import type { BundleExport } from '../../expert/receivedPackageRepository';
import { reviewsDigest } from '../../expert/reviewsDigest';

/**
 * Whether the expert's sheet is still what the newest exported bundle carries: the
 * reviews as the next export would collect them, hashed as exportScores hashed them
 * (reviewsDigest), against the hash recorded with that export. Content, not time: an
 * edit taken back matches again, and a save that changed nothing never makes it stale.
 */
export function scoreSheetState(reviews: readonly ApplicationReview[], last: BundleExport | undefined): ScoreSheetState {
  if (last === undefined) return 'not-exported';
  // Exported before migration 013: what it carried is unknown, so it cannot be vouched for.
  if (last.reviewsSha256 === null) return 'changed';
  return last.reviewsSha256 === reviewsDigest(reviews) ? 'current' : 'changed';
}

/**
 * The refusal of a sheet to sign that matches no bundle. A signature under scores the
 * secretary never receives is worse than no sheet: the remedy is another export (or a
 * draft, which says on every page that it is not for signing).
 */
export function refuseUnmatchedSheet(roundId: string, state: Exclude<ScoreSheetState, 'current'>, last: BundleExport | undefined): never {
  const why = 'export the score bundle first: the signed sheet must match the bundle the secretary receives';
  if (state === 'not-exported' || last === undefined) {
    throw new AppError('SCORESHEET_NOT_EXPORTED', `no score bundle was exported for round ${roundId} yet; ${why}`, { roundId });
  }
  const reason = last.reviewsSha256 === null ? 'unverifiable' : 'changed';
  const what =
    reason === 'changed'
      ? `the sheet changed since score bundle revision ${last.revision} of round ${roundId} was exported`
      : `score bundle revision ${last.revision} of round ${roundId} was exported by an older version that kept no record of its contents`;
  throw new AppError('SCORESHEET_STALE', `${what}; ${why}`, {
    roundId,
    revision: last.revision,
    reason,
  });
}
