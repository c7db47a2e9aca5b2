import type { Translate } from '../../i18n/describeError';
import type { ResultsApplication } from '../results/resultsSchema';
import { rubricCriteria, type Criterion } from '../rubric';
import type { ReportData } from './reportData';
import { decimalsOf, expertHeaders, NO_FIGURE, recommendationLabel, titleIn } from './reportLabels';

/**
 * The report's tables as data — columns with stable keys and headers in the report's
 * language, rows of plain cells — which the CSV and XLSX writers lay out without
 * knowing what they mean. Numbers stay numbers (unrounded, as in results); how they
 * read (decimals) is the column's format.
 */

/** How a column's numbers read: 'score' has the rubric step's decimals, 'aggregate' two, 'coefficient' three. */
export type CellFormat = 'text' | 'wrap' | 'integer' | 'score' | 'aggregate' | 'coefficient' | 'deviation';

export interface ReportColumn {
  /** Stable: 'rank', 'city', 'expert:SHA256:…', 'recommendation:approve'… */
  key: string;
  header: string;
  format: CellFormat;
  /** For 'score': the decimals of the rubric's step. */
  decimals?: number;
}

/** A number, a text (a name, or a marker such as 回避 or —), or nothing. */
export type ReportCell = string | number | null;

export interface ReportTable {
  columns: ReportColumn[];
  rows: ReportCell[][];
}

interface Column<Row> extends ReportColumn {
  value: (row: Row) => ReportCell;
}

function table<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): ReportTable {
  return {
    columns: columns.map(({ key, header, format, decimals }) => (decimals === undefined ? { key, header, format } : { key, header, format, decimals })),
    rows: rows.map((row) => columns.map((column) => column.value(row))),
  };
}

/** The columns naming an application, the same in every table: rank, 并列, id, city, province, applicant. */
function applicationColumns(t: Translate): Column<ResultsApplication>[] {
  return [
    { key: 'rank', header: t('reportTable.column.rank'), format: 'integer', value: (a) => a.rank },
    { key: 'tied', header: t('reportTable.column.tied'), format: 'text', value: (a) => (a.tied ? t('reportTable.tied') : null) },
    { key: 'applicationId', header: t('reportTable.column.applicationId'), format: 'text', value: (a) => a.id },
    { key: 'city', header: t('reportTable.column.city'), format: 'text', value: (a) => a.city },
    { key: 'province', header: t('reportTable.column.province'), format: 'text', value: (a) => a.province },
    { key: 'applicant', header: t('reportTable.column.applicant'), format: 'text', value: (a) => a.applicant },
  ];
}

/** Who sits where: an expert's cell is theirs when reviewed, 回避 when recused, — when owed, empty when not assigned. */
function panelOf(data: ReportData, t: Translate) {
  const pair = (applicationId: string, fingerprint: string) => `${applicationId}\u0000${fingerprint}`;
  const assigned = new Set(data.assignments.map((a) => pair(a.applicationId, a.fingerprint)));
  const recused = new Set(data.recusals.map((r) => pair(r.applicationId, r.fingerprint)));
  const reviews = new Map(data.reviews.flatMap((entry) => entry.reviews.map((review) => [pair(entry.applicationId, review.fingerprint), review] as const)));
  const recusedText = t('reportTable.recused');
  return {
    headers: expertHeaders(data.experts),
    review: (applicationId: string, fingerprint: string) => reviews.get(pair(applicationId, fingerprint)),
    /** The cell when the expert gave no figure of their own. */
    absent(applicationId: string, fingerprint: string, conflict: boolean): ReportCell {
      if (conflict || recused.has(pair(applicationId, fingerprint))) return recusedText;
      return assigned.has(pair(applicationId, fingerprint)) || reviews.has(pair(applicationId, fingerprint)) ? NO_FIGURE : null;
    },
    recusedText,
  };
}

const scoreDecimals = (criteria: readonly Criterion[]) => criteria.reduce((most, criterion) => Math.max(most, decimalsOf(criterion.step)), 0);

/**
 * 评分汇总表: one row per application in rank order; each expert's complete total (回避
 * for a conflict, — when incomplete or not returned, empty when not assigned); n; the
 * official figure, mean, median and SD of the totals; the recommendation tally; flags.
 */
