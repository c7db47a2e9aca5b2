import type { Commands } from '../../../shared/contract/commands';
import type { Round } from '../../../shared/domain/round';
import type { EventBus } from '../events';
import type { Handlers } from '../router';
import { requireSecretaryRound, type RoundRepository } from '../rounds/roundRepository';
import { assignmentCommands, refuseConflicted } from './assignmentCommands';
import { expertCommands } from './expertCommands';
import { exportPanels, type ExportPanelsDeps } from './exportPanels';
import { readConflicts } from './panelView';

export interface PanelDeps extends ExportPanelsDeps {
  rounds: RoundRepository;
  events: EventBus;
}

/** The round, if this data directory runs it as secretary; else a refusal. */
export type SecretaryRound = (roundId: string) => Round;

type PanelCommandName =
  | 'expert.add'
  | 'expert.checkCards'
  | 'expert.list'
  | 'expert.update'
  | 'expert.remove'
  | 'assignment.set'
  | 'assignment.auto'
  | 'conflict.decide'
  | 'conflict.list'
  | 'panel.export';

/** The secretary's side of a panel: enrol experts, decide conflicts, assign applications, export packages. */
export function panelHandlers(deps: PanelDeps): Pick<Handlers<Commands>, PanelCommandName> {
  /** Experts, assignments and packages belong to rounds this data directory runs, never to one it reviews in. */
  const secretaryRound: SecretaryRound = (roundId) => requireSecretaryRound(deps.rounds, roundId);
  return {
    ...expertCommands(deps, secretaryRound),
    ...assignmentCommands(deps, secretaryRound),
    'panel.export': ({ roundId, outDir }, context) => {
      const round = secretaryRound(roundId);
      // An assignment can become flagged after it was made (a city recorded later): nothing
      // goes out to an expert with a conflict the secretary has not decided on.
      const assigned = deps.panel.assignmentsByExpert(roundId);
      for (const conflict of readConflicts(deps, roundId)) {
        if (assigned.get(conflict.fingerprint)?.includes(conflict.applicationId) === true) refuseConflicted(conflict);
      }
      return exportPanels(deps, round, outDir, context);
    },
  };
}
