import { Card, Flex, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Results } from '../../../../shared/domain/results';
import { formatFigure } from './format';

/** Panel agreement: Kendall's W and Krippendorff's alpha, each with what it measures in one line. */
export function AgreementCard({ agreement }: { agreement: Results['agreement'] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('resultsUi.agreementTitle')} style={{ height: '100%' }} data-testid="results-agreement">
      <Flex vertical gap={12}>
        <Flex gap={16} align="flex-start">
          <Statistic title={t('resultsUi.kendallW')} value={formatFigure(agreement.kendallW)} style={{ minWidth: 120 }} data-testid="agreement-kendall" />
          <Typography.Text type="secondary">
            {agreement.kendallW === null ? t('resultsUi.kendallMissing') : t('resultsUi.kendallExplain', { count: agreement.kendallApplications })}
          </Typography.Text>
        </Flex>
        <Flex gap={16} align="flex-start">
          <Statistic title={t('resultsUi.krippendorffAlpha')} value={formatFigure(agreement.krippendorffAlpha)} style={{ minWidth: 120 }} data-testid="agreement-alpha" />
          <Typography.Text type="secondary">{agreement.krippendorffAlpha === null ? t('resultsUi.alphaMissing') : t('resultsUi.alphaExplain')}</Typography.Text>
        </Flex>
      </Flex>
    </Card>
  );
}
