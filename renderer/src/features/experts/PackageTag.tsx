import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Expert } from '../../../../shared/domain/expert';
import './expertsMessages';

/** An ISO time as the person's locale writes a date and time. */
export function localTime(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, { dateStyle: 'short', timeStyle: 'short' });
}

/** Whether the expert's panel package was exported, and whether it still matches their assignments. */
export function PackageTag({ expert, compact = false }: { expert: Expert; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const testId = `package-${expert.fingerprint}`;
  if (expert.package === null) {
    return compact ? null : (
      <Tag data-testid={testId} data-state="none">
        {t('experts.packageNone')}
      </Tag>
    );
  }
  const at = localTime(expert.package.exportedAt, i18n.language);
  const stale = expert.package.stale;
  return (
    <Tooltip title={t(stale ? 'experts.packageStaleHint' : 'experts.packageExportedAt', { at })}>
      <Tag color={stale ? 'orange' : 'green'} data-testid={compact ? undefined : testId} data-state={stale ? 'stale' : 'current'} style={compact ? { marginInlineEnd: 0, fontSize: 11 } : undefined}>
        {t(stale ? 'experts.packageStale' : 'experts.packageCurrent')}
      </Tag>
    </Tooltip>
  );
}
