import type { Migration } from '../migrate';

/**
 * What the secretary decides about a round's results (issue 7):
 *
 * - results_config: the official method and the tie-break chain. A round without a row
 *   uses the defaults (trimmed mean; median, fewer 不同意, recorded decision). The method
 *   is meant to be fixed before the first merge; a later change is allowed but needs a
 *   reason, and the audit log records every change either way.
 * - flag_note: the secretary's note (or the consensus the panel reached) on a
 *   disagreement flag. Flags are computed from the scores, so a note is keyed by what it
 *   is about — application and criterion, '' for the total — and never changes a score.
 * - tie_decision: the positions the secretary recorded among applications the chain
 *   left tied (the 'decision' tie-break).
 */
export const results: Migration = {
  version: 11,
  name: 'results',
  up(db) {
    db.exec(`
      CREATE TABLE results_config (
        round_id         TEXT PRIMARY KEY REFERENCES round (id) ON DELETE CASCADE,
        official_method  TEXT NOT NULL CHECK (official_method IN ('mean', 'trimmed', 'median')),
        tie_breaks       TEXT NOT NULL CHECK (json_valid(tie_breaks) AND json_type(tie_breaks) = 'array'),
        updated_at       TEXT NOT NULL
      ) STRICT;

      CREATE TABLE flag_note (
        round_id        TEXT NOT NULL,
        application_id  TEXT NOT NULL,
        -- '' for the flag on the application's total.
        criterion_id    TEXT NOT NULL CHECK (length(criterion_id) <= 64),
        outcome         TEXT NOT NULL CHECK (outcome IN ('note', 'consensus')),
        note            TEXT NOT NULL CHECK (length(note) > 0),
        noted_at        TEXT NOT NULL,
        PRIMARY KEY (round_id, application_id, criterion_id),
        FOREIGN KEY (application_id, round_id) REFERENCES application (id, round_id) ON DELETE CASCADE
      ) STRICT;

      CREATE TABLE tie_decision (
        round_id        TEXT NOT NULL,
        application_id  TEXT NOT NULL,
        position        INTEGER NOT NULL CHECK (position >= 1),
        decided_at      TEXT NOT NULL,
        PRIMARY KEY (round_id, application_id),
        FOREIGN KEY (application_id, round_id) REFERENCES application (id, round_id) ON DELETE CASCADE
      ) STRICT;
    `);
  },
};
