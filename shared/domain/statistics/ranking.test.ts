import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIE_BREAKS, rankApplications, TieBreakChainSchema, TieBreakSchema, type RankEntry, type RankKey } from './ranking';

/**
 * Competition ranking by an official figure and a tie-break chain: the "1, 2, 2, 4"
 * shape, tie-breaks in order, decimal means that are equal on paper, applications
 * without a figure; and, on random keys, the definition of a competition rank checked
 * against a count of strictly better applications.
 */

const higher = (value: number | null): RankKey => ({ value, better: 'higher' });
const lower = (value: number | null): RankKey => ({ value, better: 'lower' });
const entry = (id: string, ...keys: RankKey[]): RankEntry => ({ id, keys });
const ranksOf = (entries: readonly RankEntry[]) => rankApplications(entries).map(({ id, rank, tied }) => `${id}:${rank ?? '-'}${tied ? '=' : ''}`);

describe('rankApplications', () => {
  it('gives competition ranks: 1, 2, 2, 4', () => {
    expect(ranksOf([entry('c', higher(85)), entry('a', higher(90)), entry('d', higher(80)), entry('b', higher(85))])).toEqual([
      'a:1',
      'c:2=',
      'b:2=',
      'd:4',
    ]);
  });

  it('breaks a tie with the next key, and only a tie', () => {
    // b and c share 85; c's higher median puts it ahead. a leads on the official figure despite its low median.
    const entries = [entry('a', higher(90), higher(10)), entry('b', higher(85), higher(84)), entry('c', higher(85), higher(86))];
    expect(ranksOf(entries)).toEqual(['a:1', 'c:2', 'b:3']);
  });

  it('uses "lower is better" keys (fewer rejects, the secretary\'s position)', () => {
    const entries = [
      entry('a', higher(85), higher(85), lower(2), lower(null)),
      entry('b', higher(85), higher(85), lower(0), lower(null)),
      entry('c', higher(85), higher(85), lower(2), lower(1)),
    ];
    expect(ranksOf(entries)).toEqual(['b:1', 'c:2', 'a:3']);
  });

  it('is a tie when every key of the chain is equal', () => {
    expect(ranksOf([entry('a', higher(85), higher(84), lower(1)), entry('b', higher(85), higher(84), lower(1)), entry('c', higher(70), higher(90), lower(0))])).toEqual([
      'a:1=',
      'b:1=',
      'c:3',
    ]);
  });

  it('treats decimal means equal on paper as equal, and real differences as differences', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(ranksOf([entry('a', higher(0.1 + 0.2)), entry('b', higher(0.3))])).toEqual(['a:1=', 'b:1=']);
    // The mean of 0.1, 0.2 and 0.3 against 0.2: equal on paper, 0.20000000000000004 in binary.
    expect((0.1 + 0.2 + 0.3) / 3).not.toBe(0.2);
    expect(ranksOf([entry('a', higher((0.1 + 0.2 + 0.3) / 3)), entry('b', higher(0.2))])).toEqual(['a:1=', 'b:1=']);
    expect(ranksOf([entry('a', higher(85)), entry('b', higher(85 + 1e-6))])).toEqual(['b:1', 'a:2']);
  });

  it('leaves applications without an official figure unranked, last, in their order', () => {
    expect(ranksOf([entry('x', higher(null)), entry('a', higher(70)), entry('y', higher(null)), entry('b', higher(80))])).toEqual([
      'b:1',
      'a:2',
      'x:-',
      'y:-',
    ]);
  });

  it('puts a missing tie-break figure after any value; two missing ones stay level', () => {
    expect(ranksOf([entry('a', higher(85), higher(null)), entry('b', higher(85), higher(0))])).toEqual(['b:1', 'a:2']);
    expect(ranksOf([entry('a', higher(85), lower(null)), entry('b', higher(85), lower(null))])).toEqual(['a:1=', 'b:1=']);
  });

  it('handles negative and decimal keys', () => {
    expect(ranksOf([entry('a', lower(-0.5)), entry('b', lower(-2.5)), entry('c', lower(0.5))])).toEqual(['b:1', 'a:2', 'c:3']);
  });

  it('ranks nothing and a single application', () => {
    expect(rankApplications([])).toEqual([]);
    expect(rankApplications([entry('a', higher(1))])).toEqual([{ id: 'a', rank: 1, tied: false }]);
  });

  it('refuses keys that do not line up, duplicates and NaN', () => {
    expect(() => rankApplications([entry('a', higher(1)), entry('b', higher(1), higher(2))])).toThrow(RangeError);
    expect(() => rankApplications([entry('a', higher(1)), entry('b', lower(1))])).toThrow(RangeError);
    expect(() => rankApplications([entry('a')])).toThrow(RangeError);
    expect(() => rankApplications([entry('a', higher(1)), entry('a', higher(2))])).toThrow(RangeError);
    expect(() => rankApplications([entry('a', higher(Number.NaN))])).toThrow(RangeError);
  });
});

