import { createHash } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openFlagsByApplication } from '../../../shared/domain/report/buildReportData';
import type { ReportData } from '../../../shared/domain/report/reportData';
import type { ReportExportInput, ReportExportOutput, ReportFileFormat } from '../../../shared/domain/report/reportExport';
import { applicationName } from '../../../shared/domain/report/reportLabels';
import type { Language } from '../../../shared/domain/language';
import type { Translate } from '../../../shared/i18n/describeError';
import type { AuditLog } from '../audit/auditLog';
import { AppError } from '../errors';
import { createTranslator } from '../i18n';
import type { ResultsReader } from '../results/resultsReader';
import type { CommandContext } from '../router';
import { requireSecretaryRound, type RoundRepository } from '../rounds/roundRepository';
import { appVersion } from '../version';
import { renderReportCsv } from './formats/reportCsv';
import { renderReportJson } from './formats/reportJson';
import { renderReportXlsx } from './formats/reportXlsx';
import { gatherReportData } from './gatherReportData';
import { renderOpinionSummary } from './pdf/reportPdf';
import { summaryFromReport } from './pdf/summaryFromReport';
import { checkReportTarget, writeReportFile } from './reportFile';
import type { ReportRepository } from './reportRepository';

export interface ReportDeps {
  db: Database.Database;
  rounds: RoundRepository;
  reader: ResultsReader;
  reports: ReportRepository;
  audit: AuditLog;
  /** The app's language setting, if one was chosen. */
  language: () => Language | null;
  now: () => Date;
}

const STEPS = 3;

/**
 * `report.export`: gathers the round's report, refuses a final one while a disagreement
 * flag has no note (DESIGN.md: every flag needs the secretary's note before the final
 * report), renders the format, and writes the file whole with its audit entry — the
 * entry is appended and the file renamed into place in one transaction, so there is
 * never a report the audit log does not name, nor an entry for a file that is not there.
 * A refusal writes nothing and appends nothing.
 */
export async function exportReport(deps: ReportDeps, input: ReportExportInput, context: CommandContext): Promise<ReportExportOutput> {
  const round = requireSecretaryRound(deps.rounds, input.roundId);
  const file = path.resolve(input.out);
  checkReportTarget(file);
  const language = input.language ?? deps.language() ?? 'zh-CN';
  const t = createTranslator(language);
  const draft = input.draft === true;
  context.progress('report', 0, STEPS);
  const data = gatherReportData(deps.db, deps.reader, deps.reports, round, { language, draft, generatedAt: deps.now().toISOString(), appVersion });
  if (data.results.openFlags > 0 && !draft) throw flagsWithoutNotes(data);
  context.throwIfCancelled();
  context.progress('report', 1, STEPS);
  const bytes = await renderReport(input.format, data, t);
  context.throwIfCancelled();
  context.progress('report', 2, STEPS);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const openFlags = data.results.openFlags;
  writeReportFile(file, bytes, (rename) =>
    deps.db.transaction(() => {
      deps.audit.append({
        roundId: round.id,
        action: 'report.export',
        // The base name only: where the secretary keeps files is not the panel's record.
        detail: { format: input.format, file: path.basename(file), sha256, bytes: bytes.byteLength, draft, openFlags, generatedAt: data.generatedAt },
      });
      rename();
    })(),
  );
  context.progress('report', STEPS, STEPS);
  return { file, format: input.format, sha256, bytes: bytes.byteLength, draft, openFlags };
}

export async function renderReport(format: ReportFileFormat, data: ReportData, t: Translate): Promise<Uint8Array> {
  switch (format) {
    case 'xlsx':
      return renderReportXlsx(data, t);
    case 'csv':
      return renderReportCsv(data, t);
    case 'json':
      return renderReportJson(data);
    case 'pdf':
      return (await renderOpinionSummary(summaryFromReport(data, t))).bytes;
  }
}

function flagsWithoutNotes(data: ReportData): AppError {
  const open = openFlagsByApplication(data.results);
  const names = new Map(data.results.applications.map((application) => [application.id, applicationName(application)]));
  const listed = open.map(({ applicationId, open: count }) => (data.language === 'zh-CN' ? `${names.get(applicationId)}（${count}）` : `${names.get(applicationId)} (${count})`));
  return new AppError('FLAGS_WITHOUT_NOTES', `${data.results.openFlags} disagreement flags have no note: ${open.map((entry) => entry.applicationId).join(', ')}`, {
    roundId: data.round.id,
    count: data.results.openFlags,
    applications: listed.join(data.language === 'zh-CN' ? '、' : ', '),
    open,
  });
}
