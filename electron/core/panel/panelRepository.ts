import type Database from 'better-sqlite3';
import type { Expert } from '../../../shared/domain/expert';

/** An expert as enrolled: the fields of their key card, and the card as received. */
export interface ExpertRecord {
  roundId: string;
  fingerprint: string;
  name: string;
  affiliation: string | null;
  sshPublicKey: string;
  ageRecipient: string;
  keyCard: string;
  enrolledAt: string;
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

const EXPERT_COLUMNS = `round_id AS roundId, fingerprint, name, affiliation, ssh_public_key AS sshPublicKey,
  age_recipient AS ageRecipient, key_card AS keyCard, enrolled_at AS enrolledAt`;

/** SQL for the secretary's panel: experts, assignments, exported packages. */
export function createPanelRepository(db: Database.Database) {
  const insertExpert = db.prepare<[ExpertRecord]>(
    `INSERT INTO expert (round_id, fingerprint, name, affiliation, ssh_public_key, age_recipient, key_card, enrolled_at)
     VALUES (@roundId, @fingerprint, @name, @affiliation, @sshPublicKey, @ageRecipient, @keyCard, @enrolledAt)`,
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

    listExperts(roundId: string): Expert[] {
      const assigned = assignmentsByExpert(roundId);
      return selectExperts.all(roundId).map(({ fingerprint, name, affiliation, sshPublicKey, ageRecipient, enrolledAt }) => ({
        fingerprint,
        name,
        affiliation,
        sshPublicKey,
        ageRecipient,
        enrolledAt,
        applicationIds: assigned.get(fingerprint) ?? [],
      }));
    },

    assignmentsByExpert,

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
