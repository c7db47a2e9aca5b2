import type { SummaryApplication, SummaryReview } from './opinionSummary';
import { type ReportContext, expertWithAffiliation } from './reportContext';
import { rankText } from './reportResults';
import { NO_FIGURE, formatAggregate, formatScore } from './summaryFormat';
import { type TableCell, type TableColumn, drawTable } from './table';
import { COLOR, SIZE } from './theme';
import { type Run, bold, gap, heading, paragraph, regular } from './typeset';

/**
 * 三、逐项评审意见: one section per application, each from a new page: its aggregates
 * (the official method marked), the criteria × experts score table, every expert's
 * written opinion (recused experts shown as 回避 with their reason), and the
 * disagreement flags with the secretary's notes.
 */

/** Score columns per table: more experts than this make a second table below the first. */
const MAX_EXPERT_COLUMNS = 12;

export function drawApplications(context: ReportContext): void {
  context.summary.applications.forEach((application, index) => {
    context.builder.newPage();
    if (index === 0) heading(context.builder, context.t('reportPdf.section.applications'), 1);
    drawApplication(context, application);
  });
}

function drawApplication(context: ReportContext, application: SummaryApplication): void {
  const { builder, t } = context;
  const rank = application.rank === null ? t('reportPdf.application.unranked') : t('reportPdf.application.rankLine', { rank: rankText(context, application) });
  heading(builder, `${rank} · ${application.name}`, 2, { keepWith: 80 });
  const meta: Run[] = [];
  if (application.applicant !== null) meta.push(bold(`${t('reportPdf.application.applicant')}：`), regular(`${application.applicant}\u3000`));
  meta.push(bold(`${t('reportPdf.application.id')}：`), regular(application.id));
  paragraph(builder, meta, { size: SIZE.table, color: COLOR.muted, justify: false, spaceAfter: 6 });

  drawAggregates(context, application);
  const scoring = application.reviews.filter((review) => review.coi === 'none');
  if (application.reviews.length === 0) {
    paragraph(builder, t('reportPdf.application.noReviews'), { color: COLOR.muted });
  } else {
    drawCriteriaTables(context, application, scoring);
    drawOpinions(context, application);
  }
  if (application.flags.length > 0) drawFlags(context, application);
}

function drawAggregates(context: ReportContext, application: SummaryApplication): void {
  const { builder, summary, t } = context;
  const label = (key: 'mean' | 'trimmed' | 'median') => {
    const text = t(`reportPdf.application.${key}`);
    return summary.officialMethod === key ? `${text}${t('reportPdf.application.official')}` : text;
  };
  const total = application.total;
  const official = (key: 'mean' | 'trimmed' | 'median', value: number | null): TableCell => ({ text: formatAggregate(value), weight: summary.officialMethod === key ? 'bold' : 'regular' });
  heading(builder, t('reportPdf.application.aggregates'), 3);
  drawTable(
    builder,
    [
      { header: t('reportPdf.application.n'), share: 1, align: 'center' },
      { header: label('mean'), share: 1.3, align: 'center' },
      { header: label('trimmed'), share: 1.5, align: 'center' },
      { header: label('median'), share: 1.3, align: 'center' },
      { header: t('reportPdf.application.sd'), share: 1, align: 'center' },
      { header: t('reportPdf.application.min'), share: 1, align: 'center' },
      { header: t('reportPdf.application.max'), share: 1, align: 'center' },
    ],
    [[String(total.n), official('mean', total.mean), official('trimmed', total.trimmedMean), official('median', total.median), formatAggregate(total.sd), formatScore(total.min), formatScore(total.max)]],
  );
}

/** Criteria down, experts (by panel number) across, a total row; split into tables of at most 12 experts. */
function drawCriteriaTables(context: ReportContext, application: SummaryApplication, scoring: readonly SummaryReview[]): void {
  const { builder, summary, t } = context;
  heading(builder, t('reportPdf.application.criteria'), 3);
  const groups = Math.max(1, Math.ceil(scoring.length / MAX_EXPERT_COLUMNS));
  const perGroup = Math.ceil(scoring.length / groups);
  for (let group = 0; group < groups; group += 1) {
    const reviews = scoring.slice(group * perGroup, (group + 1) * perGroup);
    const last = group === groups - 1;
    const columns: TableColumn[] = [
      { header: t('reportPdf.application.criterion'), share: 1 },
      { header: t('reportPdf.application.criterionMax'), width: 30, align: 'right' },
      ...reviews.map((review): TableColumn => ({ header: String(context.expertNumber(review.fingerprint)), width: 27, align: 'right' })),
      ...(last ? [{ header: t('reportPdf.application.criterionMean'), width: 38, align: 'right' as const }, { header: t('reportPdf.application.criterionSd'), width: 38, align: 'right' as const }] : []),
    ];
    const rows: TableCell[][] = summary.rubric.criteria.map((criterion) => {
      const statistics = application.criteria.get(criterion.id);
      return [
        criterion.title,
        formatScore(criterion.max),
        ...reviews.map((review) => formatScore(review.scores.get(criterion.id))),
        ...(last ? [formatAggregate(statistics?.mean), formatAggregate(statistics?.sd)] : []),
      ];
    });
    rows.push([
      { text: t('reportPdf.application.total'), weight: 'bold' },
      formatScore(summary.rubric.maxTotal),
      ...reviews.map((review): TableCell => ({ text: formatScore(review.total), weight: 'bold' })),
      ...(last ? [{ text: formatAggregate(application.total.mean), weight: 'bold' as const }, formatAggregate(application.total.sd)] : []),
    ]);
    drawTable(builder, columns, rows, { size: SIZE.small + 0.5, spaceAfter: 4 });
  }
  const key = application.reviews
    .map((review) => `${context.expertNumber(review.fingerprint)} ${context.expert(review.fingerprint).name}${review.coi === 'conflict' ? `（${t('reportPdf.application.recused')}）` : ''}`)
    .join('；');
  paragraph(builder, t('reportPdf.application.expertKey', { list: key }), { size: SIZE.small, color: COLOR.muted, justify: false, spaceAfter: 8 });
}

