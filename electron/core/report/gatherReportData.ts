import type Database from 'better-sqlite3';
import { buildReportData } from '../../../shared/domain/report/buildReportData';
import type { ReportData } from '../../../shared/domain/report/reportData';
import type { Language } from '../../../shared/domain/language';
import type { MergedReviewDetail } from '../../../shared/domain/results/reviewDetail';
import type { Round } from '../../../shared/domain/round';
import type { ResultsReader } from '../results/resultsReader';
import type { ReportRepository } from './reportRepository';

export interface GatherOptions {
  language: Language;
  draft: boolean;
  generatedAt: string;
  appVersion: string;
}

/**
 * Reads everything a report prints in one transaction, so the figures, the reviews and
 * the receipts are of the same moment even while a bundle is merged from another
 * process. The caller has checked the round is the secretary's.
 */
export function gatherReportData(db: Database.Database, reader: ResultsReader, reports: ReportRepository, round: Round, options: GatherOptions): ReportData {
  const read = db.transaction(() => {
    const results = reader.compute(round, 'official');
    const reviews = new Map<string, MergedReviewDetail[]>(results.applications.map((application) => [application.id, reader.detail(round, application.id).reviews]));
    const { version, rubric } = reader.versionOf(round);
    return {
      round,
      rubric,
      rubricVersion: version,
      results,
      experts: reports.experts(round.id),
      assignments: reports.assignments(round.id),
      recusals: reports.recusals(round.id),
      reviews,
      bundles: reports.bundles(round.id),
      auditHead: reports.auditHead(),
    };
  });
  return buildReportData({ ...read(), ...options });
}
