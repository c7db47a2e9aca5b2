import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseAtVersion, everyRow, migrateTo } from '../../../../test/helpers/migratedDatabase';

/**
 * Migration 007 on a real in-memory database, upgraded from version 6 with a secretary's
 * round (experts, assignment, an exported package) and an expert's received round in it.
 * Then the database on its own, without any command's checks: what it must refuse.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const SHA = 'ab'.repeat(32);
const FPR = `SHA256:${'A'.repeat(43)}`;
const SECRETARY_ROUND = 'rd0000000a';
const EXPERT_ROUND = 'rd0000000b';
/** Applications of the expert round: one to score, one to declare a conflict for. */
const APP = 'ap0000000b';
const OTHER = 'ap0000000c';

const SCORING_TABLES = ['coi_declaration', 'criterion_score', 'opinion', 'evidence', 'target_row'] as const;

function databaseAtVersion6(): Database.Database {
  const db = databaseAtVersion(6);
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  run(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, '秘书轮次', 'plan-review', 'secretary', ?)`, SECRETARY_ROUND, NOW);
  run(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, '专家轮次', 'plan-review', 'expert', ?)`, EXPERT_ROUND, NOW);
  run(`INSERT INTO blob (sha256, bytes, pages, encryption, stored_at) VALUES (?, 100, 3, 'none', ?)`, SHA, NOW);
  for (const [id, round] of [
    ['ap0000000a', SECRETARY_ROUND],
    [APP, EXPERT_ROUND],
    [OTHER, EXPERT_ROUND],
  ]) {
    run(`INSERT INTO application (id, round_id, city, province, applicant, created_at) VALUES (?, ?, '宁波市', '浙江省', NULL, ?)`, id, round, NOW);
    run(`INSERT INTO document (application_id, sha256, name, kind, position) VALUES (?, ?, '实施方案.pdf', 'plan', 0)`, id, SHA);
  }
  run(
    `INSERT INTO expert (round_id, fingerprint, name, affiliation, ssh_public_key, age_recipient, key_card, enrolled_at)
     VALUES (?, ?, '张三', NULL, 'ssh-ed25519 AAAA', ?, '{}', ?)`,
    SECRETARY_ROUND,
    FPR,
    `age1${'q'.repeat(58)}`,
    NOW,
  );
  run(`INSERT INTO assignment (round_id, fingerprint, application_id) VALUES (?, ?, 'ap0000000a')`, SECRETARY_ROUND, FPR);
  run(
    `INSERT INTO panel_package (id, round_id, fingerprint, manifest_sha256, file_sha256, file_name, exported_at) VALUES ('pk0000000a', ?, ?, ?, ?, 'p.prpanel', ?)`,
    SECRETARY_ROUND,
    FPR,
    SHA,
    SHA,
    NOW,
  );
  run(
    `INSERT INTO received_package (round_id, source_round_id, package_id, manifest_sha256, manifest, secretary_fingerprint,
       secretary_ssh_public_key, secretary_age_recipient, expert_fingerprint, imported_at)
     VALUES (?, 'rd0000000s', 'pk0000000s', ?, '{}', ?, 'ssh-ed25519 AAAA', ?, ?, ?)`,
    EXPERT_ROUND,
    SHA,
    FPR,
    `age1${'q'.repeat(58)}`,
    FPR,
    NOW,
  );
  run(`INSERT INTO received_application (application_id, round_id, source_application_id, position) VALUES (?, ?, 'ap0000000s', 0)`, APP, EXPERT_ROUND);
  return db;
}

function upgraded(): Database.Database {
  const db = databaseAtVersion6();
  migrateTo(db);
  return db;
}

