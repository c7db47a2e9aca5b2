import { mean, sampleStandardDeviation } from './descriptive';
import { checkTotals, expertsOf, type TotalsMatrix } from './matrix';
import { allNearlyEqual } from './numeric';

/**
 * Per-expert z-normalised totals, a sensitivity view beside the official method
 * (DESIGN.md, Merge rules): a lenient expert who gives everyone 90 and a strict one who
 * gives everyone 70 weigh the same once each is measured against their own mean and
 * spread. It shows whether the ranking depends on who happened to score whom.
 */

/** Why an expert's totals could not be normalised. */
export type ZScoreExclusionReason =
  /** Fewer than two totals: no spread to divide by. */
  | 'tooFewTotals'
  /** Every total the same: the expert did not distinguish the applications at all. */
  | 'noVariation';

export type ZScoreExclusion = { expertId: string; reason: ZScoreExclusionReason; n: number };

/** The yardstick an included expert's totals were measured with. */
export type ExpertScale = { n: number; mean: number; sd: number };

export type ApplicationZScore = {
  /** Mean of the application's z-scores; null when none of its experts could be normalised. */
  meanZ: number | null;
  /** How many z-scores that mean is over. */
  n: number;
};

export type ZScoreView = {
  /** Every application of the input, in its order. */
  applications: ReadonlyMap<string, ApplicationZScore>;
  /** Each included expert's z-score per application, the same sparse shape as the input. */
  scores: TotalsMatrix;
  experts: ReadonlyMap<string, ExpertScale>;
  /** Experts left out, in the order they first appear in the input. */
  excluded: readonly ZScoreExclusion[];
};

export function zScores(matrix: TotalsMatrix): ZScoreView {
  checkTotals(matrix);
  const totalsByExpert = new Map<string, number[]>(expertsOf(matrix).map((expertId) => [expertId, []]));
  for (const row of matrix.values()) for (const [expertId, total] of row) totalsByExpert.get(expertId)?.push(total);

  const experts = new Map<string, ExpertScale>();
  const excluded: ZScoreExclusion[] = [];
  for (const [expertId, totals] of totalsByExpert) {
    const n = totals.length;
    const average = mean(totals);
    const sd = sampleStandardDeviation(totals);
    if (average === null || sd === null) {
      excluded.push({ expertId, reason: 'tooFewTotals', n });
      continue;
    }
    // Judged on the totals themselves, not on sd === 0: equal decimal totals can differ
    // in their last bits (0.1 + 0.2 against 0.3), which would give a tiny, non-zero sd
    // and z-scores of ±0.7 made of rounding noise.
    if (allNearlyEqual(totals)) {
      excluded.push({ expertId, reason: 'noVariation', n });
      continue;
    }
    experts.set(expertId, { n, mean: average, sd });
  }

  const applications = new Map<string, ApplicationZScore>();
  const scores = new Map<string, Map<string, number>>();
  for (const [applicationId, row] of matrix) {
    const zRow = new Map<string, number>();
    for (const [expertId, total] of row) {
      const scale = experts.get(expertId);
      if (scale !== undefined) zRow.set(expertId, (total - scale.mean) / scale.sd);
    }
    scores.set(applicationId, zRow);
    applications.set(applicationId, { meanZ: mean([...zRow.values()]), n: zRow.size });
  }
  return { applications, scores, experts, excluded };
}
