import { describe, expect, it } from 'vitest';
import { RubricSchema, type Rubric } from '../rubric';
import { rubricTemplate } from '../rubricTemplates';
import { DEFAULT_TIE_BREAKS, type TieBreakChain } from '../statistics';
import { computeResults } from './computeResults';
import type { MergedReview, ResultsInput } from './resultsInput';
import { ResultsSchema } from './resultsSchema';

/**
 * A three-application, four-expert round worked by hand (figures in the comments), so
 * every number checked here was computed without this code: totals only from complete
 * sheets, a conflict that gives nothing, flags at the rubric's threshold, the three
 * official methods, ties and the tie-break chain.
 *
 * Criteria: a (max 10), b (max 20); disagreementThreshold 0.3 → limits a 3, b 6, total 9.
 *   A1: E1 8+16=24  E2 9+17=26  E3 7+15=22  E4 8+18=26   no flags
 *   A2: E1 5+10=15  E2 9+18=27  E3 conflict  E4 6+12=18   a spread 4, b 8, total 12: three flags
 *   A3: E1 8+16=24  E2 9+(none) E3 6+15=21  E4 7+17=24   a spread 3 is not above 3: no flag
 */

function twoCriterionRubric(): Rubric {
  const base = rubricTemplate('custom');
  return RubricSchema.parse({
    ...base,
    sections: [
      {
        id: 's1',
        title: '方案质量',
        criteria: [
          { id: 'a', title: '目标', max: 10, step: 0.5 },
          { id: 'b', title: '任务', max: 20, step: 1 },
        ],
      },
    ],
    disagreementThreshold: 0.3,
    trimThreshold: 3,
  });
}

const review = (fingerprint: string, applicationId: string, a: number | null, b: number | null, recommendation: string | null = 'approve'): MergedReview => ({
  fingerprint,
  applicationId,
  conflict: false,
  scores: [
    { criterionId: 'a', value: a },
    { criterionId: 'b', value: b },
  ],
  recommendation,
});
const conflict = (fingerprint: string, applicationId: string): MergedReview => ({ fingerprint, applicationId, conflict: true, scores: [], recommendation: null });

const REVIEWS: MergedReview[] = [
  review('E1', 'A1', 8, 16),
  review('E2', 'A1', 9, 17),
  review('E3', 'A1', 7, 15),
  review('E4', 'A1', 8, 18, 'revise'),
  review('E1', 'A2', 5, 10, 'reject'),
  review('E2', 'A2', 9, 18),
  conflict('E3', 'A2'),
  review('E4', 'A2', 6, 12, 'reject'),
  review('E1', 'A3', 8, 16),
  review('E2', 'A3', 9, null, null),
  review('E3', 'A3', 6, 15),
  review('E4', 'A3', 7, 17),
];

function input(overrides: Partial<ResultsInput> = {}): ResultsInput {
  return {
    roundId: 'rd0000000a',
    rubric: twoCriterionRubric(),
    officialMethod: 'trimmed',
    method: 'official',
    tieBreaks: DEFAULT_TIE_BREAKS as TieBreakChain,
    applications: [
      { id: 'A1', city: '宁波市', province: '浙江省', applicant: null },
      { id: 'A2', city: '泉州市', province: '福建省', applicant: null },
      { id: 'A3', city: '沈阳市', province: '辽宁省', applicant: null },
    ],
    reviews: REVIEWS,
    notes: [],
    decisions: [],
    ...overrides,
  };
}

const app = (results: ReturnType<typeof computeResults>, id: string) => {
  const found = results.applications.find((application) => application.id === id);
  if (found === undefined) throw new Error(`no ${id}`);
  return found;
};