export function summaryTable(data: ReportData, t: Translate): ReportTable {
  const panel = panelOf(data, t);
  const decimals = scoreDecimals(rubricCriteria(data.rubric).map(({ criterion }) => criterion));
  const expertColumns = data.experts.map(
    (expert): Column<ResultsApplication> => ({
      key: `expert:${expert.fingerprint}`,
      header: panel.headers.get(expert.fingerprint) ?? expert.name,
      format: 'score',
      decimals,
      value: (a) => {
        const own = a.experts.find((entry) => entry.fingerprint === expert.fingerprint);
        return own !== undefined && !own.conflict ? (own.total ?? NO_FIGURE) : panel.absent(a.id, expert.fingerprint, own?.conflict === true);
      },
    }),
  );
  const recommendationColumns = data.rubric.recommendations.map(
    (id): Column<ResultsApplication> => ({
      key: `recommendation:${id}`,
      header: recommendationLabel(data.rubric, id, data.language, t),
      format: 'integer',
      value: (a) => a.recommendations[id] ?? 0,
    }),
  );
  const method = t(`method.${data.results.officialMethod}`);
  return table<ResultsApplication>(
    [
      ...applicationColumns(t),
      ...expertColumns,
      { key: 'n', header: t('reportTable.column.n'), format: 'integer', value: (a) => a.n },
      { key: 'official', header: t('reportTable.column.official', { method }), format: 'aggregate', value: (a) => a.value },
      { key: 'mean', header: t('reportTable.column.mean'), format: 'aggregate', value: (a) => a.total.mean },
      { key: 'median', header: t('reportTable.column.median'), format: 'aggregate', value: (a) => a.total.median },
      { key: 'sd', header: t('reportTable.column.sd'), format: 'aggregate', value: (a) => a.total.sd },
      ...recommendationColumns,
      { key: 'flags', header: t('reportTable.column.flags'), format: 'integer', value: (a) => a.flags.length },
      { key: 'openFlags', header: t('reportTable.column.openFlags'), format: 'integer', value: (a) => a.flags.filter((flag) => flag.note === null).length },
    ],
    data.results.applications,
  );
}

/** One criterion: applications × experts' scores, the criterion's figures, and its flag if any. */
export function criterionTable(data: ReportData, criterion: Criterion, t: Translate): ReportTable {
  const panel = panelOf(data, t);
  const decimals = decimalsOf(criterion.step);
  const figures = (a: ResultsApplication) => a.criteria.find((entry) => entry.id === criterion.id);
  const expertColumns = data.experts.map(
    (expert): Column<ResultsApplication> => ({
      key: `expert:${expert.fingerprint}`,
      header: panel.headers.get(expert.fingerprint) ?? expert.name,
      format: 'score',
      decimals,
      value: (a) => {
        const review = panel.review(a.id, expert.fingerprint);
        const value = review?.coi === 'none' ? review.scores.find((score) => score.criterionId === criterion.id)?.value : undefined;
        return value ?? panel.absent(a.id, expert.fingerprint, review?.coi === 'conflict');
      },
    }),
  );
  const statistic = (key: 'n' | 'mean' | 'median' | 'sd' | 'min' | 'max' | 'trimmedMean', format: CellFormat): Column<ResultsApplication> => ({
    key,
    header: t(`reportTable.column.${key}`),
    format,
    ...(format === 'score' ? { decimals } : {}),
    value: (a) => figures(a)?.[key] ?? null,
  });
  return table<ResultsApplication>(
    [
      ...applicationColumns(t),
      ...expertColumns,
      statistic('n', 'integer'),
      statistic('mean', 'aggregate'),
      statistic('median', 'aggregate'),
      statistic('sd', 'aggregate'),
      statistic('min', 'score'),
      statistic('max', 'score'),
      statistic('trimmedMean', 'aggregate'),
      {
        key: 'flag',
        header: t('reportTable.column.flag'),
        format: 'text',
        value: (a) => {
          const flag = a.flags.find((entry) => entry.criterionId === criterion.id);
          return flag === undefined ? null : t(`reportTable.outcome.${flag.outcome ?? 'open'}`);
        },
      },
    ],
    data.results.applications,
  );
}

/** A criterion's sheet title: 目标定位（满分 10，步长 0.5）. */
export function criterionHeading(data: ReportData, criterion: Criterion, t: Translate): string {
  return t('reportTable.criterionHeading', { title: titleIn(data.language, criterion), max: criterion.max, step: criterion.step });
}
