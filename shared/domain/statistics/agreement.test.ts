import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, completeCases, kendallW, krippendorffAlpha } from './agreement';
import type { TotalsMatrix } from './matrix';

/**
 * Kendall's W and Krippendorff's interval alpha against published worked examples,
 * values worked by hand and by SciPy, and, on random panels, against the textbook
 * definitions computed another way: W from the Friedman statistic over squared centred
 * ranks and from mean pairwise Spearman correlations; alpha from an explicit
 * coincidence matrix and from brute-force pairwise differences.
 */

/** A matrix from one row per application, one column per expert; null is a missing total. */
function table(rows: readonly (readonly (number | null)[])[], experts?: readonly string[]): TotalsMatrix {
  const names = experts ?? (rows[0] ?? []).map((_, e) => `e${e}`);
  return new Map(
    rows.map((row, a) => [
      `a${a}`,
      new Map(row.flatMap((total, e): [string, number][] => (total === null ? [] : [[names[e] as string, total]]))),
    ]),
  );
}

/** Transposes coder rows (the layout of Krippendorff's paper) into application rows. */
function byCoder(coders: readonly (readonly (number | null)[])[]): TotalsMatrix {
  const units = (coders[0] ?? []).map((_, u) => coders.map((coder) => coder[u] ?? null));
  return table(units);
}

/** Ranks by counting (#lower + (#equal + 1)/2): no sorting, unlike the implementation. */
function countRanks(values: readonly number[]): number[] {
  return values.map((v) => values.filter((w) => w < v).length + (values.filter((w) => w === v).length + 1) / 2);
}

describe("Krippendorff's alpha, interval", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
  // observers, twelve units, missing values; the paper gives α_interval = 0.849.
  // By hand: 40 pairable values (unit 12 has one), D_o = 13/30, D_e = 112/39,
  // α = 1 − (13/30)/(112/39) = 951/1120.
  const paper = byCoder([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ]);

  it("reproduces Krippendorff's published example (0.849)", () => {
    const alpha = krippendorffAlpha(paper) as number;
    expect(alpha).toBeCloseTo(0.849, 3);
    expect(alpha).toBeCloseTo(951 / 1120, 12);
    expect(alpha).toBeCloseTo(coincidenceAlpha(paper) as number, 12);
  });

  it('a unit with one value changes nothing (it is not pairable)', () => {
    const withoutUnit12 = new Map([...paper].filter(([id]) => id !== 'a11'));
    expect(krippendorffAlpha(withoutUnit12)).toBeCloseTo(krippendorffAlpha(paper) as number, 14);
  });

  it('is negative when coders disagree systematically', () => {
    // Units {1, 2} and {2, 1}: D_o = (1 + 1 + 1 + 1)/4 = 1; D_e = 8 unequal ordered pairs / (4·3) = 2/3.
    expect(krippendorffAlpha(table([[1, 2], [2, 1]]))).toBeCloseTo(1 - 1 / (2 / 3), 14);
  });

  it('is 1 when every coder gives every unit the same value and the units differ', () => {
    expect(krippendorffAlpha(table([[80, 80, null], [72.5, null, 72.5], [91, 91, 91]]))).toBeCloseTo(1, 14);
  });

  it('is null without two pairable values or without any variation', () => {
    expect(krippendorffAlpha(new Map())).toBeNull();
    // Each application scored once: nothing to pair.
    expect(krippendorffAlpha(table([[80, null], [null, 70]]))).toBeNull();
    // Everyone gave everything 75: D_e = 0.
    expect(krippendorffAlpha(table([[75, 75], [75, 75]]))).toBeNull();
    // The same on paper, not in binary: 0.1 + 0.2 and 0.3.
    expect(krippendorffAlpha(table([[0.1 + 0.2, 0.3], [0.3, 0.3]]))).toBeNull();
  });

  it('refuses a NaN total', () => {
    expect(() => krippendorffAlpha(table([[1, Number.NaN]]))).toThrow(RangeError);
  });
});

