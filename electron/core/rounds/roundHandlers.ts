import type Database from 'better-sqlite3';
import type { Commands } from '../../../shared/contract/commands';
import type { Round } from '../../../shared/domain/round';
import { AppError, errorCodeOf } from '../errors';
import type { EventBus } from '../events';
import { newShortId } from '../ids';
import type { Handlers } from '../router';
import type { RubricRepository } from '../scoring/rubricRepository';
import type { RoundRepository } from './roundRepository';

export interface RoundDeps {
  db: Database.Database;
  rounds: RoundRepository;
  rubrics: RubricRepository;
  events: EventBus;
  now: () => Date;
}

export function roundHandlers({ db, rounds, rubrics, events, now }: RoundDeps): Pick<Handlers<Commands>, 'round.create' | 'round.list'> {
  return {
    'round.create': ({ name, kind, rubric }) => {
      // Rounds created here are run by this data directory's owner; expert rounds come from panel packages.
      const role = 'secretary' as const;
      if (rounds.findByName(name, role) !== undefined) throw nameTaken(name);
      const round: Round = { id: newShortId(), name, kind, role, createdAt: now().toISOString() };
      try {
        // A rubric given (round create --rubric) is stored with the round or not at all;
        // without one the round uses its kind's built-in rubric.
        db.transaction(() => {
          rounds.insert(round);
          if (rubric !== undefined) rubrics.save(round.id, kind, rubric, round.createdAt);
        })();
      } catch (error) {
        // Another process may have taken the name between the check and the insert.
        if (errorCodeOf(error) === 'SQLITE_CONSTRAINT_UNIQUE') throw nameTaken(name);
        throw error;
      }
      events.emit({ type: 'changed', entity: 'rounds' });
      return round;
    },
    'round.list': () => ({ rounds: rounds.list() }),
  };
}

function nameTaken(name: string): AppError {
  return new AppError('ROUND_NAME_TAKEN', `a round named ${name} already exists`, { name });
}
