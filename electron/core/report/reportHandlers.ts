import type { Commands } from '../../../shared/contract/commands';
import type { Handlers } from '../router';
import { exportReport, exportReportForDownload, previewReport, type ReportDeps } from './exportReport';

/** Reports of a secretary's round (issue 8): to a file (desktop, CLI), as bytes (web shell), or as a PDF to look at first. */
export function reportHandlers(deps: ReportDeps): Pick<Handlers<Commands>, 'report.export' | 'report.exportForDownload' | 'report.preview'> {
  return {
    'report.export': (input, context) => exportReport(deps, input, context),
    'report.exportForDownload': (input, context) => exportReportForDownload(deps, input, context),
    'report.preview': (input, context) => previewReport(deps, input, context),
  };
}
