import { Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { defaultRecommendations, type Rubric } from '../../../../shared/domain/rubric';
import type { SheetApplication } from '../../../../shared/domain/scoring';
import { useLocalized } from './localized';
import { useScoring } from './scoringStore';

/** 定性评价: the rubric's written fields and the recommendation. */
export function OpinionPanel({ rubric, application, locked }: { rubric: Rubric; application: SheetApplication; locked: boolean }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const setOpinion = useScoring((s) => s.setOpinion);
  const { applicationId, opinion } = application;
  const labelOf = (value: string): string => {
    const own = rubric.recommendationLabels?.[value];
    if (own !== undefined) return localized(own.title, own.titleEn);
    return (defaultRecommendations as readonly string[]).includes(value) ? t(`recommendation.${value}`) : value;
  };
  return (
    <section className="pr-opinion" aria-label={t('scoring.opinionTitle')}>
      <Typography.Title level={5}>{t('scoring.opinionTitle')}</Typography.Title>
      {rubric.qualitative.map((field) => (
        <label key={field.id} style={{ display: 'block', marginBottom: 10 }}>
          <Typography.Text strong>{localized(field.title, field.titleEn)}</Typography.Text>
          <Input.TextArea
            value={opinion[field.id]}
            disabled={locked}
            autoSize={{ minRows: 3, maxRows: 12 }}
            maxLength={20000}
            onChange={(event) => setOpinion(applicationId, field.id, event.target.value)}
            data-testid={`opinion-${field.id}`}
          />
        </label>
      ))}
      <Typography.Text strong>{t('scoring.recommendation')}</Typography.Text>
      <div>
        <Radio.Group
          value={opinion.recommendation}
          disabled={locked}
          onChange={(event) => setOpinion(applicationId, 'recommendation', event.target.value as string)}
          options={rubric.recommendations.map((value) => ({ value, label: labelOf(value) }))}
          data-testid="recommendation"
        />
      </div>
    </section>
  );
}
