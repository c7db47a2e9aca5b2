import type { Commands } from '../../../shared/contract/commands';
import { verifyBundleFile } from '../bundles/verifyBundleFile';
import type { TextIndexer } from '../documents/textIndexer';
import { isAppError } from '../errors';
import type { EventBus } from '../events';
import type { Handlers } from '../router';
import type { ExpertDeps } from './expertDeps';
import { exportScores, exportScoresForDownload } from './exportScores';
import { importPanelPackage } from './importPanelPackage';
import { inspectPanelPackage } from './inspectPanelPackage';

export interface ExpertHandlerDeps extends ExpertDeps {
  indexer: TextIndexer;
  events: EventBus;
}

export function expertHandlers(deps: ExpertHandlerDeps): Pick<Handlers<Commands>, 'panel.inspect' | 'panel.import' | 'scores.export' | 'scores.exportForDownload' | 'bundle.verify'> {
  return {
    'panel.inspect': ({ file }) => inspectPanelPackage(deps, file),
    'panel.import': async (input, context) => {
      const { documents, ...result } = await importPanelPackage(deps, input, context);
      if (result.status === 'unchanged') return result;
      deps.events.emit({ type: 'changed', entity: 'rounds' });
      deps.events.emit({ type: 'changed', entity: 'applications' });
      // As for application import: the round is committed; search needs the text, so
      // the command returns once it is indexed. A cancel stops only the indexing, which
      // resumes at the next start.
      try {
        await deps.indexer.index(documents, { signal: context.signal, progress: (done, total) => context.progress('text', done, total) });
      } catch (error) {
        if (!(isAppError(error) && error.code === 'CANCELLED')) throw error;
      }
      return result;
    },
    'scores.export': ({ roundId, outFile }) => exportScores(deps, roundId, outFile),
    'scores.exportForDownload': ({ roundId }) => exportScoresForDownload(deps, roundId),
    'bundle.verify': ({ file }) => verifyBundleFile(deps.identity, file),
  };
}
