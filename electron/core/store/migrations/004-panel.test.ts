import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../openStore';
import { migrations } from './index';

/** Migration 004 (experts, assignments, panel packages) on a real SQLite file holding version 3 data. */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const UP_TO_3 = migrations.slice(0, 3);
const UP_TO_4 = migrations.slice(0, 4);
const FPR_A = `SHA256:${'A'.repeat(43)}`;
const FPR_B = `SHA256:${'B'.repeat(43)}`;
const SHA = 'a'.repeat(64);

function fillVersion3(db: Database.Database): void {
  const at = '2026-11-23T08:00:00.000Z';
  const round = db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, ?, 'plan-review', 'secretary', ?)`);
  round.run('rd00000001', '实施方案评审', at);
  round.run('rd00000002', '中期评估', at);
  db.prepare(`INSERT INTO blob (sha256, bytes, pages, encryption, stored_at) VALUES (?, 100, 1, 'none', ?)`).run(SHA, at);
  const application = db.prepare(`INSERT INTO application (id, round_id, city, created_at) VALUES (?, ?, ?, ?)`);
  application.run('ap00000001', 'rd00000001', '宁波市', at);
  application.run('ap00000002', 'rd00000002', '泉州市', at);
  db.prepare(`INSERT INTO document (application_id, sha256, name, kind, position) VALUES ('ap00000001', ?, 'plan.pdf', 'plan', 0)`).run(SHA);
}

function insertExpert(db: Database.Database, roundId: string, fingerprint: string): void {
  db.prepare(
    `INSERT INTO expert (round_id, fingerprint, name, affiliation, ssh_public_key, age_recipient, key_card, enrolled_at)
     VALUES (?, ?, '李专家', NULL, 'ssh-ed25519 AAAA', 'age1xyz', '{}', '2026-11-23T09:00:00.000Z')`,
  ).run(roundId, fingerprint);
}

function upgradedStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-004-'));
  dirs.push(dir);
  const dataDir = path.join(dir, 'data');
  const old = openStore(dataDir, { migrations: UP_TO_3 });
  fillVersion3(old.db);
  old.close();
  return openStore(dataDir, { migrations: UP_TO_4 });
}

describe('migration 004-panel', () => {
  it('upgrades a version 3 database with data: rows kept, three STRICT tables added', () => {
    const store = upgradedStore();
    try {
      expect(store.schemaVersion).toBe(4);
      expect(store.db.prepare('SELECT id, city FROM application ORDER BY id').all()).toEqual([
        { id: 'ap00000001', city: '宁波市' },
        { id: 'ap00000002', city: '泉州市' },
      ]);
      expect(store.db.prepare('SELECT name FROM document').pluck().all()).toEqual(['plan.pdf']);
      const strict = store.db
        .prepare<[], { name: string; strict: number }>(`SELECT name, strict FROM pragma_table_list WHERE name IN ('expert', 'assignment', 'panel_package') ORDER BY name`)
        .all();
      expect(strict).toEqual([
        { name: 'assignment', strict: 1 },
        { name: 'expert', strict: 1 },
        { name: 'panel_package', strict: 1 },
      ]);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('keeps assignments within the round and to enrolled experts, and records packages per expert', () => {
    const store = upgradedStore();
    const { db } = store;
    try {
      insertExpert(db, 'rd00000001', FPR_A);
      const assign = db.prepare(`INSERT INTO assignment (round_id, fingerprint, application_id) VALUES (?, ?, ?)`);
      assign.run('rd00000001', FPR_A, 'ap00000001');
      // The database itself refuses an application of another round, and an expert not enrolled.
      expect(() => assign.run('rd00000001', FPR_A, 'ap00000002')).toThrow(/FOREIGN KEY/);
      expect(() => assign.run('rd00000001', FPR_B, 'ap00000001')).toThrow(/FOREIGN KEY/);
      expect(() => insertExpert(db, 'rd00000001', FPR_A)).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(() => insertExpert(db, 'rd00000001', 'SHA256:short')).toThrow(/CHECK/);
      // The same key may sit on another round's panel.
      insertExpert(db, 'rd00000002', FPR_A);

      const record = db.prepare(
        `INSERT INTO panel_package (id, round_id, fingerprint, manifest_sha256, file_sha256, file_name, exported_at)
         VALUES (?, ?, ?, ?, ?, 'x.prpanel', '2026-11-23T10:00:00.000Z')`,
      );
      record.run('pk00000001', 'rd00000001', FPR_A, SHA, SHA);
      expect(() => record.run('pk00000002', 'rd00000001', FPR_B, SHA, SHA)).toThrow(/FOREIGN KEY/);
      expect(() => record.run('pk00000003', 'rd00000001', FPR_A, 'short', SHA)).toThrow(/CHECK/);

      // Deleting a round takes its panel with it; the other round's stays.
      db.prepare(`DELETE FROM round WHERE id = 'rd00000001'`).run();
      expect(db.prepare('SELECT count(*) FROM assignment').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM panel_package').pluck().get()).toBe(0);
      expect(db.prepare('SELECT round_id FROM expert').pluck().all()).toEqual(['rd00000002']);
    } finally {
      store.close();
    }
  });
});
