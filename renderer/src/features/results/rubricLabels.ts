import { useTranslation } from 'react-i18next';
import { defaultRecommendations, findCriterion, type Rubric } from '../../../../shared/domain/rubric';
import { useLocalized } from '../scoring/localized';

export interface RubricLabels {
  /** The criterion's title in the UI's language; its id when the rubric no longer has it; 总分 for null. */
  criterion(criterionId: string | null): string;
  recommendation(value: string): string;
}

/** How results name criteria and recommendations: by the rubric's own titles, Chinese first. */
export function useRubricLabels(rubric: Rubric | null): RubricLabels {
  const { t } = useTranslation();
  const localized = useLocalized();
  return {
    criterion(criterionId) {
      if (criterionId === null) return t('resultsUi.total');
      const criterion = rubric === null ? undefined : findCriterion(rubric, criterionId);
      return criterion === undefined ? criterionId : localized(criterion.title, criterion.titleEn);
    },
    recommendation(value) {
      const own = rubric?.recommendationLabels?.[value];
      if (own !== undefined) return localized(own.title, own.titleEn);
      return (defaultRecommendations as readonly string[]).includes(value) ? t(`recommendation.${value}`) : value;
    },
  };
}
