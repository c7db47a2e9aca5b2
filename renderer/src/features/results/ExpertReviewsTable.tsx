import { Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultsApplication } from '../../../../shared/domain/results';
import type { MergedReviewDetail, ResultsDetail } from '../../../../shared/domain/results/reviewDetail';
import { rubricCriteria, type Rubric } from '../../../../shared/domain/rubric';
import { useLocalized } from '../scoring/localized';
import { EvidenceAnchors } from './EvidenceAnchors';
import { formatFigure } from './format';
import type { RubricLabels } from './rubricLabels';
import { TargetRows } from './TargetRows';

/** A row of the side-by-side view: a criterion, or one of the written fields. */
type Row = { key: string; label: ReactNode; cell(review: MergedReviewDetail): ReactNode };

interface Props {
  roundId: string;
  application: ResultsApplication;
  detail: ResultsDetail;
  rubric: Rubric;
  labels: RubricLabels;
}

/**
 * What each expert scored and wrote, one column per expert, so the secretary reads the
 * judgements on a criterion across the panel at once: score, comment, evidence and
 * targets per criterion, then 主要优势, 主要问题与修改建议 and the recommendation.
 */
export function ExpertReviewsTable({ roundId, application, detail, rubric, labels }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  if (detail.reviews.length === 0) return <Typography.Text type="secondary">{t('resultsUi.noReviews')}</Typography.Text>;
  const written = (field: 'strengths' | 'issues') => {
    const own = rubric.qualitative.find((candidate) => candidate.id === field);
    return own === undefined ? t(`resultsUi.${field}`) : localized(own.title, own.titleEn);
  };
  const rows: Row[] = [
    ...rubricCriteria(rubric).map(({ criterion }) => ({
      key: criterion.id,
      label: (
        <>
          {labels.criterion(criterion.id)}
          <span className="pr-results-hint"> / {formatFigure(criterion.max)}</span>
        </>
      ),
      cell: (review: MergedReviewDetail) => <CriterionCell roundId={roundId} applicationId={application.id} review={review} criterionId={criterion.id} />,
    })),
    { key: 'strengths', label: written('strengths'), cell: (review) => <WrittenText text={review.strengths} /> },
    { key: 'issues', label: written('issues'), cell: (review) => <WrittenText text={review.issues} /> },
    {
      key: 'recommendation',
      label: t('resultsUi.recommendation'),
      cell: (review) => (review.recommendation === null ? <Typography.Text type="secondary">{t('resultsUi.notGiven')}</Typography.Text> : <Tag>{labels.recommendation(review.recommendation)}</Tag>),
    },
  ];
  const columns: TableColumnsType<Row> = [
    { title: '', key: 'label', fixed: 'left', width: 150, render: (_, row) => <Typography.Text strong>{row.label}</Typography.Text> },
    ...detail.reviews.map<TableColumnsType<Row>[number]>((review) => ({
      title: <ExpertHeader review={review} />,
      key: review.fingerprint,
      width: 300,
      onCell: () => ({ className: review.coi === 'conflict' ? 'pr-cell-recused' : '' }),
      render: (_, row) => (review.coi === 'conflict' ? <Typography.Text type="secondary">{t('resultsUi.recused')}</Typography.Text> : row.cell(review)),
    })),
  ];
  return <Table<Row> size="small" bordered rowKey="key" pagination={false} dataSource={rows} columns={columns} scroll={{ x: 'max-content' }} data-testid="expert-reviews" />;
}

function ExpertHeader({ review }: { review: MergedReviewDetail }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2} data-testid="expert-review-header">
      <span>{review.expertName}</span>
      <Tooltip title={t('resultsUi.bundleHash', { sha256: review.bundleSha256 })}>
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
          {t('resultsUi.revision', { revision: review.revision })}
        </Typography.Text>
      </Tooltip>
      {review.coi === 'conflict' && (
        <Tooltip title={review.coiReason}>
          <Tag color="purple" bordered={false} style={{ whiteSpace: 'normal' }}>
            {t('resultsUi.conflictReason', { reason: review.coiReason ?? '' })}
          </Tag>
        </Tooltip>
      )}
    </Flex>
  );
}

function CriterionCell({ roundId, applicationId, review, criterionId }: { roundId: string; applicationId: string; review: MergedReviewDetail; criterionId: string }) {
  const { t } = useTranslation();
  const score = review.scores.find((candidate) => candidate.criterionId === criterionId);
  const evidence = review.evidence.filter((anchor) => anchor.criterionId === criterionId);
  const targets = review.targets.filter((row) => row.criterionId === criterionId);
  return (
    <Flex vertical gap={4} data-testid="review-cell">
      {score?.value === null || score === undefined ? (
        <Typography.Text type="secondary">{t('resultsUi.notScored')}</Typography.Text>
      ) : (
        <Typography.Text strong className="pr-review-score">
          {formatFigure(score.value)}
        </Typography.Text>
      )}
      {score !== undefined && score.comment !== '' && <WrittenText text={score.comment} />}
      {targets.length > 0 && <TargetRows rows={targets} />}
      {evidence.length > 0 && <EvidenceAnchors roundId={roundId} applicationId={applicationId} anchors={evidence} />}
    </Flex>
  );
}

/** An expert's own words, line breaks kept. */
function WrittenText({ text }: { text: string }) {
  const { t } = useTranslation();
  if (text.trim() === '') return <Typography.Text type="secondary">{t('resultsUi.notGiven')}</Typography.Text>;
  return <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{text}</Typography.Paragraph>;
}
