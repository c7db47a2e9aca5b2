import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RubricShowOutput } from '../../../../shared/domain/scoring';

/**
 * Says before any edit what saving will do: a frozen rubric (sent out in panel packages)
 * keeps its version and the save becomes the next one; an expert's rubric is read only.
 */
export function RubricBanner({ shown }: { shown: RubricShowOutput }) {
  const { t } = useTranslation();
  if (!shown.editable) {
    return <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('rubric.readOnlyTitle')} description={t('rubric.readOnlyBody')} data-testid="rubric-readonly" />;
  }
  if (!shown.frozen) return null;
  const next = shown.version + 1;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      message={t('rubric.frozenTitle', { next })}
      description={t('rubric.frozenBody', { version: shown.version, next })}
      data-testid="rubric-frozen"
    />
  );
}
