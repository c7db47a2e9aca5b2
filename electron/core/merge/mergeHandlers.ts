import type { Commands } from '../../../shared/contract/commands';
import type { Round } from '../../../shared/domain/round';
import { AppError } from '../errors';
import type { Handlers } from '../router';
import { requireRound, type RoundRepository } from '../rounds/roundRepository';
import { importBundles, type MergeDeps } from './importBundles';
import { createReturnsQueries, returnsStatus } from './returnsStatus';

export interface MergeHandlerDeps extends MergeDeps {
  rounds: RoundRepository;
}

/** The secretary's merge: returned score bundles in, and how far each expert's returns are. */
export function mergeHandlers(deps: MergeHandlerDeps): Pick<Handlers<Commands>, 'bundle.import' | 'returns.status'> {
  const returns = createReturnsQueries(deps.db);
  /** Bundles come back to the round that sent the packages out, never to one this directory reviews in. */
  const secretaryRound = (roundId: string): Round => {
    const round = requireRound(deps.rounds, roundId);
    if (round.role !== 'secretary') throw new AppError('ROUND_NOT_SECRETARY', `round ${roundId} is an expert round`, { roundId, name: round.name });
    return round;
  };
  return {
    'bundle.import': ({ roundId, files }, context) => importBundles(deps, secretaryRound(roundId), files, context),
    'returns.status': ({ roundId }) => returnsStatus(returns, deps.rubrics, secretaryRound(roundId)),
  };
}
