import { UndoOutlined } from '@ant-design/icons';
import { Button, Progress, Select, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../../shared/domain/application';
import { rubricTotal, type Rubric } from '../../../../shared/domain/rubric';
import { describeError } from '../../../../shared/i18n/describeError';
import { sheetProgress, type SheetProgress } from '../../../../shared/domain/sheetProgress';
import type { ScoringSheet } from '../../../../shared/domain/scoring';
import { useTranslate } from '../../i18n';
import { applicationLabel } from './applicationLabel';
import { useLocalized } from './localized';
import { useScoring } from './scoringStore';

interface SheetHeaderProps {
  sheet: ScoringSheet;
  applicationId: string;
  applications: readonly Application[];
  progress: SheetProgress;
  onSwitch(applicationId: string): void;
  onMissing(criterionId: string): void;
}

/** Which application, its total so far, what is missing, and whether everything is saved. */
export function SheetHeader({ sheet, applicationId, applications, progress, onSwitch, onMissing }: SheetHeaderProps) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const localized = useLocalized();
  const save = useScoring((s) => s.save);
  const canUndo = useScoring((s) => s.undo.length > 0);
  const undoLast = useScoring((s) => s.undoLast);
  const rubric: Rubric = sheet.rubric;
  const titleOf = new Map(rubric.sections.flatMap((section) => section.criteria.map((criterion) => [criterion.id, localized(criterion.title, criterion.titleEn)])));
  const stateOf = (id: string) => {
    const application = sheet.applications.find((a) => a.applicationId === id);
    return application === undefined ? null : sheetProgress(rubric, application);
  };

  return (
    <div className="pr-sheet-header">
      <Select
        value={applicationId}
        style={{ width: '100%' }}
        aria-label={t('scoring.switchApplication')}
        title={t('scoring.switchApplication')}
        onChange={onSwitch}
        data-testid="sheet-application"
        options={applications.map((application) => {
          const state = stateOf(application.id);
          return {
            value: application.id,
            label: `${applicationLabel(application)}${state === null ? '' : ` · ${t(`scoring.state.${state.state}`)}`}`,
          };
        })}
      />
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 8 }}>
        <div style={{ flex: 1 }}>
          <Typography.Text strong style={{ fontSize: 20 }} data-testid="sheet-total">
            {progress.total}
          </Typography.Text>
          <Typography.Text type="secondary"> {t('scoring.ofMax', { max: rubricTotal(rubric) })}</Typography.Text>
          <Progress percent={Math.round((progress.scored / Math.max(progress.criteria, 1)) * 100)} size="small" showInfo={false} style={{ margin: 0 }} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="sheet-progress">
            {progress.state === 'complete' ? t('scoring.complete') : t('scoring.progress', { scored: progress.scored, criteria: progress.criteria })}
          </Typography.Text>
        </div>
        <Space direction="vertical" size={0} align="end">
          <Typography.Text type={save.error === null ? 'secondary' : 'danger'} style={{ fontSize: 12 }} data-testid="save-state" aria-live="polite">
            {save.error !== null
              ? t('scoring.saveFailed', { reason: describeError(translate, save.error) })
              : save.pending > 0
                ? t('scoring.saving')
                : save.lastSavedAt !== null
                  ? t('scoring.saved', { time: new Date(save.lastSavedAt).toLocaleTimeString() })
                  : t('scoring.notSavedYet')}
          </Typography.Text>
          <Tooltip title={t('scoring.undoHint')}>
            <Button size="small" icon={<UndoOutlined />} disabled={!canUndo} onClick={undoLast} data-testid="undo">
              {t('scoring.undo')}
            </Button>
          </Tooltip>
        </Space>
      </div>
      {progress.state === 'incomplete' && (progress.missing.length > 0 || progress.recommendationMissing) && (
        <div style={{ fontSize: 12, marginTop: 4 }} data-testid="sheet-missing">
          <Typography.Text type="warning">{t('scoring.missing', { list: '' })}</Typography.Text>
          {progress.missing.map((id, index) => (
            <span key={id}>
              {index > 0 && '、'}
              <Typography.Link onClick={() => onMissing(id)} style={{ fontSize: 12 }}>
                {titleOf.get(id) ?? id}
              </Typography.Link>
            </span>
          ))}
          {progress.recommendationMissing && (
            <Typography.Text type="warning">
              {progress.missing.length > 0 ? '；' : ''}
              {t('scoring.missingRecommendation')}
            </Typography.Text>
          )}
        </div>
      )}
    </div>
  );
}
