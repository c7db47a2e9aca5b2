import { describe, expect, it } from 'vitest';
import type { RoundKind } from './round';
import { achievedRatio, bandOf, findCriterion, isOnStep, rubricCriteria, RubricSchema, rubricTotal, scoreProblem, sectionTotal, type Criterion, type Rubric } from './rubric';
import { rubricTemplate } from './rubricTemplates';

/**
 * The rubric schema and its arithmetic: the built-in templates, every refusal with the
 * message key and path the editor and the CLI show, steps in binary floating point, the
 * achieved ratio of a targets row, and parsing that changes nothing (rubrics are signed).
 */

const KINDS: readonly RoundKind[] = ['plan-review', 'midterm', 'assessment', 'custom'];

/** The section totals each template is built to (the programme's weights). */
const SECTION_TOTALS: Record<RoundKind, Record<string, number>> = {
  'plan-review': { basis: 25, goals: 20, systems: 45, implementation: 10 },
  midterm: { targets: 54, tasks: 30, mechanisms: 16 },
  assessment: { targets: 64, tasks: 24, mechanisms: 12 },
  custom: { basis: 25, goals: 20, systems: 45, implementation: 10 },
};

/** The issues of a refused rubric, as path strings and message keys (plus params when given). */
function issuesOf(rubric: unknown): { path: string; message: string; params?: unknown }[] {
  const parsed = RubricSchema.safeParse(rubric);
  if (parsed.success) throw new Error('expected the rubric to be refused');
  return parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    ...('params' in issue && issue.params !== undefined ? { params: issue.params } : {}),
  }));
}

/** A template to break, and a typed handle on one of its criteria. */
function planReview(): Rubric {
  return rubricTemplate('plan-review');
}
function criterionAt(rubric: Rubric, section: number, criterion: number): Criterion {
  const found = rubric.sections[section]?.criteria[criterion];
  if (found === undefined) throw new Error(`no criterion ${section}.${criterion}`);
  return found;
}

describe('built-in rubric templates', () => {
  it.each(KINDS)('%s parses, totals 100 and its sections add up to their weights', (kind) => {
    const rubric = rubricTemplate(kind);
    expect(RubricSchema.safeParse(rubric).success).toBe(true);
    expect(rubricTotal(rubric)).toBe(100);
    const totals = Object.fromEntries(rubric.sections.map((section) => [section.id, sectionTotal(section)]));
    expect(totals).toEqual(SECTION_TOTALS[kind]);
    for (const section of rubric.sections) {
      expect(sectionTotal(section)).toBe(section.criteria.reduce((sum, criterion) => sum + criterion.max, 0));
    }
    // Every criterion's maximum sits on its step and its bands cover 0..max without a gap.
    for (const { criterion } of rubricCriteria(rubric)) {
      expect(isOnStep(criterion.max, criterion.step), criterion.id).toBe(true);
      for (let value = 0; value <= criterion.max; value += criterion.step) expect(bandOf(criterion, value), `${criterion.id} ${value}`).toBeDefined();
    }
    expect(rubric.recommendations).toEqual(['approve', 'revise', 'reject']);
    expect(rubric.qualitative.map((field) => field.id)).toEqual(['strengths', 'issues']);
  });

  it('gives a fresh copy each time: editing one does not change the next', () => {
    const edited = rubricTemplate('midterm');
    criterionAt(edited, 0, 0).max = 99;
    edited.sections.pop();
    expect(rubricTotal(rubricTemplate('midterm'))).toBe(100);
    expect(rubricTemplate('midterm').sections).toHaveLength(3);
  });

  it('has targets tables only where it presets indicators, in the assessments', () => {
    const targets = (kind: RoundKind) => rubricCriteria(rubricTemplate(kind)).filter(({ criterion }) => criterion.kind === 'targets').map(({ criterion }) => criterion.id);
    expect(targets('plan-review')).toEqual([]);
    expect(targets('midterm')).toEqual(['innovation', 'quality-efficiency', 'structure', 'sustainability', 'integration']);
    expect(targets('assessment')).toEqual(targets('midterm'));
    expect(findCriterion(rubricTemplate('midterm'), 'innovation')?.presetIndicators?.length).toBeGreaterThan(0);
    expect(findCriterion(rubricTemplate('midterm'), 'no-such')).toBeUndefined();
  });
});