function count(db: Database.Database, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

const declare = (db: Database.Database, applicationId: string, kind: string, reason: string | null) =>
  db.prepare(`INSERT INTO coi_declaration (application_id, kind, reason, declared_at) VALUES (?, ?, ?, ?)`).run(applicationId, kind, reason, NOW);

/** One row for each scoring table of an application (the declaration must exist). */
const writers = {
  criterion_score: (db: Database.Database, app: string) =>
    db.prepare(`INSERT INTO criterion_score (application_id, criterion_id, value, comment, updated_at) VALUES (?, 'goals-quantified', 18, '好', ?)`).run(app, NOW),
  opinion: (db: Database.Database, app: string) =>
    db.prepare(`INSERT INTO opinion (application_id, strengths, issues, recommendation, updated_at) VALUES (?, '好', '', 'approve', ?)`).run(app, NOW),
  evidence: (db: Database.Database, app: string) =>
    db
      .prepare(`INSERT INTO evidence (application_id, criterion_id, sha256, page, rects, quote, created_at) VALUES (?, 'goals-quantified', ?, 1, '[[1,2,3,4]]', '发展目标', ?)`)
      .run(app, SHA, NOW),
  target_row: (db: Database.Database, app: string) =>
    db
      .prepare(`INSERT INTO target_row (application_id, criterion_id, position, indicator, unit, better, target, actual) VALUES (?, 'innovation', 0, '研发投入', '%', 'higher', 1.5, 1.3)`)
      .run(app),
} as const;

describe('migration 007 (rubrics and the scoring sheet)', () => {
  it('keeps the data of version 6, adds the tables empty and leaves packages without a rubric version', () => {
    const db = databaseAtVersion6();
    const before = everyRow(db);
    migrateTo(db, 7);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const after = everyRow(db);
    for (const [table, rows] of Object.entries(before)) {
      if (table === 'panel_package') continue;
      expect(after[table], table).toEqual(rows);
    }
    expect(after.panel_package).toEqual((before.panel_package ?? []).map((row) => ({ ...(row as object), rubric_version: null })));
    for (const table of ['round_rubric', ...SCORING_TABLES]) expect(after[table], table).toEqual([]);
    expect(() => db.prepare(`UPDATE panel_package SET rubric_version = 0`).run()).toThrow(/CHECK/);
    db.prepare(`UPDATE panel_package SET rubric_version = 1`).run();
  });

  it('refuses any scoring row for an application without a declaration (foreign key)', () => {
    const db = upgraded();
    for (const [table, write] of Object.entries(writers)) expect(() => write(db, APP), table).toThrow(/FOREIGN KEY/);
    // Nor for an application that does not exist at all.
    expect(() => declare(db, 'ap-missing', 'none', null)).toThrow(/FOREIGN KEY/);
    for (const table of SCORING_TABLES) expect(count(db, table), table).toBe(0);
    // Declared: each table takes its row.
    declare(db, APP, 'none', null);
    for (const write of Object.values(writers)) write(db, APP);
    for (const table of SCORING_TABLES) expect(count(db, table), table).toBe(1);
  });

  it('refuses every scoring row, inserted or moved there, for an application with a declared conflict', () => {
    const db = upgraded();
    declare(db, OTHER, 'conflict', '本人曾参与该市方案编制');
    for (const [table, write] of Object.entries(writers)) expect(() => write(db, OTHER), table).toThrow(new RegExp(`${table}: a conflict of interest was declared`));
    // A row of a clean application cannot be moved onto the conflicted one either (the UPDATE triggers).
    declare(db, APP, 'none', null);
    for (const write of Object.values(writers)) write(db, APP);
    for (const table of ['criterion_score', 'opinion', 'evidence', 'target_row']) {
      expect(() => db.prepare(`UPDATE ${table} SET application_id = ?`).run(OTHER), table).toThrow(/a conflict of interest was declared/);
      expect(db.prepare(`SELECT application_id FROM ${table}`).pluck().all(), table).toEqual([APP]);
    }
    // Updates of the clean application's rows go through.
    db.prepare(`UPDATE criterion_score SET value = 19.5`).run();
    db.prepare(`UPDATE opinion SET recommendation = 'revise'`).run();
  });

  it('refuses switching a declaration to conflict while anything is entered for it, whichever table holds it', () => {
    for (const [table, write] of Object.entries(writers)) {
      const db = upgraded();
      declare(db, APP, 'none', null);
      write(db, APP);
      const before = everyRow(db);
      expect(() => db.prepare(`UPDATE coi_declaration SET kind = 'conflict', reason = '同单位' WHERE application_id = ?`).run(APP), table).toThrow(/clear the scores before declaring a conflict/);
      // The upsert the repository uses takes the same road.
      expect(
        () =>
          db
            .prepare(
              `INSERT INTO coi_declaration (application_id, kind, reason, declared_at) VALUES (?, 'conflict', '同单位', ?)
               ON CONFLICT (application_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, declared_at = excluded.declared_at`,
            )
            .run(APP, NOW),
        table,
      ).toThrow(/clear the scores before declaring a conflict/);
      expect(everyRow(db), table).toEqual(before);
      // Cleared first, the switch is allowed.
      db.prepare(`DELETE FROM ${table} WHERE application_id = ?`).run(APP);
      db.prepare(`UPDATE coi_declaration SET kind = 'conflict', reason = '同单位' WHERE application_id = ?`).run(APP);
      expect(db.prepare(`SELECT kind FROM coi_declaration`).pluck().get(), table).toBe('conflict');
    }
  });

  it('refuses a conflict whose reason is NULL (a CHECK that evaluates to NULL lets the row in)', () => {
    const db = upgraded();
    expect(() => declare(db, APP, 'conflict', null)).toThrow(/CHECK/);
    expect(count(db, 'coi_declaration')).toBe(0);
    declare(db, APP, 'conflict', '同单位');
    expect(() => db.prepare(`UPDATE coi_declaration SET reason = NULL`).run()).toThrow(/CHECK/);
    // A declaration of none switched to conflict without giving a reason.
    declare(db, OTHER, 'none', null);
    expect(() => db.prepare(`UPDATE coi_declaration SET kind = 'conflict' WHERE application_id = ?`).run(OTHER)).toThrow(/CHECK/);
    expect(db.prepare(`SELECT application_id, kind, reason FROM coi_declaration ORDER BY 1`).all()).toEqual([
      { application_id: APP, kind: 'conflict', reason: '同单位' },
      { application_id: OTHER, kind: 'none', reason: null },
    ]);
  });

  it('refuses a conflict with an empty reason, a declaration of none with one, and unknown kinds', () => {
    const db = upgraded();
    for (const [kind, reason] of [
      ['conflict', ''],
      ['conflict', '   '],
      ['none', '同单位'],
      ['none', ''],
      ['maybe', null],
    ] as const) {
      expect(() => declare(db, APP, kind, reason), `${kind} ${String(reason)}`).toThrow(/CHECK/);
    }
    expect(count(db, 'coi_declaration')).toBe(0);
    declare(db, APP, 'none', null);
    expect(() => db.prepare(`UPDATE coi_declaration SET reason = '同单位'`).run()).toThrow(/CHECK/);
    declare(db, OTHER, 'conflict', '同单位');
    expect(db.prepare(`SELECT application_id, kind, reason FROM coi_declaration ORDER BY 1`).all()).toEqual([
      { application_id: APP, kind: 'none', reason: null },
      { application_id: OTHER, kind: 'conflict', reason: '同单位' },
    ]);
  });

  it('refuses a negative score and bad evidence or targets rows', () => {
    const db = upgraded();
    declare(db, APP, 'none', null);
    const score = db.prepare(`INSERT INTO criterion_score (application_id, criterion_id, value, comment, updated_at) VALUES (?, ?, ?, '', ?)`);
    expect(() => score.run(APP, 'goals-quantified', -0.5, NOW)).toThrow(/CHECK/);
    expect(() => score.run(APP, '', 1, NOW)).toThrow(/CHECK/);
    expect(() => score.run(APP, 'x'.repeat(65), 1, NOW)).toThrow(/CHECK/);
    score.run(APP, 'goals-quantified', null, NOW);
    const evidence = db.prepare(`INSERT INTO evidence (application_id, criterion_id, sha256, page, rects, quote, created_at) VALUES (?, 'c', ?, ?, ?, '', ?)`);
    expect(() => evidence.run(APP, SHA, 0, '[]', NOW)).toThrow(/CHECK/);
    expect(() => evidence.run(APP, SHA, 1, '{"x":1}', NOW)).toThrow(/CHECK/);
    expect(() => evidence.run(APP, SHA, 1, 'not json', NOW)).toThrow(/CHECK|JSON/);
    expect(() => evidence.run(APP, 'ab', 1, '[]', NOW)).toThrow(/CHECK/);
    const target = db.prepare(`INSERT INTO target_row (application_id, criterion_id, position, indicator, unit, better, target, actual) VALUES (?, 'c', 0, ?, '', ?, NULL, NULL)`);
    expect(() => target.run(APP, '', 'higher')).toThrow(/CHECK/);
    expect(() => target.run(APP, '研发投入', 'more')).toThrow(/CHECK/);
  });

  it('keeps a frozen rubric version as it is; an open one can change and be frozen', () => {
    const db = upgraded();
    const insert = db.prepare(`INSERT INTO round_rubric (round_id, version, rubric, created_at, frozen_at) VALUES (?, ?, ?, ?, ?)`);
    expect(() => insert.run(SECRETARY_ROUND, 0, '{}', NOW, null)).toThrow(/CHECK/);
    expect(() => insert.run(SECRETARY_ROUND, 1, '{not json', NOW, null)).toThrow(/CHECK/);
    expect(() => insert.run('rd-missing', 1, '{}', NOW, null)).toThrow(/FOREIGN KEY/);
    insert.run(SECRETARY_ROUND, 1, '{"name":"v1"}', NOW, null);
    db.prepare(`UPDATE round_rubric SET rubric = '{"name":"v1 edited"}' WHERE version = 1`).run();
    db.prepare(`UPDATE round_rubric SET frozen_at = ? WHERE version = 1`).run(NOW);
    const frozen = db.prepare(`SELECT * FROM round_rubric`).all();
    for (const change of [`rubric = '{"name":"changed"}'`, `frozen_at = NULL`, `frozen_at = 'later'`, `version = 3`, `created_at = 'later'`]) {
      expect(() => db.prepare(`UPDATE round_rubric SET ${change}`).run(), change).toThrow(/a frozen rubric never changes/);
    }
    expect(db.prepare(`SELECT * FROM round_rubric`).all()).toEqual(frozen);
    expect(() => insert.run(SECRETARY_ROUND, 1, '{}', NOW, null)).toThrow(/a frozen rubric never changes/);
    // REPLACE would delete the frozen row first; the insert trigger refuses before that.
    expect(() => db.prepare(`INSERT OR REPLACE INTO round_rubric (round_id, version, rubric, created_at, frozen_at) VALUES (?, 1, '{}', ?, NULL)`).run(SECRETARY_ROUND, NOW)).toThrow(
      /a frozen rubric never changes/,
    );
    expect(db.prepare(`SELECT * FROM round_rubric`).all()).toEqual(frozen);
    insert.run(SECRETARY_ROUND, 2, '{"name":"v2"}', NOW, null);
    expect(db.prepare(`SELECT version, rubric, frozen_at FROM round_rubric ORDER BY version`).all()).toEqual([
      { version: 1, rubric: '{"name":"v1 edited"}', frozen_at: NOW },
      { version: 2, rubric: '{"name":"v2"}', frozen_at: null },
    ]);
  });

  it('deleting a round takes its rubric versions, declarations and everything entered with it', () => {
    const db = upgraded();
    const rubric = db.prepare(`INSERT INTO round_rubric (round_id, version, rubric, created_at, frozen_at) VALUES (?, 1, '{}', ?, ?)`);
    rubric.run(EXPERT_ROUND, NOW, NOW);
    rubric.run(SECRETARY_ROUND, NOW, null);
    declare(db, APP, 'none', null);
    for (const write of Object.values(writers)) write(db, APP);
    declare(db, OTHER, 'conflict', '同单位');
    db.prepare(`DELETE FROM round WHERE id = ?`).run(EXPERT_ROUND);
    for (const table of SCORING_TABLES) expect(count(db, table), table).toBe(0);
    expect(db.prepare(`SELECT round_id FROM round_rubric`).pluck().all()).toEqual([SECRETARY_ROUND]);
    expect(db.prepare(`SELECT id FROM application`).pluck().all()).toEqual(['ap0000000a']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The secretary's round goes the same way, its exported package included.
    db.prepare(`DELETE FROM round WHERE id = ?`).run(SECRETARY_ROUND);
    for (const table of ['round_rubric', 'panel_package', 'expert', 'assignment', 'application']) expect(count(db, table), table).toBe(0);
  });

  it('removing a declaration removes what was entered under it', () => {
    const db = upgraded();
    declare(db, APP, 'none', null);
    for (const write of Object.values(writers)) write(db, APP);
    db.prepare(`DELETE FROM coi_declaration WHERE application_id = ?`).run(APP);
    for (const table of SCORING_TABLES) expect(count(db, table), table).toBe(0);
  });
});
