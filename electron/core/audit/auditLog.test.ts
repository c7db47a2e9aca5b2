import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { migrate } from '../store/migrate';
import { migrations } from '../store/migrations';
import { chainHash, createAuditLog, GENESIS } from './auditLog';

/**
 * The audit log on a real SQLite file: appended inside transactions, append-only for
 * SQL, and, for someone who drops the triggers and edits the file, a chain that names
 * the first row they touched.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function openLog() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-audit-'));
  dirs.push(dir);
  const file = path.join(dir, 'panel-review.sqlite');
  const db = new Database(file);
  migrate(db, migrations, file);
  let tick = 0;
  const log = createAuditLog(db, () => new Date(Date.UTC(2026, 10, 23, 8, 0, tick++)));
  const append = (n: number) =>
    db.transaction(() => {
      for (let i = 0; i < n; i++) log.append({ roundId: 'rd0000000a', action: 'flag.note', detail: { note: `第 ${i} 条说明`, i } });
    })();
  return { db, log, append, file };
}

function brokenAt(run: () => unknown): { seq: unknown; reason: unknown } {
  try {
    run();
  } catch (error) {
    if (isAppError(error) && error.code === 'AUDIT_CHAIN_BROKEN') return { seq: error.details?.seq, reason: error.details?.reason };
    throw error;
  }
  throw new Error('the chain verified');
}

describe('audit log', () => {
  it('chains each row to the one before and verifies an intact log', () => {
    const { log, append, db } = openLog();
    expect(log.verify()).toEqual({ entries: 0, head: null });
    append(5);
    const rows = db.prepare('SELECT seq, prev_hash AS prevHash, hash, detail FROM audit_log ORDER BY seq').all() as { seq: number; prevHash: string; hash: string; detail: string }[];
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prevHash).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    // Details are stored canonical: keys sorted, no spaces.
    expect(rows[0]?.detail).toBe('{"i":0,"note":"第 0 条说明"}');
    expect(log.verify()).toEqual({ entries: 5, head: rows[4]?.hash });
  });

  it('appends only inside a transaction, so an entry is stored with what it records or not at all', () => {
    const { log, db } = openLog();
    expect(() => log.append({ roundId: null, action: 'flag.note', detail: {} })).toThrow(/inside the transaction/);
    expect(() =>
      db.transaction(() => {
        log.append({ roundId: null, action: 'flag.note', detail: { a: 1 } });
        throw new Error('the change failed');
      })(),
    ).toThrow('the change failed');
    expect(log.count()).toBe(0);
  });

  it('is append-only for SQL: UPDATE and DELETE are refused by triggers', () => {
    const { db, append } = openLog();
    append(2);
    expect(() => db.prepare(`UPDATE audit_log SET detail = '{}' WHERE seq = 1`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('two rows can never extend the same predecessor (prev_hash is unique)', () => {
    const { db, append } = openLog();
    append(1);
    const first = db.prepare('SELECT hash FROM audit_log WHERE seq = 1').get() as { hash: string };
    expect(() =>
      db
        .prepare(`INSERT INTO audit_log (seq, at, round_id, action, detail, prev_hash, hash) VALUES (3, 'x', NULL, 'flag.note', '{}', ?, ?)`)
        .run(GENESIS, 'f'.repeat(64)),
    ).toThrow(/UNIQUE/);
    expect(first.hash).toHaveLength(64);
  });

  describe('names the first row changed outside the app (triggers dropped, file edited)', () => {
    const tamper = (db: Database.Database, sql: string, ...params: unknown[]) => {
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
      db.prepare(sql).run(...params);
    };

    it('an edited detail', () => {
      const { db, log, append } = openLog();
      append(6);
      tamper(db, `UPDATE audit_log SET detail = '{"i":2,"note":"改过的说明"}' WHERE seq = 3`);
      expect(brokenAt(() => log.verify())).toEqual({ seq: 3, reason: 'hash' });
    });

    it('an edited row whose hash was recomputed: the next row no longer chains to it', () => {
      const { db, log, append } = openLog();
      append(6);
      const row = db.prepare('SELECT seq, at, round_id AS roundId, action, prev_hash AS prevHash FROM audit_log WHERE seq = 2').get() as {
        seq: number;
        at: string;
        roundId: string;
        action: string;
        prevHash: string;
      };
      const detail = { i: 1, note: 'forged' };
      tamper(db, 'UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 2', JSON.stringify(detail), chainHash(row.prevHash, { ...row, detail }));
      expect(brokenAt(() => log.verify())).toEqual({ seq: 3, reason: 'prev-hash' });
    });

    it('a removed row', () => {
      const { db, log, append } = openLog();
      append(6);
      tamper(db, 'DELETE FROM audit_log WHERE seq = 4');
      expect(brokenAt(() => log.verify())).toEqual({ seq: 5, reason: 'gap' });
    });

    it('a detail re-spelled with the same meaning (not canonical any more)', () => {
      const { db, log, append } = openLog();
      append(2);
      tamper(db, `UPDATE audit_log SET detail = '{"note":"第 0 条说明","i":0}' WHERE seq = 1`);
      expect(brokenAt(() => log.verify())).toEqual({ seq: 1, reason: 'hash' });
    });

    it('any single changed character of any row (property)', () => {
      const { db, append, file } = openLog();
      append(8);
      db.close();
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 8 }), fc.constantFrom('at', 'round_id', 'action', 'detail'), fc.nat(), (seq, column, position) => {
          const copy = `${file}.${seq}-${column}-${position}.sqlite`;
          fs.copyFileSync(file, copy);
          const edited = new Database(copy);
          try {
            const value = (edited.prepare(`SELECT ${column} AS v FROM audit_log WHERE seq = ?`).get(seq) as { v: string }).v;
            const at = position % value.length;
            const changed = value.slice(0, at) + (value[at] === '1' ? '2' : '1') + value.slice(at + 1);
            try {
              tamper(edited, `UPDATE audit_log SET ${column} = ? WHERE seq = ?`, changed, seq);
            } catch (error) {
              // A detail that is no longer JSON is refused by the table's CHECK: nothing to find.
              if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_CHECK') return;
              throw error;
            }
            const verdict = brokenAt(() => createAuditLog(edited, () => new Date()).verify());
            expect(verdict.seq).toBe(seq);
          } finally {
            edited.close();
            fs.rmSync(copy, { force: true });
          }
        }),
        { numRuns: 40 },
      );
    });
  });

  it('lists entries newest first, by round, in pages', () => {
    const { db, log, append } = openLog();
    append(5);
    db.transaction(() => log.append({ roundId: 'rd0000000b', action: 'method.set', detail: { method: 'trimmed' } }))();
    const page = log.list({ roundId: 'rd0000000a', limit: 2 });
    expect(page.total).toBe(5);
    expect(page.entries.map((entry) => entry.seq)).toEqual([5, 4]);
    expect(log.list({ roundId: 'rd0000000a', before: 4, limit: 10 }).entries.map((entry) => entry.seq)).toEqual([3, 2, 1]);
    expect(log.list({ limit: 1 }).entries[0]).toMatchObject({ seq: 6, action: 'method.set', detail: { method: 'trimmed' }, roundId: 'rd0000000b' });
  });
});