describe('refused rubrics: message key and path', () => {
  it('a maximum off its step', () => {
    const rubric = planReview();
    criterionAt(rubric, 1, 0).max = 17.3;
    criterionAt(rubric, 1, 0).bands = undefined;
    expect(issuesOf(rubric)).toEqual([{ path: 'sections.1.criteria.0.max', message: 'validation.maxOffStep', params: { max: 17.3, step: 0.5 } }]);
    // 0.3 on a 0.1 step is on it, in spite of binary floating point.
    criterionAt(rubric, 1, 0).max = 0.3;
    criterionAt(rubric, 1, 0).step = 0.1;
    expect(RubricSchema.safeParse(rubric).success).toBe(true);
  });

  it('bands that overlap, lie outside 0..max or run backwards', () => {
    const overlap = planReview();
    const goals = criterionAt(overlap, 1, 0);
    goals.bands = [
      { label: '优', min: 16, max: 20 },
      { label: '良', min: 12, max: 16 },
      { label: '差', min: 0, max: 11.5 },
    ];
    expect(issuesOf(overlap)).toEqual([{ path: 'sections.1.criteria.0.bands.0.min', message: 'validation.bandOverlap', params: { label: '良' } }]);

    const above = planReview();
    criterionAt(above, 1, 0).bands = [{ label: '优', min: 18, max: 20.5 }];
    expect(issuesOf(above)).toEqual([{ path: 'sections.1.criteria.0.bands.0.max', message: 'validation.bandOutside', params: { max: 20 } }]);

    const below = planReview();
    criterionAt(below, 1, 0).bands = [{ label: '差', min: -1, max: 5 }];
    expect(issuesOf(below)).toEqual([expect.objectContaining({ path: 'sections.1.criteria.0.bands.0.min', message: 'validation.bandOutside' })]);

    const inverted = planReview();
    criterionAt(inverted, 1, 0).bands = [{ label: '良', min: 15, max: 12 }];
    expect(issuesOf(inverted)).toEqual([{ path: 'sections.1.criteria.0.bands.0.min', message: 'validation.bandInverted', params: { min: 15, max: 12 } }]);
  });

  it('a criterion id used twice, even in different sections, and ids that cannot be typed', () => {
    const twice = planReview();
    criterionAt(twice, 2, 1).id = 'policy-compliance';
    expect(issuesOf(twice)).toEqual([{ path: 'sections.2.criteria.1.id', message: 'validation.duplicateId', params: { id: 'policy-compliance' } }]);

    const sections = planReview();
    const [first, second] = sections.sections;
    if (first === undefined || second === undefined) throw new Error('template sections missing');
    second.id = first.id;
    expect(issuesOf(sections)).toEqual([{ path: 'sections.1.id', message: 'validation.duplicateId', params: { id: 'basis' } }]);

    for (const id of ['Goals', 'goals quantified', '-goals', '目标', '', 'g'.repeat(65), 'goals_1']) {
      const bad = planReview();
      criterionAt(bad, 1, 0).id = id;
      expect(issuesOf(bad), id).toEqual([expect.objectContaining({ path: 'sections.1.criteria.0.id', message: 'validation.rubricId' })]);
    }
    const good = planReview();
    criterionAt(good, 1, 0).id = `9${'g'.repeat(63)}`;
    expect(RubricSchema.safeParse(good).success).toBe(true);
  });

  it('a section without criteria, and a rubric without sections', () => {
    const empty = planReview();
    const section = empty.sections[3];
    if (section === undefined) throw new Error('template section missing');
    section.criteria = [];
    expect(issuesOf(empty)).toEqual([expect.objectContaining({ path: 'sections.3.criteria', message: 'validation.sectionEmpty' })]);

    expect(issuesOf({ ...planReview(), sections: [] })).toEqual([expect.objectContaining({ path: 'sections', message: 'validation.noSections' })]);
  });

  it('a recommendation of its own without a label; with one it is fine', () => {
    const rubric = planReview();
    rubric.recommendations = ['approve', 'defer', 'reject'];
    expect(issuesOf(rubric)).toEqual([{ path: 'recommendations.1', message: 'validation.recommendationLabel', params: { id: 'defer' } }]);
    rubric.recommendationLabels = { defer: { title: '暂缓' } };
    expect(RubricSchema.safeParse(rubric).success).toBe(true);
  });

  it('a disagreement threshold of 0 or above 1, and a trimming threshold of 2', () => {
    for (const threshold of [0, -0.1, 1.01]) {
      expect(issuesOf({ ...planReview(), disagreementThreshold: threshold }), String(threshold)).toEqual([
        expect.objectContaining({ path: 'disagreementThreshold', message: 'validation.disagreementThreshold' }),
      ]);
    }
    expect(RubricSchema.safeParse({ ...planReview(), disagreementThreshold: 1 }).success).toBe(true);
    for (const threshold of [2, 3.5, 101]) {
      expect(issuesOf({ ...planReview(), trimThreshold: threshold }), String(threshold)).toEqual([
        expect.objectContaining({ path: 'trimThreshold', message: 'validation.trimThreshold' }),
      ]);
    }
    expect(RubricSchema.safeParse({ ...planReview(), trimThreshold: 3 }).success).toBe(true);
  });

  it('preset indicators on a criterion without a targets table', () => {
    const rubric = planReview();
    criterionAt(rubric, 1, 0).presetIndicators = [{ indicator: '研发经费支出占比', unit: '%' }];
    expect(issuesOf(rubric)).toEqual([{ path: 'sections.1.criteria.0.presetIndicators', message: 'validation.indicatorsNeedTargets' }]);
    criterionAt(rubric, 1, 0).kind = 'targets';
    expect(RubricSchema.safeParse(rubric).success).toBe(true);
  });

  it('another format, or none', () => {
    for (const format of ['panel-review/rubric@2', 'rubric', undefined]) {
      expect(issuesOf({ ...planReview(), format }), String(format)).toEqual([expect.objectContaining({ path: 'format', message: 'validation.rubricFormat' })]);
    }
  });
});

