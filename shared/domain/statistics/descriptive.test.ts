import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, median, sampleStandardDeviation, summarize } from './descriptive';

/**
 * The aggregates of `results --json` against figures worked out by hand, and, on random
 * decimal scores, against references computed another way: exact integer sums for the
 * mean, the pairwise-difference form of the variance, and the counting definition of
 * the median.
 */

/** Scores as experts give them: decimals on a 0.1 step, negative ones allowed for the arithmetic. */
const tenths = fc.integer({ min: -10_000, max: 10_000 });
const scores = (minLength: number) => fc.array(tenths, { minLength, maxLength: 30 }).map((ks) => ({ ks, values: ks.map((k) => k / 10) }));

describe('summarize, worked by hand', () => {
  it('five totals at the trimming threshold: one highest and one lowest dropped', () => {
    // Sorted 60 75 80 85 90; mean 390/5 = 78; deviations −18 −3 2 7 12, squares 530;
    // sd = √(530/4); trimmed (75 + 80 + 85)/3 = 80.
    const summary = summarize([85, 60, 90, 75, 80], 5);
    expect(summary).toEqual({ n: 5, mean: 78, median: 80, sd: expect.any(Number), min: 60, max: 90, trimmedMean: 80 });
    expect(summary.sd).toBeCloseTo(Math.sqrt(132.5), 12);
    expect(summary.sd).toBeCloseTo(11.510864433221338, 12);
  });

  it('one value fewer than the threshold: the trimmed mean is the mean', () => {
    const summary = summarize([85, 60, 90, 75], 5);
    expect(summary.mean).toBe(77.5);
    expect(summary.trimmedMean).toBe(77.5);
    // Even n: the mean of the two middle values.
    expect(summary.median).toBe(80);
  });

  it('exactly at the threshold of 3, the trimmed mean is the middle value', () => {
    expect(summarize([1, 100, 7], 3)).toMatchObject({ n: 3, mean: 36, median: 7, trimmedMean: 7 });
  });

  it('negative and decimal values', () => {
    // Sorted −2.5 −0.5 0.5 1.5; mean −1/4; deviations −2.25 −0.25 0.75 1.75, squares 8.75.
    const summary = summarize([1.5, -2.5, 0.5, -0.5], 4);
    expect(summary.mean).toBeCloseTo(-0.25, 15);
    expect(summary.median).toBeCloseTo(0, 15);
    expect(summary.sd).toBeCloseTo(Math.sqrt(8.75 / 3), 14);
    expect(summary.min).toBe(-2.5);
    expect(summary.max).toBe(1.5);
    expect(summary.trimmedMean).toBeCloseTo(0, 15);
  });

  it('no values: n = 0 and every figure null', () => {
    expect(summarize([], 5)).toEqual({ n: 0, mean: null, median: null, sd: null, min: null, max: null, trimmedMean: null });
  });

  it('one value: every figure is that value, and no standard deviation', () => {
    expect(summarize([17.5], 3)).toEqual({ n: 1, mean: 17.5, median: 17.5, sd: null, min: 17.5, max: 17.5, trimmedMean: 17.5 });
  });

  it('two values: the sample (n − 1) standard deviation, not the population one', () => {
    // Population sd of 10 and 20 is 5; the sample one is √50.
    expect(summarize([10, 20], 3).sd).toBeCloseTo(Math.sqrt(50), 14);
  });

  it('all scores equal: sd 0 and the mean is exactly the score, not a rounding of it', () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004, and that over 3 is 0.10000000000000002.
    expect((0.1 + 0.1 + 0.1) / 3).not.toBe(0.1);
    expect(summarize([0.1, 0.1, 0.1], 3)).toEqual({ n: 3, mean: 0.1, median: 0.1, sd: 0, min: 0.1, max: 0.1, trimmedMean: 0.1 });
  });

  it('totals far from zero keep their spread (the one-pass formula loses it)', () => {
    const offset = 1e9;
    const values = [4, 7, 13, 16].map((v) => offset + v);
    // Variance of 4 7 13 16: (36 + 9 + 9 + 36)/3 = 30.
    expect(summarize(values, 5).sd).toBeCloseTo(Math.sqrt(30), 6);
    const sum = values.reduce((a, b) => a + b, 0);
    const sumOfSquares = values.reduce((a, b) => a + b * b, 0);
    const onePass = Math.sqrt(Math.max(0, (sumOfSquares - (sum * sum) / 4) / 3));
    expect(Math.abs(onePass - Math.sqrt(30))).toBeGreaterThan(0.5);
  });

  it('refuses NaN, Infinity and a trimming threshold below 3', () => {
    expect(() => summarize([1, Number.NaN], 3)).toThrow(RangeError);
    expect(() => summarize([1, Infinity], 3)).toThrow(RangeError);
    expect(() => summarize([1, 2, 3], 2)).toThrow(RangeError);
    expect(() => summarize([1, 2, 3], 3.5)).toThrow(RangeError);
  });

  it('mean, median and sd of no values are null', () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(sampleStandardDeviation([])).toBeNull();
    expect(sampleStandardDeviation([3])).toBeNull();
  });
});