describe("Kendall's W", () => {
  it('reproduces ProofWiki\'s worked example (3 competitors, 4 judges: W = 1/16)', () => {
    // Ranks of X, Y, Z by judges A–D: X 1 1 2 3, Y 3 2 3 1, Z 2 3 1 2.
    expect(kendallW(table([[1, 1, 2, 3], [3, 2, 3, 1], [2, 3, 1, 2]]))).toBeCloseTo(1 / 16, 14);
  });

  it('corrects for ties (worked by hand)', () => {
    // Expert 1: 80 80 70 → ranks 2.5 2.5 1, T = 2³ − 2 = 6. Expert 2: 90 85 70 → 3 2 1.
    // Rank sums 5.5 4.5 2 around m(n + 1)/2 = 4: S = 2.25 + 0.25 + 4 = 6.5.
    // W = 12·6.5 / (2²·(27 − 3) − 2·6) = 78/84.
    expect(kendallW(table([[80, 90], [80, 85], [70, 70]]))).toBeCloseTo(13 / 14, 14);
  });

  it('agrees with SciPy on decimal totals with ties (friedmanchisquare: χ² / (m(n − 1)))', () => {
    // scipy.stats.friedmanchisquare on these columns gives W = 0.9421641791044773 (= 505/536).
    const experts = [
      [82.5, 76, 90, 76, 68.5, 88],
      [80, 80, 92.5, 71, 70, 85],
      [85, 74, 88, 74, 74, 91],
      [79, 77.5, 95, 69, 66, 90],
    ];
    const rows = (experts[0] as number[]).map((_, a) => experts.map((expert) => expert[a] as number));
    expect(kendallW(table(rows))).toBeCloseTo(505 / 536, 12);
  });

  it('is 1 when the experts agree, 0 when two experts reverse each other', () => {
    expect(kendallW(table([[90, 95, 88], [80, 85, 70], [70, 60, 65]]))).toBeCloseTo(1, 14);
    expect(kendallW(table([[90, 70], [80, 80], [70, 90]]))).toBeCloseTo(0, 14);
  });

  it('one expert who ties everything still leaves a W (the denominator is not 0)', () => {
    // Ranks 2 2 2 and 1 2 3: sums 3 4 5, S = 2; W = 24 / (4·24 − 2·24) = 0.5.
    expect(kendallW(table([[75, 60], [75, 70], [75, 80]]))).toBeCloseTo(0.5, 14);
  });

  it('uses only the applications every expert scored', () => {
    const complete = table([[80, 90], [80, 85], [70, 70]], ['x', 'y']);
    const withRecusal = new Map([...complete, ['recused', new Map([['x', 99]])]]);
    expect(completeCases(withRecusal)).toEqual({ experts: ['x', 'y'], applications: ['a0', 'a1', 'a2'] });
    expect(kendallW(withRecusal)).toBeCloseTo(13 / 14, 14);
  });

  it('is null with fewer than two experts or two complete applications, or when everyone ties everything', () => {
    expect(kendallW(new Map())).toBeNull();
    expect(kendallW(table([[80], [70], [60]]))).toBeNull();
    expect(kendallW(table([[80, 70], [null, 60], [50, null]]))).toBeNull();
    expect(kendallW(table([[75, 60], [75, 60]]))).toBeNull();
  });

  it('ties totals that are equal on paper but not in binary', () => {
    expect(averageRanks([0.1 + 0.2, 0.3, 0.5])).toEqual({ ranks: [1.5, 1.5, 3], ties: 6 });
  });
});

