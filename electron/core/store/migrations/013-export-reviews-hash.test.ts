import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseAtVersion, everyRow, migrateTo } from '../../../../test/helpers/migratedDatabase';

/**
 * Migration 013 on a real in-memory database, upgraded from version 12 with an expert's
 * round that exported one bundle: the export keeps its row with no record of its
 * contents (the score sheet then asks for a new export), later exports record a
 * well-formed hash, and an export row still never changes.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const SHA = 'ab'.repeat(32);
const FPR = `SHA256:${'A'.repeat(43)}`;
const ROUND = 'rd0000000b';

function databaseAtVersion12(): Database.Database {
  const db = databaseAtVersion(12);
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  run(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, '专家轮次', 'plan-review', 'expert', ?)`, ROUND, NOW);
  run(
    `INSERT INTO received_package (round_id, source_round_id, package_id, manifest_sha256, manifest, secretary_fingerprint, secretary_ssh_public_key,
       secretary_age_recipient, expert_fingerprint, imported_at)
     VALUES (?, 'rd0123456z', 'pk0123456z', ?, '{}', ?, 'ssh-ed25519 AAAA', ?, ?, ?)`,
    ROUND,
    SHA,
    FPR,
    `age1${'q'.repeat(58)}`,
    FPR,
    NOW,
  );
  run(`INSERT INTO bundle_export (round_id, revision, sha256, exported_at) VALUES (?, 1, ?, ?)`, ROUND, SHA, NOW);
  return db;
}

const insertExport = (db: Database.Database, revision: number, reviews: unknown) =>
  db.prepare(`INSERT INTO bundle_export (round_id, revision, sha256, exported_at, reviews_sha256) VALUES (?, ?, ?, ?, ?)`).run(ROUND, revision, SHA, NOW, reviews);

describe('migration 013 (what each export carried)', () => {
  it('keeps the data of version 12; an earlier export has no record of its contents', () => {
    const db = databaseAtVersion12();
    const before = everyRow(db);
    migrateTo(db, 13);
    const after = everyRow(db);
    for (const [table, rows] of Object.entries(before)) {
      if (table !== 'bundle_export') expect(after[table], table).toEqual(rows);
    }
    expect(after.bundle_export).toEqual((before.bundle_export ?? []).map((row) => ({ ...(row as object), reviews_sha256: null })));
    expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'bundle_export'`).pluck().get()).toBe(1);
  });

  it('takes only a lower-case hex SHA-256 for later exports, and still never changes an export', () => {
    const db = databaseAtVersion12();
    migrateTo(db, 13);
    for (const bad of ['AB'.repeat(32), 'ab'.repeat(31), `${'ab'.repeat(31)}zz`, '']) expect(() => insertExport(db, 2, bad), bad).toThrow(/CHECK/);
    insertExport(db, 2, 'cd'.repeat(32));
    expect(db.prepare(`SELECT revision, reviews_sha256 FROM bundle_export ORDER BY revision`).all()).toEqual([
      { revision: 1, reviews_sha256: null },
      { revision: 2, reviews_sha256: 'cd'.repeat(32) },
    ]);
    expect(() => db.prepare(`UPDATE bundle_export SET reviews_sha256 = ? WHERE revision = 1`).run('ef'.repeat(32))).toThrow(/never changes/);
  });
});
