import { describe, expect, it } from 'vitest';
import { boxStats, niceScale, quantile, symmetricScale } from './chartScale';
import { tickLabel } from './charts';

describe('niceScale', () => {
  it('covers the range with round steps', () => {
    expect(niceScale(61.5, 94.2)).toEqual({ min: 60, max: 100, ticks: [60, 70, 80, 90, 100] });
    expect(niceScale(0, 1).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('gives a flat or empty range some width', () => {
    const flat = niceScale(80, 80);
    expect(flat.min).toBeLessThan(80);
    expect(flat.max).toBeGreaterThan(80);
    expect(niceScale(Infinity, -Infinity)).toMatchObject({ min: 0, max: 1 });
  });

  it('centres deviations on zero', () => {
    const scale = symmetricScale([-3.2, 7.9]);
    expect(scale.min).toBe(-scale.max);
    expect(scale.ticks).toContain(0);
    expect(scale.max).toBeGreaterThanOrEqual(7.9);
  });
});

describe('boxStats', () => {
  it('uses linear-interpolation quartiles and Tukey fences', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    const stats = boxStats([70, 72, 74, 75, 76, 78, 40]);
    expect(stats).toMatchObject({ n: 7, median: 74, outliers: [40], low: 70, high: 78 });
  });

  it('handles one value and none', () => {
    expect(boxStats([88])).toMatchObject({ n: 1, q1: 88, median: 88, q3: 88, low: 88, high: 88, outliers: [] });
    expect(boxStats([])).toBeNull();
  });
});

describe('tickLabel', () => {
  it('shows as many decimals as the step, a true minus and, for deviations, a plus', () => {
    const quarter = niceScale(-1, 1, 9);
    expect(quarter.ticks.map((tick) => tickLabel(tick, quarter, true))).toEqual(['−1.00', '−0.75', '−0.50', '−0.25', '0', '+0.25', '+0.50', '+0.75', '+1.00']);
    const tens = niceScale(60, 100);
    expect(tens.ticks.map((tick) => tickLabel(tick, tens, false))).toEqual(['60', '70', '80', '90', '100']);
  });
});
