import { toValidationIssues } from '../../../../shared/contract/issues';
import type { ValidationIssue } from '../../../../shared/contract/errors';
import {
  type Criterion,
  type PresetIndicator,
  type QualitativeField,
  type Rubric,
  RubricSchema,
  type ScoreBand,
  type Section,
} from '../../../../shared/domain/rubric';

/**
 * The rubric as the editor holds it while the secretary types: the rubric's own shape,
 * so that RubricSchema's issue paths point straight at the fields, with three
 * differences. Every list item carries a `key` of its own (ids are editable and may
 * clash while typing, and React needs something stable to move rows by); a number box
 * that was emptied holds null; and the recommendations are one list of rows with their
 * labels, which become `recommendations` and `recommendationLabels` when checked.
 * draftToInput() takes the keys out again.
 */

type Loose<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] };

export type DraftBand = Loose<ScoreBand> & { key: string };
export type DraftIndicator = PresetIndicator & { key: string };
export type DraftCriterion = Omit<Loose<Criterion>, 'bands' | 'presetIndicators' | 'weight'> & {
  key: string;
  weight?: number | null;
  bands?: DraftBand[];
  presetIndicators?: DraftIndicator[];
  /** Preset indicators kept aside while the kind is switched to plain score, so switching back restores them. */
  stashedIndicators?: DraftIndicator[];
};
export type DraftSection = Omit<Section, 'criteria'> & { key: string; criteria: DraftCriterion[] };
export interface DraftRecommendation {
  key: string;
  id: string;
  title?: string;
  titleEn?: string;
}
export type RubricDraft = Omit<Loose<Rubric>, 'sections' | 'recommendations' | 'recommendationLabels' | 'format'> & {
  format: string;
  sections: DraftSection[];
  recommendations: DraftRecommendation[];
};

let nextKey = 0;
/** Unique within the page: editor rows only, never stored. */
export function newKey(): string {
  nextKey += 1;
  return `k${nextKey}`;
}

export function toDraft(rubric: Rubric): RubricDraft {
  const { recommendations, recommendationLabels, sections, ...rest } = structuredClone(rubric);
  return {
    ...rest,
    sections: sections.map((section) => ({
      ...section,
      key: newKey(),
      criteria: section.criteria.map(({ bands, presetIndicators, ...criterion }) => ({
        ...criterion,
        key: newKey(),
        ...(bands === undefined ? {} : { bands: bands.map((band) => ({ ...band, key: newKey() })) }),
        ...(presetIndicators === undefined ? {} : { presetIndicators: presetIndicators.map((row) => ({ ...row, key: newKey() })) }),
      })),
    })),
    recommendations: recommendations.map((id) => ({ key: newKey(), id, ...recommendationLabels?.[id] })),
  };
}

/** What RubricSchema checks: the rubric's own shape, without the editor's keys (the schema refuses unknown fields). */
export function draftToInput(draft: RubricDraft): unknown {
  const { recommendations, sections, ...rest } = draft;
  const labels: Record<string, { title: string; titleEn?: string }> = {};
  for (const row of recommendations) {
    const title = row.title ?? '';
    const titleEn = row.titleEn;
    if (title === '' && titleEn === undefined) continue;
    labels[row.id] = { title, ...(titleEn === undefined ? {} : { titleEn }) };
  }
  return {
    ...rest,
    sections: sections.map(({ key: _section, criteria, ...section }) => ({
      ...section,
      criteria: criteria.map(({ key: _criterion, stashedIndicators: _stashed, weight, bands, presetIndicators, ...criterion }) => ({
        ...criterion,
        // An emptied weight box means "no weight", not a missing number.
        ...(weight === null || weight === undefined ? {} : { weight }),
        ...(bands === undefined ? {} : { bands: bands.map(({ key: _band, ...band }) => band) }),
        ...(presetIndicators === undefined ? {} : { presetIndicators: presetIndicators.map(({ key: _row, ...row }) => row) }),
      })),
    })),
    recommendations: recommendations.map((row) => row.id),
    ...(Object.keys(labels).length === 0 ? {} : { recommendationLabels: labels }),
  };
}

export type DraftCheck = { ok: true; rubric: Rubric } | { ok: false; issues: ValidationIssue[] };

/** The draft against the same schema the back end checks, so the two never disagree. */
export function checkDraft(draft: RubricDraft): DraftCheck {
  const parsed = RubricSchema.safeParse(draftToInput(draft));
  return parsed.success ? { ok: true, rubric: parsed.data } : { ok: false, issues: remapIssues(draft, toValidationIssues(parsed.error)) };
}

/**
 * A label's problem (recommendationLabels.<id>.title) belongs to its recommendation's
 * row: the editor shows labels in the rows, by index.
 */
