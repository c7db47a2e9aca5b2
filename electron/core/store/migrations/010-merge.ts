import type { Migration } from '../migrate';

/**
 * The secretary's merge of returned score bundles (issue 7, DESIGN.md "Merge rules").
 *
 * - received_bundle: every bundle accepted, by round, expert and revision, with the
 *   file's SHA-256 and the exact signed payload bytes, so an auditor can re-check what
 *   the merge read (`ssh-keygen -Y verify` over them with the expert's key card) and the
 *   reports can quote the bundle's hash. Rejected and unchanged attempts are only in
 *   the audit log. A revision never goes back: the database itself refuses a revision
 *   at or below one already received from that expert in that round.
 * - merged_review and its children (merged_score, merged_evidence, merged_target): the
 *   expert's current word on each application, from the newest revision that carried
 *   it. A newer bundle replaces the rows of the applications it contains; the others
 *   keep the earlier revision's rows, and `revision` says which bundle each came from.
 *
 * Everything hangs off the enrolled expert with ON DELETE CASCADE: removing an expert
 * from a round removes what they returned. The package named by a bundle must be one
 * issued to that expert in that round (a composite foreign key, through an index made
 * here). As in 007, triggers refuse scores, opinion, evidence or targets under a
 * declared conflict, whatever a command forgets.
 */
