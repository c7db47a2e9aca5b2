import type { Commands } from '../../../../shared/contract/commands';
import type { Handlers } from '../../router';
import { exportScoreSheet, exportScoreSheetForDownload } from './exportScoreSheet';
import type { ScoreSheetDeps } from './gatherScoreSheet';

/** The expert's printable score sheet (issue 8, point 5): as a file (desktop, CLI) or as bytes (web shell). */
export function scoreSheetHandlers(deps: ScoreSheetDeps): Pick<Handlers<Commands>, 'scoresheet.export' | 'scoresheet.exportForDownload'> {
  return {
    'scoresheet.export': (input) => exportScoreSheet(deps, input),
    'scoresheet.exportForDownload': (input) => exportScoreSheetForDownload(deps, input),
  };
}
