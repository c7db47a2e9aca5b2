import { useTranslation } from 'react-i18next';

/** The rubric's Chinese text, or its English one when the UI is in English and there is one. */
export function useLocalized(): (zh: string, en: string | undefined) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (zh, en) => (english && en !== undefined && en !== '' ? en : zh);
}
