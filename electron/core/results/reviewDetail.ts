import type Database from 'better-sqlite3';
import type { MergedReviewDetail, ResultsDetail } from '../../../shared/domain/results/reviewDetail';
import { PdfRectSchema } from '../../../shared/domain/scoreBundle';
import { z } from 'zod';

/**
 * `results.detail`: each expert's merged review of one application, read from the
 * merged_* tables of migration 010 with the expert's name from their enrolment. Five
 * queries per call whatever the panel's size; the grouping is plain code.
 */

type ReviewKey = { fingerprint: string };

const RectsSchema = z.array(PdfRectSchema);

export function createReviewDetailQueries(db: Database.Database) {
  return {
    // Enrolment order, as returns.status lists the experts, so columns line up across views.
    reviews: db.prepare<
      [string, string],
      {
        fingerprint: string;
        expertName: string;
        revision: number;
        bundleSha256: string;
        receivedAt: string;
        coi: 'none' | 'conflict';
        coiReason: string | null;
        strengths: string;
        issues: string;
        recommendation: string | null;
      }
    >(
      `SELECT r.fingerprint, e.name AS expertName, r.revision, b.sha256 AS bundleSha256, b.received_at AS receivedAt,
              r.coi, r.coi_reason AS coiReason, r.strengths, r.issues, r.recommendation
       FROM merged_review r
       JOIN expert e ON e.round_id = r.round_id AND e.fingerprint = r.fingerprint
       JOIN received_bundle b ON b.round_id = r.round_id AND b.fingerprint = r.fingerprint AND b.revision = r.revision
       WHERE r.round_id = ? AND r.application_id = ?
       ORDER BY e.enrolled_at, e.rowid`,
    ),
    scores: db.prepare<[string, string], ReviewKey & { criterionId: string; value: number | null; comment: string }>(
      `SELECT fingerprint, criterion_id AS criterionId, value, comment FROM merged_score WHERE round_id = ? AND application_id = ?`,
    ),
    evidence: db.prepare<[string, string], ReviewKey & { criterionId: string; sha256: string; page: number; rects: string; quote: string }>(
      `SELECT fingerprint, criterion_id AS criterionId, sha256, page, rects, quote FROM merged_evidence
       WHERE round_id = ? AND application_id = ? ORDER BY fingerprint, position`,
    ),
    targets: db.prepare<
      [string, string],
      ReviewKey & { criterionId: string; indicator: string; unit: string; better: 'higher' | 'lower'; target: number | null; actual: number | null }
    >(
      `SELECT fingerprint, criterion_id AS criterionId, indicator, unit, better, target, actual FROM merged_target
       WHERE round_id = ? AND application_id = ? ORDER BY fingerprint, position`,
    ),
  };
}

export type ReviewDetailQueries = ReturnType<typeof createReviewDetailQueries>;

/**
 * The merged reviews of `applicationId`. `criterionOrder` (the rubric's) orders each
 * expert's scores; a criterion it does not know (an older rubric version) goes last.
 * The caller has checked that the application belongs to the round.
 */
export function reviewDetail(queries: ReviewDetailQueries, roundId: string, applicationId: string, criterionOrder: readonly string[]): ResultsDetail {
  const position = new Map(criterionOrder.map((id, index) => [id, index]));
  const rank = (criterionId: string) => position.get(criterionId) ?? criterionOrder.length;
  const scores = groupByExpert(queries.scores.all(roundId, applicationId));
  const evidence = groupByExpert(queries.evidence.all(roundId, applicationId));
  const targets = groupByExpert(queries.targets.all(roundId, applicationId));
  const reviews = queries.reviews.all(roundId, applicationId).map(
    (review): MergedReviewDetail => ({
      ...review,
      scores: (scores.get(review.fingerprint) ?? [])
        .map(({ criterionId, value, comment }) => ({ criterionId, value, comment }))
        .sort((a, b) => rank(a.criterionId) - rank(b.criterionId) || a.criterionId.localeCompare(b.criterionId)),
      evidence: (evidence.get(review.fingerprint) ?? []).map(({ criterionId, sha256, page, rects, quote }) => ({
        criterionId,
        sha256,
        page,
        // Written by the merge from a validated bundle; parsed again so a hand-edited row fails loudly here.
        rects: RectsSchema.parse(JSON.parse(rects)),
        quote,
      })),
      targets: (targets.get(review.fingerprint) ?? []).map(({ criterionId, indicator, unit, better, target, actual }) => ({ criterionId, indicator, unit, better, target, actual })),
    }),
  );
  return { roundId, applicationId, reviews };
}

function groupByExpert<T extends ReviewKey>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.fingerprint);
    if (group === undefined) groups.set(row.fingerprint, [row]);
    else group.push(row);
  }
  return groups;
}
