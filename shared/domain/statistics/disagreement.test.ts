import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadExceeds } from './disagreement';

/**
 * The disagreement flag: spread against the rubric's share of the scale, strictly
 * greater, with "exactly at the limit" judged as on paper, not in binary.
 */

describe('spreadExceeds', () => {
  it('flags a spread above the limit (0.3 of 20 is 6 points)', () => {
    expect(spreadExceeds([12, 15, 18.5], 20, 0.3)).toEqual({ spread: 6.5, limit: 6, exceeds: true });
  });

  it('does not flag a spread exactly at the limit, or below it', () => {
    expect(spreadExceeds([18, 12], 20, 0.3)).toEqual({ spread: 6, limit: 6, exceeds: false });
    expect(spreadExceeds([14, 18], 20, 0.3)).toMatchObject({ spread: 4, exceeds: false });
  });

  it('judges "exactly at the limit" on paper: 1.1 − 0.2 against 0.3 × 3', () => {
    // In binary 1.1 − 0.2 = 0.9000000000000001 and 0.3 × 3 = 0.8999999999999999.
    expect(1.1 - 0.2 > 0.3 * 3).toBe(true);
    expect(spreadExceeds([0.2, 1.1], 3, 0.3)?.exceeds).toBe(false);
    expect(spreadExceeds([0.2, 1.2], 3, 0.3)?.exceeds).toBe(true);
  });

  it('works on the total against the rubric total, and on negative values', () => {
    expect(spreadExceeds([62, 91, 75], 100, 0.25)).toEqual({ spread: 29, limit: 25, exceeds: true });
    expect(spreadExceeds([-1, 1], 10, 0.1)).toEqual({ spread: 2, limit: 1, exceeds: true });
  });

  it('all scores equal: spread 0, never flagged, even with a threshold of 0', () => {
    expect(spreadExceeds([7, 7, 7], 10, 0)).toEqual({ spread: 0, limit: 0, exceeds: false });
  });

  it('needs two scores', () => {
    expect(spreadExceeds([], 20, 0.3)).toBeNull();
    expect(spreadExceeds([20], 20, 0.3)).toBeNull();
  });

  it('refuses a threshold outside 0..1, a maximum of 0 or less, and NaN', () => {
    expect(() => spreadExceeds([1, 2], 20, 1.5)).toThrow(RangeError);
    expect(() => spreadExceeds([1, 2], 20, -0.1)).toThrow(RangeError);
    expect(() => spreadExceeds([1, 2], 0, 0.3)).toThrow(RangeError);
    expect(() => spreadExceeds([1, 2], 20, Number.NaN)).toThrow(RangeError);
    expect(() => spreadExceeds([1, Number.NaN], 20, 0.3)).toThrow(RangeError);
  });

  it('on random tenths: spread = max − min, and the flag agrees with exact integer arithmetic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (tenths, max, percent) => {
          const result = spreadExceeds(tenths.map((k) => k / 10), max, percent / 100);
          const spreadInTenths = Math.max(...tenths) - Math.min(...tenths);
          expect(result?.spread).toBeCloseTo(spreadInTenths / 10, 9);
          // spread/10 > max·percent/100  ⇔  10·spread > max·percent, all integers.
          expect(result?.exceeds).toBe(10 * spreadInTenths > max * percent);
        },
      ),
    );
  });
});
