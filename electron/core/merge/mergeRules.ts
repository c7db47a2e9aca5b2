import { scoreProblem, type Criterion, type Rubric } from '../../../shared/domain/rubric';
import type { ApplicationReview, EvidenceAnchor } from '../../../shared/domain/scoreBundle';
import { AppError } from '../errors';

/**
 * The content rules of DESIGN.md "Merge rules", as a pure function of the bundle's
 * reviews and what the secretary has recorded: the first reason the bundle cannot be
 * merged, or null. Identity, round, package and revision are checked before this, by
 * judgeBundle.ts, against the store.
 */

/** What the secretary recorded for one expert of the round, read once per bundle. */
export interface ExpertStanding {
  /** Applications currently assigned to the expert. */
  assigned: ReadonlySet<string>;
  /** Applications the secretary decided the expert is recused from (conflict_decision 'recuse'). */
  recused: ReadonlySet<string>;
}

/** Pages of each document of the round's applications: application id → document SHA-256 → pages. */
export type ApplicationDocuments = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** A rubric version made ready for many lookups: one per rubric version per import. */
export interface RubricIndex {
  criteria: ReadonlyMap<string, Criterion>;
  recommendations: ReadonlySet<string>;
  /** The recommendations as RECOMMENDATION_UNKNOWN's message lists them. */
  allowed: string;
}

export function indexRubric(rubric: Rubric): RubricIndex {
  const criteria = new Map<string, Criterion>();
  for (const section of rubric.sections) for (const criterion of section.criteria) criteria.set(criterion.id, criterion);
  return { criteria, recommendations: new Set(rubric.recommendations), allowed: rubric.recommendations.join(', ') };
}

/** Anything besides the declaration itself: what a conflict forbids. */
export function hasContent(review: ApplicationReview): boolean {
  const { scores, evidence, targets, opinion } = review;
  return scores.length > 0 || evidence.length > 0 || targets.length > 0 || opinion.strengths !== '' || opinion.issues !== '' || opinion.recommendation !== null;
}

export interface ReviewContext {
  file: string;
  fingerprint: string;
  standing: ExpertStanding;
  rubric: RubricIndex;
  /** The documents of the round's applications as the secretary stored them, with their pages. */
  documents: ApplicationDocuments;
}

export function reviewsProblem(reviews: readonly ApplicationReview[], context: ReviewContext): AppError | null {
  for (const review of reviews) {
    const problem = reviewProblem(review, context);
    if (problem !== null) return problem;
  }
  return null;
}

function reviewProblem(review: ApplicationReview, { file, fingerprint, standing, rubric, documents }: ReviewContext): AppError | null {
  const { applicationId } = review;
  const where = { file, applicationId, fingerprint };
  const declaredOnly = review.coi.kind === 'conflict' && !hasContent(review);
  // A recusal is never assigned (a trigger of 009), so it is checked first: the expert's
  // own conflict declaration for it is welcome, anything else contradicts the decision.
  if (standing.recused.has(applicationId)) {
    return declaredOnly ? null : conflict(where, `the secretary recused ${fingerprint} from application ${applicationId}`);
  }
  if (review.coi.kind === 'conflict' && !declaredOnly) {
    return conflict(where, `${fingerprint} declared a conflict of interest for application ${applicationId} and still reviewed it`);
  }
  if (!standing.assigned.has(applicationId)) {
    return new AppError('BUNDLE_NOT_ASSIGNED', `score bundle ${file} reviews application ${applicationId}, which is not assigned to ${fingerprint}`, where);
  }
  for (const { criterionId, value } of review.scores) {
    const criterion = rubric.criteria.get(criterionId);
    if (criterion === undefined) return unknownCriterion(where, criterionId);
    if (value === null) continue;
    const problem = scoreProblem(criterion, value);
    if (problem?.code === 'SCORE_OUT_OF_RANGE') {
      return new AppError('SCORE_OUT_OF_RANGE', `${file}: ${value} is outside 0–${problem.max} for criterion ${criterionId} of application ${applicationId}`, {
        ...where,
        value,
        max: problem.max,
        criterionId,
      });
    }
    if (problem?.code === 'SCORE_OFF_STEP') {
      return new AppError('SCORE_OFF_STEP', `${file}: ${value} is not a multiple of the step ${problem.step} of criterion ${criterionId} of application ${applicationId}`, {
        ...where,
        value,
        step: problem.step,
        criterionId,
      });
    }
  }
  const ownDocuments = documents.get(applicationId);
  for (const anchor of review.evidence) {
    if (!rubric.criteria.has(anchor.criterionId)) return unknownCriterion(where, anchor.criterionId);
    const problem = anchorProblem(where, anchor, ownDocuments);
    if (problem !== null) return problem;
  }
  for (const { criterionId } of review.targets) {
    const criterion = rubric.criteria.get(criterionId);
    if (criterion === undefined) return unknownCriterion(where, criterionId);
    if (criterion.kind !== 'targets') {
      return new AppError('CRITERION_NOT_TARGETS', `${file}: criterion ${criterionId} of application ${applicationId} has no targets table`, { ...where, criterionId });
    }
  }
  const { recommendation } = review.opinion;
  if (recommendation !== null && !rubric.recommendations.has(recommendation)) {
    return new AppError('RECOMMENDATION_UNKNOWN', `${file}: the recommendation of application ${applicationId} must be one of ${rubric.allowed}`, {
      ...where,
      value: recommendation,
      allowed: rubric.allowed,
    });
  }
  return null;
}

type Where = { file: string; applicationId: string; fingerprint: string };

function conflict(where: Where, why: string): AppError {
  return new AppError('BUNDLE_CONFLICT', `score bundle ${where.file} reviews application ${where.applicationId}: ${why}`, where);
}

/**
 * Evidence must quote the application it backs, as the expert's reader made it: a
 * document of another application (or none the secretary has) would put words in
 * this city's mouth, and a page past the end quotes nothing.
 */
function anchorProblem(where: Where, { criterionId, sha256, page }: EvidenceAnchor, documents: ReadonlyMap<string, number> | undefined): AppError | null {
  const pages = documents?.get(sha256);
  const at = { ...where, criterionId, sha256, page };
  if (pages === undefined) {
    return new AppError(
      'DOCUMENT_NOT_IN_APPLICATION',
      `score bundle ${where.file}: evidence for criterion ${criterionId} of application ${where.applicationId} quotes document ${sha256}, which is not a document of application ${where.applicationId}`,
      at,
    );
  }
  if (page > pages) {
    return new AppError(
      'PAGE_OUT_OF_RANGE',
      `score bundle ${where.file}: evidence for criterion ${criterionId} of application ${where.applicationId} quotes page ${page} of document ${sha256}, which has ${pages} pages`,
      { ...at, pages },
    );
  }
  return null;
}

function unknownCriterion(where: Where, criterionId: string): AppError {
  return new AppError('CRITERION_UNKNOWN', `${where.file}: application ${where.applicationId} names criterion ${criterionId}, which the rubric of its panel package does not have`, {
    ...where,
    criterionId,
  });
}
