import { chartCaption, drawBoxPlot, drawDivergingBars } from './charts';
import type { SummaryApplication } from './opinionSummary';
import type { ReportContext } from './reportContext';
import { NO_FIGURE, formatAggregate, formatSigned } from './summaryFormat';
import { type TableCell, drawTable } from './table';
import { COLOR, LEADING, SIZE } from './theme';
import { bold, heading, paragraph } from './typeset';

/**
 * 一、评审结果汇总 (the ranked table) and 二、评分分布 (box plot of experts' totals per
 * application, expert leniency). The summary table is the page the visual regression
 * test pins down.
 */

export function rankText(context: ReportContext, application: SummaryApplication): string {
  if (application.rank === null) return NO_FIGURE;
  return application.tied ? context.t('reportPdf.summary.tiedRank', { rank: application.rank }) : String(application.rank);
}

/** "同意 3", one recommendation a line, those nobody gave left out. */
export function tallyText(context: ReportContext, application: SummaryApplication): string {
  const lines = context.summary.rubric.recommendations
    .map((recommendation) => ({ label: recommendation.label, count: application.recommendations[recommendation.id] ?? 0 }))
    .filter((entry) => entry.count > 0)
    .map((entry) => `${entry.label} ${entry.count}`);
  return lines.length === 0 ? NO_FIGURE : lines.join('\n');
}

function flagsCell(context: ReportContext, application: SummaryApplication): TableCell {
  const { t } = context;
  if (application.flags.length === 0) return NO_FIGURE;
  const open = application.flags.filter((flag) => flag.note === null).length;
  const text = t('reportPdf.summary.flagCount', { count: application.flags.length });
  return open === 0 ? text : { text: `${text}\n${t('reportPdf.summary.openFlags', { count: open })}`, color: COLOR.warning };
}

export function drawResultsSummary(context: ReportContext): void {
  const { builder, summary, t } = context;
  builder.newPage();
  heading(builder, t('reportPdf.section.summary'), 1);
  if (summary.draft) {
    const notice = summary.openFlags > 0 ? t('reportPdf.draftNotice', { count: summary.openFlags }) : t('reportPdf.draftNoticeGeneric');
    paragraph(builder, [bold(notice)], { size: SIZE.table, color: COLOR.warning, justify: false, spaceAfter: 4 });
  }
  paragraph(builder, t('reportPdf.summary.intro', { method: t(`method.${summary.officialMethod}`) }), { size: SIZE.table, color: COLOR.muted, justify: summary.language === 'zh-CN', spaceAfter: 6 });
  if (summary.applications.length === 0) {
    paragraph(builder, t('reportPdf.summary.empty'));
    return;
  }
  const number = { align: 'right' as const };
  drawTable(
    builder,
    [
      { header: t('reportPdf.summary.rank'), width: 40, align: 'center' },
      { header: t('reportPdf.summary.application'), share: 5 },
      { header: t('reportPdf.summary.n'), width: 46, align: 'center' },
      { header: t('reportPdf.summary.official'), width: 46, ...number },
      { header: t('reportPdf.summary.mean'), width: 42, ...number },
      { header: t('reportPdf.summary.median'), width: 42, ...number },
      { header: t('reportPdf.summary.sd'), width: 38, ...number },
      { header: t('reportPdf.summary.recommendations'), share: 4.2 },
      { header: t('reportPdf.summary.flags'), width: 50, align: 'center' },
    ],
    summary.applications.map((application) => [
      rankText(context, application),
      { text: application.name, weight: application.rank === 1 ? 'bold' : 'regular' },
      String(application.total.n),
      { text: formatAggregate(application.value), weight: 'bold' },
      formatAggregate(application.total.mean),
      formatAggregate(application.total.median),
      formatAggregate(application.total.sd),
      tallyText(context, application),
      flagsCell(context, application),
    ]),
  );
}

export function drawScoreCharts(context: ReportContext): void {
  const { builder, summary, t } = context;
  heading(builder, t('reportPdf.section.charts'), 1, { keepWith: 120 });
  const note = (text: string) => paragraph(builder, text, { size: SIZE.small, color: COLOR.muted, justify: false, spaceAfter: 4 });

  const noteHeight = SIZE.small * LEADING.body * 2 + 4;
  const rows = summary.applications.map((application) => ({
    label: `${rankText(context, application)}  ${application.name}`,
    values: application.reviews.flatMap((review) => (review.coi === 'none' && review.total !== null ? [review.total] : [])),
  }));
  chartCaption(builder, t('reportPdf.charts.boxCaption'), rows.length, noteHeight);
  if (rows.every((row) => row.values.length === 0)) {
    note(t('reportPdf.charts.noData'));
  } else {
    note(t('reportPdf.charts.boxNote'));
    drawBoxPlot(builder, rows, { axisLabel: t('reportPdf.charts.boxAxis'), limits: { min: 0, max: summary.rubric.maxTotal } });
  }

  builder.y -= 10;
  const bars = summary.leniency.map((entry) => ({ label: `${context.expertNumber(entry.fingerprint)}  ${context.expert(entry.fingerprint).name}`, value: entry.leniency }));
  chartCaption(builder, t('reportPdf.charts.leniencyCaption'), bars.length, noteHeight);
  if (bars.every((bar) => bar.value === null)) {
    note(t('reportPdf.charts.noData'));
  } else {
    note(t('reportPdf.charts.leniencyNote'));
    drawDivergingBars(builder, bars, { axisLabel: t('reportPdf.charts.leniencyAxis'), format: formatSigned });
  }
}
