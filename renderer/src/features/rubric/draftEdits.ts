import type { RubricDraft, DraftBand, DraftCriterion, DraftIndicator, DraftRecommendation, DraftSection } from './rubricDraft';

/**
 * One edit of the draft each: a new draft that shares every part the edit did not
 * touch, so React redraws only the rows that changed.
 */

export function setSection(draft: RubricDraft, s: number, change: Partial<DraftSection> | ((section: DraftSection) => DraftSection)): RubricDraft {
  return {
    ...draft,
    sections: draft.sections.map((section, i) => (i !== s ? section : typeof change === 'function' ? change(section) : { ...section, ...change })),
  };
}

export function setCriterion(
  draft: RubricDraft,
  s: number,
  c: number,
  change: Partial<DraftCriterion> | ((criterion: DraftCriterion) => DraftCriterion),
): RubricDraft {
  return setSection(draft, s, (section) => ({
    ...section,
    criteria: section.criteria.map((criterion, i) => (i !== c ? criterion : typeof change === 'function' ? change(criterion) : { ...criterion, ...change })),
  }));
}

export function setBands(draft: RubricDraft, s: number, c: number, change: (bands: DraftBand[]) => DraftBand[]): RubricDraft {
  return setCriterion(draft, s, c, (criterion) => {
    const bands = change(criterion.bands ?? []);
    const { bands: _old, ...rest } = criterion;
    // No bands at all is "no bands", as the built-in rubrics write it.
    return bands.length === 0 ? rest : { ...rest, bands };
  });
}

export function setBand(draft: RubricDraft, s: number, c: number, b: number, patch: Partial<DraftBand>): RubricDraft {
  return setBands(draft, s, c, (bands) => bands.map((band, i) => (i === b ? { ...band, ...patch } : band)));
}

export function setIndicators(draft: RubricDraft, s: number, c: number, change: (rows: DraftIndicator[]) => DraftIndicator[]): RubricDraft {
  return setCriterion(draft, s, c, (criterion) => {
    const rows = change(criterion.presetIndicators ?? []);
    const { presetIndicators: _old, ...rest } = criterion;
    return rows.length === 0 ? rest : { ...rest, presetIndicators: rows };
  });
}

export function setIndicator(draft: RubricDraft, s: number, c: number, r: number, patch: Partial<DraftIndicator>): RubricDraft {
  return setIndicators(draft, s, c, (rows) => rows.map((row, i) => (i === r ? { ...row, ...patch } : row)));
}

/**
 * Plain score or score with a targets table. Leaving targets puts the preset indicators
 * aside (a plain criterion cannot have them), and coming back brings them back.
 */
export function setKind(draft: RubricDraft, s: number, c: number, kind: 'score' | 'targets'): RubricDraft {
  return setCriterion(draft, s, c, (criterion) => {
    const { kind: _kind, presetIndicators, stashedIndicators, ...rest } = criterion;
    if (kind === 'targets') {
      const rows = presetIndicators ?? stashedIndicators;
      return { ...rest, kind: 'targets', ...(rows === undefined ? {} : { presetIndicators: rows }) };
    }
    // A plain criterion leaves `kind` out, as the built-in rubrics write it.
    const stash = presetIndicators ?? stashedIndicators;
    return { ...rest, ...(stash === undefined ? {} : { stashedIndicators: stash }) };
  });
}

export function setRecommendation(draft: RubricDraft, r: number, patch: Partial<DraftRecommendation>): RubricDraft {
  return { ...draft, recommendations: draft.recommendations.map((row, i) => (i === r ? { ...row, ...patch } : row)) };
}
