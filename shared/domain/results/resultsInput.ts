import type { Rubric } from '../rubric';
import type { TieBreakChain } from '../statistics';
import type { OfficialMethod, ResultMethod } from './resultsSchema';

/** What the results are computed from: the round's merged reviews and the secretary's records. */
export interface ResultsInput {
  roundId: string;
  rubric: Rubric;
  officialMethod: OfficialMethod;
  method: ResultMethod;
  tieBreaks: TieBreakChain;
  /** In the round's order; that order is kept among applications nobody could rank. */
  applications: readonly { id: string; city: string | null; province: string | null; applicant: string | null }[];
  /** One per expert and application merged from accepted bundles. */
  reviews: readonly MergedReview[];
  /** The secretary's notes on disagreement flags; criterionId null for the total. */
  notes: readonly { applicationId: string; criterionId: string | null; note: string; outcome: 'note' | 'consensus' }[];
  /** Positions the secretary recorded among tied applications (the 'decision' tie-break). */
  decisions: readonly { applicationId: string; position: number }[];
}

export interface MergedReview {
  fingerprint: string;
  applicationId: string;
  conflict: boolean;
  scores: readonly { criterionId: string; value: number | null }[];
  recommendation: string | null;
}