describe('rankApplications, properties', () => {
  // Integer keys from a small range, so ties are common and the epsilon plays no part;
  // later keys are never missing here (missing ones are tested above).
  const chain = fc.array(fc.constantFrom<'higher' | 'lower'>('higher', 'lower'), { minLength: 1, maxLength: 4 });
  const entries = chain.chain((directions) =>
    fc
      .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 15 })
      .chain((ids) =>
        fc.tuple(
          ...ids.map((id) =>
            fc
              .tuple(fc.option(fc.integer({ min: 0, max: 4 }), { freq: 6 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: directions.length - 1, maxLength: directions.length - 1 }))
              .map(([first, rest]): RankEntry => ({ id, keys: [first, ...rest].map((value, k) => ({ value, better: directions[k] ?? 'higher' })) })),
          ),
        ),
      ),
  );

  /** The keys as one tuple where bigger is better everywhere, compared lexicographically. */
  const better = (a: RankEntry, b: RankEntry): boolean => {
    const tuple = (e: RankEntry) => e.keys.map((k) => (k.better === 'higher' ? 1 : -1) * (k.value as number));
    const [x, y] = [tuple(a), tuple(b)];
    const k = x.findIndex((v, i) => v !== y[i]);
    return k !== -1 && (x[k] as number) > (y[k] as number);
  };

  it('rank = 1 + the number of strictly better applications; ties share a rank and say so; unranked come last', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const result = rankApplications(list);
        expect(result.map((r) => r.id).sort()).toEqual(list.map((e) => e.id).sort());
        const ranked = list.filter((e) => e.keys[0]?.value !== null);
        const byId = new Map(list.map((e) => [e.id, e]));
        result.forEach((r, index) => {
          const own = byId.get(r.id) as RankEntry;
          if (own.keys[0]?.value === null) {
            expect(r).toEqual({ id: r.id, rank: null, tied: false });
            expect(index).toBeGreaterThanOrEqual(ranked.length);
            return;
          }
          expect(r.rank).toBe(1 + ranked.filter((other) => better(other, own)).length);
          const level = ranked.filter((other) => other !== own && !better(other, own) && !better(own, other));
          expect(r.tied).toBe(level.length > 0);
          for (const other of level) expect(result.find((x) => x.id === other.id)?.rank).toBe(r.rank);
          // Listed in rank order.
          if (index > 0) expect(r.rank).toBeGreaterThanOrEqual(result[index - 1]?.rank as number);
        });
      }),
    );
  });

  it('does not depend on the order the applications come in', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const rankOf = (result: ReturnType<typeof rankApplications>) => Object.fromEntries(result.map((r) => [r.id, [r.rank, r.tied]]));
        expect(rankOf(rankApplications([...list].reverse()))).toEqual(rankOf(rankApplications(list)));
      }),
    );
  });
});

describe('TieBreak schema', () => {
  it('accepts the default chain: median, fewer rejects, the secretary\'s decision', () => {
    expect(DEFAULT_TIE_BREAKS).toEqual([{ kind: 'median' }, { kind: 'fewerRejects' }, { kind: 'decision' }]);
    expect(TieBreakChainSchema.parse(DEFAULT_TIE_BREAKS)).toEqual(DEFAULT_TIE_BREAKS);
    expect(Object.isFrozen(DEFAULT_TIE_BREAKS)).toBe(true);
  });

  it('accepts every kind, a criterion by its rubric id', () => {
    const chain = [{ kind: 'mean' }, { kind: 'criterion', criterionId: 'goals-1' }, { kind: 'criterion', criterionId: 'basis' }, { kind: 'median' }];
    expect(TieBreakChainSchema.parse(chain)).toEqual(chain);
    expect(TieBreakChainSchema.parse([])).toEqual([]);
  });

  it('refuses an unknown kind, a criterion without a valid id, and unknown keys', () => {
    expect(TieBreakSchema.safeParse({ kind: 'coinToss' }).success).toBe(false);
    expect(TieBreakSchema.safeParse({ kind: 'criterion' }).success).toBe(false);
    const badId = TieBreakSchema.safeParse({ kind: 'criterion', criterionId: 'Goals 1' });
    expect(badId.error?.issues.map((issue) => issue.message)).toEqual(['validation.rubricId']);
    expect(TieBreakSchema.safeParse({ kind: 'median', criterionId: 'basis' }).success).toBe(false);
  });

  it('refuses the same tie-break twice, naming the second', () => {
    const twice = TieBreakChainSchema.safeParse([{ kind: 'median' }, { kind: 'criterion', criterionId: 'basis' }, { kind: 'criterion', criterionId: 'basis' }]);
    expect(twice.error?.issues).toEqual([expect.objectContaining({ path: [2], message: 'validation.duplicateId', params: { id: 'basis' } })]);
    expect(TieBreakChainSchema.safeParse([{ kind: 'decision' }, { kind: 'decision' }]).error?.issues[0]?.path).toEqual([1]);
  });
});
