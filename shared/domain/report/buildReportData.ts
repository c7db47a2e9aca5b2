import type { Language } from '../language';
import type { Results } from '../results/resultsSchema';
import type { MergedReviewDetail } from '../results/reviewDetail';
import type { Round } from '../round';
import type { Rubric } from '../rubric';
import { REPORT_FORMAT, type ReportBundle, type ReportData, type ReportExpert } from './reportData';

export interface ReportSources {
  round: Pick<Round, 'id' | 'name' | 'kind' | 'createdAt'>;
  rubric: Rubric;
  rubricVersion: number;
  /** By the official method: `results.show` with method 'official'. */
  results: Results;
  experts: readonly ReportExpert[];
  assignments: readonly { applicationId: string; fingerprint: string }[];
  recusals: readonly { applicationId: string; fingerprint: string; reason: string | null }[];
  /** `results.detail`'s reviews per application id; an application nobody reviewed may be missing. */
  reviews: ReadonlyMap<string, readonly MergedReviewDetail[]>;
  bundles: readonly ReportBundle[];
  auditHead: string | null;
  generatedAt: string;
  appVersion: string;
  language: Language;
  draft: boolean;
}

/**
 * Assembles the report from what the store says, adding nothing it could get wrong:
 * figures are the results' own, reviews follow the results' order of applications.
 * Refuses results by another method than the official one — a report is never ranked
 * by a sensitivity view.
 */
export function buildReportData(sources: ReportSources): ReportData {
  const { results } = sources;
  if (results.method !== results.officialMethod) {
    throw new Error(`a report uses the official method (${results.officialMethod}), not ${results.method}`);
  }
  return {
    format: REPORT_FORMAT,
    language: sources.language,
    generatedAt: sources.generatedAt,
    appVersion: sources.appVersion,
    draft: sources.draft,
    round: { id: sources.round.id, name: sources.round.name, kind: sources.round.kind, createdAt: sources.round.createdAt },
    rubricVersion: sources.rubricVersion,
    rubric: sources.rubric,
    results,
    experts: [...sources.experts],
    assignments: sources.assignments.map(({ applicationId, fingerprint }) => ({ applicationId, fingerprint })),
    recusals: sources.recusals.map(({ applicationId, fingerprint, reason }) => ({ applicationId, fingerprint, reason })),
    reviews: results.applications.map((application) => ({ applicationId: application.id, reviews: [...(sources.reviews.get(application.id) ?? [])] })),
    bundles: [...sources.bundles],
    auditHead: sources.auditHead,
  };
}

/** Flags still without the secretary's note, by application: what keeps a report a draft. */
export function openFlagsByApplication(results: Results): { applicationId: string; open: number }[] {
  return results.applications
    .map((application) => ({ applicationId: application.id, open: application.flags.filter((flag) => flag.note === null).length }))
    .filter(({ open }) => open > 0);
}
