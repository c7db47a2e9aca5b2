import type { Migration } from '../migrate';

/** Per-data-directory preferences (language first); one row per key, JSON values. */
export const settings: Migration = {
  version: 2,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE setting (
        key         TEXT PRIMARY KEY,
        value_json  TEXT NOT NULL CHECK (json_valid(value_json)),
        updated_at  TEXT NOT NULL
      ) STRICT;
    `);
  },
};
