import { z } from 'zod';
import { hasControlChars } from './text';

/**
 * A rubric (评分细则): what the experts of a round score and how. It is data, not code:
 * the secretary edits it, exports and imports it as JSON (`rubric show`,
 * `round create --rubric`), and it travels signed inside every panel package, so each
 * expert scores against exactly the rubric the secretary froze.
 *
 * Titles are Chinese first (`title`) with an optional English one (`titleEn`), the
 * shape CLI.md promises. Numbers are checked to fit each other: a maximum on its own
 * step, score bands inside 0..max and not overlapping, so a sheet built from a valid
 * rubric can always be filled in.
 */

export const RUBRIC_FORMAT = 'panel-review/rubric@1';

export const RUBRIC_LIMITS = {
  sections: 50,
  criteriaPerSection: 100,
  criteria: 200,
  bands: 10,
  presetIndicators: 50,
  title: 200,
  guidance: 4_000,
  max: 1_000,
} as const;


// No transforms anywhere (not even trim) and no unknown keys (a misspelt one would vanish
// silently): a rubric is signed inside panel packages, and what parses must be exactly
// what was signed.
const title = z
  .string({ error: 'validation.required' })
  .max(RUBRIC_LIMITS.title, { error: 'validation.tooLong' })
  .refine((text) => text.trim() !== '', { error: 'validation.required' })
  .refine((text) => !hasControlChars(text), { error: 'validation.controlChars' });
const optionalTitle = title.optional();
const guidance = z.string().max(RUBRIC_LIMITS.guidance, { error: 'validation.tooLong' }).optional();

/** Ids are typed on the command line (`score set --criterion C`): short, plain, stable. */
export const RUBRIC_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const rubricId = z.string().regex(RUBRIC_ID_PATTERN, { error: 'validation.rubricId' });

/** Decimal steps (0.5, 0.1) are not exact in binary: "on the step" allows for that. */
const STEP_TOLERANCE = 1e-9;

export function isOnStep(value: number, step: number): boolean {
  const steps = value / step;
  return Math.abs(steps - Math.round(steps)) < STEP_TOLERANCE * Math.max(1, Math.abs(steps));
}

const positive = z.number({ error: 'validation.number' }).positive({ error: 'validation.positive' });

/** A score band: 优 18–20, 良 14–17 … A score in [min, max] is described by it. */
export const ScoreBandSchema = z.strictObject({
  label: title,
  labelEn: optionalTitle,
  min: z.number({ error: 'validation.number' }).min(0, { error: 'validation.bandOutside' }),
  max: z.number({ error: 'validation.number' }),
  description: guidance,
  descriptionEn: guidance,
});
export type ScoreBand = z.infer<typeof ScoreBandSchema>;

/**
 * A row the rubric suggests for a targets-vs-actuals table; the expert fills in the
 * city's own target and actual. `better` says which way counts as achieving: for most
 * indicators more is better, for e.g. energy use per unit of value added less is.
 */
export const PresetIndicatorSchema = z.strictObject({
  indicator: title,
  indicatorEn: optionalTitle,
  unit: z.string().max(40, { error: 'validation.tooLong' }).optional(),
  better: z.enum(['higher', 'lower']).optional(),
});
export type PresetIndicator = z.infer<typeof PresetIndicatorSchema>;

/**
 * A criterion is scored 0..max on its step. `kind: 'targets'` adds a table of
 * indicators (target, actual, achieved ratio computed) the expert fills in beside the
 * score, for the mid-term and periodic assessments.
 */
