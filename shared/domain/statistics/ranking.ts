import { z } from 'zod';
import { RUBRIC_ID_PATTERN } from '../rubric';
import { nearlyEqual, requireFinite } from './numeric';

/**
 * Ranking of applications (DESIGN.md, Merge rules: "Ranking uses a configurable
 * tie-break chain"). The official figure decides; when two applications share it, the
 * round's tie-breaks are tried in order; what they all leave equal is a real tie and
 * shares a rank, shown as such, never broken by input order or id.
 */

/**
 * One step of a round's tie-break chain. Each is a figure of the application that the
 * caller computes (ranking only orders the figures):
 *  - median: higher median total;
 *  - mean: higher mean total;
 *  - criterion: higher score on that criterion by the round's official method;
 *  - fewerRejects: fewer reject (不同意) recommendations;
 *  - decision: the place the secretary recorded among the tied applications, lower
 *    first. The last resort, after the figures, a decision made and minuted by people.
 */
export const TieBreakSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('median') }),
  z.strictObject({ kind: z.literal('mean') }),
  z.strictObject({ kind: z.literal('criterion'), criterionId: z.string().regex(RUBRIC_ID_PATTERN, { error: 'validation.rubricId' }) }),
  z.strictObject({ kind: z.literal('fewerRejects') }),
  z.strictObject({ kind: z.literal('decision') }),
]);
export type TieBreak = z.infer<typeof TieBreakSchema>;

/** A chain names each tie-break once: the second of two equal steps could never decide anything. */
export const TieBreakChainSchema = z
  .array(TieBreakSchema)
  .max(10, { error: 'validation.tooMany' })
  .superRefine((chain, context) => {
    const seen = new Set<string>();
    chain.forEach((tieBreak, index) => {
      const id = tieBreak.kind === 'criterion' ? tieBreak.criterionId : tieBreak.kind;
      const key = `${tieBreak.kind}:${id}`;
      if (seen.has(key)) context.addIssue({ code: 'custom', path: [index], message: 'validation.duplicateId', params: { id } });
      seen.add(key);
    });
  });
export type TieBreakChain = z.infer<typeof TieBreakChainSchema>;

/** The chain a round starts with: the median resists one outlying expert, then the recommendations, then the secretary. */
export const DEFAULT_TIE_BREAKS: readonly TieBreak[] = Object.freeze([{ kind: 'median' }, { kind: 'fewerRejects' }, { kind: 'decision' }]);

export type RankKey = { value: number | null; better: 'higher' | 'lower' };

/** An application and its keys: the official figure first, then one per tie-break. */
export type RankEntry = { id: string; keys: readonly RankKey[] };

export type RankedApplication = {
  id: string;
  /** Competition rank (1, 2, 2, 4); null when the official figure is missing. */
  rank: number | null;
  /** Whether another application shares this rank. */
  tied: boolean;
};

/**
 * Orders two entries key by key. A missing later key (no criterion score, no recorded
 * decision) cannot win a tie: it comes after any value and level with another missing
 * one. Values within `nearlyEqual` are equal: the keys are means of decimal scores.
 */
function compareKeys(a: readonly RankKey[], b: readonly RankKey[]): number {
  for (let k = 0; k < a.length; k += 1) {
    const left = a[k];
    const right = b[k];
    if (left === undefined || right === undefined) break;
    if (left.value === null || right.value === null) {
      if (left.value === right.value) continue;
      return left.value === null ? 1 : -1;
    }
    if (nearlyEqual(left.value, right.value)) continue;
    const higherFirst = right.value - left.value;
    return left.better === 'higher' ? higherFirst : -higherFirst;
  }
  return 0;
}

/**
 * The applications in ranking order with their competition ranks ("1, 2, 2, 4": a
 * shared place uses up the places after it). Applications without an official figure
 * (no complete total yet) are not ranked and come last, in input order; so do equal
 * applications among themselves, since Array.prototype.sort is stable.
 *
 * Every entry must have the same number of keys with the same directions: keys that
 * mean different things cannot be compared, so a mismatch throws.
 */
export function rankApplications(entries: readonly RankEntry[]): RankedApplication[] {
  const shape = entries[0]?.keys.map((key) => key.better) ?? [];
  const ids = new Set<string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new RangeError(`${entry.id} is ranked twice`);
    ids.add(entry.id);
    if (entry.keys.length === 0 || entry.keys.length !== shape.length || entry.keys.some((key, k) => key.better !== shape[k])) {
      throw new RangeError(`the ranking keys of ${entry.id} do not match the others' (count and direction)`);
    }
    for (const key of entry.keys) if (key.value !== null) requireFinite(key.value, `a ranking key of ${entry.id}`);
  }

  const ranked = entries.filter((entry) => entry.keys[0]?.value !== null).sort((a, b) => compareKeys(a.keys, b.keys));
  const unranked = entries.filter((entry) => entry.keys[0]?.value === null);

  const ranks: number[] = [];
  ranked.forEach((entry, index) => {
    const previous = ranked[index - 1];
    ranks.push(previous !== undefined && compareKeys(previous.keys, entry.keys) === 0 ? (ranks[index - 1] as number) : index + 1);
  });
  const holders = new Map<number, number>();
  for (const rank of ranks) holders.set(rank, (holders.get(rank) ?? 0) + 1);
  return [
    ...ranked.map((entry, index) => {
      const rank = ranks[index] as number;
      return { id: entry.id, rank, tied: (holders.get(rank) ?? 0) > 1 };
    }),
    ...unranked.map((entry) => ({ id: entry.id, rank: null, tied: false })),
  ];
}
