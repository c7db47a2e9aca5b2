import type Database from 'better-sqlite3';
import { rubricCriteria, type Rubric } from '../../../shared/domain/rubric';
import { computeResults, type Results } from '../../../shared/domain/results';
import type { ResultsConfig } from '../../../shared/domain/results/resultsCommands';
import type { ResultsDetail } from '../../../shared/domain/results/reviewDetail';
import type { Round } from '../../../shared/domain/round';
import type { ApplicationRepository } from '../documents/applicationRepository';
import type { RubricRepository } from '../scoring/rubricRepository';
import type { ResultsRepository } from './resultsRepository';
import { createReviewDetailQueries, reviewDetail } from './reviewDetail';

export interface ResultsReaderDeps {
  db: Database.Database;
  rubrics: RubricRepository;
  applications: ApplicationRepository;
  results: ResultsRepository;
}

/**
 * How a secretary's round reads as results: one place for the results commands and the
 * reports, so a report can never use another rubric version, method or tie-break chain
 * than `results --json` shows. The caller has checked the round is the secretary's.
 */
export function createResultsReader(deps: ResultsReaderDeps) {
  const detailQueries = createReviewDetailQueries(deps.db);
  // The newest frozen rubric is the one the bundles were merged against; before any
  // package went out, the current one.
  const versionOf = (round: Round): { version: number; rubric: Rubric } => deps.results.frozenRubric(round.id) ?? deps.rubrics.current(round.id, round.kind);
  return {
    versionOf,
    rubricOf: (round: Round): Rubric => versionOf(round).rubric,
    /** What the UI needs to read results: the method, and the rubric version the figures are computed against. */
    config(round: Round): ResultsConfig {
      const { version, rubric } = versionOf(round);
      return { ...deps.results.config(round.id), merged: deps.results.merged(round.id), rubricVersion: version, rubric };
    },
    compute(round: Round, method: Results['method'] | 'official'): Results {
      const config = deps.results.config(round.id);
      return computeResults({
        roundId: round.id,
        rubric: versionOf(round).rubric,
        officialMethod: config.officialMethod,
        method,
        tieBreaks: config.tieBreaks,
        applications: deps.applications.listApplications(round.id).map(({ id, city, province, applicant }) => ({ id, city, province, applicant })),
        reviews: deps.results.reviews(round.id),
        notes: deps.results.notes(round.id),
        decisions: deps.results.decisions(round.id),
      });
    },
    /** The merged reviews of one application; the caller has checked it belongs to the round. */
    detail(round: Round, applicationId: string): ResultsDetail {
      return reviewDetail(detailQueries, round.id, applicationId, rubricCriteria(versionOf(round).rubric).map(({ criterion }) => criterion.id));
    },
  };
}

export type ResultsReader = ReturnType<typeof createResultsReader>;
