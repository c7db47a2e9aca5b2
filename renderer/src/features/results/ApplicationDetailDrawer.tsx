import { Alert, Descriptions, Drawer, Flex, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../navigation';
import type { Results } from '../../../../shared/domain/results';
import type { Rubric } from '../../../../shared/domain/rubric';
import { describeError } from '../../../../shared/i18n/describeError';
import { useTranslate } from '../../i18n';
import { applicationLabel } from '../scoring/applicationLabel';
import { CriteriaStatsTable } from './CriteriaStatsTable';
import { ExpertReviewsTable } from './ExpertReviewsTable';
import { FlagNotes } from './FlagNotes';
import { formatFigure } from './format';
import { RankCell } from './RankCell';
import { useRubricLabels } from './rubricLabels';
import { useResults } from './resultsStore';

interface Props {
  roundId: string;
  results: Results;
  rubric: Rubric;
}

/**
 * One application in full: its flags with the secretary's notes first (what needs doing),
 * then the figures per criterion, then what each expert scored and wrote, side by side.
 */
export function ApplicationDetailDrawer({ roundId, results, rubric }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const labels = useRubricLabels(rubric);
  const detail = useResults((s) => s.detail);
  const closeDetail = useResults((s) => s.closeDetail);
  const application = results.applications.find((candidate) => candidate.id === detail?.applicationId);
  // The drawer lives outside the round page (in a portal): while the reader shows an
  // expert's evidence it steps aside, and comes back with "back" as it was left.
  const onRoundPage = useNavigation((s) => s.route.view === 'round');
  return (
    <Drawer
      open={detail !== null && onRoundPage}
      onClose={closeDetail}
      size="min(1280px, 96vw)"
      title={application === undefined ? '' : applicationLabel(application)}
      destroyOnHidden
      data-testid="results-detail"
    >
      {application !== undefined && detail !== null && (
        <Flex vertical gap={20}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            <Descriptions.Item label={t('resultsUi.rank')}>
              <RankCell application={application} />
            </Descriptions.Item>
            <Descriptions.Item label={t(`resultsUi.methodShort.${results.method}`)}>{formatFigure(application.value)}</Descriptions.Item>
            <Descriptions.Item label={t('resultsUi.nTotals')}>{application.n}</Descriptions.Item>
            <Descriptions.Item label={t('resultsUi.recommendations')} span={3}>
              <Flex gap={4} wrap data-testid="detail-recommendations">
                {rubric.recommendations.map((value) => (
                  <Tag key={value} className={(application.recommendations[value] ?? 0) === 0 ? 'pr-tally-zero' : ''}>
                    {labels.recommendation(value)} {application.recommendations[value] ?? 0}
                  </Tag>
                ))}
              </Flex>
            </Descriptions.Item>
          </Descriptions>
          <section>
            <Typography.Title level={5}>{t('resultsUi.flagsTitle')}</Typography.Title>
            <FlagNotes roundId={roundId} application={application} labels={labels} />
          </section>
          <section>
            <Typography.Title level={5}>{t('resultsUi.criteriaTitle')}</Typography.Title>
            <CriteriaStatsTable application={application} rubric={rubric} labels={labels} />
          </section>
          <section>
            <Typography.Title level={5}>{t('resultsUi.reviewsTitle')}</Typography.Title>
            {detail.loadError !== null && <Alert type="error" showIcon title={t('resultsUi.detailFailed')} description={describeError(translate, detail.loadError)} />}
            {detail.value === null ? (
              detail.loading && <Spin style={{ display: 'block', margin: 24 }} />
            ) : (
              <ExpertReviewsTable roundId={roundId} application={application} detail={detail.value} rubric={rubric} labels={labels} />
            )}
          </section>
        </Flex>
      )}
    </Drawer>
  );
}
