import type Database from 'better-sqlite3';
import type { ConflictDecisionKind } from '../../../shared/domain/conflicts';

/** An expert as enrolled: the fields of their key card, and the card as received. */
export interface ExpertRecord {
  roundId: string;
  fingerprint: string;
  name: string;
  affiliation: string | null;
  /** Where the expert works, recorded by the secretary (not on the key card). */
  city: string | null;
  province: string | null;
  sshPublicKey: string;
  ageRecipient: string;
  keyCard: string;
  enrolledAt: string;
}

/** The secretary's decision on one expert and application. */
export interface ConflictDecisionRecord {
  fingerprint: string;
  applicationId: string;
  decision: ConflictDecisionKind;
  reason: string | null;
  decidedAt: string;
}

export interface PanelPackageRecord {
  id: string;
  roundId: string;
  fingerprint: string;
  manifestSha256: string;
  fileSha256: string;
  fileName: string;
  exportedAt: string;
  /** The rubric version the package carried; null for packages from before rubrics. */
  rubricVersion: number | null;
  /** The applications the package carried; null for packages from before migration 009. */
  applicationIds: readonly string[] | null;
}

const EXPERT_COLUMNS = `round_id AS roundId, fingerprint, name, affiliation, city, province, ssh_public_key AS sshPublicKey,
  age_recipient AS ageRecipient, key_card AS keyCard, enrolled_at AS enrolledAt`;

/** Audit actions that change an expert's assignments (see assignmentsChangedSince). */
const ASSIGNMENT_ACTIONS = ['assignment.set', 'assignment.auto', 'conflict.decide'];

