import type { Commands } from '../../../shared/contract/commands';
import type { Handlers } from '../router';
import { exportReport, type ReportDeps } from './exportReport';

/** Reports of a secretary's round (issue 8): XLSX, CSV and JSON here, the PDF through its own layer. */
export function reportHandlers(deps: ReportDeps): Pick<Handlers<Commands>, 'report.export'> {
  return {
    'report.export': (input, context) => exportReport(deps, input, context),
  };
}
