import { roundScore, rubricCriteria, type Rubric } from './rubric';
import type { SheetApplication } from './scoring';

export type SheetState = 'undeclared' | 'conflict' | 'incomplete' | 'complete';

export interface SheetProgress {
  state: SheetState;
  /** Criteria with a score, of all the rubric's criteria. */
  scored: number;
  criteria: number;
  /** Ids of criteria without a score, in rubric order. */
  missing: string[];
  /** A recommendation is part of a complete sheet. */
  recommendationMissing: boolean;
  /** The sum of the scores given so far, and per section. */
  total: number;
  sectionTotals: Record<string, number>;
}

/**
 * How far an expert is with one application: what the overview, the sheet's header and
 * the export's warning about incomplete applications all show, computed one way.
 */
export function sheetProgress(rubric: Rubric, sheet: SheetApplication): SheetProgress {
  const values = new Map(sheet.scores.flatMap((score) => (score.value === null ? [] : [[score.criterionId, score.value] as const])));
  const criteria = rubricCriteria(rubric);
  const missing = criteria.filter(({ criterion }) => !values.has(criterion.id)).map(({ criterion }) => criterion.id);
  const sectionTotals: Record<string, number> = {};
  for (const { section, criterion } of criteria) {
    sectionTotals[section.id] = roundScore((sectionTotals[section.id] ?? 0) + (values.get(criterion.id) ?? 0));
  }
  const total = roundScore(Object.values(sectionTotals).reduce((sum, value) => sum + value, 0));
  const recommendationMissing = sheet.opinion.recommendation === null;
  const state: SheetState =
    sheet.coi === null ? 'undeclared' : sheet.coi.kind === 'conflict' ? 'conflict' : missing.length === 0 && !recommendationMissing ? 'complete' : 'incomplete';
  return { state, scored: criteria.length - missing.length, criteria: criteria.length, missing, recommendationMissing, total, sectionTotals };
}
