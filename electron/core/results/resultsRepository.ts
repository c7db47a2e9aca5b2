import type Database from 'better-sqlite3';
import { RubricSchema, type Rubric } from '../../../shared/domain/rubric';
import type { MergedReview, OfficialMethod, ResultsInput } from '../../../shared/domain/results';
import { DEFAULT_TIE_BREAKS, TieBreakChainSchema, type TieBreakChain } from '../../../shared/domain/statistics';

/** SQL for results: the merged reviews, as results need them, and the secretary's records (migration 011). */
export function createResultsRepository(db: Database.Database) {
  const selectConfig = db.prepare<[string], { officialMethod: OfficialMethod; tieBreaks: string }>(
    'SELECT official_method AS officialMethod, tie_breaks AS tieBreaks FROM results_config WHERE round_id = ?',
  );
  const upsertConfig = db.prepare<[string, string, string, string]>(
    `INSERT INTO results_config (round_id, official_method, tie_breaks, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (round_id) DO UPDATE SET official_method = excluded.official_method, tie_breaks = excluded.tie_breaks, updated_at = excluded.updated_at`,
  );
  const selectMerged = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM received_bundle WHERE round_id = ?');
  // The newest frozen version is the one the panel packages carried and the merge checked.
  const selectRubric = db.prepare<[string], { version: number; rubric: string }>(
    'SELECT version, rubric FROM round_rubric WHERE round_id = ? AND frozen_at IS NOT NULL ORDER BY version DESC LIMIT 1',
  );
  const selectReviews = db.prepare<[string], { fingerprint: string; applicationId: string; coi: string; recommendation: string | null }>(
    `SELECT fingerprint, application_id AS applicationId, coi, recommendation FROM merged_review WHERE round_id = ? ORDER BY application_id, fingerprint`,
  );
  const selectScores = db.prepare<[string], { fingerprint: string; applicationId: string; criterionId: string; value: number | null }>(
    `SELECT fingerprint, application_id AS applicationId, criterion_id AS criterionId, value FROM merged_score WHERE round_id = ?`,
  );
  const selectNotes = db.prepare<[string], { applicationId: string; criterionId: string; note: string; outcome: 'note' | 'consensus' }>(
    `SELECT application_id AS applicationId, criterion_id AS criterionId, note, outcome FROM flag_note WHERE round_id = ?`,
  );
  const upsertNote = db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO flag_note (round_id, application_id, criterion_id, outcome, note, noted_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (round_id, application_id, criterion_id) DO UPDATE SET outcome = excluded.outcome, note = excluded.note, noted_at = excluded.noted_at`,
  );
  const selectDecisions = db.prepare<[string], { applicationId: string; position: number }>(
    'SELECT application_id AS applicationId, position FROM tie_decision WHERE round_id = ?',
  );
  const deleteDecision = db.prepare<[string, string]>('DELETE FROM tie_decision WHERE round_id = ? AND application_id = ?');
  const insertDecision = db.prepare<[string, string, number, string]>(
    'INSERT INTO tie_decision (round_id, application_id, position, decided_at) VALUES (?, ?, ?, ?)',
  );

  return {
    config(roundId: string): { officialMethod: OfficialMethod; tieBreaks: TieBreakChain } {
      const row = selectConfig.get(roundId);
      if (row === undefined) return { officialMethod: 'trimmed', tieBreaks: [...DEFAULT_TIE_BREAKS] };
      return { officialMethod: row.officialMethod, tieBreaks: TieBreakChainSchema.parse(JSON.parse(row.tieBreaks)) };
    },
    saveConfig(roundId: string, officialMethod: OfficialMethod, tieBreaks: TieBreakChain, at: string): void {
      upsertConfig.run(roundId, officialMethod, JSON.stringify(tieBreaks), at);
    },
    /** Whether any bundle was merged into the round: from then on the method is fixed. */
    merged(roundId: string): boolean {
      return (selectMerged.get(roundId)?.n ?? 0) > 0;
    },
    frozenRubric(roundId: string): { version: number; rubric: Rubric } | undefined {
      const row = selectRubric.get(roundId);
      return row === undefined ? undefined : { version: row.version, rubric: RubricSchema.parse(JSON.parse(row.rubric)) };
    },
    reviews(roundId: string): MergedReview[] {
      const scores = new Map<string, { criterionId: string; value: number | null }[]>();
      for (const score of selectScores.iterate(roundId)) {
        const key = `${score.fingerprint}\u0000${score.applicationId}`;
        const list = scores.get(key);
        if (list === undefined) scores.set(key, [{ criterionId: score.criterionId, value: score.value }]);
        else list.push({ criterionId: score.criterionId, value: score.value });
      }
      return selectReviews.all(roundId).map((review) => ({
        fingerprint: review.fingerprint,
        applicationId: review.applicationId,
        conflict: review.coi === 'conflict',
        scores: scores.get(`${review.fingerprint}\u0000${review.applicationId}`) ?? [],
        recommendation: review.recommendation,
      }));
    },
    notes(roundId: string): ResultsInput['notes'] {
      return selectNotes.all(roundId).map((note) => ({ ...note, criterionId: note.criterionId === '' ? null : note.criterionId }));
    },
    saveNote(roundId: string, applicationId: string, criterionId: string | null, outcome: 'note' | 'consensus', note: string, at: string): void {
      upsertNote.run(roundId, applicationId, criterionId ?? '', outcome, note, at);
    },
    decisions(roundId: string): ResultsInput['decisions'] {
      return selectDecisions.all(roundId);
    },
    /** The given applications get positions 1, 2, 3… in order; earlier positions of them are replaced. */
    saveDecision(roundId: string, applicationIds: readonly string[], at: string): void {
      applicationIds.forEach((applicationId, index) => {
        deleteDecision.run(roundId, applicationId);
        insertDecision.run(roundId, applicationId, index + 1, at);
      });
    },
  };
}

export type ResultsRepository = ReturnType<typeof createResultsRepository>;
