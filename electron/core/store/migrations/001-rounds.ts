import type { Migration } from '../migrate';

export const rounds: Migration = {
  version: 1,
  name: 'rounds',
  up(db) {
    db.exec(`
      CREATE TABLE round (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        kind        TEXT NOT NULL CHECK (kind IN ('plan-review', 'midterm', 'assessment', 'custom')),
        role        TEXT NOT NULL CHECK (role IN ('secretary', 'expert')),
        created_at  TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX round_name_role ON round (name, role);
    `);
  },
};
