import { create } from 'zustand';
import type { Language } from '../../../../shared/domain/language';
import { invoke } from '../../api/client';
import i18n from '../../i18n';

interface SettingsState {
  language: Language;
  /** Applies the stored preference, if the data directory has one. */
  load(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
}

export const useSettings = create<SettingsState>((set) => ({
  language: i18n.language as Language,
  async load() {
    const { language } = await invoke('settings.get', {});
    if (language !== null) {
      await i18n.changeLanguage(language);
      set({ language });
    }
  },
  async setLanguage(language) {
    // Switch at once; storing it is for the next launch.
    await i18n.changeLanguage(language);
    set({ language });
    await invoke('settings.set', { language });
  },
}));
