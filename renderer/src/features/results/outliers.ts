import { rubricTotal, type Rubric } from '../../../../shared/domain/rubric';

/**
 * The total-score limit of the rubric's disagreement rule (threshold × the rubric's total):
 * the same limit a flag on an application's total uses (shared/domain/results).
 */
export function totalLimit(rubric: Rubric): number {
  return rubric.disagreementThreshold * rubricTotal(rubric);
}

/**
 * An expert's total lies further from the application's median than the disagreement
 * limit: the secretary looks at it before accepting the figure. A tiny epsilon keeps a
 * deviation exactly at the limit (computed in floating point) from counting.
 */
export function isOutlier(total: number | null, median: number | null, limit: number): boolean {
  if (total === null || median === null) return false;
  return Math.abs(total - median) > limit + 1e-9;
}
