import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/language';
import { useSettings } from './settingsStore';

const options: { label: string; value: Language }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'English', value: 'en' },
];

export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useSettings((s) => s.language);
  const setLanguage = useSettings((s) => s.setLanguage);
  return (
    <Segmented<Language>
      aria-label={t('ui.language')}
      options={options}
      value={language}
      onChange={(value) => void setLanguage(value)}
    />
  );
}