/** Friedman's statistic in Conover's form, T₁ = (n − 1)·Σ(Rⱼ − m(n + 1)/2)² / Σ(rᵢⱼ − (n + 1)/2)², over W = T₁ / (m(n − 1)). */
function friedmanW(experts: readonly (readonly number[])[]): number {
  const m = experts.length;
  const n = (experts[0] as readonly number[]).length;
  const ranks = experts.map(countRanks);
  let between = 0;
  for (let j = 0; j < n; j += 1) between += (ranks.reduce((sum, r) => sum + (r[j] as number), 0) - (m * (n + 1)) / 2) ** 2;
  const within = ranks.flat().reduce((sum, r) => sum + (r - (n + 1) / 2) ** 2, 0);
  return ((n - 1) * between) / within / (m * (n - 1));
}

/** W = (1 + (m − 1)·r̄)/m, r̄ the mean Spearman correlation over pairs of experts (no ties). */
function spearmanW(experts: readonly (readonly number[])[]): number {
  const m = experts.length;
  const ranks = experts.map(countRanks);
  const pearson = (x: readonly number[], y: readonly number[]) => {
    const mx = x.reduce((a, b) => a + b, 0) / x.length;
    const my = y.reduce((a, b) => a + b, 0) / y.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    x.forEach((xi, i) => {
      const yi = y[i] as number;
      sxy += (xi - mx) * (yi - my);
      sxx += (xi - mx) ** 2;
      syy += (yi - my) ** 2;
    });
    return sxy / Math.sqrt(sxx * syy);
  };
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < m; a += 1) for (let b = a + 1; b < m; b += 1, pairs += 1) sum += pearson(ranks[a] as number[], ranks[b] as number[]);
  return (1 + (m - 1) * (sum / pairs)) / m;
}

/** Alpha from the coincidence matrix of distinct values: α = 1 − (n − 1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck. */
function coincidenceAlpha(matrix: TotalsMatrix): number | null {
  const coincidences = new Map<string, number>();
  const add = (c: number, k: number, w: number) => coincidences.set(`${c}|${k}`, (coincidences.get(`${c}|${k}`) ?? 0) + w);
  for (const row of matrix.values()) {
    const values = [...row.values()];
    if (values.length < 2) continue;
    values.forEach((c, i) =>
      values.forEach((k, j) => {
        if (i !== j) add(c, k, 1 / (values.length - 1));
      }),
    );
  }
  const marginals = new Map<number, number>();
  for (const [key, o] of coincidences) {
    const c = Number(key.split('|')[0]);
    marginals.set(c, (marginals.get(c) ?? 0) + o);
  }
  const n = [...marginals.values()].reduce((a, b) => a + b, 0);
  let observed = 0;
  for (const [key, o] of coincidences) {
    const [c, k] = key.split('|').map(Number) as [number, number];
    observed += o * (c - k) ** 2;
  }
  let expected = 0;
  for (const [c, nc] of marginals) for (const [k, nk] of marginals) expected += nc * nk * (c - k) ** 2;
  if (n < 2 || expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/** Alpha from its definition over ordered pairs of raw values (no sums of squares). */
function pairwiseAlpha(matrix: TotalsMatrix): number | null {
  const units = [...matrix.values()].map((row) => [...row.values()]).filter((v) => v.length >= 2);
  const all = units.flat();
  const n = all.length;
  let observed = 0;
  for (const u of units) for (const a of u) for (const b of u) observed += (a - b) ** 2 / (u.length - 1);
  let expected = 0;
  for (const a of all) for (const b of all) expected += (a - b) ** 2;
  if (n < 2 || expected === 0) return null;
  return 1 - observed / n / (expected / (n * (n - 1)));
}

/** A random panel: 2–6 experts × 2–10 applications of integer totals (ties likely), some missing. */
const panel = fc
  .record({ experts: fc.integer({ min: 2, max: 6 }), applications: fc.integer({ min: 2, max: 10 }) })
  .chain(({ experts, applications }) =>
    fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 12 }), { freq: 5 }), { minLength: experts, maxLength: experts }), {
      minLength: applications,
      maxLength: applications,
    }),
  );
