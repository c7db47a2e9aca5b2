import type { ScoreSheetApplication, ScoreSheetCriterion, ScoreSheetData } from '../../../../shared/domain/report/scoreSheet';
import { achievedRatio } from '../../../../shared/domain/rubric';
import type { Translate } from '../../../../shared/i18n/describeError';
import type { DocumentBuilder } from '../pdf/documentBuilder';
import { type TableCell, type TableColumn, drawTable } from '../pdf/table';
import { COLOR, SIZE } from '../pdf/theme';
import { type Run, bold, gap, heading, paragraph, regular } from '../pdf/typeset';
import { applicationName, formatNumber } from './scoreSheetFormat';

/**
 * One application on the sheet: its name and ids, the conflict-of-interest declaration,
 * then — when the expert declared none — every criterion of the rubric with its score
 * and comment (a dash where nothing was scored, never a zero), the total, and the
 * written opinion with the recommendation. A comment wraps in its cell, and a row that
 * reaches the next page goes on under a repeated header with its criterion named again
 * (drawTable). A very long comment would run for pages in the narrow comment column:
 * the cell gives its opening and a note number, and the whole text follows the table
 * at the page's full width.
 */

const META_SIZE = 9;
/** Characters from which a comment is printed whole below the table rather than in its cell. */
export const LONG_COMMENT = 300;
/** How much of a long comment its cell quotes. */
const OPENING = 60;

export function drawApplication(builder: DocumentBuilder, data: ScoreSheetData, application: ScoreSheetApplication, t: Translate): void {
  heading(builder, `${application.position}. ${applicationName(application)}`, 2, { keepWith: SIZE.body * 5 });
  const meta: Run[] = [];
  if (application.applicant !== null && application.city !== null) meta.push(bold(labelled(t, 'scoreSheet.applicant')), regular(`${application.applicant}\u3000`));
  meta.push(bold(labelled(t, 'scoreSheet.applicationId')), regular(application.sourceApplicationId));
  paragraph(builder, meta, { size: META_SIZE, color: COLOR.muted, justify: false, spaceAfter: 2 });
  paragraph(builder, [bold(labelled(t, 'scoreSheet.coi')), regular(coiText(application, t))], {
    size: SIZE.body,
    justify: false,
    spaceAfter: 4,
    ...(application.coi?.kind === 'none' ? {} : { color: COLOR.warning }),
  });
  if (application.coi?.kind !== 'none') {
    gap(builder, 8);
    return;
  }
  const long = application.criteria.filter((criterion) => isLong(criterion.comment));
  const noteOf = (criterion: ScoreSheetCriterion) => long.indexOf(criterion) + 1;
  drawTable(builder, criteriaColumns(t), [...application.criteria.map((criterion, index) => criterionRow(criterion, application.criteria[index - 1], noteOf(criterion), t)), totalRow(application, t)], {
    size: SIZE.table,
    spaceAfter: 6,
  });
  if (long.length > 0) drawLongComments(builder, long, t);
  const opinion = (label: string, text: string): Run[] => [bold(t('scoreSheet.labelled', { label })), regular(text.trim() === '' ? t('scoreSheet.notGiven') : text)];
  paragraph(builder, opinion(data.rubric.strengthsTitle, application.strengths), { justify: true, spaceAfter: 3 });
  paragraph(builder, opinion(data.rubric.issuesTitle, application.issues), { justify: true, spaceAfter: 3 });
  paragraph(builder, [bold(labelled(t, 'scoreSheet.recommendation')), regular(application.recommendation ?? t('scoreSheet.notGiven'))], { justify: false, spaceAfter: 4 });
  gap(builder, 10);
}

/** "评审结论：", "Recommendation: ": the label with the language's own colon. */
const labelled = (t: Translate, key: string): string => t('scoreSheet.labelled', { label: t(key) });

function coiText(application: ScoreSheetApplication, t: Translate): string {
  const { coi } = application;
  if (coi === null) return t('scoreSheet.coiUndeclared');
  return coi.kind === 'none' ? t('scoreSheet.coiNone') : t('scoreSheet.coiConflict', { reason: coi.reason });
}

