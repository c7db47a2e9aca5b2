import type { Migration } from '../migrate';

/**
 * Conflicts of interest on the secretary's side (issue 7).
 *
 * - expert.city / expert.province: where the expert works, recorded by the secretary
 *   (the key card carries name and affiliation only). A conflict is flagged when the
 *   expert's city, province or affiliation matches an application's; flags are computed,
 *   never stored, so correcting a city re-flags at once.
 * - conflict_decision: the secretary's decision on a flagged (or otherwise known)
 *   conflict: 'recuse' (the expert must not score the application) or 'allow' with the
 *   reason. The database itself refuses to assign a recused application.
 * - panel_package.application_ids: the applications a package carried (a JSON array),
 *   so a change of assignment after export shows which experts need a new package.
 *   NULL for packages exported before this migration: treated as unknown.
 */
export const conflicts: Migration = {
  version: 9,
  name: 'conflicts',
  up(db) {
    db.exec(`
      ALTER TABLE expert ADD COLUMN city TEXT CHECK (city IS NULL OR length(city) > 0);
      ALTER TABLE expert ADD COLUMN province TEXT CHECK (province IS NULL OR length(province) > 0);

      CREATE TABLE conflict_decision (
        round_id        TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        application_id  TEXT NOT NULL,
        decision        TEXT NOT NULL CHECK (decision IN ('recuse', 'allow')),
        -- Allowing a flagged conflict always needs its reason; a recusal may have one.
        reason          TEXT CHECK (reason IS NULL OR length(reason) > 0),
        decided_at      TEXT NOT NULL,
        PRIMARY KEY (round_id, fingerprint, application_id),
        CHECK (decision = 'recuse' OR reason IS NOT NULL),
        FOREIGN KEY (round_id, fingerprint) REFERENCES expert (round_id, fingerprint) ON DELETE CASCADE,
        FOREIGN KEY (application_id, round_id) REFERENCES application (id, round_id) ON DELETE CASCADE
      ) STRICT;

      CREATE TRIGGER assignment_not_recused BEFORE INSERT ON assignment
      WHEN EXISTS (
        SELECT 1 FROM conflict_decision
        WHERE round_id = NEW.round_id AND fingerprint = NEW.fingerprint AND application_id = NEW.application_id AND decision = 'recuse'
      )
      BEGIN
        SELECT RAISE(ABORT, 'assignment: the expert is recused from this application');
      END;
      CREATE TRIGGER conflict_recusal_unassigned BEFORE INSERT ON conflict_decision
      WHEN NEW.decision = 'recuse' AND EXISTS (
        SELECT 1 FROM assignment
        WHERE round_id = NEW.round_id AND fingerprint = NEW.fingerprint AND application_id = NEW.application_id
      )
      BEGIN
        SELECT RAISE(ABORT, 'conflict_decision: remove the assignment before recording a recusal');
      END;
      CREATE TRIGGER conflict_recusal_unassigned_update BEFORE UPDATE OF decision ON conflict_decision
      WHEN NEW.decision = 'recuse' AND EXISTS (
        SELECT 1 FROM assignment
        WHERE round_id = NEW.round_id AND fingerprint = NEW.fingerprint AND application_id = NEW.application_id
      )
      BEGIN
        SELECT RAISE(ABORT, 'conflict_decision: remove the assignment before recording a recusal');
      END;

      ALTER TABLE panel_package ADD COLUMN application_ids TEXT CHECK (application_ids IS NULL OR json_valid(application_ids));
    `);
  },
};
