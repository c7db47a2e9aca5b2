import i18next from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Translate } from '../../shared/i18n/describeError';
import { catalogs } from '../../shared/i18n/catalogs';
import { DEFAULT_LANGUAGE, type Language, languageFromLocale } from '../../shared/domain/language';

/** Before the stored preference loads: the browser's language, Chinese first. */
export function initialLanguage(): Language {
  return languageFromLocale(navigator.language.replace('-', '_')) ?? DEFAULT_LANGUAGE;
}

void i18next.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  resources: {
    'zh-CN': { translation: catalogs['zh-CN'] },
    en: { translation: catalogs.en },
  },
  initAsync: false,
  interpolation: { escapeValue: false },
});

export default i18next;

/**
 * Adds a feature's own messages (kept beside the feature, zh-CN and en) under `key` of
 * the translation namespace: now if i18next is ready, else as soon as it is.
 */
/** A translation of a feature's Chinese messages: the same keys, any strings. */
export type MessagesLike<T> = { readonly [K in keyof T]: T[K] extends string ? string : MessagesLike<T[K]> };

export function registerFeatureMessages(key: string, messages: Readonly<Record<Language, object>>): void {
  const register = () => {
    for (const [language, bundle] of Object.entries(messages)) i18next.addResourceBundle(language, 'translation', { [key]: bundle }, true, true);
  };
  if (i18next.isInitialized) register();
  else i18next.on('initialized', register);
}

/** i18next's t narrowed to the shared Translate signature (describeError, describeIssue). */
export function useTranslate(): Translate {
  const { t } = useTranslation();
  return useCallback<Translate>((key, params) => t(key, params ?? {}), [t]);
}
