import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from './index';

/** Migration 005 on a real in-memory database, upgraded from version 4 with data in it. */

const before5 = migrations.filter((migration) => migration.version < 5);
const upTo5 = migrations.filter((migration) => migration.version <= 5);
const FPR = `SHA256:${'A'.repeat(43)}`;

function databaseAtVersion4(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, before5, ':memory:');
  expect(db.pragma('user_version', { simple: true })).toBe(4);
  const now = '2026-11-23T08:00:00.000Z';
  db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES ('rd0000000a', '秘书轮次', 'plan-review', 'secretary', ?)`).run(now);
  db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES ('rd0000000b', '专家轮次', 'plan-review', 'expert', ?)`).run(now);
  db.prepare(`INSERT INTO application (id, round_id, city, province, applicant, created_at) VALUES ('ap0000000a', 'rd0000000a', '宁波市', '浙江省', NULL, ?)`).run(now);
  db.prepare(`INSERT INTO application (id, round_id, city, province, applicant, created_at) VALUES ('ap0000000b', 'rd0000000b', '宁波市', '浙江省', NULL, ?)`).run(now);
  return db;
}

function receive(db: Database.Database): void {
  db.prepare(
    `INSERT INTO received_package (round_id, source_round_id, package_id, manifest_sha256, manifest, secretary_fingerprint,
       secretary_ssh_public_key, secretary_age_recipient, expert_fingerprint, imported_at)
     VALUES ('rd0000000b', 'rd0000000a', 'pk0000000a', ?, '{}', ?, 'ssh-ed25519 AAAA', ?, ?, '2026-11-23T09:00:00.000Z')`,
  ).run('ab'.repeat(32), FPR, `age1${'q'.repeat(58)}`, FPR);
}

describe('migration 005 (expert rounds)', () => {
  it('keeps the data of version 4 and adds the tables, mapping the secretary ids to local ones', () => {
    const db = databaseAtVersion4();
    migrate(db, upTo5, ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare(`SELECT id FROM application ORDER BY id`).pluck().all()).toEqual(['ap0000000a', 'ap0000000b']);
    receive(db);
    // The secretary's id may equal a local id of another round: it is only a column here.
    db.prepare(`INSERT INTO received_application (application_id, round_id, source_application_id, position) VALUES ('ap0000000b', 'rd0000000b', 'ap0000000a', 0)`).run();
    db.prepare(`INSERT INTO trusted_secretary (source_round_id, fingerprint, first_seen_at) VALUES ('rd0000000a', ?, 'now')`).run(FPR);
    // One expert round per source round.
    expect(() => db.prepare(`INSERT INTO received_package SELECT 'rd0000000a', source_round_id, package_id, manifest_sha256, manifest, secretary_fingerprint, secretary_ssh_public_key, secretary_age_recipient, expert_fingerprint, imported_at FROM received_package`).run()).toThrow(/UNIQUE/);
    // Deleting the expert round takes its package and mapping with it, not the trust.
    db.prepare(`DELETE FROM round WHERE id = 'rd0000000b'`).run();
    expect(db.prepare(`SELECT count(*) FROM received_application`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM trusted_secretary`).pluck().get()).toBe(1);
  });

  it('lets a bundle revision only grow, and never changes an export', () => {
    const db = databaseAtVersion4();
    migrate(db, migrations, ':memory:');
    receive(db);
    const insert = db.prepare(`INSERT INTO bundle_export (round_id, revision, sha256, exported_at) VALUES ('rd0000000b', ?, ?, 'now')`);
    insert.run(1, 'a'.repeat(64));
    insert.run(2, 'b'.repeat(64));
    expect(() => insert.run(2, 'c'.repeat(64))).toThrow(/only grows/);
    expect(() => insert.run(1, 'c'.repeat(64))).toThrow(/only grows/);
    expect(() => db.prepare(`UPDATE bundle_export SET revision = 9`).run()).toThrow(/never changes/);
    expect(db.prepare(`SELECT max(revision) FROM bundle_export`).pluck().get()).toBe(2);
  });
});