describe('computeResults', () => {
  it('has the shape of results --json (CLI.md)', () => {
    expect(() => ResultsSchema.parse(computeResults(input()))).not.toThrow();
  });

  it('sums totals only over complete sheets and leaves out conflicts', () => {
    const results = computeResults(input());
    // A1 [24, 26, 22, 26]: mean 24.5, median 25, trimmed mean (24 + 26) / 2 = 25, sd √(11/3).
    expect(app(results, 'A1').total).toEqual({ n: 4, mean: 24.5, median: 25, sd: expect.closeTo(Math.sqrt(11 / 3), 12), min: 22, max: 26, trimmedMean: 25 });
    // A2 [15, 27, 18] (E3 declared a conflict): trimmed at n = 3 leaves 18.
    expect(app(results, 'A2').total).toMatchObject({ n: 3, mean: 20, median: 18, trimmedMean: 18, min: 15, max: 27 });
    // A3 [24, 21, 24] (E2 left b unscored); but E2's a counts for criterion a.
    expect(app(results, 'A3').total).toMatchObject({ n: 3, mean: 23, median: 24, trimmedMean: 24 });
    expect(app(results, 'A3').criteria.find((criterion) => criterion.id === 'a')).toMatchObject({ n: 4, mean: 7.5, min: 6, max: 9 });
    expect(app(results, 'A3').criteria.find((criterion) => criterion.id === 'b')).toMatchObject({ n: 3, mean: 16 });
    expect(app(results, 'A2').experts.find((expert) => expert.fingerprint === 'E3')).toMatchObject({ conflict: true, total: null, recommendation: null });
    expect(app(results, 'A3').experts.find((expert) => expert.fingerprint === 'E2')).toMatchObject({ total: null });
  });

  it('ranks by the official method, and by another one when asked', () => {
    const rankOf = (results: ReturnType<typeof computeResults>) => results.applications.map((application) => [application.id, application.rank, application.value]);
    // trimmed: A1 25, A3 24, A2 18
    expect(rankOf(computeResults(input()))).toEqual([
      ['A1', 1, 25],
      ['A3', 2, 24],
      ['A2', 3, 18],
    ]);
    expect(computeResults(input()).method).toBe('trimmed');
    // mean: A1 24.5, A3 23, A2 20
    expect(rankOf(computeResults(input({ method: 'mean' })))).toEqual([
      ['A1', 1, 24.5],
      ['A3', 2, 23],
      ['A2', 3, 20],
    ]);
    expect(computeResults(input({ officialMethod: 'median' })).applications.map((application) => application.value)).toEqual([25, 24, 18]);
  });

  it('flags spreads above the threshold, never at it, and attaches notes', () => {
    const results = computeResults(input({ notes: [{ applicationId: 'A2', criterionId: 'b', note: '已复核，专家意见保留', outcome: 'note' }] }));
    expect(app(results, 'A1').flags).toEqual([]);
    expect(app(results, 'A3').flags).toEqual([]);
    expect(app(results, 'A2').flags).toEqual([
      { criterionId: 'a', kind: 'disagreement', spread: 4, limit: 3, note: null, outcome: null },
      { criterionId: 'b', kind: 'disagreement', spread: 8, limit: 6, note: '已复核，专家意见保留', outcome: 'note' },
      { criterionId: null, kind: 'disagreement', spread: 12, limit: 9, note: null, outcome: null },
    ]);
    expect(results.openFlags).toBe(2);
  });

  it('tallies every recommendation of the rubric, conflicts excluded', () => {
    const results = computeResults(input());
    expect(app(results, 'A1').recommendations).toEqual({ approve: 3, revise: 1, reject: 0 });
    expect(app(results, 'A2').recommendations).toEqual({ approve: 1, revise: 0, reject: 2 });
    expect(app(results, 'A3').recommendations).toEqual({ approve: 3, revise: 0, reject: 0 });
  });

  it('computes agreement over the totals matrix', () => {
    const results = computeResults(input());
    // Only A1 has a total from every expert: Kendall's W needs two such applications.
    expect(results.agreement.kendallW).toBeNull();
    expect(results.agreement.kendallApplications).toBe(1);
    // Interval alpha over A1 [24,26,22,26], A2 [15,27,18], A3 [24,21,24], by the
    // pairwise-difference formula computed separately: 0.0269023827824750.
    expect(results.agreement.krippendorffAlpha).toBeCloseTo(0.026902382782475, 12);
  });

  it('measures leniency against the panel on the same applications', () => {
    const e1 = computeResults(input()).experts.find((expert) => expert.fingerprint === 'E1');
    // E1 gave 24, 15, 24 (mean 21); the panel's means there are 24.5, 20, 23 (mean 22.5).
    expect(e1).toMatchObject({ n: 3, meanGiven: 21, panelMean: 22.5, leniency: -1.5 });
  });

  describe('ties', () => {
    // A1 and A2 both [20, 20, 20] totals by trimmed mean… then the chain decides.
    const tiedReviews = (a2: [number, number][]): MergedReview[] => [
      review('E1', 'A1', 5, 15),
      review('E2', 'A1', 5, 15),
      review('E3', 'A1', 5, 15),
      ...a2.map(([a, b], i) => review(`E${i + 1}`, 'A2', a, b)),
    ];
    const ranks = (results: ReturnType<typeof computeResults>) => results.applications.map((application) => [application.id, application.rank, application.tied]);

    it('are broken by the chain: here, fewer 不同意 recommendations', () => {
      const reviews = tiedReviews([
        [5, 15],
        [5, 15],
        [5, 15],
      ]).map((r) => (r.applicationId === 'A2' && r.fingerprint === 'E1' ? { ...r, recommendation: 'reject' } : r));
      const results = computeResults(input({ applications: input().applications.slice(0, 2), reviews }));
      expect(ranks(results)).toEqual([
        ['A1', 1, false],
        ['A2', 2, false],
      ]);
    });

    it('that remain are shown as ties, until the secretary records a decision', () => {
      const reviews = tiedReviews([
        [5, 15],
        [5, 15],
        [5, 15],
      ]);
      const base = { applications: input().applications.slice(0, 2), reviews };
      expect(ranks(computeResults(input(base)))).toEqual([
        ['A1', 1, true],
        ['A2', 1, true],
      ]);
      expect(ranks(computeResults(input({ ...base, decisions: [{ applicationId: 'A2', position: 1 }, { applicationId: 'A1', position: 2 }] })))).toEqual([
        ['A2', 1, false],
        ['A1', 2, false],
      ]);
    });

    it('can be broken by a named criterion', () => {
      // Trimmed means equal (20), medians equal (20); A2 has the higher a.
      const reviews = tiedReviews([
        [6, 14],
        [6, 14],
        [6, 14],
      ]);
      const results = computeResults(input({ applications: input().applications.slice(0, 2), reviews, tieBreaks: [{ kind: 'criterion', criterionId: 'a' }] }));
      expect(ranks(results)).toEqual([
        ['A2', 1, false],
        ['A1', 2, false],
      ]);
    });
  });

  it('gives an application nobody scored completely no rank, at the end', () => {
    const results = computeResults(input({ reviews: REVIEWS.filter((r) => r.applicationId !== 'A1') }));
    expect(app(results, 'A1')).toMatchObject({ rank: null, value: null, n: 0, total: { n: 0, mean: null } });
    expect(results.applications.at(-1)?.id).toBe('A1');
  });

  it('n = 1: figures without a spread, no flags, no agreement', () => {
    const results = computeResults(input({ reviews: [review('E1', 'A1', 8, 16)], applications: input().applications.slice(0, 1) }));
    expect(app(results, 'A1').total).toEqual({ n: 1, mean: 24, median: 24, sd: null, min: 24, max: 24, trimmedMean: 24 });
    expect(app(results, 'A1').flags).toEqual([]);
    expect(results.agreement).toEqual({ kendallW: null, krippendorffAlpha: null, kendallApplications: 0 });
  });
});
