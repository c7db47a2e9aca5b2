import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditAction, AuditDetail, AuditEntry } from '../../../shared/domain/audit';
import { canonicalJson } from '../crypto/canonicalJson';
import { AppError } from '../errors';

/**
 * The audit log's hash chain. Row n's hash is SHA-256 over the previous row's hash and
 * the canonical JSON (RFC 8785) of row n's own fields, so changing, removing or
 * reordering any row breaks every hash after it, and `audit verify` can name the first
 * row that no longer fits. The first row chains to GENESIS.
 *
 * Appending must happen inside the transaction of the change it records: then either
 * both are stored or neither. It reads the last row there too, and prev_hash is UNIQUE,
 * so two writers can never both extend the same row (the loser's transaction fails).
 */

export const GENESIS = '0'.repeat(64);

export interface AuditRecord {
  roundId: string | null;
  action: AuditAction;
  detail: AuditDetail;
}

interface AuditRow {
  seq: number;
  at: string;
  roundId: string | null;
  action: string;
  detail: string;
  prevHash: string;
  hash: string;
}

/** The hash of one row, given the previous row's hash. */
export function chainHash(prevHash: string, row: { seq: number; at: string; roundId: string | null; action: string; detail: unknown }): string {
  const body = canonicalJson({ action: row.action, at: row.at, detail: row.detail, roundId: row.roundId, seq: row.seq });
  return createHash('sha256').update(`${prevHash}\n${body}`, 'utf8').digest('hex');
}

const ROW_COLUMNS = 'seq, at, round_id AS roundId, action, detail, prev_hash AS prevHash, hash';

export function createAuditLog(db: Database.Database, now: () => Date) {
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, round_id, action, detail, prev_hash, hash) VALUES (@seq, @at, @roundId, @action, @detail, @prevHash, @hash)',
  );
  const all = db.prepare<[], AuditRow>(`SELECT ${ROW_COLUMNS} FROM audit_log ORDER BY seq`);
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log');

  return {
    /** Appends one entry; call it inside the transaction of the change it records. */
    append(record: AuditRecord): AuditEntry {
      if (!db.inTransaction) throw new Error('audit entries are appended inside the transaction of what they record');
      const previous = last.get();
      const seq = (previous?.seq ?? 0) + 1;
      const prevHash = previous?.hash ?? GENESIS;
      const at = now().toISOString();
      // Stored canonical, so the text in the table is exactly what was hashed.
      const detail = canonicalJson(record.detail);
      const hash = chainHash(prevHash, { seq, at, roundId: record.roundId, action: record.action, detail: record.detail });
      insert.run({ seq, at, roundId: record.roundId, action: record.action, detail, prevHash, hash });
      return { seq, at, roundId: record.roundId, action: record.action, detail: record.detail, hash };
    },

    /**
     * Recomputes the whole chain. Returns the row count and the head hash, or throws
     * AUDIT_CHAIN_BROKEN naming the first row that does not fit and why.
     */
    verify(): { entries: number; head: string | null } {
      let expectedSeq = 1;
      let prevHash = GENESIS;
      for (const row of all.iterate()) {
        const broken = (reason: string, problem: string) =>
          new AppError('AUDIT_CHAIN_BROKEN', `audit log row ${row.seq} ${problem}`, { seq: row.seq, reason });
        if (row.seq !== expectedSeq) throw broken('gap', `follows row ${expectedSeq - 1}: rows in between were removed`);
        if (row.prevHash !== prevHash) throw broken('prev-hash', 'does not chain to the row before it');
        let detail: unknown;
        try {
          detail = JSON.parse(row.detail) as unknown;
        } catch {
          throw broken('detail', 'has a detail that is not JSON');
        }
        if (chainHash(prevHash, { ...row, detail }) !== row.hash || canonicalJson(detail) !== row.detail) {
          throw broken('hash', 'was changed after it was written (its hash no longer matches its content)');
        }
        prevHash = row.hash;
        expectedSeq++;
      }
      return { entries: expectedSeq - 1, head: expectedSeq === 1 ? null : prevHash };
    },

    list(options: { roundId?: string | undefined; before?: number | undefined; limit: number }): { entries: AuditEntry[]; total: number } {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (options.roundId !== undefined) {
        where.push('round_id = ?');
        params.push(options.roundId);
      }
      const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
      const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${filter}`).get(...params) as { n: number }).n;
      if (options.before !== undefined) {
        where.push('seq < ?');
        params.push(options.before);
      }
      const page = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
      const rows = db.prepare(`SELECT ${ROW_COLUMNS} FROM audit_log ${page} ORDER BY seq DESC LIMIT ?`).all(...params, options.limit) as AuditRow[];
      return {
        total,
        entries: rows.map((row) => ({
          seq: row.seq,
          at: row.at,
          roundId: row.roundId,
          action: row.action as AuditAction,
          detail: JSON.parse(row.detail) as AuditDetail,
          hash: row.hash,
        })),
      };
    },

    count(): number {
      return count.get()?.n ?? 0;
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