describe('summarize, properties on random decimal scores', () => {
  it('min ≤ median, mean, trimmed mean ≤ max, and sd is null exactly below two values', () => {
    fc.assert(
      fc.property(scores(1), fc.integer({ min: 3, max: 8 }), ({ values }, threshold) => {
        const s = summarize(values, threshold);
        expect(s.n).toBe(values.length);
        const [min, max] = [s.min as number, s.max as number];
        for (const figure of [s.mean, s.median, s.trimmedMean]) {
          expect(figure).not.toBeNull();
          expect(figure as number).toBeGreaterThanOrEqual(min);
          expect(figure as number).toBeLessThanOrEqual(max);
        }
        expect(s.sd === null).toBe(values.length < 2);
        if (s.sd !== null) expect(s.sd).toBeGreaterThanOrEqual(0);
        expect(min).toBe(Math.min(...values));
        expect(max).toBe(Math.max(...values));
      }),
    );
  });

  it('the mean matches exact integer arithmetic on tenths', () => {
    fc.assert(
      fc.property(scores(1), ({ ks, values }) => {
        const exact = ks.reduce((a, b) => a + b, 0) / (10 * ks.length);
        expect(mean(values)).toBeCloseTo(exact, 9);
      }),
    );
  });

  it('the variance matches the pairwise form Σ_{i<j}(xᵢ − xⱼ)² / (n(n − 1))', () => {
    fc.assert(
      fc.property(scores(2), ({ ks, values }) => {
        let pairs = 0;
        for (let i = 0; i < ks.length; i += 1) for (let j = i + 1; j < ks.length; j += 1) pairs += ((ks[i] as number) - (ks[j] as number)) ** 2;
        const variance = pairs / 100 / (ks.length * (ks.length - 1));
        const sd = sampleStandardDeviation(values) as number;
        expect(sd * sd).toBeCloseTo(variance, 6);
      }),
    );
  });

  it('the median has at most half the values on each side of it, and is one of the middle values', () => {
    fc.assert(
      fc.property(scores(1), ({ values }) => {
        const m = median(values) as number;
        const below = values.filter((v) => v < m - 1e-9).length;
        const above = values.filter((v) => v > m + 1e-9).length;
        expect(below).toBeLessThanOrEqual(values.length / 2);
        expect(above).toBeLessThanOrEqual(values.length / 2);
        // Odd n: a value itself.
        if (values.length % 2 === 1) expect(values).toContain(m);
      }),
    );
  });

  it('the trimmed mean is (sum − min − max)/(n − 2) from the threshold on, the mean below it', () => {
    fc.assert(
      fc.property(scores(1), fc.integer({ min: 3, max: 8 }), ({ ks, values }, threshold) => {
        const s = summarize(values, threshold);
        if (ks.length >= threshold) {
          const exact = (ks.reduce((a, b) => a + b, 0) - Math.min(...ks) - Math.max(...ks)) / (10 * (ks.length - 2));
          expect(s.trimmedMean).toBeCloseTo(exact, 9);
        } else {
          expect(s.trimmedMean).toBe(s.mean);
        }
      }),
    );
  });

  it('does not depend on the order of the scores', () => {
    fc.assert(
      fc.property(scores(0), fc.integer({ min: 3, max: 8 }), fc.infiniteStream(fc.nat()), ({ values }, threshold, seeds) => {
        const shuffled = [...values];
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = (seeds.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
        }
        const a = summarize(values, threshold);
        const b = summarize(shuffled, threshold);
        expect(b.median).toBe(a.median);
        expect(b.min).toBe(a.min);
        expect(b.max).toBe(a.max);
        for (const key of ['mean', 'sd', 'trimmedMean'] as const) {
          if (a[key] === null) expect(b[key]).toBeNull();
          else expect(b[key]).toBeCloseTo(a[key], 9);
        }
      }),
    );
  });
});
