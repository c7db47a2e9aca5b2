import type Database from 'better-sqlite3';
import type { Commands } from '../../../shared/contract/commands';
import { LanguageSchema, type Language } from '../../../shared/domain/language';
import type { EventBus } from '../events';
import type { Handlers } from '../router';

export function createSettingsRepository(db: Database.Database, now: () => Date) {
  const select = db.prepare<[string], { value_json: string }>(`SELECT value_json FROM setting WHERE key = ?`);
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO setting (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  );
  return {
    /** Any JSON value under a key; null when unset. Callers validate what they read. */
    getJson(key: string): unknown {
      const row = select.get(key);
      return row === undefined ? null : (JSON.parse(row.value_json) as unknown);
    },
    setJson(key: string, value: unknown): void {
      upsert.run(key, JSON.stringify(value), now().toISOString());
    },
    /** A stored value that no longer parses (edited by hand, older format) counts as unset. */
    language(): Language | null {
      const row = select.get('language');
      if (row === undefined) return null;
      const parsed = LanguageSchema.safeParse(JSON.parse(row.value_json));
      return parsed.success ? parsed.data : null;
    },
    setLanguage(language: Language): void {
      upsert.run('language', JSON.stringify(language), now().toISOString());
    },
  };
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;

export function settingsHandlers(
  settings: SettingsRepository,
  events: EventBus,
): Pick<Handlers<Commands>, 'settings.get' | 'settings.set'> {
  return {
    'settings.get': () => ({ language: settings.language() }),
    'settings.set': ({ language }) => {
      settings.setLanguage(language);
      events.emit({ type: 'changed', entity: 'settings' });
      return { language: settings.language() };
    },
  };
}