function criteriaColumns(t: Translate): TableColumn[] {
  return [
    { header: t('scoreSheet.colSection'), width: 78 },
    { header: t('scoreSheet.colCriterion'), width: 116 },
    { header: t('scoreSheet.colMax'), width: 34, align: 'center' },
    { header: t('scoreSheet.colScore'), width: 38, align: 'center' },
    { header: t('scoreSheet.colComment'), share: 1 },
  ];
}

/**
 * The section shows on its first criterion only, as in a table with merged cells; where
 * a row goes on after a page break, section and criterion are named again with （续）.
 * `note`: the number of its comment below the table when it is a long one, else 0.
 */
function criterionRow(criterion: ScoreSheetCriterion, previous: ScoreSheetCriterion | undefined, note: number, t: Translate): TableCell[] {
  const continued = t('scoreSheet.continued');
  return [
    { text: previous?.section === criterion.section ? '' : criterion.section, color: COLOR.muted, continued: `${criterion.section}${continued}` },
    { text: criterion.title, continued: `${criterion.title}${continued}` },
    formatNumber(criterion.max),
    criterion.value === null ? { text: '—', color: COLOR.muted } : { text: formatNumber(criterion.value), weight: 'bold' },
    { runs: commentRuns(criterion, note, t) },
  ];
}

const isLong = (comment: string): boolean => [...comment].length >= LONG_COMMENT;

/** 评语全文: each long comment at full width, numbered as its cell points to it. */
function drawLongComments(builder: DocumentBuilder, long: readonly ScoreSheetCriterion[], t: Translate): void {
  paragraph(builder, [bold(t('scoreSheet.fullComments'))], { size: SIZE.table, justify: false, spaceAfter: 2 });
  long.forEach((criterion, index) => {
    const label = t('scoreSheet.fullCommentLabel', { number: index + 1, criterion: criterion.title });
    paragraph(builder, [bold(t('scoreSheet.labelled', { label })), regular(criterion.comment)], { size: SIZE.table, justify: true, spaceAfter: 3 });
  });
  gap(builder, 4);
}

function commentRuns(criterion: ScoreSheetCriterion, note: number, t: Translate): Run[] {
  const opening = note === 0 ? criterion.comment : `${[...criterion.comment].slice(0, OPENING).join('')}……`;
  const runs: Run[] = [regular(opening)];
  if (note > 0) runs.push(bold(t('scoreSheet.seeFullComment', { number: note })));
  if (criterion.targets.length === 0) return runs;
  runs.push(bold(`${criterion.comment === '' ? '' : '\n'}${t('scoreSheet.targets')}`));
  for (const row of criterion.targets) {
    const ratio = achievedRatio(row.target, row.actual, row.better);
    const achieved = ratio === null ? '' : t('scoreSheet.targetAchieved', { percent: formatNumber(Math.round(ratio * 1000) / 10) });
    const line = t('scoreSheet.targetRow', { indicator: row.indicator, target: withUnit(row.target, row.unit), actual: withUnit(row.actual, row.unit), achieved });
    runs.push(regular(`\n${line}`));
  }
  return runs;
}

/** "1.5%", "120 万元" as written in Chinese, "3.2 kWh": no space before % or a Chinese unit. */
function withUnit(value: number | null, unit: string): string {
  if (value === null) return '—';
  const tight = unit === '' || unit.startsWith('%') || /^[\u3000-\u9fff\uff00-\uffef]/.test(unit);
  return `${formatNumber(value)}${tight ? '' : ' '}${unit}`;
}

function totalRow(application: ScoreSheetApplication, t: Translate): TableCell[] {
  const { total } = application;
  return [
    '',
    { text: t('scoreSheet.total'), weight: 'bold' },
    formatNumber(application.maxTotal),
    total === null ? { text: '—', color: COLOR.muted } : { text: formatNumber(total), weight: 'bold' },
    total === null ? { text: t('scoreSheet.incomplete', { scored: application.scored, count: application.criteria.length }), color: COLOR.warning } : '',
  ];
}
