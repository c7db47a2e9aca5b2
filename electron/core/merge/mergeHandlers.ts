import type { Commands } from '../../../shared/contract/commands';
import type { Round } from '../../../shared/domain/round';
import type { Handlers } from '../router';
import { requireSecretaryRound, type RoundRepository } from '../rounds/roundRepository';
import { importBundles, type MergeDeps } from './importBundles';
import { createReturnsQueries, returnsStatus } from './returnsStatus';

export interface MergeHandlerDeps extends MergeDeps {
  rounds: RoundRepository;
}

/** The secretary's merge: returned score bundles in, and how far each expert's returns are. */
export function mergeHandlers(deps: MergeHandlerDeps): Pick<Handlers<Commands>, 'bundle.import' | 'returns.status'> {
  const returns = createReturnsQueries(deps.db);
  /** Bundles come back to the round that sent the packages out, never to one this directory reviews in. */
  const secretaryRound = (roundId: string): Round => requireSecretaryRound(deps.rounds, roundId);
  return {
    'bundle.import': ({ roundId, files }, context) => importBundles(deps, secretaryRound(roundId), files, context),
    'returns.status': ({ roundId }) => returnsStatus(returns, deps.rubrics, secretaryRound(roundId)),
  };
}
