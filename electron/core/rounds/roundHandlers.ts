import type { Commands } from '../../../shared/contract/commands';
import type { Round } from '../../../shared/domain/round';
import { AppError, errorCodeOf } from '../errors';
import type { EventBus } from '../events';
import { newShortId } from '../ids';
import type { Handlers } from '../router';
import type { RoundRepository } from './roundRepository';

export interface RoundDeps {
  rounds: RoundRepository;
  events: EventBus;
  now: () => Date;
}

export function roundHandlers({ rounds, events, now }: RoundDeps): Pick<Handlers<Commands>, 'round.create' | 'round.list'> {
  return {
    'round.create': ({ name, kind }) => {
      // Rounds created here are run by this data directory's owner; expert rounds come from panel packages.
      const role = 'secretary' as const;
      if (rounds.findByName(name, role) !== undefined) throw nameTaken(name);
      const round: Round = { id: newShortId(), name, kind, role, createdAt: now().toISOString() };
      try {
        rounds.insert(round);
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
