import { requireFinite } from './numeric';

/**
 * The aggregates of one application's scores on one criterion, or of its totals
 * (DESIGN.md, Merge rules; the `total` and `criteria` objects of `results --json`).
 * Numbers are unrounded: rounding is for display, and a rounded mean would make
 * applications tie that do not.
 */
export type Summary = {
  n: number;
  mean: number | null;
  median: number | null;
  /** Sample standard deviation (n − 1); null below two values, where it is undefined. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Drops one highest and one lowest value from `trimThreshold` values on, else the mean. */
  trimmedMean: number | null;
};

/**
 * The mean in two passes: the plain sum, then the mean of what is left over around it.
 * The second pass removes most of the rounding error of the first, and the result is
 * kept within [min, max]: the true mean always is, and a mean of three scores of 0.1
 * printed as 0.10000000000000002 would look like a bug to the secretary.
 */
export function mean(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    requireFinite(value, 'a value');
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const first = sum / n;
  let residual = 0;
  for (const value of values) residual += value - first;
  return Math.min(max, Math.max(min, first + residual / n));
}

/**
 * Sample standard deviation from deviations around the mean (two passes). The one-pass
 * textbook form √((Σx² − (Σx)²/n)/(n − 1)) subtracts two large, nearly equal sums:
 * totals near 90 that differ by half a point lose most of their digits that way, and
 * the difference can even come out negative. The values are in memory, so two passes
 * cost nothing.
 */
export function sampleStandardDeviation(values: readonly number[]): number | null {
  const average = mean(values);
  if (average === null || values.length < 2) return null;
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** The middle value, or the mean of the two middle ones; `sorted` is ascending. */
function medianOfSorted(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const upper = sorted[Math.floor(n / 2)] as number;
  if (n % 2 === 1) return upper;
  const lower = sorted[n / 2 - 1] as number;
  return lower + (upper - lower) / 2;
}

export function median(values: readonly number[]): number | null {
  return medianOfSorted([...values].sort((a, b) => a - b));
}

/**
 * `trimThreshold` is the rubric's (a whole number from 3 up): below 3, dropping two
 * values could leave none, so a smaller one is a caller's bug and throws.
 */
export function summarize(values: readonly number[], trimThreshold: number): Summary {
  if (!Number.isInteger(trimThreshold) || trimThreshold < 3) {
    throw new RangeError(`the trimming threshold must be a whole number from 3 up, got ${String(trimThreshold)}`);
  }
  const n = values.length;
  const average = mean(values);
  if (average === null) return { n, mean: null, median: null, sd: null, min: null, max: null, trimmedMean: null };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n,
    mean: average,
    median: medianOfSorted(sorted),
    sd: sampleStandardDeviation(values),
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    // Exactly one of each end, however many experts there are (DESIGN.md): a 20 % trim
    // would drop more scores on big panels than the rules say.
    trimmedMean: n >= trimThreshold ? mean(sorted.slice(1, -1)) : average,
  };
}
