import { requireFinite } from './numeric';

/**
 * Experts' totals as a sparse matrix: applications are rows, experts columns, and a
 * missing cell is a recusal (declared conflict), an assignment the expert did not get,
 * or a sheet not finished (CLI.md counts a total only when every criterion is scored).
 *
 * Maps, not plain objects: ids are data (fingerprints, application ids) and a Map
 * keeps any string as a key, in the order it was first seen, without prototype keys.
 */
export type TotalsMatrix = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** One cell of the matrix, the shape a query over merged scores returns. */
export type ExpertTotal = { applicationId: string; expertId: string; total: number };

/**
 * The matrix of a list of totals. The same expert twice on one application is a bug in
 * the caller (a merge keeps one revision per expert), so it throws instead of silently
 * keeping one of the two.
 */
export function totalsMatrix(totals: Iterable<ExpertTotal>): TotalsMatrix {
  const matrix = new Map<string, Map<string, number>>();
  for (const { applicationId, expertId, total } of totals) {
    requireFinite(total, `the total of ${expertId} for ${applicationId}`);
    let row = matrix.get(applicationId);
    if (row === undefined) {
      row = new Map();
      matrix.set(applicationId, row);
    }
    if (row.has(expertId)) throw new RangeError(`${expertId} has two totals for ${applicationId}`);
    row.set(expertId, total);
  }
  return matrix;
}

/** Every expert with at least one total, in the order they first appear. */
export function expertsOf(matrix: TotalsMatrix): string[] {
  const experts = new Set<string>();
  for (const row of matrix.values()) for (const expertId of row.keys()) experts.add(expertId);
  return [...experts];
}

/** Every total of the matrix, checked finite (a matrix may be built without `totalsMatrix`). */
export function checkTotals(matrix: TotalsMatrix): void {
  for (const [applicationId, row] of matrix) {
    for (const [expertId, total] of row) requireFinite(total, `the total of ${expertId} for ${applicationId}`);
  }
}
