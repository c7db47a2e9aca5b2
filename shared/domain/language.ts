import { z } from 'zod';

/** zh-CN is the first language of the product; en the second. */
export const languages = ['zh-CN', 'en'] as const;
export const LanguageSchema = z.enum(languages, { error: 'validation.language' });
export type Language = z.infer<typeof LanguageSchema>;
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/**
 * Picks the language from a locale string such as LANG's `en_GB.UTF-8`.
 * English only when the locale asks for it; everything else gets Chinese first.
 */
export function languageFromLocale(locale: string | undefined): Language {
  return locale !== undefined && /^en([_.@-]|$)/i.test(locale) ? 'en' : DEFAULT_LANGUAGE;
}
