import type Database from 'better-sqlite3';
import type { Commands } from '../../../shared/contract/commands';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Handlers } from '../router';
import { requireRound, type RoundRepository } from '../rounds/roundRepository';
import type { RubricRepository } from './rubricRepository';

export interface RubricDeps {
  db: Database.Database;
  rounds: RoundRepository;
  rubrics: RubricRepository;
  events: EventBus;
  now: () => Date;
}

/** Showing and editing a round's rubric. Experts see theirs; only the secretary's rounds can be edited. */
export function rubricHandlers(deps: RubricDeps): Pick<Handlers<Commands>, 'rubric.show' | 'rubric.set'> {
  const roundOf = (roundId: string) => requireRound(deps.rounds, roundId);
  return {
    'rubric.show': ({ roundId }) => {
      const round = roundOf(roundId);
      const stored = deps.rubrics.current(round.id, round.kind);
      return { roundId, version: stored.version, frozen: stored.frozen, editable: round.role === 'secretary', rubric: stored.rubric };
    },
    'rubric.set': ({ roundId, rubric }) => {
      const round = roundOf(roundId);
      if (round.role !== 'secretary') {
        throw new AppError('RUBRIC_NOT_EDITABLE', `round ${roundId} scores against the rubric its panel package carried; it cannot be changed here`, { roundId, name: round.name });
      }
      const stored = deps.db.transaction(() => deps.rubrics.save(round.id, round.kind, rubric, deps.now().toISOString()))();
      deps.events.emit({ type: 'changed', entity: 'rubrics' });
      return { roundId, version: stored.version, frozen: stored.frozen, editable: true, rubric: stored.rubric };
    },
  };
}