function drawOpinions(context: ReportContext, application: SummaryApplication): void {
  const { builder, summary, t } = context;
  heading(builder, t('reportPdf.application.opinions'), 3);
  const colon = summary.language === 'zh-CN' ? '：' : ': ';
  const justify = summary.language === 'zh-CN';
  for (const review of application.reviews) {
    const name = expertWithAffiliation(context, review.fingerprint);
    const title = t('reportPdf.application.expertHeading', { number: context.expertNumber(review.fingerprint), name });
    builder.ensureRoom(SIZE.body * 1.65 * 3);
    paragraph(builder, [bold(title)], { color: COLOR.accent, justify: false, spaceAfter: 1 });
    const indent = { x: builder.frame.left + 12, width: builder.frame.width - 12 };
    if (review.coi === 'conflict') {
      paragraph(builder, t('reportPdf.application.recusedReason', { reason: review.coiReason ?? NO_FIGURE }), { ...indent, color: COLOR.warning, justify, spaceAfter: 6 });
      continue;
    }
    const recommendation = review.recommendation === null ? t('reportPdf.application.notGiven') : (summary.rubric.recommendations.find((r) => r.id === review.recommendation)?.label ?? review.recommendation);
    const total = review.total === null ? t('reportPdf.application.incomplete') : formatScore(review.total);
    paragraph(builder, [bold(`${t('reportPdf.application.totalLine')}${colon}`), regular(`${total}\u3000\u3000`), bold(`${t('reportPdf.application.recommendation')}${colon}`), regular(recommendation)], { ...indent, justify: false, spaceAfter: 2 });
    const opinion = (label: string, text: string): Run[] => [bold(`${label}${colon}`), regular(text.trim() === '' ? t('reportPdf.application.notGiven') : text.trim())];
    paragraph(builder, opinion(summary.rubric.strengthsTitle, review.strengths), { ...indent, justify, spaceAfter: 2 });
    paragraph(builder, opinion(summary.rubric.issuesTitle, review.issues), { ...indent, justify, spaceAfter: 2 });
    const comments = summary.rubric.criteria.filter((criterion) => (review.comments.get(criterion.id) ?? '').trim() !== '');
    if (comments.length > 0) {
      // The label never ends a page alone: it keeps at least one line of the first comment.
      builder.ensureRoom(SIZE.body * 1.65 + SIZE.table * 1.65 * 2);
      paragraph(builder, [bold(`${t('reportPdf.application.scoreComments')}${colon}`)], { ...indent, justify: false, spaceAfter: 1 });
      for (const criterion of comments) {
        paragraph(builder, [regular('· '), bold(`${criterion.title}${colon}`), regular((review.comments.get(criterion.id) ?? '').trim())], { x: indent.x + 8, width: indent.width - 8, size: SIZE.table, justify, spaceAfter: 1 });
      }
    }
    gap(builder, 6);
  }
}

function drawFlags(context: ReportContext, application: SummaryApplication): void {
  const { builder, summary, t } = context;
  heading(builder, t('reportPdf.application.flags'), 3);
  const criterionTitle = (id: string | null) => (id === null ? t('reportPdf.application.total') : (summary.rubric.criteria.find((criterion) => criterion.id === id)?.title ?? id));
  drawTable(
    builder,
    [
      { header: t('reportPdf.application.flagTarget'), share: 1.2 },
      { header: t('reportPdf.application.flagSpread'), width: 64, align: 'center' },
      { header: t('reportPdf.application.flagNote'), share: 3 },
      { header: t('reportPdf.application.flagOutcome'), width: 62, align: 'center' },
    ],
    application.flags.map((flag): TableCell[] => [
      criterionTitle(flag.criterionId),
      `${formatScore(flag.spread)} / ${formatScore(flag.limit)}`,
      flag.note ?? NO_FIGURE,
      flag.note === null
        ? { text: t('reportPdf.application.outcomeOpen'), color: COLOR.warning, weight: 'bold' }
        : t(flag.outcome === 'consensus' ? 'reportPdf.application.outcomeConsensus' : 'reportPdf.application.outcomeNote'),
    ]),
  );
}
