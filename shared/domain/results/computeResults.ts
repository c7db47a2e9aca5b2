import { rubricCriteria, rubricTotal } from '../rubric';
import {
  completeCases,
  kendallW,
  krippendorffAlpha,
  rankApplications,
  spreadExceeds,
  summarize,
  totalsMatrix,
  zScores,
  type RankKey,
  type Summary,
  type TieBreak,
} from '../statistics';
import type { MergedReview, ResultsInput } from './resultsInput';
import { expertLeniency } from './leniency';
import type { Flag, OfficialMethod, Results, ResultsApplication } from './resultsSchema';

/**
 * The round's results from its merged reviews (DESIGN.md "Merge rules", CLI.md
 * `results --json`). Pure: the same reviews give the same results on any machine,
 * which is what lets a report be recomputed and checked.
 *
 * An expert's total counts only when they scored every criterion of the rubric (CLI.md);
 * a criterion's figures use every score given for it. Experts who declared a conflict
 * give nothing. Flags are computed, never stored: notes attach to them by criterion.
 */
export function computeResults(input: ResultsInput): Results {
  const { rubric } = input;
  const criteria = rubricCriteria(rubric).map(({ criterion }) => criterion);
  const reviewsByApp = groupBy(input.reviews, (review) => review.applicationId);
  const totals = new Map<string, Map<string, number>>();
  for (const application of input.applications) {
    const row = new Map<string, number>();
    for (const review of reviewsByApp.get(application.id) ?? []) {
      const total = completeTotal(review, criteria.map((criterion) => criterion.id));
      if (total !== null) row.set(review.fingerprint, total);
    }
    totals.set(application.id, row);
  }
  const matrix = totalsMatrix([...totals].flatMap(([applicationId, row]) => [...row].map(([expertId, total]) => ({ applicationId, expertId, total }))));
  const z = zScores(matrix);
  const method = input.method === 'official' ? input.officialMethod : input.method;
  const notes = new Map(input.notes.map((note) => [noteKey(note.applicationId, note.criterionId), note]));
  const positions = new Map(input.decisions.map((decision) => [decision.applicationId, decision.position]));
  const rejectValue = rubric.recommendations.includes('reject') ? 'reject' : rubric.recommendations.at(-1);

  const unranked: Omit<ResultsApplication, 'rank' | 'tied'>[] = input.applications.map((application) => {
    const reviews = reviewsByApp.get(application.id) ?? [];
    const scoring = reviews.filter((review) => !review.conflict);
    const row = totals.get(application.id) ?? new Map<string, number>();
    const total = summarize([...row.values()], rubric.trimThreshold);
    const criterionFigures = criteria.map((criterion) => {
      const values = scoring.flatMap((review) => review.scores.filter((s) => s.criterionId === criterion.id && s.value !== null).map((s) => s.value as number));
      return { criterion, values, summary: summarize(values, rubric.trimThreshold) };
    });
    const flags: Flag[] = [];
    for (const { criterion, values } of criterionFigures) {
      const spread = spreadExceeds(values, criterion.max, rubric.disagreementThreshold);
      if (spread?.exceeds === true) flags.push(flag(criterion.id, spread, notes.get(noteKey(application.id, criterion.id))));
    }
    const totalSpread = spreadExceeds([...row.values()], rubricTotal(rubric), rubric.disagreementThreshold);
    if (totalSpread?.exceeds === true) flags.push(flag(null, totalSpread, notes.get(noteKey(application.id, null))));
    const recommendations = Object.fromEntries(rubric.recommendations.map((value) => [value, 0]));
    for (const review of scoring) {
      if (review.recommendation !== null && review.recommendation in recommendations) recommendations[review.recommendation] = (recommendations[review.recommendation] ?? 0) + 1;
    }
    const zscore = z.applications.get(application.id) ?? { meanZ: null, n: 0 };
    return {
      ...application,
      value: method === 'zscore' ? zscore.meanZ : byMethod(total, method),
      n: total.n,
      total,
      criteria: criterionFigures.map(({ criterion, summary }) => ({ id: criterion.id, ...summary })),
      recommendations,
      flags,
      zscore: { mean: zscore.meanZ, n: zscore.n },
      experts: reviews.map((review) => ({
        fingerprint: review.fingerprint,
        total: row.get(review.fingerprint) ?? null,
        conflict: review.conflict,
        recommendation: review.conflict ? null : review.recommendation,
        z: z.scores.get(application.id)?.get(review.fingerprint) ?? null,
      })),
    };
  });

  const keysOf = (application: (typeof unranked)[number]): RankKey[] => [
    { value: application.value, better: 'higher' },
    ...input.tieBreaks.map((tieBreak) => tieBreakKey(tieBreak, application, method, rejectValue, positions)),
  ];
  const ranked = rankApplications(unranked.map((application) => ({ id: application.id, keys: keysOf(application) })));
  const byId = new Map(unranked.map((application) => [application.id, application]));
  const applications = ranked.map(({ id, rank, tied }) => ({ ...(byId.get(id) as (typeof unranked)[number]), rank, tied }));
  const complete = completeCases(matrix);
  return {
    roundId: input.roundId,
    method,
    officialMethod: input.officialMethod,
    tieBreaks: [...input.tieBreaks],
    applications,
    agreement: {
      kendallW: kendallW(matrix),
      krippendorffAlpha: krippendorffAlpha(matrix),
      kendallApplications: complete.experts.length >= 2 ? complete.applications.length : 0,
    },
    experts: expertLeniency(matrix, z, distinctExperts(input.reviews)),
    openFlags: applications.reduce((open, application) => open + application.flags.filter((f) => f.note === null).length, 0),
  };
}

