import type { Migration } from '../migrate';

/**
 * What an expert's data directory remembers of the panel packages it received.
 *
 * An expert round is an ordinary `round` (role 'expert') with ordinary applications and
 * documents, so reading, search and (later) scoring work as for any round. Its ids are
 * local, new ones: a score bundle must name the SECRETARY's round and application ids
 * (the merge checks them), but those cannot be the local primary keys, because one data
 * directory may hold both sides (tests, or a secretary scoring as an expert elsewhere
 * with a copied directory) and `application.id` is unique across all rounds. So the
 * secretary's ids are kept beside the local ones: `received_package.source_round_id`
 * and `received_application.source_application_id`.
 *
 * - received_package: one per expert round; the signed manifest (canonical JSON, its
 *   hash as score bundles name it) and the secretary's keys the bundle is sealed to.
 *   One expert round per source round: a second package for it is either the same one
 *   (no-op) or refused for now.
 * - trusted_secretary: trust on first use per source round; a later package of that
 *   round signed by another key is refused loudly.
 * - bundle_export: every score bundle written, revision 1, 2, … per round; triggers
 *   keep revisions growing and rows unchanged, because the merge ignores a revision it
 *   has already seen: a reused number would be a lost export.
 */
export const expertRounds: Migration = {
  version: 5,
  name: 'expert-rounds',
  up(db) {
    db.exec(`
      CREATE TABLE received_package (
        round_id                  TEXT PRIMARY KEY REFERENCES round (id) ON DELETE CASCADE,
        source_round_id           TEXT NOT NULL UNIQUE,
        package_id                TEXT NOT NULL,
        manifest_sha256           TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
        manifest                  TEXT NOT NULL CHECK (json_valid(manifest)),
        secretary_fingerprint     TEXT NOT NULL CHECK (secretary_fingerprint LIKE 'SHA256:%'),
        secretary_ssh_public_key  TEXT NOT NULL,
        secretary_age_recipient   TEXT NOT NULL CHECK (secretary_age_recipient LIKE 'age1%'),
        expert_fingerprint        TEXT NOT NULL CHECK (expert_fingerprint LIKE 'SHA256:%'),
        imported_at               TEXT NOT NULL
      ) STRICT;

      CREATE TABLE received_application (
        application_id         TEXT PRIMARY KEY REFERENCES application (id) ON DELETE CASCADE,
        round_id               TEXT NOT NULL REFERENCES received_package (round_id) ON DELETE CASCADE,
        source_application_id  TEXT NOT NULL,
        position               INTEGER NOT NULL,
        UNIQUE (round_id, source_application_id)
      ) STRICT;

      CREATE TABLE trusted_secretary (
        source_round_id  TEXT PRIMARY KEY,
        fingerprint      TEXT NOT NULL CHECK (fingerprint LIKE 'SHA256:%'),
        first_seen_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE bundle_export (
        round_id     TEXT NOT NULL REFERENCES received_package (round_id) ON DELETE CASCADE,
        revision     INTEGER NOT NULL CHECK (revision >= 1),
        sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
        exported_at  TEXT NOT NULL,
        PRIMARY KEY (round_id, revision)
      ) STRICT;

      CREATE TRIGGER bundle_export_revision_grows BEFORE INSERT ON bundle_export
      WHEN NEW.revision <= coalesce((SELECT max(revision) FROM bundle_export WHERE round_id = NEW.round_id), 0)
      BEGIN
        SELECT RAISE(ABORT, 'bundle_export: a revision only grows');
      END;

      CREATE TRIGGER bundle_export_unchanged BEFORE UPDATE ON bundle_export
      BEGIN
        SELECT RAISE(ABORT, 'bundle_export: an export is history and never changes');
      END;
    `);
  },
};