export const CriterionSchema = z.strictObject({
  id: rubricId,
  kind: z.enum(['score', 'targets']).optional(),
  title,
  titleEn: optionalTitle,
  guidance,
  guidanceEn: guidance,
  max: positive.max(RUBRIC_LIMITS.max, { error: 'validation.maxTooLarge' }),
  step: positive,
  weight: positive.optional(),
  bands: z.array(ScoreBandSchema).max(RUBRIC_LIMITS.bands, { error: 'validation.tooMany' }).optional(),
  presetIndicators: z.array(PresetIndicatorSchema).max(RUBRIC_LIMITS.presetIndicators, { error: 'validation.tooMany' }).optional(),
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const SectionSchema = z.strictObject({
  id: rubricId,
  title,
  titleEn: optionalTitle,
  criteria: z.array(CriterionSchema).min(1, { error: 'validation.sectionEmpty' }).max(RUBRIC_LIMITS.criteriaPerSection, { error: 'validation.tooMany' }),
});
export type Section = z.infer<typeof SectionSchema>;

/** The two written judgements a score bundle carries (主要优势, 主要问题与修改建议). */
export const qualitativeFieldIds = ['strengths', 'issues'] as const;
export const QualitativeFieldSchema = z.strictObject({
  id: z.enum(qualitativeFieldIds),
  title,
  titleEn: optionalTitle,
  guidance,
  guidanceEn: guidance,
});
export type QualitativeField = z.infer<typeof QualitativeFieldSchema>;

/** Recommendations results count by name (CLI.md); other values need labels. */
export const defaultRecommendations = ['approve', 'revise', 'reject'] as const;
const recommendationId = z.string().regex(RUBRIC_ID_PATTERN, { error: 'validation.rubricId' });

export const RubricSchema = z
  .object({
    format: z.literal(RUBRIC_FORMAT, { error: 'validation.rubricFormat' }),
    name: title,
    nameEn: optionalTitle,
    sections: z.array(SectionSchema).min(1, { error: 'validation.noSections' }).max(RUBRIC_LIMITS.sections, { error: 'validation.tooMany' }),
    qualitative: z.array(QualitativeFieldSchema).max(qualitativeFieldIds.length),
    recommendations: z.array(recommendationId).min(2, { error: 'validation.fewRecommendations' }).max(10, { error: 'validation.tooMany' }),
    /** Labels of recommendation values; the three defaults have built-in ones. */
    recommendationLabels: z.record(z.string(), z.strictObject({ title, titleEn: optionalTitle })).optional(),
    /**
     * A criterion is flagged for disagreement when its experts' highest and lowest score
     * differ by more than this share of its maximum (0.3: 6 points on a 20-point criterion).
     */
    disagreementThreshold: z.number({ error: 'validation.number' }).gt(0, { error: 'validation.disagreementThreshold' }).max(1, { error: 'validation.disagreementThreshold' }),
    /** From this many experts on, the trimmed mean drops one highest and one lowest score. */
    trimThreshold: z.int({ error: 'validation.trimThreshold' }).min(3, { error: 'validation.trimThreshold' }).max(100, { error: 'validation.trimThreshold' }),
  })
  .superRefine((rubric, context) => {
    const issue = (path: (string | number)[], message: string, params?: Record<string, string | number>) =>
      context.addIssue({ code: 'custom', path, message, ...(params === undefined ? {} : { params }) });
    const sectionIds = new Set<string>();
    const criterionIds = new Set<string>();
    let count = 0;
    rubric.sections.forEach((section, s) => {
      if (sectionIds.has(section.id)) issue(['sections', s, 'id'], 'validation.duplicateId', { id: section.id });
      sectionIds.add(section.id);
      section.criteria.forEach((criterion, c) => {
        const at = ['sections', s, 'criteria', c];
        count += 1;
        if (criterionIds.has(criterion.id)) issue([...at, 'id'], 'validation.duplicateId', { id: criterion.id });
        criterionIds.add(criterion.id);
        if (!isOnStep(criterion.max, criterion.step)) issue([...at, 'max'], 'validation.maxOffStep', { max: criterion.max, step: criterion.step });
        checkBands(criterion, (path, message, params) => issue([...at, ...path], message, params));
        if (criterion.presetIndicators !== undefined && criterion.kind !== 'targets') issue([...at, 'presetIndicators'], 'validation.indicatorsNeedTargets');
      });
    });
    if (count > RUBRIC_LIMITS.criteria) issue(['sections'], 'validation.tooMany');
    const fields = new Set<string>();
    rubric.qualitative.forEach((field, f) => {
      if (fields.has(field.id)) issue(['qualitative', f, 'id'], 'validation.duplicateId', { id: field.id });
      fields.add(field.id);
    });
    const values = new Set<string>();
    rubric.recommendations.forEach((value, r) => {
      if (values.has(value)) issue(['recommendations', r], 'validation.duplicateId', { id: value });
      values.add(value);
      const known = (defaultRecommendations as readonly string[]).includes(value);
      if (!known && rubric.recommendationLabels?.[value] === undefined) issue(['recommendations', r], 'validation.recommendationLabel', { id: value });
    });
  });
export type Rubric = z.infer<typeof RubricSchema>;

function checkBands(criterion: Criterion, issue: (path: (string | number)[], message: string, params?: Record<string, string | number>) => void): void {
  const bands = criterion.bands ?? [];
  bands.forEach((band, b) => {
    if (band.min > band.max) issue(['bands', b, 'min'], 'validation.bandInverted', { min: band.min, max: band.max });
    if (band.max > criterion.max) issue(['bands', b, 'max'], 'validation.bandOutside', { max: criterion.max });
  });
  const sorted = bands.map((band, index) => ({ band, index })).sort((a, b) => a.band.min - b.band.min);
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous !== undefined && current !== undefined && current.band.min <= previous.band.max) {
      issue(['bands', current.index, 'min'], 'validation.bandOverlap', { label: previous.band.label });
    }
  }
}

