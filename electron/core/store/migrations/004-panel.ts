import type { Migration } from '../migrate';

/**
 * The secretary's panel: experts enrolled in a round from their key cards, the
 * applications assigned to each, and a record of every panel package exported, which
 * the merge (issue 7) checks returning score bundles against.
 *
 * An expert is keyed by round and fingerprint: the same person may sit on several
 * rounds, and the key, not the name, is who they are. The card is kept as received, so
 * its self-signature can be checked again at any time.
 */
export const panel: Migration = {
  version: 4,
  name: 'panel',
  up(db) {
    db.exec(`
      CREATE TABLE expert (
        round_id        TEXT NOT NULL REFERENCES round (id) ON DELETE CASCADE,
        fingerprint     TEXT NOT NULL CHECK (length(fingerprint) = 50 AND substr(fingerprint, 1, 7) = 'SHA256:'),
        name            TEXT NOT NULL CHECK (length(name) > 0),
        affiliation     TEXT,
        ssh_public_key  TEXT NOT NULL CHECK (substr(ssh_public_key, 1, 12) = 'ssh-ed25519 '),
        age_recipient   TEXT NOT NULL CHECK (substr(age_recipient, 1, 4) = 'age1'),
        key_card        TEXT NOT NULL,
        enrolled_at     TEXT NOT NULL,
        PRIMARY KEY (round_id, fingerprint)
      ) STRICT;

      -- Lets assignment name an application together with its round, so the database
      -- itself refuses to assign an application of another round.
      CREATE UNIQUE INDEX application_id_round ON application (id, round_id);

      CREATE TABLE assignment (
        round_id        TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        application_id  TEXT NOT NULL,
        PRIMARY KEY (round_id, fingerprint, application_id),
        FOREIGN KEY (round_id, fingerprint) REFERENCES expert (round_id, fingerprint) ON DELETE CASCADE,
        FOREIGN KEY (application_id, round_id) REFERENCES application (id, round_id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX assignment_application ON assignment (application_id, round_id);

      -- Cascades follow the round: deleting a round takes its whole panel with it.
      CREATE TABLE panel_package (
        id               TEXT PRIMARY KEY,
        round_id         TEXT NOT NULL,
        fingerprint      TEXT NOT NULL,
        manifest_sha256  TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
        file_sha256      TEXT NOT NULL CHECK (length(file_sha256) = 64),
        file_name        TEXT NOT NULL CHECK (length(file_name) > 0),
        exported_at      TEXT NOT NULL,
        FOREIGN KEY (round_id, fingerprint) REFERENCES expert (round_id, fingerprint) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX panel_package_expert ON panel_package (round_id, fingerprint);
    `);
  },
};
