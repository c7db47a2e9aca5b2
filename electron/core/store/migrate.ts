import type Database from 'better-sqlite3';
import { AppError } from '../errors';

/** PRAGMA application_id of every Panel Review database: 'PREV'. Tells our files from other programs'. */
export const APPLICATION_ID = 0x50524556;

export interface Migration {
  /** 1, 2, 3… in order; the database's PRAGMA user_version is the last one applied. */
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/** Migrations must be numbered 1..n without gaps: a gap would skip a schema change on some machine. */
export function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}

/**
 * Brings the schema up to date. Each migration runs in its own IMMEDIATE transaction
 * together with its user_version bump, so a crash or an error leaves the database at
 * the previous version, never between two; a second process waits rather than racing.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], path: string): { from: number; to: number } {
  assertContiguous(migrations);
  const from = schemaVersion(db);
  const supported = latestVersion(migrations);
  if (from > supported) {
    throw new AppError('STORE_NEWER_VERSION', `database ${path} has schema version ${from}; this program supports up to ${supported}`, {
      path,
      found: from,
      supported,
    });
  }
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      // Re-read inside the lock: another process may have migrated meanwhile.
      if (schemaVersion(db) >= migration.version) return;
      migration.up(db);
      // Same transaction as the schema change: a crash can never leave our tables unmarked.
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    });
    apply.immediate();
  }
  return { from, to: schemaVersion(db) };
}
