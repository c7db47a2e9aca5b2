import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseAtVersion, everyRow, migrateTo } from '../../../../test/helpers/migratedDatabase';

/**
 * Migration 010 on a real in-memory database, upgraded from version 9 with a secretary's
 * round in it (experts, assignments, a recusal, exported packages). Then the database on
 * its own, without any command's checks: what it must refuse, and what a removal takes
 * with it.
 */

const NOW = '2026-11-30T08:00:00.000Z';
const SHA = 'ab'.repeat(32);
const ROUND = 'rd0000000a';
const OTHER_ROUND = 'rd0000000b';
const ZHANG = `SHA256:${'A'.repeat(43)}`;
const LI = `SHA256:${'B'.repeat(43)}`;
const APP = 'ap0000000a';
const APP2 = 'ap0000000b';
const FOREIGN_APP = 'ap0000000c';
const ZHANG_PACKAGE = 'pk0000000a';
const LI_PACKAGE = 'pk0000000b';

const MERGE_TABLES = ['received_bundle', 'merged_review', 'merged_score', 'merged_evidence', 'merged_target'] as const;

function databaseAtVersion9(): Database.Database {
  const db = databaseAtVersion(9);
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  run(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, '试点城市实施方案评审', 'plan-review', 'secretary', ?)`, ROUND, NOW);
  run(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, '另一轮', 'custom', 'secretary', ?)`, OTHER_ROUND, NOW);
  run(`INSERT INTO round_rubric (round_id, version, rubric, created_at, frozen_at) VALUES (?, 1, '{}', ?, ?)`, ROUND, NOW, NOW);
  for (const [id, round] of [
    [APP, ROUND],
    [APP2, ROUND],
    [FOREIGN_APP, OTHER_ROUND],
  ]) {
    run(`INSERT INTO application (id, round_id, city, province, applicant, created_at) VALUES (?, ?, '宁波市', '浙江省', NULL, ?)`, id, round, NOW);
  }
  for (const fingerprint of [ZHANG, LI]) {
    run(
      `INSERT INTO expert (round_id, fingerprint, name, affiliation, ssh_public_key, age_recipient, key_card, enrolled_at, city, province)
       VALUES (?, ?, '专家', NULL, 'ssh-ed25519 AAAA', ?, '{}', ?, '杭州市', NULL)`,
      ROUND,
      fingerprint,
      `age1${'q'.repeat(58)}`,
      NOW,
    );
  }
  run(`INSERT INTO assignment (round_id, fingerprint, application_id) VALUES (?, ?, ?)`, ROUND, ZHANG, APP);
  run(`INSERT INTO assignment (round_id, fingerprint, application_id) VALUES (?, ?, ?)`, ROUND, LI, APP);
  run(`INSERT INTO conflict_decision (round_id, fingerprint, application_id, decision, reason, decided_at) VALUES (?, ?, ?, 'recuse', NULL, ?)`, ROUND, LI, APP2, NOW);
  for (const [id, fingerprint] of [
    [ZHANG_PACKAGE, ZHANG],
    [LI_PACKAGE, LI],
  ]) {
    run(
      `INSERT INTO panel_package (id, round_id, fingerprint, manifest_sha256, file_sha256, file_name, exported_at, rubric_version, application_ids)
       VALUES (?, ?, ?, ?, ?, 'p.prpanel', ?, 1, ?)`,
      id,
      ROUND,
      fingerprint,
      SHA,
      SHA,
      NOW,
      JSON.stringify([APP]),
    );
  }
  return db;
}

function upgraded(): Database.Database {
  const db = databaseAtVersion9();
  migrateTo(db, 10);
  return db;
}

const count = (db: Database.Database, table: string, where = '1') => db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get() as number;

function bundle(db: Database.Database, fingerprint: string, revision: number, packageId: string, sha = `${revision}`.padStart(64, '0'), round = ROUND) {
  return db
    .prepare(
      `INSERT INTO received_bundle (round_id, fingerprint, revision, sha256, package_id, file_name, exported_at, received_at, payload)
       VALUES (?, ?, ?, ?, ?, 'b.prscores', ?, ?, ?)`,
    )
    .run(round, fingerprint, revision, sha, packageId, NOW, NOW, Buffer.from('{"format":"panel-review/scores-payload@1"}'));
}

function review(db: Database.Database, fingerprint: string, applicationId: string, revision: number, coi = 'none', reason: string | null = null, recommendation: string | null = 'approve', round = ROUND) {
  return db
    .prepare(
      `INSERT INTO merged_review (round_id, fingerprint, application_id, revision, coi, coi_reason, strengths, issues, recommendation)
       VALUES (?, ?, ?, ?, ?, ?, '', '', ?)`,
    )
    .run(round, fingerprint, applicationId, revision, coi, reason, recommendation);
}

