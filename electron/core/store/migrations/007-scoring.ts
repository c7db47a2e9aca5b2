import type { Migration } from '../migrate';

/**
 * Rubrics and the expert's scoring sheet.
 *
 * - round_rubric: the rubric of a round, by version. A version becomes frozen when a
 *   panel package carries it (or, in an expert round, from the start: it came signed);
 *   a frozen row never changes, so a later edit is a new version. A round without a row
 *   uses its kind's built-in rubric (rounds made before this migration).
 * - panel_package.rubric_version: which version a package carried, for the merge.
 * - coi_declaration: the conflict-of-interest declaration of an application. Scores,
 *   comments, opinion, evidence and targets tables reference it, so the database itself
 *   refuses scoring before a declaration, and triggers refuse it after a declared
 *   conflict: whatever a command forgets, the file cannot hold a score it must not.
 */
export const scoring: Migration = {
  version: 7,
  name: 'scoring',
  up(db) {
    db.exec(`
      CREATE TABLE round_rubric (
        round_id    TEXT NOT NULL REFERENCES round (id) ON DELETE CASCADE,
        version     INTEGER NOT NULL CHECK (version >= 1),
        rubric      TEXT NOT NULL CHECK (json_valid(rubric)),
        created_at  TEXT NOT NULL,
        frozen_at   TEXT,
        PRIMARY KEY (round_id, version)
      ) STRICT;

      CREATE TRIGGER round_rubric_frozen BEFORE UPDATE ON round_rubric
      WHEN OLD.frozen_at IS NOT NULL
      BEGIN
        SELECT RAISE(ABORT, 'round_rubric: a frozen rubric never changes; save a new version');
      END;

      -- INSERT OR REPLACE would delete a frozen row and insert another: refused before it can.
      CREATE TRIGGER round_rubric_frozen_replace BEFORE INSERT ON round_rubric
      WHEN EXISTS (SELECT 1 FROM round_rubric WHERE round_id = NEW.round_id AND version = NEW.version AND frozen_at IS NOT NULL)
      BEGIN
        SELECT RAISE(ABORT, 'round_rubric: a frozen rubric never changes; save a new version');
      END;

      ALTER TABLE panel_package ADD COLUMN rubric_version INTEGER CHECK (rubric_version IS NULL OR rubric_version >= 1);

      CREATE TABLE coi_declaration (
        application_id  TEXT PRIMARY KEY REFERENCES application (id) ON DELETE CASCADE,
        kind            TEXT NOT NULL CHECK (kind IN ('none', 'conflict')),
        reason          TEXT,
        declared_at     TEXT NOT NULL,
        CHECK ((kind = 'none' AND reason IS NULL) OR (kind = 'conflict' AND coalesce(length(trim(reason)), 0) > 0))
      ) STRICT;

      CREATE TABLE criterion_score (
        application_id  TEXT NOT NULL REFERENCES coi_declaration (application_id) ON DELETE CASCADE,
        criterion_id    TEXT NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 64),
        value           REAL CHECK (value IS NULL OR value >= 0),
        comment         TEXT NOT NULL DEFAULT '',
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (application_id, criterion_id)
      ) STRICT;

      CREATE TABLE opinion (
        application_id  TEXT PRIMARY KEY REFERENCES coi_declaration (application_id) ON DELETE CASCADE,
        strengths       TEXT NOT NULL DEFAULT '',
        issues          TEXT NOT NULL DEFAULT '',
        recommendation  TEXT,
        updated_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE evidence (
        id              INTEGER PRIMARY KEY,
        application_id  TEXT NOT NULL REFERENCES coi_declaration (application_id) ON DELETE CASCADE,
        criterion_id    TEXT NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 64),
        sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
        page            INTEGER NOT NULL CHECK (page >= 1),
        rects           TEXT NOT NULL CHECK (json_valid(rects) AND json_type(rects) = 'array'),
        quote           TEXT NOT NULL,
        created_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX evidence_application ON evidence (application_id);

      CREATE TABLE target_row (
        application_id  TEXT NOT NULL REFERENCES coi_declaration (application_id) ON DELETE CASCADE,
        criterion_id    TEXT NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 64),
        position        INTEGER NOT NULL CHECK (position >= 0),
        indicator       TEXT NOT NULL CHECK (length(indicator) > 0),
        unit            TEXT NOT NULL,
        better          TEXT NOT NULL CHECK (better IN ('higher', 'lower')),
        target          REAL,
        actual          REAL,
        PRIMARY KEY (application_id, criterion_id, position)
      ) STRICT;
    `);
    // One guard per scoring table: nothing is written for an application with a declared conflict.
    for (const table of ['criterion_score', 'opinion', 'evidence', 'target_row']) {
      for (const event of ['INSERT', 'UPDATE']) {
        db.exec(`
          CREATE TRIGGER ${table}_not_conflicted_${event.toLowerCase()} BEFORE ${event} ON ${table}
          WHEN (SELECT kind FROM coi_declaration WHERE application_id = NEW.application_id) = 'conflict'
          BEGIN
            SELECT RAISE(ABORT, '${table}: a conflict of interest was declared for this application');
          END;
        `);
      }
    }
    db.exec(`
      CREATE TRIGGER coi_declaration_conflict_clean BEFORE UPDATE OF kind ON coi_declaration
      WHEN NEW.kind = 'conflict' AND (
        EXISTS (SELECT 1 FROM criterion_score WHERE application_id = NEW.application_id)
        OR EXISTS (SELECT 1 FROM opinion WHERE application_id = NEW.application_id)
        OR EXISTS (SELECT 1 FROM evidence WHERE application_id = NEW.application_id)
        OR EXISTS (SELECT 1 FROM target_row WHERE application_id = NEW.application_id)
      )
      BEGIN
        SELECT RAISE(ABORT, 'coi_declaration: clear the scores before declaring a conflict');
      END;
    `);
  },
};
