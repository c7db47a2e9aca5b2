import { checkTotals, expertsOf, type TotalsMatrix } from './matrix';
import { allNearlyEqual, nearlyEqual } from './numeric';

/**
 * Panel agreement over experts' totals (DESIGN.md, Merge rules; `agreement` of
 * `results --json`): Kendall's W asks whether the experts put the applications in the
 * same order, Krippendorff's alpha whether they gave them the same numbers. Both are
 * null, never 0 or NaN, when the data cannot say: 0 would read as "no agreement".
 */

/**
 * Average ranks (1 = lowest) and the tie term Σ(t³ − t) of one expert's totals.
 * Totals within `nearlyEqual` tie: 0.1 + 0.2 and 0.3 are the same total on paper.
 */
export function averageRanks(values: readonly number[]): { ranks: number[]; ties: number } {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length).fill(0);
  let ties = 0;
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && nearlyEqual(order[end]?.value ?? NaN, order[end - 1]?.value ?? NaN)) end += 1;
    // Sorted positions start..end − 1 share the ranks start + 1..end: each gets their average.
    const rank = (start + 1 + end) / 2;
    for (const { index } of order.slice(start, end)) ranks[index] = rank;
    const t = end - start;
    ties += t ** 3 - t;
    start = end;
  }
  return { ranks, ties };
}

/** The experts of the matrix and the applications every one of them scored (complete cases). */
export function completeCases(matrix: TotalsMatrix): { experts: string[]; applications: string[] } {
  const experts = expertsOf(matrix);
  const applications = [...matrix]
    .filter(([, row]) => experts.every((expertId) => row.has(expertId)))
    .map(([applicationId]) => applicationId);
  return { experts, applications };
}

/**
 * Kendall's coefficient of concordance, corrected for ties:
 * W = 12·S / (m²(n³ − n) − m·ΣT), with m experts, n applications, S the sum of squared
 * deviations of the applications' rank sums from their mean m(n + 1)/2 and
 * T = Σ(t³ − t) over each expert's groups of tied totals.
 *
 * W needs every expert to rank the same applications, so it uses only the applications
 * every expert scored (CLI.md); a recusal takes that application out of W, while alpha
 * keeps it. Null with fewer than two experts or two complete applications (nothing to
 * compare), or when the denominator is 0 (every expert tied every application).
 */
export function kendallW(matrix: TotalsMatrix): number | null {
  checkTotals(matrix);
  const { experts, applications } = completeCases(matrix);
  const m = experts.length;
  const n = applications.length;
  if (m < 2 || n < 2) return null;

  const rankSums = new Array<number>(n).fill(0);
  let ties = 0;
  for (const expertId of experts) {
    const totals = applications.map((applicationId) => matrix.get(applicationId)?.get(expertId) as number);
    const ranked = averageRanks(totals);
    ranked.ranks.forEach((rank, j) => (rankSums[j] = (rankSums[j] as number) + rank));
    ties += ranked.ties;
  }
  const meanRankSum = (m * (n + 1)) / 2;
  const s = rankSums.reduce((sum, rankSum) => sum + (rankSum - meanRankSum) ** 2, 0);
  // Ranks are multiples of ½, so S, ΣT and the denominator are exact in binary: an
  // exact 0 is a real "everything tied", not rounding.
  const denominator = m * m * (n ** 3 - n) - m * ties;
  if (denominator === 0) return null;
  return (12 * s) / denominator;
}

/** Σ(x − x̄)² in two passes (see descriptive.ts for why not the one-pass form). */
function sumOfSquares(values: readonly number[]): number {
  const average = values.reduce((sum, value) => sum + value, 0) / values.length;
  return values.reduce((sum, value) => sum + (value - average) ** 2, 0);
}

/**
 * Krippendorff's alpha with the interval metric: units are applications, coders
 * experts, values totals; missing values (recusals, other assignments) are allowed.
 * α = 1 − D_o / D_e over the pairable values only, those in units with at least two.
 *
 * The coincidence-matrix definition, with δ² = (c − k)², sums squared differences over
 * ordered pairs: within each unit u of m_u values weighted 1/(m_u − 1) for D_o, across
 * all n pairable values for D_e. Since Σ over ordered pairs of (vᵢ − vⱼ)² is 2m·Σ(v − v̄)²,
 * this is computed from sums of squares around means, which keeps the digits that
 * squaring raw totals near 90 would lose:
 *   α = 1 − (n − 1) · Σ_u [m_u · SS_u / (m_u − 1)] / (n · SS_all).
 *
 * Null when fewer than two values are pairable (no unit was scored twice) or when every
 * pairable value is the same (D_e = 0): agreement is then undefined, not perfect; with
 * no variation at all the panel never had a chance to disagree.
 */
export function krippendorffAlpha(matrix: TotalsMatrix): number | null {
  checkTotals(matrix);
  const units = [...matrix.values()].map((row) => [...row.values()]).filter((values) => values.length >= 2);
  const pairable = units.flat();
  const n = pairable.length;
  if (n < 2) return null;
  if (allNearlyEqual(pairable)) return null;

  let within = 0;
  for (const values of units) within += (values.length * sumOfSquares(values)) / (values.length - 1);
  return 1 - ((n - 1) * within) / (n * sumOfSquares(pairable));
}
