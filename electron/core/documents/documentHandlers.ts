import type { Commands } from '../../../shared/contract/commands';
import { AppError, isAppError } from '../errors';
import type { EventBus } from '../events';
import type { Handlers } from '../router';
import type { RoundRepository } from '../rounds/roundRepository';
import type { ApplicationRepository } from './applicationRepository';
import { importApplication, type ImportDeps } from './importApplication';
import type { TextIndexer } from './textIndexer';

export interface DocumentDeps extends ImportDeps {
  rounds: RoundRepository;
  applications: ApplicationRepository;
  indexer: TextIndexer;
  events: EventBus;
}

export function documentHandlers(deps: DocumentDeps): Pick<Handlers<Commands>, 'application.import' | 'application.list'> {
  const requireRound = (roundId: string) => {
    if (deps.rounds.get(roundId) === undefined) throw new AppError('NOT_FOUND', `no round ${roundId}`, { what: roundId });
  };
  return {
    'application.import': async (input, context) => {
      requireRound(input.roundId);
      const result = await importApplication(deps, input, context);
      deps.events.emit({ type: 'changed', entity: 'applications' });
      // CLI.md: import returns when the text is indexed. The documents are already
      // committed, so a cancel here only stops indexing; it resumes at next start.
      try {
        await deps.indexer.index(
          result.documents.map((d) => d.sha256),
          { signal: context.signal, progress: (done, total) => context.progress('text', done, total) },
        );
      } catch (error) {
        if (!(isAppError(error) && error.code === 'CANCELLED')) throw error;
      }
      return result;
    },
    'application.list': ({ roundId }) => {
      requireRound(roundId);
      return { applications: deps.applications.listApplications(roundId) };
    },
  };
}
