import { describe, expect, it } from 'vitest';
import { MIN_PAGES_PER_WORKER, planRanges } from './pageRanges';

describe('planRanges', () => {
  it('splits a fresh document in halves for two workers', () => {
    expect(planRanges(300, new Set(), 2)).toEqual([
      { from: 1, to: 150 },
      { from: 151, to: 300 },
    ]);
  });

  it('keeps a short document whole, and one worker gets everything', () => {
    expect(planRanges(2 * MIN_PAGES_PER_WORKER - 1, new Set(), 2)).toEqual([{ from: 1, to: 2 * MIN_PAGES_PER_WORKER - 1 }]);
    expect(planRanges(300, new Set(), 1)).toEqual([{ from: 1, to: 300 }]);
  });

  it('resumes exactly the pages not done, however they are scattered', () => {
    const done = new Set([...range(1, 60), ...range(151, 170)]);
    expect(planRanges(300, done, 2)).toEqual([
      { from: 61, to: 150 },
      { from: 171, to: 300 },
    ]);
    expect(planRanges(10, new Set(range(1, 10)), 2)).toEqual([]);
    expect(planRanges(5, new Set([2, 4]), 2)).toEqual([
      { from: 1, to: 1 },
      { from: 3, to: 3 },
      { from: 5, to: 5 },
    ]);
  });

  it('covers every missing page exactly once', () => {
    for (const [pages, workers] of [[2415, 2], [139, 2], [1000, 3], [81, 2]] as const) {
      const covered = planRanges(pages, new Set([7, 8, 9]), workers).flatMap((r) => range(r.from, r.to));
      expect(covered).toEqual(range(1, pages).filter((p) => ![7, 8, 9].includes(p)));
    }
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
