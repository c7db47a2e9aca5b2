/**
 * The statistics of a round's results (DESIGN.md, Merge rules; CLI.md, `results --json`):
 * pure functions from numbers to numbers, shared by the back end that writes results
 * and reports and the renderer that shows them.
 */
export { summarize, mean, median, sampleStandardDeviation, type Summary } from './descriptive';
export { zScores, type ZScoreView, type ApplicationZScore, type ExpertScale, type ZScoreExclusion, type ZScoreExclusionReason } from './zscores';
export { kendallW, krippendorffAlpha, completeCases } from './agreement';
export {
  rankApplications,
  TieBreakSchema,
  TieBreakChainSchema,
  DEFAULT_TIE_BREAKS,
  type TieBreak,
  type TieBreakChain,
  type RankKey,
  type RankEntry,
  type RankedApplication,
} from './ranking';
export { spreadExceeds, type Spread } from './disagreement';
export { totalsMatrix, expertsOf, type TotalsMatrix, type ExpertTotal } from './matrix';
export { SCORE_EPSILON, nearlyEqual } from './numeric';
