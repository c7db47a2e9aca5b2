import { WarningFilled } from '@ant-design/icons';
import { Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Results, ResultsApplication } from '../../../../shared/domain/results';
import type { Rubric } from '../../../../shared/domain/rubric';
import { applicationLabel } from '../scoring/applicationLabel';
import type { ExpertNames } from './expertNames';
import { formatFigure, formatSigned, NO_FIGURE } from './format';
import { isOutlier, totalLimit } from './outliers';
import { RankCell } from './RankCell';
import { useResults } from './resultsStore';

interface Props {
  results: Results;
  rubric: Rubric;
  names: ExpertNames;
}

/**
 * Applications × experts: each expert's total (利益冲突 for a declared conflict, – for
 * nothing or an incomplete sheet), a total further from the median than the rubric's
 * disagreement limit marked, and flagged applications marked on their row.
 */
export function ScoreMatrix({ results, rubric, names }: Props) {
  const { t } = useTranslation();
  const openDetail = useResults((s) => s.openDetail);
  const limit = totalLimit(rubric);
  const expertColumns: TableColumnsType<ResultsApplication> = names.scoring.map((fingerprint) => ({
    title: names.name(fingerprint),
    key: fingerprint,
    align: 'right',
    render: (_, application) => <MatrixCell application={application} fingerprint={fingerprint} limit={limit} />,
  }));
  return (
    <Table<ResultsApplication>
      size="small"
      rowKey="id"
      bordered
      pagination={false}
      dataSource={results.applications}
      scroll={{ x: 'max-content' }}
      data-testid="score-matrix"
      columns={[
        { title: t('resultsUi.rank'), key: 'rank', width: 72, fixed: 'left', render: (_, application) => <RankCell application={application} /> },
        {
          title: t('resultsUi.application'),
          key: 'application',
          fixed: 'left',
          render: (_, application) => (
            <Typography.Link onClick={() => void openDetail(application.id)}>
              {applicationLabel(application)}
              {application.flags.length > 0 && (
                <Tooltip title={t('resultsUi.flaggedRow', { count: application.flags.length })}>
                  <WarningFilled className="pr-flag-icon" aria-label={t('resultsUi.flaggedRow', { count: application.flags.length })} />
                </Tooltip>
              )}
            </Typography.Link>
          ),
        },
        ...expertColumns,
        { title: t('resultsUi.median'), key: 'median', align: 'right', render: (_, application) => <strong>{formatFigure(application.total.median)}</strong> },
      ]}
    />
  );
}

function MatrixCell({ application, fingerprint, limit }: { application: ResultsApplication; fingerprint: string; limit: number }) {
  const { t } = useTranslation();
  const entry = application.experts.find((expert) => expert.fingerprint === fingerprint);
  if (entry === undefined) {
    return (
      <Tooltip title={t('resultsUi.cellMissing')}>
        <span className="pr-cell-missing" data-testid="matrix-cell" data-state="missing">
          {NO_FIGURE}
        </span>
      </Tooltip>
    );
  }
  if (entry.conflict) {
    return (
      <Tag color="purple" bordered={false} data-testid="matrix-cell" data-state="conflict">
        {t('resultsUi.conflict')}
      </Tag>
    );
  }
  if (entry.total === null) {
    return (
      <Tooltip title={t('resultsUi.cellIncomplete')}>
        <span className="pr-cell-missing" data-testid="matrix-cell" data-state="incomplete">
          {NO_FIGURE}
        </span>
      </Tooltip>
    );
  }
  const median = application.total.median;
  if (isOutlier(entry.total, median, limit)) {
    return (
      <Tooltip title={t('resultsUi.outlier', { deviation: formatSigned(entry.total - (median ?? 0)), limit: formatFigure(limit) })}>
        <span className="pr-cell-outlier" data-testid="matrix-cell" data-state="outlier" tabIndex={0}>
          {formatFigure(entry.total)}
        </span>
      </Tooltip>
    );
  }
  return (
    <span data-testid="matrix-cell" data-state="total">
      {formatFigure(entry.total)}
    </span>
  );
}
