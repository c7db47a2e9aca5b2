import { nearlyEqual, requireFinite } from './numeric';

/**
 * Disagreement among the experts on one criterion, or on the total (DESIGN.md, Merge
 * rules): flagged when the highest and lowest score differ by more than the rubric's
 * `disagreementThreshold` share of the scale (0.3 of a 20-point criterion: 6 points).
 * A flag asks the secretary for a note; it never changes a score.
 */
export type Spread = {
  /** Highest minus lowest score. */
  spread: number;
  /** threshold × scaleMax: the spread allowed before a flag. */
  limit: number;
  /** Strictly more than the limit: a spread of exactly 6 on a 6-point limit is not flagged. */
  exceeds: boolean;
};

/**
 * `scaleMax` is the criterion's maximum, or the rubric total when the values are totals;
 * `threshold` is a share from 0 to 1. Null with fewer than two values: one expert cannot
 * disagree with anyone.
 *
 * "Exactly at the limit" is judged with `nearlyEqual`: 1.1 − 0.2 is 0.9000000000000001
 * and 0.3 × 3 is 0.8999999999999999 in binary, and a flag must not hang on that.
 */
export function spreadExceeds(values: readonly number[], scaleMax: number, threshold: number): Spread | null {
  if (!(requireFinite(scaleMax, 'the maximum') > 0)) throw new RangeError(`the maximum must be above 0, got ${String(scaleMax)}`);
  if (!(requireFinite(threshold, 'the threshold') >= 0 && threshold <= 1)) {
    throw new RangeError(`the threshold is a share from 0 to 1, got ${String(threshold)}`);
  }
  if (values.length < 2) return null;
  let lowest = Infinity;
  let highest = -Infinity;
  for (const value of values) {
    requireFinite(value, 'a score');
    lowest = Math.min(lowest, value);
    highest = Math.max(highest, value);
  }
  const spread = highest - lowest;
  const limit = threshold * scaleMax;
  return { spread, limit, exceeds: spread > limit && !nearlyEqual(spread, limit) };
}