describe('isOnStep and scoreProblem', () => {
  it('counts decimal steps in spite of binary floating point', () => {
    expect(0.3 / 0.1).not.toBe(3);
    for (const value of [0, 0.1, 0.2, 0.3, 0.7, 1.1, 2.3, 9.9, 17.3, 999.9, 1000]) expect(isOnStep(value, 0.1), String(value)).toBe(true);
    for (const value of [0.05, 0.35, 17.31, 999.95]) expect(isOnStep(value, 0.1), String(value)).toBe(false);
    for (const value of [0, 0.5, 17.5, 20, 999.5]) expect(isOnStep(value, 0.5), String(value)).toBe(true);
    for (const value of [0.3, 17.3, 17.25, 0.1]) expect(isOnStep(value, 0.5), String(value)).toBe(false);
    expect(isOnStep(0.1 + 0.2, 0.1)).toBe(true);
  });

  it('names the problem of a value a criterion cannot take', () => {
    const goals = criterionAt(planReview(), 1, 0);
    expect(scoreProblem(goals, 0)).toBeNull();
    expect(scoreProblem(goals, 20)).toBeNull();
    expect(scoreProblem(goals, 17.5)).toBeNull();
    expect(scoreProblem(goals, 20.5)).toEqual({ code: 'SCORE_OUT_OF_RANGE', max: 20 });
    expect(scoreProblem(goals, -0.5)).toEqual({ code: 'SCORE_OUT_OF_RANGE', max: 20 });
    expect(scoreProblem(goals, Number.NaN)).toEqual({ code: 'SCORE_OUT_OF_RANGE', max: 20 });
    expect(scoreProblem(goals, 17.3)).toEqual({ code: 'SCORE_OFF_STEP', step: 0.5 });
    expect(bandOf(goals, 18)?.label).toBe('优');
    expect(bandOf(goals, 17.5)?.label).toBe('良');
    expect(bandOf({ ...goals, bands: undefined }, 18)).toBeUndefined();
  });
});

