import type Database from 'better-sqlite3';
import type { ApplicationReview } from '../../../shared/domain/scoreBundle';
import type { ReceivedApplication } from './receivedPackageRepository';

/**
 * The per-application part of a score bundle: conflict declaration, scores with
 * comments, opinion and evidence, each under the SECRETARY's application id
 * (`sourceApplicationId`), which is what the merge checks.
 *
 * The tables these come from (conflict declarations, scores, opinions, evidence) arrive
 * with the scoring-sheet issue (#5). Until they exist there is nothing to collect, so
 * this returns [] — a valid bundle that reviews no application yet. Replace the body,
 * not the signature, when #5 lands.
 */
export function collectApplicationReviews(_db: Database.Database, _roundId: string, _applications: readonly ReceivedApplication[]): ApplicationReview[] {
  return [];
}
