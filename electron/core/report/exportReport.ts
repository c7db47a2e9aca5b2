import { createHash } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openFlagsByApplication } from '../../../shared/domain/report/buildReportData';
import type { ReportData } from '../../../shared/domain/report/reportData';
import type {
  ReportDownloadInput,
  ReportDownloadOutput,
  ReportExportInput,
  ReportExportOutput,
  ReportFileFormat,
  ReportPreviewInput,
  ReportPreviewOutput,
} from '../../../shared/domain/report/reportExport';
import { applicationName } from '../../../shared/domain/report/reportLabels';
import type { Language } from '../../../shared/domain/language';
import type { Translate } from '../../../shared/i18n/describeError';
import type { AuditLog } from '../audit/auditLog';
import { AppError } from '../errors';
import { createTranslator } from '../i18n';
import type { ResultsReader } from '../results/resultsReader';
import type { CommandContext } from '../router';
import { reportFileName } from '../panel/panelFileName';
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
  const file = path.resolve(input.out);
  checkReportTarget(file);
  const made = await makeReport(deps, input, context);
  writeReportFile(file, made.bytes, (rename) =>
    deps.db.transaction(() => {
      auditExport(deps, made, path.basename(file));
      rename();
    })(),
  );
  context.progress('report', STEPS, STEPS);
  return { file, ...describe(made) };
}

/**
 * The same report as bytes for a browser download (the web shell has no save path). It
 * leaves the app as surely as a written file, so it is audited the same way, under the
 * name the browser is told to save it as.
 */
export async function exportReportForDownload(deps: ReportDeps, input: ReportDownloadInput, context: CommandContext): Promise<ReportDownloadOutput> {
  const made = await makeReport(deps, input, context);
  const fileName = reportFileName(made.data.round.name, reportLabel(input.format, made.data.draft, createTranslator(made.data.language)), input.format);
  deps.db.transaction(() => auditExport(deps, made, fileName))();
  context.progress('report', STEPS, STEPS);
  return { fileName, contentBase64: Buffer.from(made.bytes).toString('base64'), ...describe(made) };
}

/** The PDF to look at before exporting: a draft while flags are open; neither written nor audited. */
export async function previewReport(deps: ReportDeps, input: ReportPreviewInput, context: CommandContext): Promise<ReportPreviewOutput> {
  const made = await makeReport(deps, { ...input, format: 'pdf' }, context, { draftWhileFlagsOpen: true });
  context.progress('report', STEPS, STEPS);
  return { contentBase64: Buffer.from(made.bytes).toString('base64'), bytes: made.bytes.byteLength, draft: made.data.draft, openFlags: made.data.results.openFlags };
}

interface MadeReport {
  roundId: string;
  format: ReportFileFormat;
  data: ReportData;
  bytes: Uint8Array;
  sha256: string;
  missingCharacters: string[];
}

/** Gather, refuse open flags unless a draft, render: what every way out of the app shares. */
async function makeReport(deps: ReportDeps, input: ReportDownloadInput, context: CommandContext, options: { draftWhileFlagsOpen?: boolean } = {}): Promise<MadeReport> {
  const round = requireSecretaryRound(deps.rounds, input.roundId);
  const language = input.language ?? deps.language() ?? 'zh-CN';
  const t = createTranslator(language);
  context.progress('report', 0, STEPS);
  const gathered = gatherReportData(deps.db, deps.reader, deps.reports, round, { language, draft: input.draft === true, generatedAt: deps.now().toISOString(), appVersion });
  const data = options.draftWhileFlagsOpen === true && gathered.results.openFlags > 0 ? { ...gathered, draft: true } : gathered;
  if (data.results.openFlags > 0 && !data.draft) throw flagsWithoutNotes(data);
  context.throwIfCancelled();
  context.progress('report', 1, STEPS);
  const missingCharacters: string[] = [];
  const bytes = await renderReport(input.format, data, t, (characters) => missingCharacters.push(...characters));
  context.throwIfCancelled();
  context.progress('report', 2, STEPS);
  return { roundId: round.id, format: input.format, data, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), missingCharacters };
}

/** The audit entry of an export: the base name only — where the secretary keeps files is not the panel's record. */
function auditExport(deps: ReportDeps, made: MadeReport, fileName: string): void {
  const { data } = made;
  deps.audit.append({
    roundId: made.roundId,
    action: 'report.export',
    detail: { format: made.format, file: fileName, sha256: made.sha256, bytes: made.bytes.byteLength, draft: data.draft, openFlags: data.results.openFlags, generatedAt: data.generatedAt },
  });
}

function describe(made: MadeReport): Omit<ReportExportOutput, 'file'> {
  return { format: made.format, sha256: made.sha256, bytes: made.bytes.byteLength, draft: made.data.draft, openFlags: made.data.results.openFlags, missingCharacters: made.missingCharacters };
}

/** 评分汇总表, 专家评审意见汇总…, with 草稿 for a draft: what a downloaded report is called after its round. */
function reportLabel(format: ReportFileFormat, draft: boolean, t: Translate): string {
  const label = t(`reportFile.${format}`);
  return draft ? `${label}-${t('reportFile.draft')}` : label;
}

/** `onMissingCharacters`: the PDF's characters the font cannot draw (the other formats carry text, not glyphs). */
export async function renderReport(format: ReportFileFormat, data: ReportData, t: Translate, onMissingCharacters?: (characters: string[]) => void): Promise<Uint8Array> {
  switch (format) {
    case 'xlsx':
      return renderReportXlsx(data, t);
    case 'csv':
      return renderReportCsv(data, t);
    case 'json':
      return renderReportJson(data);
    case 'pdf':
      return (await renderOpinionSummary(summaryFromReport(data, t), onMissingCharacters === undefined ? {} : { onMissingCharacters })).bytes;
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
