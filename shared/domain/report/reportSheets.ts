import type { Translate } from '../../i18n/describeError';
import { findCriterion, rubricCriteria } from '../rubric';
import type { ReportData } from './reportData';
import { applicationName, expertHeaders, titleIn } from './reportLabels';
import { criterionHeading, criterionTable, summaryTable, type CellFormat, type ReportCell, type ReportTable } from './reportTables';

/**
 * The report as a list of sheets, each a title and one table (with, for agreement, a few
 * labelled figures above it): the XLSX workbook is exactly this list, and the CSV is its
 * first sheet's table. Sheet names are as people read them; the XLSX writer makes them
 * valid for Excel.
 */

export interface ReportFact {
  label: string;
  value: ReportCell;
  format: CellFormat;
}

export interface ReportSheet {
  kind: 'summary' | 'criterion' | 'flags' | 'agreement' | 'receipts';
  name: string;
  /** The sheet's heading, under the round's name. */
  heading: string;
  facts: ReportFact[];
  table: ReportTable;
}

export function reportSheets(data: ReportData, t: Translate): ReportSheet[] {
  const sheet = (kind: ReportSheet['kind'], table: ReportTable, facts: ReportFact[] = []): ReportSheet => ({
    kind,
    name: t(`reportTable.sheet.${kind}`),
    heading: t(`reportTable.sheet.${kind}`),
    facts,
    table,
  });
  const criteria = rubricCriteria(data.rubric).map(({ criterion }): ReportSheet => ({
    kind: 'criterion',
    name: titleIn(data.language, criterion),
    heading: criterionHeading(data, criterion, t),
    facts: [],
    table: criterionTable(data, criterion, t),
  }));
  return [
    sheet('summary', summaryTable(data, t)),
    ...criteria,
    sheet('flags', flagsTable(data, t)),
    sheet('agreement', leniencyTable(data, t), agreementFacts(data, t)),
    sheet('receipts', receiptsTable(data, t)),
  ];
}

/** 分歧标记: every flag, in rank order, with the secretary's note and its outcome. */
export function flagsTable(data: ReportData, t: Translate): ReportTable {
  const rows = data.results.applications.flatMap((application) =>
    application.flags.map((flag): ReportCell[] => {
      const criterion = flag.criterionId === null ? undefined : findCriterion(data.rubric, flag.criterionId);
      const target = flag.criterionId === null ? t('reportTable.total') : criterion === undefined ? flag.criterionId : titleIn(data.language, criterion);
      return [application.rank, application.id, applicationName(application), target, flag.spread, flag.limit, t(`reportTable.outcome.${flag.outcome ?? 'open'}`), flag.note];
    }),
  );
  return {
    columns: [
      { key: 'rank', header: t('reportTable.column.rank'), format: 'integer' },
      { key: 'applicationId', header: t('reportTable.column.applicationId'), format: 'text' },
      { key: 'application', header: t('reportTable.column.application'), format: 'text' },
      { key: 'target', header: t('reportTable.column.flagTarget'), format: 'text' },
      { key: 'spread', header: t('reportTable.column.spread'), format: 'aggregate' },
      { key: 'limit', header: t('reportTable.column.limit'), format: 'aggregate' },
      { key: 'outcome', header: t('reportTable.column.outcome'), format: 'text' },
      { key: 'note', header: t('reportTable.column.note'), format: 'wrap' },
    ],
    rows,
  };
}

/** Kendall's W and Krippendorff's alpha, above the leniency table. */
export function agreementFacts(data: ReportData, t: Translate): ReportFact[] {
  const { agreement } = data.results;
  return [
    { label: t('reportTable.agreement.kendallW'), value: agreement.kendallW ?? t('reportTable.agreement.notComputable'), format: 'coefficient' },
    { label: t('reportTable.agreement.kendallApplications'), value: agreement.kendallApplications, format: 'integer' },
    { label: t('reportTable.agreement.krippendorffAlpha'), value: agreement.krippendorffAlpha ?? t('reportTable.agreement.notComputable'), format: 'coefficient' },
  ];
}

/** 专家组一致性: each expert's leniency, mean given minus the panel's mean on the same applications. */
export function leniencyTable(data: ReportData, t: Translate): ReportTable {
  const headers = expertHeaders(data.experts);
  const byFingerprint = new Map(data.results.experts.map((entry) => [entry.fingerprint, entry]));
  return {
    columns: [
      { key: 'expert', header: t('reportTable.column.expert'), format: 'text' },
      { key: 'affiliation', header: t('reportTable.column.affiliation'), format: 'text' },
      { key: 'fingerprint', header: t('reportTable.column.fingerprint'), format: 'text' },
      { key: 'n', header: t('reportTable.column.totalsGiven'), format: 'integer' },
      { key: 'meanGiven', header: t('reportTable.column.meanGiven'), format: 'aggregate' },
      { key: 'panelMean', header: t('reportTable.column.panelMean'), format: 'aggregate' },
      { key: 'leniency', header: t('reportTable.column.leniency'), format: 'deviation' },
      { key: 'zscore', header: t('reportTable.column.zscoreExcluded'), format: 'text' },
    ],
    rows: data.experts.map((expert) => {
      const entry = byFingerprint.get(expert.fingerprint);
      const excluded = entry?.zscoreExcluded ?? null;
      return [
        headers.get(expert.fingerprint) ?? expert.name,
        expert.affiliation,
        expert.fingerprint,
        entry?.n ?? 0,
        entry?.meanGiven ?? null,
        entry?.panelMean ?? null,
        entry?.leniency ?? null,
        excluded === null ? null : t(`reportTable.zscoreExcluded.${excluded}`),
      ];
    }),
  };
}

/** 评分包回执: every bundle received, with the hash of the file as it came. */
export function receiptsTable(data: ReportData, t: Translate): ReportTable {
  return {
    columns: [
      { key: 'expert', header: t('reportTable.column.expert'), format: 'text' },
      { key: 'fingerprint', header: t('reportTable.column.fingerprint'), format: 'text' },
      { key: 'revision', header: t('reportTable.column.revision'), format: 'integer' },
      { key: 'sha256', header: t('reportTable.column.sha256'), format: 'text' },
      { key: 'exportedAt', header: t('reportTable.column.exportedAt'), format: 'text' },
      { key: 'receivedAt', header: t('reportTable.column.receivedAt'), format: 'text' },
      { key: 'applications', header: t('reportTable.column.bundleApplications'), format: 'integer' },
      { key: 'merged', header: t('reportTable.column.bundleMerged'), format: 'integer' },
    ],
    rows: data.bundles.map((bundle) => [bundle.expert, bundle.fingerprint, bundle.revision, bundle.sha256, bundle.exportedAt, bundle.receivedAt, bundle.applications, bundle.merged]),
  };
}
