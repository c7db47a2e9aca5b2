import type { Commands } from '../../../shared/contract/commands';
import type { Round } from '../../../shared/domain/round';
import { findCriterion, scoreProblem, type Criterion, type Rubric } from '../../../shared/domain/rubric';
import { AppError } from '../errors';
import type { Handlers } from '../router';
import { requireRound, type RoundRepository } from '../rounds/roundRepository';
import type { RubricRepository } from './rubricRepository';
import type { ScoringRepository } from './scoringRepository';

export interface ScoringDeps {
  rounds: RoundRepository;
  rubrics: RubricRepository;
  scoring: ScoringRepository;
  now: () => Date;
}

type ScoringCommandName =
  | 'scoring.sheet'
  | 'coi.declare'
  | 'score.set'
  | 'comment.set'
  | 'opinion.set'
  | 'evidence.add'
  | 'evidence.remove'
  | 'targets.set';

/**
 * The expert's scoring sheet. Every write is checked against the round's rubric and the
 * application's conflict declaration here, for the UI and the CLI alike, and is durable
 * (WAL, synchronous=FULL) when its answer is sent: an acknowledged save survives a crash.
 */
export function scoringHandlers(deps: ScoringDeps): Pick<Handlers<Commands>, ScoringCommandName> {
  const expertRound = (roundId: string): Round => {
    const round = requireRound(deps.rounds, roundId);
    if (round.role !== 'expert') {
      throw new AppError('ROUND_NOT_EXPERT', `round ${roundId} is run by this data directory; experts score in the rounds their panel packages open`, {
        roundId,
        name: round.name,
      });
    }
    return round;
  };

  const rubricOf = (round: Round): Rubric => deps.rubrics.current(round.id, round.kind).rubric;

  const inRound = (roundId: string, applicationId: string): void => {
    const owner = deps.scoring.roundOfApplication(applicationId);
    if (owner === undefined) throw new AppError('NOT_FOUND', `no application ${applicationId}`, { what: applicationId });
    if (owner !== roundId) throw new AppError('APPLICATION_NOT_IN_ROUND', `application ${applicationId} belongs to round ${owner}, not ${roundId}`, { applicationId, roundId });
  };

  /** Scoring needs a declaration of no conflict first; a declared conflict locks the sheet. */
  const scorable = (roundId: string, applicationId: string): Round => {
    const round = expertRound(roundId);
    inRound(roundId, applicationId);
    const coi = deps.scoring.coi(applicationId);
    if (coi === null) throw new AppError('COI_REQUIRED', `declare a conflict of interest (or none) for application ${applicationId} before scoring it`, { applicationId });
    if (coi.kind === 'conflict') throw new AppError('COI_CONFLICT', `a conflict of interest was declared for application ${applicationId}; it cannot be scored`, { applicationId, reason: coi.reason });
    return round;
  };

  const criterionOf = (rubric: Rubric, criterionId: string): Criterion => {
    const criterion = findCriterion(rubric, criterionId);
    if (criterion === undefined) throw new AppError('CRITERION_UNKNOWN', `the rubric has no criterion ${criterionId}`, { criterionId });
    return criterion;
  };

  const saved = (at: string) => ({ saved: true as const, savedAt: at });

  return {
    'scoring.sheet': ({ roundId }) => {
      const round = expertRound(roundId);
      const { rubric, version } = deps.rubrics.current(round.id, round.kind);
      return { roundId, rubric, rubricVersion: version, applications: deps.scoring.sheet(roundId) };
    },
    'coi.declare': ({ roundId, applicationId, coi }) => {
      expertRound(roundId);
      inRound(roundId, applicationId);
      const declared = coi.kind === 'conflict' ? { kind: 'conflict' as const, reason: coi.reason.trim() } : coi;
      if (declared.kind === 'conflict' && declared.reason === '') {
        throw new AppError('INVALID_INPUT', 'a declared conflict needs its reason', { issues: [{ path: ['coi', 'reason'], message: 'validation.required' }] });
      }
      const cleared = deps.scoring.declare(applicationId, declared, deps.now().toISOString());
      return { applicationId, coi: declared, cleared };
    },
    'score.set': ({ roundId, applicationId, criterionId, value, comment }) => {
      const round = scorable(roundId, applicationId);
      const criterion = criterionOf(rubricOf(round), criterionId);
      if (value !== null) {
        const problem = scoreProblem(criterion, value);
        if (problem?.code === 'SCORE_OUT_OF_RANGE') {
          throw new AppError('SCORE_OUT_OF_RANGE', `${value} is outside 0–${criterion.max} for criterion ${criterionId}`, { value, max: criterion.max, criterionId });
        }
        if (problem?.code === 'SCORE_OFF_STEP') {
          throw new AppError('SCORE_OFF_STEP', `${value} is not a multiple of the step ${criterion.step} of criterion ${criterionId}`, { value, step: criterion.step, criterionId });
        }
      }
      const at = deps.now().toISOString();
      deps.scoring.setScore(applicationId, criterionId, value, comment, at);
      return saved(at);
    },
    'comment.set': ({ roundId, applicationId, criterionId, comment }) => {
      const round = scorable(roundId, applicationId);
      criterionOf(rubricOf(round), criterionId);
      const at = deps.now().toISOString();
      deps.scoring.setComment(applicationId, criterionId, comment, at);
      return saved(at);
    },
    'opinion.set': ({ roundId, applicationId, strengths, issues, recommendation }) => {
      const round = scorable(roundId, applicationId);
      if (recommendation !== undefined && recommendation !== null && !rubricOf(round).recommendations.includes(recommendation)) {
        const allowed = rubricOf(round).recommendations.join(', ');
        throw new AppError('RECOMMENDATION_UNKNOWN', `the recommendation must be one of ${allowed}`, { value: recommendation, allowed });
      }
      const at = deps.now().toISOString();
      deps.scoring.setOpinion(applicationId, { ...(strengths === undefined ? {} : { strengths }), ...(issues === undefined ? {} : { issues }), ...(recommendation === undefined ? {} : { recommendation }) }, at);
      return saved(at);
    },
    'evidence.add': ({ roundId, applicationId, criterionId, sha256, page, rects, quote }) => {
      const round = scorable(roundId, applicationId);
      criterionOf(rubricOf(round), criterionId);
      const pages = deps.scoring.pagesOfDocument(applicationId, sha256);
      if (pages === undefined) throw new AppError('DOCUMENT_NOT_IN_APPLICATION', `document ${sha256} is not part of application ${applicationId}`, { sha256, applicationId });
      if (page > pages) throw new AppError('PAGE_OUT_OF_RANGE', `page ${page} is past the end of document ${sha256} (${pages} pages)`, { page, pages, sha256, applicationId });
      return deps.scoring.addEvidence(applicationId, { criterionId, sha256, page, rects, quote }, deps.now().toISOString());
    },
    'evidence.remove': ({ roundId, evidenceId }) => {
      const anchor = deps.scoring.evidence(evidenceId);
      if (anchor === undefined) throw new AppError('NOT_FOUND', `no evidence ${evidenceId}`, { what: String(evidenceId) });
      scorable(roundId, anchor.applicationId);
      return { removed: deps.scoring.removeEvidence(evidenceId) };
    },
    'targets.set': ({ roundId, applicationId, criterionId, rows }) => {
      const round = scorable(roundId, applicationId);
      const criterion = criterionOf(rubricOf(round), criterionId);
      if (criterion.kind !== 'targets') throw new AppError('CRITERION_NOT_TARGETS', `criterion ${criterionId} has no targets table`, { criterionId });
      const at = deps.now().toISOString();
      deps.scoring.setTargets(applicationId, criterionId, rows);
      return saved(at);
    },
  };
}