/** The sum of the expert's scores when every criterion has one; else null (CLI.md). */
function completeTotal(review: MergedReview, criterionIds: readonly string[]): number | null {
  if (review.conflict) return null;
  const values = new Map(review.scores.map((score) => [score.criterionId, score.value]));
  let sum = 0;
  for (const id of criterionIds) {
    const value = values.get(id);
    if (value === undefined || value === null) return null;
    sum += value;
  }
  return sum;
}

function byMethod(summary: Summary, method: OfficialMethod): number | null {
  switch (method) {
    case 'mean':
      return summary.mean;
    case 'trimmed':
      return summary.trimmedMean;
    case 'median':
      return summary.median;
  }
}

function tieBreakKey(
  tieBreak: TieBreak,
  application: Omit<ResultsApplication, 'rank' | 'tied'>,
  method: OfficialMethod | 'zscore',
  rejectValue: string | undefined,
  positions: ReadonlyMap<string, number>,
): RankKey {
  switch (tieBreak.kind) {
    case 'median':
      return { value: application.total.median, better: 'higher' };
    case 'mean':
      return { value: application.total.mean, better: 'higher' };
    case 'criterion': {
      const summary = application.criteria.find((criterion) => criterion.id === tieBreak.criterionId);
      // A criterion has no z-score: by the mean then, the plain reading of "higher score".
      return { value: summary === undefined ? null : byMethod(summary, method === 'zscore' ? 'mean' : method), better: 'higher' };
    }
    case 'fewerRejects':
      return { value: rejectValue === undefined ? 0 : (application.recommendations[rejectValue] ?? 0), better: 'lower' };
    case 'decision':
      return { value: positions.get(application.id) ?? null, better: 'lower' };
  }
}

function flag(criterionId: string | null, spread: { spread: number; limit: number }, note: ResultsInput['notes'][number] | undefined): Flag {
  return { criterionId, kind: 'disagreement', spread: spread.spread, limit: spread.limit, note: note?.note ?? null, outcome: note?.outcome ?? null };
}

function noteKey(applicationId: string, criterionId: string | null): string {
  return `${applicationId}\u0000${criterionId ?? ''}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

function distinctExperts(reviews: readonly MergedReview[]): string[] {
  return [...new Set(reviews.map((review) => review.fingerprint))];
}

