import type { Migration } from '../migrate';

/**
 * The audit log (DESIGN.md "Store"): what the secretary's decisions rest on — every
 * bundle import attempt, assignment, conflict decision, flag note, method change and
 * report export — appended as a hash chain. Each row's hash covers its own fields and
 * the previous row's hash (electron/core/audit/auditLog.ts), so `audit verify` names
 * the first row that was changed, removed or inserted out of order.
 *
 * The triggers make the table append-only for the app and for anyone using the
 * database without knowing better; someone who drops them can still edit rows, and
 * that is what the chain is there to reveal. No foreign key to round: an audit entry
 * outlives what it is about.
 */
export const audit: Migration = {
  version: 8,
  name: 'audit',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
        at         TEXT NOT NULL,
        round_id   TEXT,
        action     TEXT NOT NULL CHECK (length(action) > 0),
        detail     TEXT NOT NULL CHECK (json_valid(detail)),
        prev_hash  TEXT NOT NULL UNIQUE CHECK (length(prev_hash) = 64),
        hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
      ) STRICT;
      CREATE INDEX audit_log_round ON audit_log (round_id, seq);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
      END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
      END;
    `);
  },
};
