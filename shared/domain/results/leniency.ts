import { mean, type TotalsMatrix, type ZScoreView } from '../statistics';
import type { Results } from './resultsSchema';

/**
 * Each expert's leniency: the mean of the totals they gave, against the panel's mean
 * totals of the same applications. Comparing on the same applications matters with
 * partial panels: an expert who happened to get the strong cities is not lenient.
 */
export function expertLeniency(matrix: TotalsMatrix, z: ZScoreView, experts: readonly string[]): Results['experts'] {
  const panelMeans = new Map([...matrix].map(([applicationId, row]) => [applicationId, mean([...row.values()])]));
  const excluded = new Map(z.excluded.map((exclusion) => [exclusion.expertId, exclusion.reason]));
  return experts.map((fingerprint) => {
    const given: number[] = [];
    const panel: number[] = [];
    for (const [applicationId, row] of matrix) {
      const total = row.get(fingerprint);
      const panelMean = panelMeans.get(applicationId);
      if (total === undefined || panelMean === undefined || panelMean === null) continue;
      given.push(total);
      panel.push(panelMean);
    }
    const meanGiven = mean(given);
    const panelMean = mean(panel);
    return {
      fingerprint,
      n: given.length,
      meanGiven,
      panelMean,
      leniency: meanGiven === null || panelMean === null ? null : meanGiven - panelMean,
      zscoreExcluded: excluded.get(fingerprint) ?? null,
    };
  });
}
