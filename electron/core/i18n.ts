import i18next from 'i18next';
import { catalogs } from '../../shared/i18n/catalogs';
import type { Translate } from '../../shared/i18n/describeError';
import { type Language, languageFromLocale } from '../../shared/domain/language';

/** The CLI's translator: the same catalogs as the UI, synchronous. */
export function createTranslator(language: Language): Translate {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'zh-CN',
    resources: {
      'zh-CN': { translation: catalogs['zh-CN'] },
      en: { translation: catalogs.en },
    },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return (key, params) => instance.t(key, params ?? {});
}

/** LC_ALL overrides LC_MESSAGES overrides LANG, as POSIX says. */
export function languageFromEnv(env: NodeJS.ProcessEnv): Language {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return languageFromLocale(locale);
}
