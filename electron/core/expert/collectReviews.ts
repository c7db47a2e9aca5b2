import type Database from 'better-sqlite3';
import type { ApplicationReview, CoiDeclaration } from '../../../shared/domain/scoreBundle';
import type { SheetApplication } from '../../../shared/domain/scoring';
import { createScoringRepository } from '../scoring/scoringRepository';
import type { ReceivedApplication } from './receivedPackageRepository';

/**
 * The per-application part of a score bundle: conflict declaration, scores with
 * comments, opinion, evidence and targets tables, each under the SECRETARY's
 * application id (`sourceApplicationId`), which is what the merge checks. In the
 * package's order of applications.
 *
 * An application not declared yet has nothing to report and is left out (a partial
 * return); one with a declared conflict carries the declaration alone — the store
 * holds nothing else for it, and the merge would refuse a score for it.
 */
export function collectApplicationReviews(db: Database.Database, roundId: string, applications: readonly ReceivedApplication[]): ApplicationReview[] {
  const sheets = new Map(createScoringRepository(db).sheet(roundId).map((sheet) => [sheet.applicationId, sheet]));
  return applications.flatMap(({ applicationId, sourceApplicationId }) => {
    const sheet = sheets.get(applicationId);
    const coi = sheet?.coi ?? null;
    return sheet === undefined || coi === null ? [] : [review(sourceApplicationId, coi, sheet)];
  });
}

function review(applicationId: string, coi: CoiDeclaration, sheet: SheetApplication): ApplicationReview {
  if (coi.kind === 'conflict') {
    return { applicationId, coi, scores: [], opinion: { strengths: '', issues: '', recommendation: null }, evidence: [], targets: [] };
  }
  return {
    applicationId,
    coi,
    scores: sheet.scores.map(({ criterionId, value, comment }) => ({ criterionId, value, comment })),
    opinion: sheet.opinion,
    evidence: sheet.evidence.map(({ criterionId, sha256, page, rects, quote }) => ({ criterionId, sha256, page, rects, quote })),
    targets: sheet.targets.flatMap(({ criterionId, rows }) => rows.map((row) => ({ criterionId, ...row }))),
  };
}