/** One row for each child table of a review. */
const writers = {
  merged_score: (db: Database.Database, fingerprint: string, app: string) =>
    db.prepare(`INSERT INTO merged_score (round_id, fingerprint, application_id, criterion_id, value, comment) VALUES (?, ?, ?, 'goals', 17.5, '好')`).run(ROUND, fingerprint, app),
  merged_evidence: (db: Database.Database, fingerprint: string, app: string) =>
    db
      .prepare(`INSERT INTO merged_evidence (round_id, fingerprint, application_id, position, criterion_id, sha256, page, rects, quote) VALUES (?, ?, ?, 0, 'goals', ?, 3, '[[1,2,3,4]]', '发展目标')`)
      .run(ROUND, fingerprint, app, SHA),
  merged_target: (db: Database.Database, fingerprint: string, app: string) =>
    db
      .prepare(`INSERT INTO merged_target (round_id, fingerprint, application_id, position, criterion_id, indicator, unit, better, target, actual) VALUES (?, ?, ?, 0, 'indicators', '研发投入', '%', 'higher', 1.5, 1.3)`)
      .run(ROUND, fingerprint, app),
} as const;

describe('migration 010 (merged score bundles)', () => {
  it('keeps the data of version 9 and adds the merge tables empty', () => {
    const db = databaseAtVersion9();
    const before = everyRow(db);
    migrateTo(db, 10);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const after = everyRow(db);
    for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
    for (const table of MERGE_TABLES) expect(after[table], table).toEqual([]);
    // STRICT, as every table of the store.
    for (const table of MERGE_TABLES) expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = ?`).pluck().get(table), table).toBe(1);
  });

  it('takes a bundle only from an enrolled expert, for a package issued to that expert in that round', () => {
    const db = upgraded();
    expect(() => bundle(db, `SHA256:${'C'.repeat(43)}`, 1, ZHANG_PACKAGE)).toThrow(/FOREIGN KEY/);
    expect(() => bundle(db, ZHANG, 1, LI_PACKAGE)).toThrow(/FOREIGN KEY/);
    expect(() => bundle(db, ZHANG, 1, 'pk-missing')).toThrow(/FOREIGN KEY/);
    expect(() => bundle(db, ZHANG, 1, ZHANG_PACKAGE, SHA, OTHER_ROUND)).toThrow(/FOREIGN KEY/);
    expect(() => bundle(db, ZHANG, 0, ZHANG_PACKAGE)).toThrow(/CHECK/);
    expect(() => bundle(db, ZHANG, 1, ZHANG_PACKAGE, 'ab')).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(`INSERT INTO received_bundle (round_id, fingerprint, revision, sha256, package_id, file_name, exported_at, received_at, payload) VALUES (?, ?, 1, ?, ?, 'b', ?, ?, ?)`)
        .run(ROUND, ZHANG, SHA, ZHANG_PACKAGE, NOW, NOW, Buffer.alloc(0)),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(`INSERT INTO received_bundle (round_id, fingerprint, revision, sha256, package_id, file_name, exported_at, received_at, payload) VALUES (?, ?, 1, ?, ?, 'b', ?, ?, 'text')`)
        .run(ROUND, ZHANG, SHA, ZHANG_PACKAGE, NOW, NOW),
    ).toThrow(/cannot store TEXT value in BLOB column/);
    expect(count(db, 'received_bundle')).toBe(0);
    bundle(db, ZHANG, 1, ZHANG_PACKAGE);
    bundle(db, LI, 1, LI_PACKAGE, 'cd'.repeat(32));
    expect(count(db, 'received_bundle')).toBe(2);
  });

  it('refuses a revision at or below one received, the same file twice, and any change to a received bundle', () => {
    const db = upgraded();
    bundle(db, ZHANG, 3, ZHANG_PACKAGE);
    for (const revision of [1, 2, 3]) expect(() => bundle(db, ZHANG, revision, ZHANG_PACKAGE, `f${revision}`.padStart(64, '0')), String(revision)).toThrow(/at or below one already received/);
    expect(() => bundle(db, ZHANG, 4, ZHANG_PACKAGE, `${3}`.padStart(64, '0'))).toThrow(/UNIQUE/);
    bundle(db, ZHANG, 4, ZHANG_PACKAGE);
    // Another expert's revisions are their own.
    bundle(db, LI, 1, LI_PACKAGE, 'cd'.repeat(32));
    const rows = db.prepare(`SELECT * FROM received_bundle`).all();
    for (const change of [`revision = 9`, `payload = x'00'`, `file_name = 'other'`, `received_at = 'later'`]) {
      expect(() => db.prepare(`UPDATE received_bundle SET ${change}`).run(), change).toThrow(/kept as it came/);
    }
    expect(db.prepare(`SELECT * FROM received_bundle`).all()).toEqual(rows);
  });

  it('takes a review only under a received revision of that expert, for an application of the round', () => {
    const db = upgraded();
    expect(() => review(db, ZHANG, APP, 1)).toThrow(/FOREIGN KEY/);
    bundle(db, ZHANG, 1, ZHANG_PACKAGE);
    expect(() => review(db, ZHANG, 'ap-missing', 1)).toThrow(/FOREIGN KEY/);
    expect(() => review(db, ZHANG, FOREIGN_APP, 1)).toThrow(/FOREIGN KEY/);
    expect(() => review(db, ZHANG, APP, 2)).toThrow(/FOREIGN KEY/);
    expect(() => review(db, LI, APP, 1)).toThrow(/FOREIGN KEY/);
    review(db, ZHANG, APP, 1);
    expect(() => review(db, ZHANG, APP, 1)).toThrow(/UNIQUE|PRIMARY KEY/);
    for (const [table, write] of Object.entries(writers)) {
      expect(() => write(db, ZHANG, APP2), table).toThrow(/FOREIGN KEY/);
      write(db, ZHANG, APP);
    }
    expect(() => db.prepare(`INSERT INTO merged_score (round_id, fingerprint, application_id, criterion_id, value, comment) VALUES (?, ?, ?, 'measures', -1, '')`).run(ROUND, ZHANG, APP)).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO merged_evidence (round_id, fingerprint, application_id, position, criterion_id, sha256, page, rects, quote) VALUES (?, ?, ?, 1, 'goals', ?, 0, '[]', '')`).run(ROUND, ZHANG, APP, SHA)).toThrow(
      /CHECK/,
    );
    expect(() => db.prepare(`INSERT INTO merged_target (round_id, fingerprint, application_id, position, criterion_id, indicator, unit, better, target, actual) VALUES (?, ?, ?, 1, 'x', '指标', '', 'more', NULL, NULL)`).run(ROUND, ZHANG, APP)).toThrow(
      /CHECK/,
    );
    // A score without a value: a comment on a criterion not scored yet.
    db.prepare(`INSERT INTO merged_score (round_id, fingerprint, application_id, criterion_id, value, comment) VALUES (?, ?, ?, 'measures', NULL, '待定')`).run(ROUND, ZHANG, APP);
  });

  it('a declared conflict has its reason and nothing else: no opinion, score, evidence or targets row, inserted, moved or switched there', () => {
    const db = upgraded();
    bundle(db, ZHANG, 1, ZHANG_PACKAGE);
    expect(() => review(db, ZHANG, APP, 1, 'conflict', null, null)).toThrow(/CHECK/);
    expect(() => review(db, ZHANG, APP, 1, 'conflict', '', null)).toThrow(/CHECK/);
    expect(() => review(db, ZHANG, APP, 1, 'none', '同单位', null)).toThrow(/CHECK/);
    expect(() => review(db, ZHANG, APP, 1, 'conflict', '同单位', 'approve')).toThrow(/CHECK/);
    expect(() => review(db, ZHANG, APP, 1, 'maybe', null, null)).toThrow(/CHECK/);
    review(db, ZHANG, APP2, 1, 'conflict', '同单位', null);
    for (const [table, write] of Object.entries(writers)) expect(() => write(db, ZHANG, APP2), table).toThrow(new RegExp(`${table}: a conflict of interest was declared`));
    review(db, ZHANG, APP, 1);
    for (const write of Object.values(writers)) write(db, ZHANG, APP);
    for (const table of Object.keys(writers)) {
      expect(() => db.prepare(`UPDATE ${table} SET application_id = ?`).run(APP2), table).toThrow(/a conflict of interest was declared/);
    }
    expect(() => db.prepare(`UPDATE merged_review SET coi = 'conflict', coi_reason = '同单位', recommendation = NULL WHERE application_id = ?`).run(APP)).toThrow(/carries no scores/);
    expect(db.prepare(`SELECT application_id, coi FROM merged_review ORDER BY application_id`).all()).toEqual([
      { application_id: APP, coi: 'none' },
      { application_id: APP2, coi: 'conflict' },
    ]);
  });

  it('removing an expert removes what they returned; removing an application or the round removes its merged rows', () => {
    const db = upgraded();
    for (const [fingerprint, packageId] of [
      [ZHANG, ZHANG_PACKAGE],
      [LI, LI_PACKAGE],
    ] as const) {
      bundle(db, fingerprint, 1, packageId, `${fingerprint === ZHANG ? 1 : 2}`.padStart(64, '0'));
      review(db, fingerprint, APP, 1);
      review(db, fingerprint, APP2, 1);
      for (const write of Object.values(writers)) {
        write(db, fingerprint, APP);
        write(db, fingerprint, APP2);
      }
    }
    db.prepare(`DELETE FROM expert WHERE round_id = ? AND fingerprint = ?`).run(ROUND, LI);
    for (const table of MERGE_TABLES) {
      expect(count(db, table, `fingerprint = '${LI}'`), table).toBe(0);
      expect(count(db, table, `fingerprint = '${ZHANG}'`), table).toBeGreaterThan(0);
    }
    db.prepare(`DELETE FROM application WHERE id = ?`).run(APP2);
    for (const table of ['merged_review', ...Object.keys(writers)]) expect(db.prepare(`SELECT DISTINCT application_id FROM ${table}`).pluck().all(), table).toEqual([APP]);
    expect(count(db, 'received_bundle')).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare(`DELETE FROM round WHERE id = ?`).run(ROUND);
    for (const table of MERGE_TABLES) expect(count(db, table), table).toBe(0);
  });
});
