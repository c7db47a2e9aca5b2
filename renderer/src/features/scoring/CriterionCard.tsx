import { Input, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { bandOf, type Criterion } from '../../../../shared/domain/rubric';
import type { Evidence, SheetApplication } from '../../../../shared/domain/scoring';
import { EvidenceList } from './EvidenceList';
import { useLocalized } from './localized';
import { ScoreField } from './ScoreField';
import { useScoring } from './scoringStore';
import { TargetsTable } from './TargetsTable';

interface CriterionCardProps {
  criterion: Criterion;
  application: SheetApplication;
  locked: boolean;
  currentSha256: string;
  onAttach(criterionId: string): void;
  onOpenEvidence(anchor: Evidence): void;
}

/** One criterion: guidance, bands, the score, a comment, its evidence and (for assessments) its targets table. */
export function CriterionCard({ criterion, application, locked, currentSha256, onAttach, onOpenEvidence }: CriterionCardProps) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const setScore = useScoring((s) => s.setScore);
  const setComment = useScoring((s) => s.setComment);
  const setTargets = useScoring((s) => s.setTargets);
  const removeEvidence = useScoring((s) => s.removeEvidence);
  const stored = application.scores.find((score) => score.criterionId === criterion.id);
  const value = stored?.value ?? null;
  const band = value === null ? undefined : bandOf(criterion, value);
  const title = localized(criterion.title, criterion.titleEn);
  const guidance = localized(criterion.guidance ?? '', criterion.guidanceEn);
  const evidence = application.evidence.filter((anchor) => anchor.criterionId === criterion.id);
  const applicationId = application.applicationId;

  return (
    <div className={`pr-criterion${value === null && !locked ? ' pr-criterion-missing' : ''}`} data-criterion={criterion.id} data-testid={`criterion-${criterion.id}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <Typography.Text strong>{title}</Typography.Text>
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
          {criterion.max}
        </Typography.Text>
      </div>
      {guidance !== '' && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 6px' }} ellipsis={{ rows: 2, expandable: true, symbol: t('scoring.guidance') }}>
          {guidance}
        </Typography.Paragraph>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
        <ScoreField criterion={criterion} value={value} disabled={locked} label={title} onChange={(next) => setScore(applicationId, criterion.id, next)} />
        {(criterion.bands ?? []).map((candidate) => (
          <Tooltip key={candidate.label} title={localized(candidate.description ?? '', candidate.descriptionEn) || undefined}>
            <Tag
              color={band === candidate ? 'blue' : undefined}
              style={{ cursor: locked ? 'default' : 'pointer', marginInlineEnd: 0 }}
              onClick={() => !locked && setScore(applicationId, criterion.id, candidate.max)}
            >
              {localized(candidate.label, candidate.labelEn)} {candidate.min}–{candidate.max}
            </Tag>
          </Tooltip>
        ))}
      </div>
      <Input.TextArea
        className="pr-comment"
        value={stored?.comment ?? ''}
        disabled={locked}
        autoSize={{ minRows: 1, maxRows: 6 }}
        placeholder={t('scoring.commentPlaceholder')}
        aria-label={`${title} · ${t('scoring.comment')}`}
        onChange={(event) => setComment(applicationId, criterion.id, event.target.value)}
        data-testid={`comment-${criterion.id}`}
      />
      {criterion.kind === 'targets' && (
        <TargetsTable
          criterion={criterion}
          rows={application.targets.find((table) => table.criterionId === criterion.id)?.rows ?? []}
          disabled={locked}
          onChange={(rows) => setTargets(applicationId, criterion.id, rows)}
        />
      )}
      <EvidenceList
        evidence={evidence}
        currentSha256={currentSha256}
        disabled={locked}
        onAttach={() => onAttach(criterion.id)}
        onOpen={onOpenEvidence}
        onRemove={(anchor) => void removeEvidence(applicationId, anchor.id).catch(() => undefined)}
      />
    </div>
  );
}
