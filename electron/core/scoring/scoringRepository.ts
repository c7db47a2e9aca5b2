import type Database from 'better-sqlite3';
import type { CoiDeclaration, TargetRow } from '../../../shared/domain/scoreBundle';
import type { Evidence, SheetApplication, SheetScore, TargetRowInput } from '../../../shared/domain/scoring';

interface CoiRow {
  application_id: string;
  kind: 'none' | 'conflict';
  reason: string | null;
  declared_at: string;
}

interface EvidenceRow {
  id: number;
  application_id: string;
  criterion_id: string;
  sha256: string;
  page: number;
  rects: string;
  quote: string;
  created_at: string;
}

interface TargetDbRow extends Omit<TargetRow, 'criterionId'> {
  application_id: string;
  criterion_id: string;
}

const coiOf = (row: CoiRow): CoiDeclaration => (row.kind === 'conflict' ? { kind: 'conflict', reason: row.reason ?? '' } : { kind: 'none' });

const evidenceOf = (row: EvidenceRow): Evidence => ({
  id: row.id,
  criterionId: row.criterion_id,
  sha256: row.sha256,
  page: row.page,
  rects: JSON.parse(row.rects) as Evidence['rects'],
  quote: row.quote,
  createdAt: row.created_at,
});

/** SQL for the expert's scoring sheet; handlers check the rubric and the declaration first. */
export function createScoringRepository(db: Database.Database) {
  const applicationRound = db.prepare<[string], { round_id: string }>(`SELECT round_id FROM application WHERE id = ?`);
  const documentPages = db.prepare<[string, string], { pages: number }>(
    `SELECT blob.pages FROM document JOIN blob USING (sha256) WHERE document.application_id = ? AND document.sha256 = ?`,
  );
  const selectCoi = db.prepare<[string], CoiRow>(`SELECT application_id, kind, reason, declared_at FROM coi_declaration WHERE application_id = ?`);
  const upsertCoi = db.prepare<[{ applicationId: string; kind: string; reason: string | null; at: string }]>(
    `INSERT INTO coi_declaration (application_id, kind, reason, declared_at) VALUES (@applicationId, @kind, @reason, @at)
     ON CONFLICT (application_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, declared_at = excluded.declared_at`,
  );
  const clearing = ['criterion_score', 'opinion', 'evidence', 'target_row'].map((table) => db.prepare<[string]>(`DELETE FROM ${table} WHERE application_id = ?`));

  // A comment left out (null here) keeps the stored one; a value always replaces.
  const upsertScore = db.prepare<[{ applicationId: string; criterionId: string; value: number | null; comment: string | null; at: string }]>(
    `INSERT INTO criterion_score (application_id, criterion_id, value, comment, updated_at)
     VALUES (@applicationId, @criterionId, @value, coalesce(@comment, ''), @at)
     ON CONFLICT (application_id, criterion_id) DO UPDATE SET value = excluded.value, comment = coalesce(@comment, comment), updated_at = excluded.updated_at`,
  );
  const upsertComment = db.prepare<[{ applicationId: string; criterionId: string; comment: string; at: string }]>(
    `INSERT INTO criterion_score (application_id, criterion_id, value, comment, updated_at) VALUES (@applicationId, @criterionId, NULL, @comment, @at)
     ON CONFLICT (application_id, criterion_id) DO UPDATE SET comment = excluded.comment, updated_at = excluded.updated_at`,
  );
  // A criterion neither scored nor commented is no row at all: the sheet shows it as missing.
  const dropEmptyScore = db.prepare<[string, string]>(`DELETE FROM criterion_score WHERE application_id = ? AND criterion_id = ? AND value IS NULL AND comment = ''`);
  const upsertOpinion = db.prepare<
    [{ applicationId: string; strengths: string | null; issues: string | null; setRecommendation: number; recommendation: string | null; at: string }]
  >(
    `INSERT INTO opinion (application_id, strengths, issues, recommendation, updated_at)
     VALUES (@applicationId, coalesce(@strengths, ''), coalesce(@issues, ''), CASE WHEN @setRecommendation THEN @recommendation END, @at)
     ON CONFLICT (application_id) DO UPDATE SET
       strengths = coalesce(@strengths, strengths),
       issues = coalesce(@issues, issues),
       recommendation = CASE WHEN @setRecommendation THEN @recommendation ELSE recommendation END,
       updated_at = excluded.updated_at`,
  );
  const insertEvidence = db.prepare<[string, string, string, number, string, string, string]>(
    `INSERT INTO evidence (application_id, criterion_id, sha256, page, rects, quote, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectEvidenceById = db.prepare<[number], EvidenceRow>(`SELECT * FROM evidence WHERE id = ?`);
  const deleteEvidence = db.prepare<[number]>(`DELETE FROM evidence WHERE id = ?`);
  const deleteTargets = db.prepare<[string, string]>(`DELETE FROM target_row WHERE application_id = ? AND criterion_id = ?`);
  const insertTarget = db.prepare<[string, string, number, string, string, string, number | null, number | null]>(
    `INSERT INTO target_row (application_id, criterion_id, position, indicator, unit, better, target, actual) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const roundApplications = db.prepare<[string], { id: string }>(
    // The order of `app list`: a received package's applications keep the package's order.
    `SELECT a.id FROM application a LEFT JOIN received_application r ON r.application_id = a.id
     WHERE a.round_id = ? ORDER BY a.created_at, r.position, a.id`,
  );
  const roundCois = db.prepare<[string], CoiRow>(
    `SELECT c.* FROM coi_declaration c JOIN application a ON a.id = c.application_id WHERE a.round_id = ?`,
  );
  const roundScores = db.prepare<[string], { application_id: string; criterion_id: string; value: number | null; comment: string; updated_at: string }>(
    `SELECT s.* FROM criterion_score s JOIN application a ON a.id = s.application_id WHERE a.round_id = ? ORDER BY s.application_id, s.criterion_id`,
  );
  const roundOpinions = db.prepare<[string], { application_id: string; strengths: string; issues: string; recommendation: string | null }>(
    `SELECT o.* FROM opinion o JOIN application a ON a.id = o.application_id WHERE a.round_id = ?`,
  );
  const roundEvidence = db.prepare<[string], EvidenceRow>(
    `SELECT e.* FROM evidence e JOIN application a ON a.id = e.application_id WHERE a.round_id = ? ORDER BY e.id`,
  );
  const roundTargets = db.prepare<[string], TargetDbRow>(
    `SELECT t.application_id, t.criterion_id, t.indicator, t.unit, t.better, t.target, t.actual
     FROM target_row t JOIN application a ON a.id = t.application_id WHERE a.round_id = ? ORDER BY t.application_id, t.criterion_id, t.position`,
  );

  return {
    roundOfApplication: (applicationId: string): string | undefined => applicationRound.get(applicationId)?.round_id,
    pagesOfDocument: (applicationId: string, sha256: string): number | undefined => documentPages.get(applicationId, sha256)?.pages,
    coi(applicationId: string): CoiDeclaration | null {
      const row = selectCoi.get(applicationId);
      return row === undefined ? null : coiOf(row);
    },
    /** A declared conflict takes away what was scored (the triggers insist); returns how many rows went. */
    declare: db.transaction((applicationId: string, coi: CoiDeclaration, at: string): number => {
      const cleared = coi.kind === 'conflict' ? clearing.reduce((sum, statement) => sum + statement.run(applicationId).changes, 0) : 0;
      upsertCoi.run({ applicationId, kind: coi.kind, reason: coi.kind === 'conflict' ? coi.reason : null, at });
      return cleared;
    }),
    setScore: db.transaction((applicationId: string, criterionId: string, value: number | null, comment: string | undefined, at: string) => {
      upsertScore.run({ applicationId, criterionId, value, comment: comment ?? null, at });
      dropEmptyScore.run(applicationId, criterionId);
    }),
    setComment: db.transaction((applicationId: string, criterionId: string, comment: string, at: string) => {
      upsertComment.run({ applicationId, criterionId, comment, at });
      dropEmptyScore.run(applicationId, criterionId);
    }),
    setOpinion(applicationId: string, fields: { strengths?: string; issues?: string; recommendation?: string | null }, at: string): void {
      upsertOpinion.run({
        applicationId,
        strengths: fields.strengths ?? null,
        issues: fields.issues ?? null,
        setRecommendation: fields.recommendation === undefined ? 0 : 1,
        recommendation: fields.recommendation ?? null,
        at,
      });
    },
    addEvidence(applicationId: string, anchor: Omit<Evidence, 'id' | 'createdAt'>, at: string): Evidence {
      const { lastInsertRowid } = insertEvidence.run(applicationId, anchor.criterionId, anchor.sha256, anchor.page, JSON.stringify(anchor.rects), anchor.quote, at);
      return { ...anchor, id: Number(lastInsertRowid), createdAt: at };
    },
    evidence(id: number): (Evidence & { applicationId: string }) | undefined {
      const row = selectEvidenceById.get(id);
      return row === undefined ? undefined : { ...evidenceOf(row), applicationId: row.application_id };
    },
    removeEvidence: (id: number): boolean => deleteEvidence.run(id).changes > 0,
    setTargets: db.transaction((applicationId: string, criterionId: string, rows: readonly TargetRowInput[]) => {
      deleteTargets.run(applicationId, criterionId);
      rows.forEach((row, position) => insertTarget.run(applicationId, criterionId, position, row.indicator, row.unit, row.better, row.target, row.actual));
    }),
    /** Every application of a round with what its expert entered, in the round's order. */
    sheet(roundId: string): SheetApplication[] {
      const byApplication = new Map<string, SheetApplication>();
      for (const { id } of roundApplications.all(roundId)) {
        byApplication.set(id, { applicationId: id, coi: null, declaredAt: null, scores: [], opinion: { strengths: '', issues: '', recommendation: null }, evidence: [], targets: [] });
      }
      for (const row of roundCois.all(roundId)) {
        const sheet = byApplication.get(row.application_id);
        if (sheet !== undefined) Object.assign(sheet, { coi: coiOf(row), declaredAt: row.declared_at });
      }
      for (const row of roundScores.all(roundId)) {
        const score: SheetScore = { criterionId: row.criterion_id, value: row.value, comment: row.comment, updatedAt: row.updated_at };
        byApplication.get(row.application_id)?.scores.push(score);
      }
      for (const row of roundOpinions.all(roundId)) {
        const sheet = byApplication.get(row.application_id);
        if (sheet !== undefined) sheet.opinion = { strengths: row.strengths, issues: row.issues, recommendation: row.recommendation };
      }
      for (const row of roundEvidence.all(roundId)) byApplication.get(row.application_id)?.evidence.push(evidenceOf(row));
      for (const row of roundTargets.all(roundId)) {
        const sheet = byApplication.get(row.application_id);
        if (sheet === undefined) continue;
        let table = sheet.targets.find((entry) => entry.criterionId === row.criterion_id);
        if (table === undefined) sheet.targets.push((table = { criterionId: row.criterion_id, rows: [] }));
        table.rows.push({ indicator: row.indicator, unit: row.unit, better: row.better, target: row.target, actual: row.actual });
      }
      return [...byApplication.values()];
    },
  };
}

export type ScoringRepository = ReturnType<typeof createScoringRepository>;
