import type Database from 'better-sqlite3';
import type { RoundKind } from '../../../shared/domain/round';
import { RubricSchema, type Rubric } from '../../../shared/domain/rubric';
import { rubricTemplate } from '../../../shared/domain/rubricTemplates';
import { canonicalJson } from '../crypto/canonicalJson';

export interface StoredRubric {
  version: number;
  rubric: Rubric;
  frozen: boolean;
}

interface Row {
  version: number;
  rubric: string;
  frozen_at: string | null;
}

/**
 * SQL for round_rubric. A round without a stored rubric has its kind's built-in one as
 * version 1, unstored until it is saved or frozen, so rounds made before rubrics existed
 * need no data migration.
 */
export function createRubricRepository(db: Database.Database) {
  const selectCurrent = db.prepare<[string], Row>(
    `SELECT version, rubric, frozen_at FROM round_rubric WHERE round_id = ? ORDER BY version DESC LIMIT 1`,
  );
  const selectVersion = db.prepare<[string, number], Row>(`SELECT version, rubric, frozen_at FROM round_rubric WHERE round_id = ? AND version = ?`);
  const insert = db.prepare<[string, number, string, string, string | null]>(
    `INSERT INTO round_rubric (round_id, version, rubric, created_at, frozen_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const update = db.prepare<[string, string, number]>(`UPDATE round_rubric SET rubric = ? WHERE round_id = ? AND version = ?`);
  const freeze = db.prepare<[string, string, number]>(`UPDATE round_rubric SET frozen_at = ? WHERE round_id = ? AND version = ? AND frozen_at IS NULL`);

  // Stored rubrics were validated when saved; parsing again guards against a hand-edited
  // file. Every score save looks the rubric up, so parsed texts are kept (a few rounds).
  const parsed = new Map<string, Rubric>();
  const parse = (text: string): Rubric => {
    let rubric = parsed.get(text);
    if (rubric === undefined) {
      rubric = RubricSchema.parse(JSON.parse(text));
      if (parsed.size >= 8) parsed.clear();
      parsed.set(text, rubric);
    }
    return structuredClone(rubric);
  };
  const fromRow = (row: Row): StoredRubric => ({ version: row.version, rubric: parse(row.rubric), frozen: row.frozen_at !== null });

  const current = (roundId: string, kind: RoundKind): StoredRubric => {
    const row = selectCurrent.get(roundId);
    return row === undefined ? { version: 1, rubric: rubricTemplate(kind), frozen: false } : fromRow(row);
  };

  return {
    current,
    version(roundId: string, version: number): StoredRubric | undefined {
      const row = selectVersion.get(roundId, version);
      return row === undefined ? undefined : fromRow(row);
    },
    /** Saves over the current version while it is open; a frozen one gets a successor. Call in a transaction. */
    save(roundId: string, kind: RoundKind, rubric: Rubric, at: string): StoredRubric {
      const stored = selectCurrent.get(roundId);
      const text = canonicalJson(rubric);
      if (stored === undefined) insert.run(roundId, 1, text, at, null);
      else if (stored.frozen_at === null) update.run(text, roundId, stored.version);
      else insert.run(roundId, stored.version + 1, text, at, null);
      return current(roundId, kind);
    },
    /** Freezes the current version (storing the built-in one first if need be) and returns it. Call in a transaction. */
    freeze(roundId: string, kind: RoundKind, at: string): StoredRubric {
      const stored = current(roundId, kind);
      if (selectCurrent.get(roundId) === undefined) insert.run(roundId, stored.version, canonicalJson(stored.rubric), at, at);
      else freeze.run(at, roundId, stored.version);
      return { ...stored, frozen: true };
    },
    /** An expert round's rubric, frozen from the start: it came signed in the panel package. */
    insertFrozen(roundId: string, rubric: Rubric, at: string): void {
      insert.run(roundId, 1, canonicalJson(rubric), at, at);
    },
  };
}

export type RubricRepository = ReturnType<typeof createRubricRepository>;
