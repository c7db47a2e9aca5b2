import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../electron/core/store/migrate';
import { migrations } from '../../electron/core/store/migrations';

/**
 * For the per-migration tests (electron/core/store/migrations/*.test.ts): a real
 * in-memory database at an older schema version, to fill with that version's rows
 * and then upgrade, as a user's data directory is upgraded by a new release.
 */

/** A fresh in-memory database with foreign keys on, migrated to exactly `version`. */
export function databaseAtVersion(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrateTo(db, version);
  return db;
}

/** Applies the migrations up to and including `version` (the latest when omitted). */
export function migrateTo(db: Database.Database, version = migrations.length): void {
  migrate(db, migrations.filter((migration) => migration.version <= version), ':memory:');
  const reached = schemaVersion(db);
  if (reached !== version) throw new Error(`the database is at schema version ${reached}, not ${version}`);
}

/** Every table (but SQLite's and the FTS index's own) with all its rows, to compare before and after an upgrade. */
export function everyRow(db: Database.Database): Record<string, unknown[]> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'page_text%' ORDER BY name`)
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()]));
}