export const merge: Migration = {
  version: 10,
  name: 'merge',
  up(db) {
    db.exec(`
      -- Lets received_bundle name a package together with its round and expert.
      CREATE UNIQUE INDEX panel_package_expert_id ON panel_package (id, round_id, fingerprint);

      CREATE TABLE received_bundle (
        round_id     TEXT NOT NULL,
        fingerprint  TEXT NOT NULL,
        revision     INTEGER NOT NULL CHECK (revision >= 1),
        sha256       TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        package_id   TEXT NOT NULL,
        file_name    TEXT NOT NULL CHECK (length(file_name) > 0),
        exported_at  TEXT NOT NULL,
        received_at  TEXT NOT NULL,
        payload      BLOB NOT NULL CHECK (length(payload) > 0),
        PRIMARY KEY (round_id, fingerprint, revision),
        FOREIGN KEY (round_id, fingerprint) REFERENCES expert (round_id, fingerprint) ON DELETE CASCADE,
        FOREIGN KEY (package_id, round_id, fingerprint) REFERENCES panel_package (id, round_id, fingerprint) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX received_bundle_package ON received_bundle (package_id, round_id, fingerprint);

      CREATE TRIGGER received_bundle_revision_grows BEFORE INSERT ON received_bundle
      WHEN NEW.revision <= (SELECT max(revision) FROM received_bundle WHERE round_id = NEW.round_id AND fingerprint = NEW.fingerprint)
      BEGIN
        SELECT RAISE(ABORT, 'received_bundle: a revision at or below one already received changes nothing');
      END;
      CREATE TRIGGER received_bundle_no_update BEFORE UPDATE ON received_bundle
      BEGIN
        SELECT RAISE(ABORT, 'received_bundle: a received bundle is kept as it came');
      END;

      CREATE TABLE merged_review (
        round_id        TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        application_id  TEXT NOT NULL,
        revision        INTEGER NOT NULL,
        coi             TEXT NOT NULL CHECK (coi IN ('none', 'conflict')),
        coi_reason      TEXT,
        strengths       TEXT NOT NULL DEFAULT '',
        issues          TEXT NOT NULL DEFAULT '',
        recommendation  TEXT CHECK (recommendation IS NULL OR length(recommendation) > 0),
        PRIMARY KEY (round_id, fingerprint, application_id),
        CHECK ((coi = 'none' AND coi_reason IS NULL) OR (coi = 'conflict' AND coalesce(length(coi_reason), 0) > 0)),
        -- A declared conflict carries the declaration alone (collectReviews.ts writes it so).
        CHECK (coi = 'none' OR (strengths = '' AND issues = '' AND recommendation IS NULL)),
        FOREIGN KEY (round_id, fingerprint) REFERENCES expert (round_id, fingerprint) ON DELETE CASCADE,
        FOREIGN KEY (application_id, round_id) REFERENCES application (id, round_id) ON DELETE CASCADE,
        FOREIGN KEY (round_id, fingerprint, revision) REFERENCES received_bundle (round_id, fingerprint, revision) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX merged_review_application ON merged_review (application_id, round_id);
      CREATE INDEX merged_review_bundle ON merged_review (round_id, fingerprint, revision);

      CREATE TABLE merged_score (
        round_id        TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        application_id  TEXT NOT NULL,
        criterion_id    TEXT NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 64),
        -- NULL: the expert commented on the criterion without scoring it.
        value           REAL CHECK (value IS NULL OR value >= 0),
        comment         TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (round_id, fingerprint, application_id, criterion_id),
        FOREIGN KEY (round_id, fingerprint, application_id) REFERENCES merged_review (round_id, fingerprint, application_id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE merged_evidence (
        round_id        TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        application_id  TEXT NOT NULL,
        position        INTEGER NOT NULL CHECK (position >= 0),
        criterion_id    TEXT NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 64),
        sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
        page            INTEGER NOT NULL CHECK (page >= 1),
        rects           TEXT NOT NULL CHECK (json_valid(rects) AND json_type(rects) = 'array'),
        quote           TEXT NOT NULL,
        PRIMARY KEY (round_id, fingerprint, application_id, position),
        FOREIGN KEY (round_id, fingerprint, application_id) REFERENCES merged_review (round_id, fingerprint, application_id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE merged_target (
        round_id        TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        application_id  TEXT NOT NULL,
        position        INTEGER NOT NULL CHECK (position >= 0),
        criterion_id    TEXT NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 64),
        indicator       TEXT NOT NULL CHECK (length(indicator) > 0),
        unit            TEXT NOT NULL,
        better          TEXT NOT NULL CHECK (better IN ('higher', 'lower')),
        target          REAL,
        actual          REAL,
        PRIMARY KEY (round_id, fingerprint, application_id, position),
        FOREIGN KEY (round_id, fingerprint, application_id) REFERENCES merged_review (round_id, fingerprint, application_id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
    `);
    // Nothing but the declaration under a declared conflict, inserted or moved there.
    for (const table of ['merged_score', 'merged_evidence', 'merged_target']) {
      for (const event of ['INSERT', 'UPDATE']) {
        db.exec(`
          CREATE TRIGGER ${table}_not_conflicted_${event.toLowerCase()} BEFORE ${event} ON ${table}
          WHEN (SELECT coi FROM merged_review
                WHERE round_id = NEW.round_id AND fingerprint = NEW.fingerprint AND application_id = NEW.application_id) = 'conflict'
          BEGIN
            SELECT RAISE(ABORT, '${table}: a conflict of interest was declared for this application');
          END;
        `);
      }
    }
    db.exec(`
      CREATE TRIGGER merged_review_conflict_clean BEFORE UPDATE OF coi ON merged_review
      WHEN NEW.coi = 'conflict' AND (
        EXISTS (SELECT 1 FROM merged_score WHERE round_id = NEW.round_id AND fingerprint = NEW.fingerprint AND application_id = NEW.application_id)
        OR EXISTS (SELECT 1 FROM merged_evidence WHERE round_id = NEW.round_id AND fingerprint = NEW.fingerprint AND application_id = NEW.application_id)
        OR EXISTS (SELECT 1 FROM merged_target WHERE round_id = NEW.round_id AND fingerprint = NEW.fingerprint AND application_id = NEW.application_id)
      )
      BEGIN
        SELECT RAISE(ABORT, 'merged_review: a declared conflict carries no scores; replace the review instead');
      END;
    `);
  },
};
