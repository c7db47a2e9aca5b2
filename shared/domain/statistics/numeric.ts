/**
 * Scores are decimals (18.5, 0.1 steps) held in binary floating point, so two figures
 * that are equal on paper can differ in their last bits: 0.1 + 0.2 is not 0.3, and a
 * mean of three scores carries a rounding error a real difference never has. Every
 * "is this the same figure?" of the statistics goes through `nearlyEqual`, so a tie,
 * a threshold exactly met and "every expert gave the same total" are judged as a
 * person reading the score sheets would judge them.
 */

/**
 * Relative tolerance: far above the error of summing and averaging a few hundred scores
 * (about 1e-13 of their size) and far below the smallest step a rubric uses (0.1 of a
 * point on a scale of at most a few thousand).
 */
export const SCORE_EPSILON = 1e-9;

export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= SCORE_EPSILON * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * NaN and Infinity are refused instead of computed with: NaN compares false with
 * everything (so it breaks sorting and ranks silently) and JSON writes it as null, so
 * a bad input would come out of `results --json` looking like a legitimate "no value".
 */
export function requireFinite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${String(value)}`);
  return value;
}

/** Whether every value is the same figure (measured from the lowest, so a slow drift is not a tie). */
export function allNearlyEqual(values: readonly number[]): boolean {
  const lowest = values.reduce((low, value) => Math.min(low, value), Infinity);
  return values.every((value) => nearlyEqual(value, lowest));
}