/** SQL for the secretary's panel: experts, assignments, exported packages. */
export function createPanelRepository(db: Database.Database) {
  const insertExpert = db.prepare<[ExpertRecord]>(
    `INSERT INTO expert (round_id, fingerprint, name, affiliation, city, province, ssh_public_key, age_recipient, key_card, enrolled_at)
     VALUES (@roundId, @fingerprint, @name, @affiliation, @city, @province, @sshPublicKey, @ageRecipient, @keyCard, @enrolledAt)`,
  );
  const updateExpert = db.prepare<[{ roundId: string; fingerprint: string; name: string; affiliation: string | null; city: string | null; province: string | null }]>(
    `UPDATE expert SET name = @name, affiliation = @affiliation, city = @city, province = @province WHERE round_id = @roundId AND fingerprint = @fingerprint`,
  );
  const deleteExpert = db.prepare<[string, string]>(`DELETE FROM expert WHERE round_id = ? AND fingerprint = ?`);
  const countOf = (table: 'conflict_decision' | 'panel_package') =>
    db.prepare<[string, string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE round_id = ? AND fingerprint = ?`);
  const countDecisions = countOf('conflict_decision');
  // Score bundles merged from the expert (migration 010) go by cascade too; counted where that table exists.
  const hasBundles = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'received_bundle'`).get() !== undefined;
  const countBundles = (roundId: string, fingerprint: string): number =>
    hasBundles ? (db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM received_bundle WHERE round_id = ? AND fingerprint = ?').get(roundId, fingerprint)?.n ?? 0) : 0;
  const countPackages = countOf('panel_package');
  const selectDecisions = db.prepare<[string], ConflictDecisionRecord>(
    `SELECT fingerprint, application_id AS applicationId, decision, reason, decided_at AS decidedAt FROM conflict_decision WHERE round_id = ?`,
  );
  // Insert or replace: a decision can be changed (the audit log keeps each one).
  const upsertDecision = db.prepare<[{ roundId: string } & ConflictDecisionRecord]>(
    `INSERT INTO conflict_decision (round_id, fingerprint, application_id, decision, reason, decided_at)
     VALUES (@roundId, @fingerprint, @applicationId, @decision, @reason, @decidedAt)
     ON CONFLICT (round_id, fingerprint, application_id) DO UPDATE SET decision = excluded.decision, reason = excluded.reason, decided_at = excluded.decided_at`,
  );
  const deleteAssignment = db.prepare<[string, string, string]>(`DELETE FROM assignment WHERE round_id = ? AND fingerprint = ? AND application_id = ?`);
  // Whether the audit log records an assignment change for the expert after `at`: for
  // packages whose contents were not recorded (from before migration 009). The
  // fingerprint (50 characters) names the expert in the entry's detail.
  const selectChangeSince = db.prepare<string[], { n: number }>(
    `SELECT count(*) AS n FROM audit_log
     WHERE round_id = ? AND at > ? AND action IN (${ASSIGNMENT_ACTIONS.map(() => '?').join(', ')}) AND instr(detail, ?) > 0`,
  );
  const selectExpert = db.prepare<[string, string], ExpertRecord>(`SELECT ${EXPERT_COLUMNS} FROM expert WHERE round_id = ? AND fingerprint = ?`);
  // In enrolment order: cards added together keep the order they were given in.
  const selectExperts = db.prepare<[string], ExpertRecord>(`SELECT ${EXPERT_COLUMNS} FROM expert WHERE round_id = ? ORDER BY enrolled_at, rowid`);
  // In the round's order of applications, so packages and listings agree with `app list`.
  const selectAssignments = db.prepare<[string], { fingerprint: string; applicationId: string }>(
    `SELECT s.fingerprint, s.application_id AS applicationId
     FROM assignment s JOIN application a ON a.id = s.application_id
     WHERE s.round_id = ? ORDER BY s.fingerprint, a.created_at, a.id`,
  );
  const deleteAssignments = db.prepare<[string, string]>(`DELETE FROM assignment WHERE round_id = ? AND fingerprint = ?`);
  const insertAssignment = db.prepare<[string, string, string]>(
    `INSERT OR IGNORE INTO assignment (round_id, fingerprint, application_id) VALUES (?, ?, ?)`,
  );
  const insertPackage = db.prepare<[Omit<PanelPackageRecord, 'applicationIds'> & { applicationIds: string | null }]>(
    `INSERT INTO panel_package (id, round_id, fingerprint, manifest_sha256, file_sha256, file_name, exported_at, rubric_version, application_ids)
     VALUES (@id, @roundId, @fingerprint, @manifestSha256, @fileSha256, @fileName, @exportedAt, @rubricVersion, @applicationIds)`,
  );
  const selectPackages = db.prepare<[string], Omit<PanelPackageRecord, 'applicationIds'> & { applicationIds: string | null }>(
    `SELECT id, round_id AS roundId, fingerprint, manifest_sha256 AS manifestSha256, file_sha256 AS fileSha256,
            file_name AS fileName, exported_at AS exportedAt, rubric_version AS rubricVersion, application_ids AS applicationIds
     FROM panel_package WHERE round_id = ? ORDER BY exported_at, id`,
  );

  const assignmentsByExpert = (roundId: string): Map<string, string[]> => {
    const byExpert = new Map<string, string[]>();
    for (const { fingerprint, applicationId } of selectAssignments.all(roundId)) {
      const list = byExpert.get(fingerprint) ?? [];
      list.push(applicationId);
      byExpert.set(fingerprint, list);
    }
    return byExpert;
  };

  return {
    getExpert: (roundId: string, fingerprint: string): ExpertRecord | undefined => selectExpert.get(roundId, fingerprint),
    expertRecords: (roundId: string): ExpertRecord[] => selectExperts.all(roundId),

    /** All the cards of one `expert.add`, or none of them. */
    insertExperts: db.transaction((experts: readonly ExpertRecord[]) => {
      for (const expert of experts) insertExpert.run(expert);
    }),

    /** Name, affiliation and place as given (the key card stays as received). */
    updateExpert: (roundId: string, fingerprint: string, fields: Pick<ExpertRecord, 'name' | 'affiliation' | 'city' | 'province'>): void => {
      updateExpert.run({ roundId, fingerprint, ...fields });
    },

    /** What removing the expert takes with it (by cascade), counted before it goes. */
    dependents: (roundId: string, fingerprint: string): { decisions: number; packages: number; bundles: number } => ({
      decisions: countDecisions.get(roundId, fingerprint)?.n ?? 0,
      packages: countPackages.get(roundId, fingerprint)?.n ?? 0,
      bundles: countBundles(roundId, fingerprint),
    }),

    /** Removes the expert; their assignments, decisions and package records go by cascade (migrations 004, 009). */
    deleteExpert: (roundId: string, fingerprint: string): void => {
      deleteExpert.run(roundId, fingerprint);
    },

    assignmentsByExpert,

    decisions: (roundId: string): ConflictDecisionRecord[] => selectDecisions.all(roundId),

    /** Records the decision; call it in the transaction that removed a recused assignment (the trigger checks). */
    decide: (roundId: string, decision: ConflictDecisionRecord): void => {
      upsertDecision.run({ roundId, ...decision });
    },

    /** Whether there was such an assignment. */
    unassign: (roundId: string, fingerprint: string, applicationId: string): boolean => deleteAssignment.run(roundId, fingerprint, applicationId).changes > 0,

    /** Adds assignments, keeping those there; inside the caller's transaction. */
    addAssignments: (roundId: string, pairs: readonly { fingerprint: string; applicationId: string }[]): void => {
      for (const { fingerprint, applicationId } of pairs) insertAssignment.run(roundId, fingerprint, applicationId);
    },

    assignmentsChangedSince: (roundId: string, fingerprint: string, at: string): boolean =>
      (selectChangeSince.get(roundId, at, ...ASSIGNMENT_ACTIONS, fingerprint)?.n ?? 0) > 0,

    /** The expert's assignments become exactly `applicationIds`, in one transaction. */
    setAssignments: db.transaction((roundId: string, fingerprint: string, applicationIds: readonly string[]) => {
      deleteAssignments.run(roundId, fingerprint);
      for (const applicationId of applicationIds) insertAssignment.run(roundId, fingerprint, applicationId);
    }),

    /** The records of one `panel.export`, all or none. */
    insertPackages: db.transaction((packages: readonly PanelPackageRecord[]) => {
      for (const record of packages) {
        insertPackage.run({ ...record, applicationIds: record.applicationIds === null ? null : JSON.stringify(record.applicationIds) });
      }
    }),

    listPackages: (roundId: string): PanelPackageRecord[] =>
      selectPackages.all(roundId).map((row) => ({ ...row, applicationIds: row.applicationIds === null ? null : (JSON.parse(row.applicationIds) as string[]) })),
  };
}

export type PanelRepository = ReturnType<typeof createPanelRepository>;
