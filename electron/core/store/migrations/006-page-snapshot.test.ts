import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from './index';

/** Migration 006 on a real in-memory database, upgraded from version 5 with a stored PDF in it. */

const SHA = 'ab'.repeat(32);

function databaseAtVersion5(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.filter((migration) => migration.version <= 5), ':memory:');
  expect(db.pragma('user_version', { simple: true })).toBe(5);
  db.prepare(`INSERT INTO blob (sha256, bytes, pages, encryption, stored_at) VALUES (?, 100, 3, 'none', 'now')`).run(SHA);
  return db;
}

const insert = `INSERT INTO page_snapshot (sha256, page, width_pt, height_pt, mime, image, outline, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

describe('migration 006 (first-page pictures)', () => {
  it('keeps the stored PDFs, which start without a picture, and takes a picture or a reason for each', () => {
    const db = databaseAtVersion5();
    migrate(db, migrations, ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare('SELECT sha256 FROM blob').pluck().all()).toEqual([SHA]);
    expect(db.prepare('SELECT count(*) FROM page_snapshot').pluck().get()).toBe(0);
    db.prepare(insert).run(SHA, 1, 612, 792, 'image/webp', Buffer.from('RIFF'), 1, null);
    expect(() => db.prepare(insert).run(SHA, 1, null, null, null, null, null, 'no canvas')).toThrow(/UNIQUE|PRIMARY/);
  });

  it('refuses half a row: a picture without its size or bookmark flag, neither picture nor reason, both, or an unknown PDF', () => {
    const db = databaseAtVersion5();
    migrate(db, migrations, ':memory:');
    const bad: unknown[][] = [
      [SHA, 1, null, 792, 'image/webp', Buffer.from('RIFF'), 1, null],
      [SHA, 1, 612, 792, 'image/webp', Buffer.from('RIFF'), null, null],
      [SHA, 1, 612, 792, 'image/png', Buffer.from('PNG'), 0, null],
      [SHA, 1, null, null, null, null, null, null],
      [SHA, 1, 612, 792, 'image/webp', Buffer.from('RIFF'), 0, 'and a reason'],
      [SHA, 0, 612, 792, 'image/webp', Buffer.from('RIFF'), 0, null],
      ['cd'.repeat(32), 1, 612, 792, 'image/webp', Buffer.from('RIFF'), 0, null],
    ];
    for (const row of bad) expect(() => db.prepare(insert).run(...row), JSON.stringify(row.slice(1, 8).map(String))).toThrow(/constraint/i);
    expect(db.prepare('SELECT count(*) FROM page_snapshot').pluck().get()).toBe(0);
    db.prepare(insert).run(SHA, 1, null, null, null, null, null, 'no canvas');
    expect(db.prepare('SELECT error FROM page_snapshot').pluck().get()).toBe('no canvas');
  });
});
