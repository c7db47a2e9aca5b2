import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totalsMatrix, type ExpertTotal } from './matrix';
import { zScores } from './zscores';

/**
 * The z-normalised sensitivity view: a panel worked by hand (an included expert, a
 * two-total one, one with a single total and one who gave everything the same), and
 * properties that define z-scores: mean 0 and sample SD 1 per expert, and blindness to
 * an expert's leniency (shifting or stretching one expert's totals changes nothing).
 */

const row = (applicationId: string, expertId: string, total: number): ExpertTotal => ({ applicationId, expertId, total });

describe('zScores, worked by hand', () => {
  // A: 80 90 70 → mean 80, sd 10 → z 0, 1, −1.
  // B: 60 64 → mean 62, sd √8 → z −1/√2, 1/√2.
  // C: one total → excluded. D: 75 75 75 → excluded.
  const view = zScores(
    totalsMatrix([
      row('app1', 'A', 80),
      row('app1', 'B', 60),
      row('app1', 'D', 75),
      row('app2', 'A', 90),
      row('app2', 'B', 64),
      row('app2', 'D', 75),
      row('app3', 'A', 70),
      row('app3', 'C', 88),
      row('app3', 'D', 75),
      row('app4', 'D', 75),
    ]),
  );

  it('normalises each expert by their own mean and sample SD', () => {
    expect(view.experts.get('A')).toEqual({ n: 3, mean: 80, sd: 10 });
    expect(view.experts.get('B')?.sd).toBeCloseTo(Math.sqrt(8), 14);
    expect(view.scores.get('app2')?.get('A')).toBeCloseTo(1, 14);
    expect(view.scores.get('app1')?.get('B')).toBeCloseTo(-Math.SQRT1_2, 14);
  });

  it('says which experts are left out and why', () => {
    // In the order they first appear: D on app1, C only on app3.
    expect(view.excluded).toEqual([
      { expertId: 'D', reason: 'noVariation', n: 4 },
      { expertId: 'C', reason: 'tooFewTotals', n: 1 },
    ]);
    expect([...view.experts.keys()]).toEqual(['A', 'B']);
    expect(view.scores.get('app3')?.has('C')).toBe(false);
  });

  it('averages the z-scores available for each application, and says over how many', () => {
    expect(view.applications.get('app1')?.meanZ).toBeCloseTo((0 - Math.SQRT1_2) / 2, 14);
    expect(view.applications.get('app1')?.n).toBe(2);
    expect(view.applications.get('app2')?.meanZ).toBeCloseTo((1 + Math.SQRT1_2) / 2, 14);
    expect(view.applications.get('app3')).toEqual({ meanZ: -1, n: 1 });
    // Only D scored app4, and D is excluded.
    expect(view.applications.get('app4')).toEqual({ meanZ: null, n: 0 });
  });

  it('treats totals equal on paper as no variation, whatever their last bits', () => {
    const tiny = zScores(totalsMatrix([row('x', 'E', 0.1 + 0.2), row('y', 'E', 0.3)]));
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(tiny.excluded).toEqual([{ expertId: 'E', reason: 'noVariation', n: 2 }]);
    expect(tiny.applications.get('x')).toEqual({ meanZ: null, n: 0 });
  });

  it('an empty matrix gives an empty view', () => {
    expect(zScores(new Map())).toEqual({ applications: new Map(), scores: new Map(), experts: new Map(), excluded: [] });
  });

  it('refuses a NaN total', () => {
    expect(() => zScores(new Map([['a', new Map([['E', Number.NaN]])]]))).toThrow(RangeError);
  });
});

/** A sparse panel of decimal totals: each expert scores a random subset of 1–8 applications. */
const panel = fc.array(
  fc.array(fc.option(fc.integer({ min: 0, max: 1000 }).map((k) => k / 10), { freq: 3 }), { minLength: 1, maxLength: 8 }),
  { minLength: 1, maxLength: 6 },
);
const rowsOf = (experts: readonly (readonly (number | null)[])[], transform = (_expert: number, total: number) => total): ExpertTotal[] =>
  experts.flatMap((totals, e) => totals.flatMap((total, a) => (total === null ? [] : [row(`a${a}`, `e${e}`, transform(e, total))])));

describe('zScores, properties', () => {
  it("each included expert's z-scores have mean 0 and sample SD 1", () => {
    fc.assert(
      fc.property(panel, (experts) => {
        const view = zScores(totalsMatrix(rowsOf(experts)));
        for (const expertId of view.experts.keys()) {
          const zs = [...view.scores.values()].flatMap((zRow) => (zRow.has(expertId) ? [zRow.get(expertId) as number] : []));
          const m = zs.reduce((a, b) => a + b, 0) / zs.length;
          const variance = zs.reduce((a, z) => a + (z - m) ** 2, 0) / (zs.length - 1);
          expect(m).toBeCloseTo(0, 9);
          expect(variance).toBeCloseTo(1, 9);
        }
      }),
    );
  });

  it('every expert is either normalised or excluded with the right reason', () => {
    fc.assert(
      fc.property(panel, (experts) => {
        const view = zScores(totalsMatrix(rowsOf(experts)));
        experts.forEach((totals, e) => {
          const given = totals.filter((t): t is number => t !== null);
          if (given.length === 0) return;
          const exclusion = view.excluded.find((x) => x.expertId === `e${e}`);
          if (given.length < 2) expect(exclusion?.reason).toBe('tooFewTotals');
          else if (given.every((t) => t === given[0])) expect(exclusion?.reason).toBe('noVariation');
          else expect(view.experts.get(`e${e}`)?.n).toBe(given.length);
        });
      }),
    );
  });

  it('is blind to leniency: shifting and stretching one expert\'s totals changes no z-score', () => {
    fc.assert(
      fc.property(
        panel,
        fc.array(fc.record({ scale: fc.integer({ min: 1, max: 4 }), shift: fc.integer({ min: -40, max: 40 }) }), { minLength: 6, maxLength: 6 }),
        (experts, moves) => {
          const before = zScores(totalsMatrix(rowsOf(experts)));
          const after = zScores(totalsMatrix(rowsOf(experts, (e, total) => total * (moves[e]?.scale ?? 1) + (moves[e]?.shift ?? 0))));
          expect(after.excluded).toEqual(before.excluded);
          for (const [applicationId, { meanZ, n }] of before.applications) {
            const moved = after.applications.get(applicationId);
            expect(moved?.n).toBe(n);
            if (meanZ === null) expect(moved?.meanZ).toBeNull();
            else expect(moved?.meanZ).toBeCloseTo(meanZ, 9);
          }
        },
      ),
    );
  });
});
