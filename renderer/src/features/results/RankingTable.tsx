import { SortDescendingOutlined } from '@ant-design/icons';
import { Button, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Results, ResultsApplication } from '../../../../shared/domain/results';
import type { Rubric } from '../../../../shared/domain/rubric';
import { applicationLabel } from '../scoring/applicationLabel';
import { formatFigure } from './format';
import { RankCell } from './RankCell';
import { useRubricLabels } from './rubricLabels';
import { useResults } from './resultsStore';

/**
 * The ranking by the method on screen: rank (ties shown as such), the ranked figure, the
 * total's summary, the recommendation tally and the flags still without a note.
 */
export function RankingTable({ results, rubric }: { results: Results; rubric: Rubric }) {
  const { t } = useTranslation();
  const labels = useRubricLabels(rubric);
  const openDetail = useResults((s) => s.openDetail);
  /**
   * A summary column of the total; the one the method ranks by is marked and carries
   * the ranked figure (the z-score view ranks by a figure of its own, in its own column).
   */
  const summaryColumn = (key: 'mean' | 'median' | 'trimmed', title: string, pick: (application: ResultsApplication) => number | null): TableColumnsType<ResultsApplication>[number] => {
    const ranked = results.method === key;
    return {
      title: ranked ? <RankedTitle title={title} method={results.method} /> : title,
      key,
      align: 'right',
      className: ranked ? 'pr-ranked-column' : undefined,
      render: (_, application) => (ranked ? <strong data-testid="ranking-value">{formatFigure(application.value)}</strong> : <span className="pr-figure">{formatFigure(pick(application))}</span>),
    };
  };
  return (
    <Table<ResultsApplication>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={results.applications}
      scroll={{ x: 'max-content' }}
      rowClassName={(application) => (application.flags.some((flag) => flag.note === null) ? 'pr-row-open-flags' : '')}
      data-testid="ranking-table"
      columns={[
        { title: t('resultsUi.rank'), key: 'rank', width: 72, render: (_, application) => <RankCell application={application} /> },
        {
          title: t('resultsUi.application'),
          key: 'application',
          render: (_, application) => (
            <Typography.Link onClick={() => void openDetail(application.id)} data-testid="ranking-application">
              {applicationLabel(application)}
            </Typography.Link>
          ),
        },
        ...(results.method === 'zscore'
          ? [
              {
                title: <RankedTitle title={t('resultsUi.methodShort.zscore')} method="zscore" />,
                key: 'zscore',
                align: 'right' as const,
                className: 'pr-ranked-column',
                render: (_: unknown, application: ResultsApplication) => <strong data-testid="ranking-value">{formatFigure(application.value)}</strong>,
              },
            ]
          : []),
        { title: t('resultsUi.n'), key: 'n', align: 'right', render: (_, application) => application.n },
        summaryColumn('trimmed', t('resultsUi.trimmedMean'), (application) => application.total.trimmedMean),
        summaryColumn('mean', t('resultsUi.mean'), (application) => application.total.mean),
        summaryColumn('median', t('resultsUi.median'), (application) => application.total.median),
        { title: t('resultsUi.sd'), key: 'sd', align: 'right', render: (_, application) => <span className="pr-figure">{formatFigure(application.total.sd)}</span> },
        {
          title: t('resultsUi.recommendations'),
          key: 'recommendations',
          render: (_, application) => (
            <Flex gap={4} wrap>
              {rubric.recommendations.map((value) => (
                <Tag key={value} bordered={false} className={(application.recommendations[value] ?? 0) === 0 ? 'pr-tally-zero' : ''}>
                  {labels.recommendation(value)} {application.recommendations[value] ?? 0}
                </Tag>
              ))}
            </Flex>
          ),
        },
        {
          title: t('resultsUi.flags'),
          key: 'flags',
          render: (_, application) => <FlagsCell application={application} />,
        },
        {
          title: '',
          key: 'open',
          render: (_, application) => (
            <Button size="small" onClick={() => void openDetail(application.id)} data-testid="ranking-detail">
              {t('resultsUi.detail')}
            </Button>
          ),
        },
      ]}
    />
  );
}

function FlagsCell({ application }: { application: ResultsApplication }) {
  const { t } = useTranslation();
  if (application.flags.length === 0) return <Typography.Text type="secondary">{t('resultsUi.noFlags')}</Typography.Text>;
  const open = application.flags.filter((flag) => flag.note === null).length;
  return open > 0 ? (
    <Tag color="orange" data-testid="ranking-open-flags">
      {t('resultsUi.flagsOpen', { open, count: application.flags.length })}
    </Tag>
  ) : (
    <Tag color="green" data-testid="ranking-open-flags">
      {t('resultsUi.flagsNoted', { count: application.flags.length })}
    </Tag>
  );
}

/** The header of the column the ranking follows: marked, with the method's full name on hover. */
function RankedTitle({ title, method }: { title: string; method: Results['method'] }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('resultsUi.rankedBy', { method: t(`method.${method}`) })}>
      <span data-testid="ranked-column">
        <SortDescendingOutlined aria-label={t('resultsUi.rankedBy', { method: t(`method.${method}`) })} /> {title}
      </span>
    </Tooltip>
  );
}
