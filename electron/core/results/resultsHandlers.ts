import type Database from 'better-sqlite3';
import type { Commands } from '../../../shared/contract/commands';
import { findCriterion } from '../../../shared/domain/rubric';
import type { Results } from '../../../shared/domain/results';
import type { Round } from '../../../shared/domain/round';
import type { AuditLog } from '../audit/auditLog';
import type { ApplicationRepository } from '../documents/applicationRepository';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Handlers } from '../router';
import { requireSecretaryRound, type RoundRepository } from '../rounds/roundRepository';
import type { RubricRepository } from '../scoring/rubricRepository';
import type { ResultsRepository } from './resultsRepository';
import { createResultsReader } from './resultsReader';

export interface ResultsDeps {
  db: Database.Database;
  rounds: RoundRepository;
  rubrics: RubricRepository;
  applications: ApplicationRepository;
  results: ResultsRepository;
  audit: AuditLog;
  events: EventBus;
  now: () => Date;
}

type ResultsCommandName = 'results.show' | 'results.detail' | 'results.config' | 'method.set' | 'flag.note' | 'tie.decide';

/**
 * The secretary's results: computed on demand from the merged reviews (nothing cached
 * that could disagree with them), and the three things the secretary decides about
 * them — the method, notes on flags, the order of remaining ties — each audited.
 */
export function resultsHandlers(deps: ResultsDeps): Pick<Handlers<Commands>, ResultsCommandName> {
  const secretaryRound = (roundId: string): Round => requireSecretaryRound(deps.rounds, roundId);
  const reader = createResultsReader(deps);
  const rubricOf = reader.rubricOf;
  const configOf = reader.config;
  const compute = (roundId: string, method: Results['method'] | 'official'): Results => reader.compute(secretaryRound(roundId), method);
  const requireApplication = (roundId: string, applicationId: string) => {
    const application = deps.applications.getApplication(applicationId);
    if (application?.roundId !== roundId) throw new AppError('APPLICATION_NOT_IN_ROUND', `application ${applicationId} is not in round ${roundId}`, { applicationId, roundId });
  };

  return {
    'results.show': ({ roundId, method }) => compute(roundId, method),
    'results.detail': ({ roundId, applicationId }) => {
      const round = secretaryRound(roundId);
      requireApplication(roundId, applicationId);
      return reader.detail(round, applicationId);
    },
    'results.config': ({ roundId }) => configOf(secretaryRound(roundId)),
    'method.set': ({ roundId, officialMethod, tieBreaks, reason }) => {
      const round = secretaryRound(roundId);
      deps.db.transaction(() => {
        const before = deps.results.config(roundId);
        const merged = deps.results.merged(roundId);
        const after = { officialMethod: officialMethod ?? before.officialMethod, tieBreaks: tieBreaks ?? before.tieBreaks };
        // Fixed before the first merge: choosing after seeing the scores needs a stated reason.
        if (merged && after.officialMethod !== before.officialMethod && reason === undefined) {
          throw new AppError('METHOD_REASON_REQUIRED', `bundles were already merged into round ${roundId}; changing the official method needs a reason`, { roundId });
        }
        deps.results.saveConfig(roundId, after.officialMethod, after.tieBreaks, deps.now().toISOString());
        deps.audit.append({
          roundId,
          action: tieBreaks !== undefined && officialMethod === undefined ? 'tiebreak.set' : 'method.set',
          detail: { from: before, to: after, afterMerge: merged, reason: reason ?? null },
        });
      })();
      deps.events.emit({ type: 'changed', entity: 'results' });
      return configOf(round);
    },
    'flag.note': ({ roundId, applicationId, criterionId, outcome, note }) => {
      const round = secretaryRound(roundId);
      requireApplication(roundId, applicationId);
      if (criterionId !== null && findCriterion(rubricOf(round), criterionId) === undefined) {
        throw new AppError('CRITERION_UNKNOWN', `the rubric has no criterion ${criterionId}`, { criterionId });
      }
      const results = compute(roundId, 'official');
      const flagged = results.applications.find((application) => application.id === applicationId)?.flags.some((flag) => flag.criterionId === criterionId);
      if (flagged !== true) {
        throw new AppError('FLAG_NOT_FOUND', `application ${applicationId} has no disagreement flag on ${criterionId ?? 'its total'}`, {
          applicationId,
          criterionId: criterionId ?? 'total',
        });
      }
      deps.db.transaction(() => {
        deps.results.saveNote(roundId, applicationId, criterionId, outcome, note, deps.now().toISOString());
        deps.audit.append({ roundId, action: 'flag.note', detail: { applicationId, criterionId, outcome, note } });
      })();
      deps.events.emit({ type: 'changed', entity: 'results' });
      return { saved: true as const };
    },
    'tie.decide': ({ roundId, applicationIds, reason }) => {
      secretaryRound(roundId);
      const unique = [...new Set(applicationIds)];
      for (const applicationId of unique) requireApplication(roundId, applicationId);
      deps.db.transaction(() => {
        deps.results.saveDecision(roundId, unique, deps.now().toISOString());
        deps.audit.append({ roundId, action: 'tiebreak.set', detail: { decision: unique, reason } });
      })();
      deps.events.emit({ type: 'changed', entity: 'results' });
      return { saved: true as const };
    },
  };
}