/** Every criterion in rubric order, with the section it sits in. */
export function rubricCriteria(rubric: Rubric): { section: Section; criterion: Criterion }[] {
  return rubric.sections.flatMap((section) => section.criteria.map((criterion) => ({ section, criterion })));
}

export function findCriterion(rubric: Rubric, criterionId: string): Criterion | undefined {
  for (const section of rubric.sections) {
    const found = section.criteria.find((criterion) => criterion.id === criterionId);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The sum of the maxima: 100 for the built-in plan review. */
export function rubricTotal(rubric: Pick<Rubric, 'sections'>): number {
  return roundScore(rubric.sections.reduce((sum, section) => sum + sectionTotal(section), 0));
}

export function sectionTotal(section: Pick<Section, 'criteria'>): number {
  return roundScore(section.criteria.reduce((sum, criterion) => sum + criterion.max, 0));
}

/** Sums of 0.1 steps drift in binary (0.1 + 0.2); scores never need more than 6 decimals. */
export function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The band a score falls in, if the criterion has bands. */
export function bandOf(criterion: Criterion, value: number): ScoreBand | undefined {
  return criterion.bands?.find((band) => value >= band.min && value <= band.max);
}

/** Why a value cannot be a score of this criterion, or null when it can. */
export type ScoreProblem = { code: 'SCORE_OUT_OF_RANGE'; max: number } | { code: 'SCORE_OFF_STEP'; step: number };

export function scoreProblem(criterion: Criterion, value: number): ScoreProblem | null {
  if (!(value >= 0 && value <= criterion.max)) return { code: 'SCORE_OUT_OF_RANGE', max: criterion.max };
  if (!isOnStep(value, criterion.step)) return { code: 'SCORE_OFF_STEP', step: criterion.step };
  return null;
}

/**
 * A targets-table row's achieved ratio: actual over target when more is better, target
 * over actual when less is; null when either is missing or the division means nothing.
 */
export function achievedRatio(target: number | null, actual: number | null, better: 'higher' | 'lower' = 'higher'): number | null {
  if (target === null || actual === null) return null;
  const [numerator, denominator] = better === 'higher' ? [actual, target] : [target, actual];
  if (denominator === 0) return null;
  return numerator / denominator;
}
