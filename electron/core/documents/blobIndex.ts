import type Database from 'better-sqlite3';

/**
 * Whether the database references a stored PDF. Both shells serve /blob/<sha256> only
 * for these: a file in blobs/ that no row names (an orphan left by a crash, or one an
 * import has stored but not yet committed) is never handed out.
 */
export function createBlobIndex(db: Database.Database): (sha256: string) => boolean {
  const known = db.prepare<[string], 1>('SELECT 1 FROM blob WHERE sha256 = ?').pluck();
  return (sha256) => known.get(sha256) !== undefined;
}
