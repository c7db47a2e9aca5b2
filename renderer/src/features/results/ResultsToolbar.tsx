import { FileDoneOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Segmented, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { resultMethods, type ResultMethod, type Results } from '../../../../shared/domain/results';
import { useResults } from './resultsStore';
import './reportMessages';

/**
 * The method switch (the official ranking, or another method as a sensitivity view),
 * the open-flag count the final report waits on, the settings dialog, and the reports.
 */
export function ResultsToolbar({ results, onSettings, onExport }: { results: Results; onSettings(): void; onExport(): void }) {
  const { t } = useTranslation();
  const method = useResults((s) => s.method);
  const setMethod = useResults((s) => s.setMethod);
  const label = (value: ResultMethod) =>
    value === 'official' ? t('resultsUi.officialOption', { method: t(`resultsUi.methodShort.${results.officialMethod}`) }) : t(`resultsUi.methodShort.${value}`);
  return (
    <Flex vertical gap={8}>
      <Flex wrap gap={12} align="center" justify="space-between">
        <Flex wrap gap={12} align="center">
          <Typography.Text strong id="results-method-label">
            {t('resultsUi.rankBy')}
          </Typography.Text>
          <Segmented<ResultMethod>
            value={method}
            onChange={(value) => void setMethod(value)}
            options={resultMethods.map((value) => ({ value, label: <span data-testid={`results-method-${value}`}>{label(value)}</span> }))}
            aria-labelledby="results-method-label"
            data-testid="results-method"
          />
        </Flex>
        <Flex wrap gap={12} align="center">
          {results.openFlags > 0 ? (
            <Tag color="orange" data-testid="results-open-flags" data-count={results.openFlags}>
              {t('resultsUi.openFlags', { count: results.openFlags })}
            </Tag>
          ) : (
            <Tag color="green" data-testid="results-open-flags" data-count={0}>
              {t('resultsUi.noOpenFlags')}
            </Tag>
          )}
          <Button icon={<SettingOutlined />} onClick={onSettings} data-testid="results-settings">
            {t('resultsUi.settings')}
          </Button>
          <Button type="primary" icon={<FileDoneOutlined />} onClick={onExport} data-testid="results-export-report">
            {t('reportUi.open')}
          </Button>
        </Flex>
      </Flex>
      {method !== 'official' && (
        <Alert
          type="info"
          showIcon
          title={t('resultsUi.sensitivityNotice', { method: t(`method.${results.method}`), official: t(`method.${results.officialMethod}`) })}
          data-testid="results-sensitivity"
        />
      )}
    </Flex>
  );
}
