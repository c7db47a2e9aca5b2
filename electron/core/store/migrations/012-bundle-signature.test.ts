import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseAtVersion, everyRow, migrateTo } from '../../../../test/helpers/migratedDatabase';

/**
 * Migration 012 on a real in-memory database, upgraded from version 11 with a merged
 * bundle in it: the bundle keeps its rows and has no signature, every bundle received
 * afterwards must carry one, and none can be added to or changed in a row later.
 */

const NOW = '2026-12-01T08:00:00.000Z';
const SHA = 'ab'.repeat(32);
const ROUND = 'rd0000000a';
const APP = 'ap0000000a';
const ZHANG = `SHA256:${'A'.repeat(43)}`;
const PACKAGE = 'pk0000000a';
const SIGNATURE = '-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n';

function databaseAtVersion11(): Database.Database {
  const db = databaseAtVersion(11);
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  run(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, '试点城市实施方案评审', 'plan-review', 'secretary', ?)`, ROUND, NOW);
  run(`INSERT INTO application (id, round_id, city, province, applicant, created_at) VALUES (?, ?, '宁波市', '浙江省', NULL, ?)`, APP, ROUND, NOW);
  run(
    `INSERT INTO expert (round_id, fingerprint, name, affiliation, ssh_public_key, age_recipient, key_card, enrolled_at, city, province)
     VALUES (?, ?, '张三', NULL, 'ssh-ed25519 AAAA', ?, '{}', ?, '杭州市', NULL)`,
    ROUND,
    ZHANG,
    `age1${'q'.repeat(58)}`,
    NOW,
  );
  run(`INSERT INTO assignment (round_id, fingerprint, application_id) VALUES (?, ?, ?)`, ROUND, ZHANG, APP);
  run(
    `INSERT INTO panel_package (id, round_id, fingerprint, manifest_sha256, file_sha256, file_name, exported_at, rubric_version, application_ids)
     VALUES (?, ?, ?, ?, ?, 'p.prpanel', ?, NULL, ?)`,
    PACKAGE,
    ROUND,
    ZHANG,
    SHA,
    SHA,
    NOW,
    JSON.stringify([APP]),
  );
  insertBundle(db, 1);
  run(`INSERT INTO merged_review (round_id, fingerprint, application_id, revision, coi, coi_reason, strengths, issues, recommendation) VALUES (?, ?, ?, 1, 'none', NULL, '好', '', 'approve')`, ROUND, ZHANG, APP);
  run(`INSERT INTO merged_score (round_id, fingerprint, application_id, criterion_id, value, comment) VALUES (?, ?, ?, 'goals', 17.5, '')`, ROUND, ZHANG, APP);
  return db;
}

/** A received bundle of 张三; `signature` is left out of the INSERT when undefined, as code written before 012 would. */
function insertBundle(db: Database.Database, revision: number, signature?: string | Uint8Array | null) {
  const columns = signature === undefined ? '' : ', signature';
  const values = signature === undefined ? '' : ', ?';
  return db
    .prepare(
      `INSERT INTO received_bundle (round_id, fingerprint, revision, sha256, package_id, file_name, exported_at, received_at, payload${columns})
       VALUES (?, ?, ?, ?, ?, 'b.prscores', ?, ?, ?${values})`,
    )
    .run(ROUND, ZHANG, revision, `${revision}`.padStart(64, '0'), PACKAGE, NOW, NOW, Buffer.from('{"format":"panel-review/scores-payload@1"}'), ...(signature === undefined ? [] : [signature]));
}

describe('migration 012 (the signature of a received bundle)', () => {
  it('keeps the data of version 11; a bundle received before has no signature', () => {
    const db = databaseAtVersion11();
    const before = everyRow(db);
    migrateTo(db, 12);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const after = everyRow(db);
    for (const [table, rows] of Object.entries(before)) {
      if (table === 'received_bundle') continue;
      expect(after[table], table).toEqual(rows);
    }
    expect(after.received_bundle).toEqual((before.received_bundle ?? []).map((row) => ({ ...(row as object), signature: null })));
    expect(after.merged_score).toHaveLength(1);
    expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'received_bundle'`).pluck().get()).toBe(1);
  });

  it('takes a bundle received from now on only with a signature, and keeps it as it came', () => {
    const db = databaseAtVersion11();
    migrateTo(db, 12);
    expect(() => insertBundle(db, 2)).toThrow(/kept with its signature/);
    expect(() => insertBundle(db, 2, null)).toThrow(/kept with its signature/);
    expect(() => insertBundle(db, 2, '')).toThrow(/CHECK/);
    expect(() => insertBundle(db, 2, Buffer.from(SIGNATURE))).toThrow(/cannot store BLOB value in TEXT column/);
    insertBundle(db, 2, SIGNATURE);
    expect(db.prepare(`SELECT revision, signature FROM received_bundle ORDER BY revision`).all()).toEqual([
      { revision: 1, signature: null },
      { revision: 2, signature: SIGNATURE },
    ]);
    // Neither attached to an old bundle afterwards nor changed on a new one (010's trigger).
    for (const where of ['revision = 1', 'revision = 2']) {
      expect(() => db.prepare(`UPDATE received_bundle SET signature = ? WHERE ${where}`).run(`${SIGNATURE}x`), where).toThrow(/kept as it came/);
    }
  });
});