describe('achievedRatio', () => {
  it('is actual ÷ target when more is better, target ÷ actual when less is', () => {
    expect(achievedRatio(1.5, 1.32)).toBeCloseTo(0.88, 12);
    expect(achievedRatio(1.5, 1.32, 'higher')).toBeCloseTo(0.88, 12);
    expect(achievedRatio(80, 100, 'higher')).toBe(1.25);
    expect(achievedRatio(0.8, 1, 'lower')).toBeCloseTo(0.8, 12);
    expect(achievedRatio(0.8, 0.4, 'lower')).toBe(2);
    expect(achievedRatio(5, 0, 'higher')).toBe(0);
    expect(achievedRatio(0, 5, 'lower')).toBe(0);
  });

  it('is null when a figure is missing or the division means nothing', () => {
    expect(achievedRatio(null, 1)).toBeNull();
    expect(achievedRatio(1, null)).toBeNull();
    expect(achievedRatio(null, null, 'lower')).toBeNull();
    expect(achievedRatio(0, 5, 'higher')).toBeNull();
    expect(achievedRatio(5, 0, 'lower')).toBeNull();
    expect(achievedRatio(0, 0)).toBeNull();
  });
});

describe('parsing changes nothing (rubrics are signed)', () => {
  it.each(KINDS)('%s: parse(JSON) is the rubric itself, key for key', (kind) => {
    const rubric = rubricTemplate(kind);
    const text = JSON.stringify(rubric);
    const parsed = RubricSchema.parse(JSON.parse(text));
    // Key for key (toStrictEqual also tells a missing key from one set to undefined);
    // zod may list keys in its schema's order, which canonical JSON ignores.
    expect(parsed).toStrictEqual(rubric);
    expect(JSON.parse(JSON.stringify(parsed))).toStrictEqual(JSON.parse(text));
  });

  it('keeps spaces around titles and leaves optional fields out rather than defaulting them', () => {
    const rubric = planReview();
    rubric.name = '  2026 实施方案评审 ';
    rubric.nameEn = ' Plan review\u3000';
    const criterion = criterionAt(rubric, 0, 0);
    criterion.title = ' 符合法律法规 ';
    delete criterion.titleEn;
    delete criterion.guidance;
    delete criterion.guidanceEn;
    delete criterion.bands;
    delete rubric.recommendationLabels;
    const text = JSON.stringify(rubric);
    const parsed = RubricSchema.parse(JSON.parse(text));
    expect(parsed).toStrictEqual(rubric);
    expect(JSON.parse(JSON.stringify(parsed))).toStrictEqual(JSON.parse(text));
    expect(parsed.name).toBe('  2026 实施方案评审 ');
    expect(criterionAt(parsed, 0, 0)).not.toHaveProperty('kind');
    expect(criterionAt(parsed, 0, 0)).not.toHaveProperty('weight');
    expect(criterionAt(parsed, 0, 0)).not.toHaveProperty('bands');
  });

  it('refuses a title that is only spaces or holds control characters, rather than fixing it', () => {
    expect(issuesOf({ ...planReview(), name: '   ' })).toEqual([expect.objectContaining({ path: 'name', message: 'validation.required' })]);
    expect(issuesOf({ ...planReview(), name: '评审\n第二行' })).toEqual([expect.objectContaining({ path: 'name', message: 'validation.controlChars' })]);
  });
});