/** The same without missing totals; `distinct` draws each expert's totals without ties. */
const completePanel = (distinct: boolean) =>
  fc
    .record({ experts: fc.integer({ min: 2, max: 6 }), applications: fc.integer({ min: 2, max: 10 }) })
    .chain(({ experts, applications }) =>
      fc.array(
        distinct
          ? fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: applications, maxLength: applications })
          : fc.array(fc.integer({ min: 0, max: 5 }), { minLength: applications, maxLength: applications }),
        { minLength: experts, maxLength: experts },
      ),
    );
const transpose = (experts: readonly (readonly number[])[]) => (experts[0] ?? []).map((_, a) => experts.map((e) => e[a] as number));

describe('agreement, properties on random panels', () => {
  it('W lies in [0, 1] and equals the Friedman form of it, ties included', () => {
    fc.assert(
      fc.property(completePanel(false), (experts) => {
        const w = kendallW(table(transpose(experts)));
        const everyoneTiesEverything = experts.every((e) => e.every((v) => v === e[0]));
        if (everyoneTiesEverything) {
          expect(w).toBeNull();
          return;
        }
        expect(w).not.toBeNull();
        expect(w as number).toBeGreaterThanOrEqual(-1e-12);
        expect(w as number).toBeLessThanOrEqual(1 + 1e-12);
        expect(w).toBeCloseTo(friedmanW(experts), 10);
      }),
    );
  });

  it('without ties, W = (1 + (m − 1)·mean Spearman ρ)/m', () => {
    fc.assert(
      fc.property(completePanel(true), (experts) => {
        expect(kendallW(table(transpose(experts)))).toBeCloseTo(spearmanW(experts), 10);
      }),
    );
  });

  it('W depends only on each expert\'s order, not on their scale', () => {
    fc.assert(
      fc.property(completePanel(false), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 6, maxLength: 6 }), (experts, scales) => {
        const rescaled = experts.map((e, i) => e.map((v) => (scales[i] as number) * v ** 3 + 0.5));
        const w = kendallW(table(transpose(experts)));
        if (w === null) {
          expect(kendallW(table(transpose(rescaled)))).toBeNull();
          return;
        }
        expect(kendallW(table(transpose(rescaled)))).toBeCloseTo(w, 10);
      }),
    );
  });

  it('alpha equals the coincidence-matrix and brute-force pairwise computations, missing values included', () => {
    fc.assert(
      fc.property(panel, (rows) => {
        const matrix = table(rows);
        const alpha = krippendorffAlpha(matrix);
        const reference = coincidenceAlpha(matrix);
        if (reference === null) {
          expect(alpha).toBeNull();
          return;
        }
        expect(alpha).toBeCloseTo(reference, 10);
        expect(alpha).toBeCloseTo(pairwiseAlpha(matrix) as number, 10);
        expect(alpha as number).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('alpha is 1 when all coders agree and the units vary', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.integer({ min: 0, max: 1000 }).map((k) => k / 10), coders: fc.integer({ min: 2, max: 5 }) }), { minLength: 2, maxLength: 10 }),
        (units) => {
          fc.pre(units.some((u) => u.value !== (units[0] as { value: number }).value));
          const matrix = new Map(units.map((u, a) => [`a${a}`, new Map(Array.from({ length: u.coders }, (_, e) => [`e${e}`, u.value]))]));
          expect(krippendorffAlpha(matrix)).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('alpha does not change when every total is shifted and scaled alike (interval data)', () => {
    fc.assert(
      fc.property(panel, fc.integer({ min: 1, max: 20 }), fc.integer({ min: -50, max: 50 }), (rows, scale, shift) => {
        const alpha = krippendorffAlpha(table(rows));
        const moved = krippendorffAlpha(table(rows.map((row) => row.map((v) => (v === null ? null : v * scale + shift)))));
        if (alpha === null) {
          expect(moved).toBeNull();
          return;
        }
        expect(moved).toBeCloseTo(alpha, 10);
      }),
    );
  });
});
