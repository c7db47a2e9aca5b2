import { WarningFilled } from '@ant-design/icons';
import { Table, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResultsApplication } from '../../../../shared/domain/results';
import { rubricCriteria, rubricTotal, type Rubric } from '../../../../shared/domain/rubric';
import { formatFigure } from './format';
import type { RubricLabels } from './rubricLabels';

interface Row {
  key: string;
  criterionId: string | null;
  max: number;
  summary: ResultsApplication['total'];
}

/** Per criterion (and the total): n, mean, median, SD, min, max, trimmed mean; flagged rows marked. */
export function CriteriaStatsTable({ application, rubric, labels }: { application: ResultsApplication; rubric: Rubric; labels: RubricLabels }) {
  const { t } = useTranslation();
  const maxOf = new Map(rubricCriteria(rubric).map(({ criterion }) => [criterion.id, criterion.max]));
  const rows: Row[] = [
    ...application.criteria.map((summary) => ({ key: summary.id, criterionId: summary.id, max: maxOf.get(summary.id) ?? 0, summary })),
    { key: '', criterionId: null, max: rubricTotal(rubric), summary: application.total },
  ];
  const flagged = new Set(application.flags.map((flag) => flag.criterionId ?? ''));
  const figure = (pick: (summary: Row['summary']) => number | null) => (_: unknown, row: Row) => formatFigure(pick(row.summary));
  return (
    <Table<Row>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      rowClassName={(row) => [row.criterionId === null ? 'pr-row-total' : '', flagged.has(row.key) ? 'pr-row-flagged' : ''].join(' ')}
      data-testid="criteria-table"
      columns={[
        {
          title: t('resultsUi.criterion'),
          key: 'criterion',
          render: (_, row) => (
            <>
              {labels.criterion(row.criterionId)}
              <span className="pr-results-hint"> / {formatFigure(row.max)}</span>
              {flagged.has(row.key) && (
                <Tooltip title={t('resultsUi.flagged')}>
                  <WarningFilled className="pr-flag-icon" aria-label={t('resultsUi.flagged')} />
                </Tooltip>
              )}
            </>
          ),
        },
        { title: t('resultsUi.n'), key: 'n', align: 'right', render: (_, row) => row.summary.n },
        { title: t('resultsUi.mean'), key: 'mean', align: 'right', render: figure((s) => s.mean) },
        { title: t('resultsUi.median'), key: 'median', align: 'right', render: figure((s) => s.median) },
        { title: t('resultsUi.sd'), key: 'sd', align: 'right', render: figure((s) => s.sd) },
        { title: t('resultsUi.min'), key: 'min', align: 'right', render: figure((s) => s.min) },
        { title: t('resultsUi.max'), key: 'max', align: 'right', render: figure((s) => s.max) },
        { title: t('resultsUi.trimmedMean'), key: 'trimmed', align: 'right', render: figure((s) => s.trimmedMean) },
      ]}
    />
  );
}