function remapIssues(draft: RubricDraft, issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((issue) => {
    const [head, id, ...tail] = issue.path;
    if (head !== 'recommendationLabels' || typeof id !== 'string') return issue;
    const index = draft.recommendations.findIndex((row) => row.id === id);
    return index < 0 ? issue : { ...issue, path: ['recommendations', index, ...tail] };
  });
}

/** The smallest `${prefix}-N` not yet taken: new ids are valid and unique from the start. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n += 1) {
    const id = `${prefix}-${n}`;
    if (!used.has(id)) return id;
  }
}

export const criterionIds = (draft: RubricDraft): string[] => draft.sections.flatMap((section) => section.criteria.map((criterion) => criterion.id));

export function newCriterion(draft: RubricDraft, title: string): DraftCriterion {
  return { key: newKey(), id: freshId('criterion', criterionIds(draft)), title, max: 10, step: 0.5 };
}

export function newSection(draft: RubricDraft, title: string, criterionTitle: string): DraftSection {
  return {
    key: newKey(),
    id: freshId('section', draft.sections.map((section) => section.id)),
    title,
    criteria: [newCriterion(draft, criterionTitle)],
  };
}

/**
 * 优 from 90 %, 良 from 70 %, 中 from 50 % of the maximum, each on the step: the bands
 * the built-in rubrics use, recomputed for a changed maximum.
 */
export function standardBands(max: number, step: number): DraftBand[] {
  const at = (share: number) => roundTo(Math.ceil((max * share) / step - 1e-9) * step);
  const excellent = at(0.9);
  const good = at(0.7);
  const fair = at(0.5);
  return [
    { key: newKey(), label: '优', labelEn: 'Excellent', min: excellent, max },
    { key: newKey(), label: '良', labelEn: 'Good', min: good, max: roundTo(excellent - step) },
    { key: newKey(), label: '中', labelEn: 'Fair', min: fair, max: roundTo(good - step) },
    { key: newKey(), label: '差', labelEn: 'Poor', min: 0, max: roundTo(fair - step) },
  ];
}

const roundTo = (value: number) => Math.round(value * 1e6) / 1e6;

// List edits: new arrays, the untouched items kept as they were.

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export function removeItem<T>(items: readonly T[], index: number): T[] {
  return items.filter((_item, i) => i !== index);
}

export function replaceItem<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}

/** Where a criterion lands when moved up or down: past a section's edge it goes to the next section's end or start. */
export function moveCriterion(draft: RubricDraft, s: number, c: number, direction: -1 | 1): RubricDraft {
  const section = draft.sections[s];
  const criterion = section?.criteria[c];
  if (section === undefined || criterion === undefined) return draft;
  const to = c + direction;
  if (to >= 0 && to < section.criteria.length) {
    return { ...draft, sections: replaceItem(draft.sections, s, { ...section, criteria: moveItem(section.criteria, c, to) }) };
  }
  const target = draft.sections[s + direction];
  // A section keeps at least one criterion; moving out its last one would leave it empty.
  if (target === undefined || section.criteria.length === 1) return draft;
  const criteria = direction < 0 ? [...target.criteria, criterion] : [criterion, ...target.criteria];
  const sections = replaceItem(replaceItem(draft.sections, s, { ...section, criteria: removeItem(section.criteria, c) }), s + direction, { ...target, criteria });
  return { ...draft, sections };
}

/** Whether moveCriterion would do anything. */
export function canMoveCriterion(draft: RubricDraft, s: number, c: number, direction: -1 | 1): boolean {
  return moveCriterion(draft, s, c, direction) !== draft;
}

/** The qualitative field of an id, if the rubric has it. */
export function qualitativeField(draft: RubricDraft, id: QualitativeField['id']): { field: QualitativeField; index: number } | undefined {
  const index = draft.qualitative.findIndex((field) => field.id === id);
  const field = draft.qualitative[index];
  return field === undefined ? undefined : { field, index };
}

/** Live sums while typing: an empty or unparsed maximum counts as 0. */
export function draftSectionTotal(section: DraftSection): number {
  return roundTo(section.criteria.reduce((sum, criterion) => sum + (Number.isFinite(criterion.max) ? (criterion.max ?? 0) : 0), 0));
}

export function draftTotal(draft: RubricDraft): number {
  return roundTo(draft.sections.reduce((sum, section) => sum + draftSectionTotal(section), 0));
}

export const draftCriterionCount = (draft: RubricDraft): number => draft.sections.reduce((sum, section) => sum + section.criteria.length, 0);

/** Empty optional text is "not given": the schema refuses '' where it allows nothing. */
export function optionalText(value: string): string | undefined {
  return value === '' ? undefined : value;
}
