import type Database from 'better-sqlite3';
import type { ReportBundle, ReportExpert } from '../../../shared/domain/report/reportData';

/**
 * SQL for reports: the panel, who was assigned or recused, the bundles received and the
 * audit log's head. Whole-round queries, so a report reads the same few rows whatever
 * the round's size; the merged reviews come from the results reader.
 */
export function createReportRepository(db: Database.Database) {
  // Enrolment order, as returns.status and results.detail list experts, so columns line up across views.
  const experts = db.prepare<[string], ReportExpert>(
    'SELECT fingerprint, name, affiliation, city, province FROM expert WHERE round_id = ? ORDER BY enrolled_at, rowid',
  );
  const assignments = db.prepare<[string], { applicationId: string; fingerprint: string }>(
    'SELECT application_id AS applicationId, fingerprint FROM assignment WHERE round_id = ? ORDER BY application_id, fingerprint',
  );
  const recusals = db.prepare<[string], { applicationId: string; fingerprint: string; reason: string | null }>(
    `SELECT application_id AS applicationId, fingerprint, reason FROM conflict_decision WHERE round_id = ? AND decision = 'recuse' ORDER BY application_id, fingerprint`,
  );
  // The payload is the signed canonical JSON as received: its applications array says what the bundle carried.
  const bundles = db.prepare<[string], ReportBundle>(
    `SELECT b.fingerprint, e.name AS expert, b.revision, b.sha256, b.exported_at AS exportedAt, b.received_at AS receivedAt,
            json_array_length(CAST(b.payload AS TEXT), '$.applications') AS applications,
            (SELECT count(*) FROM merged_review r WHERE r.round_id = b.round_id AND r.fingerprint = b.fingerprint AND r.revision = b.revision) AS merged
     FROM received_bundle b JOIN expert e ON e.round_id = b.round_id AND e.fingerprint = b.fingerprint
     WHERE b.round_id = ?
     ORDER BY e.enrolled_at, e.rowid, b.revision`,
  );
  const auditHead = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return {
    experts: (roundId: string): ReportExpert[] => experts.all(roundId),
    assignments: (roundId: string) => assignments.all(roundId),
    recusals: (roundId: string) => recusals.all(roundId),
    bundles: (roundId: string): ReportBundle[] => bundles.all(roundId),
    auditHead: (): string | null => auditHead.get()?.hash ?? null,
  };
}

export type ReportRepository = ReturnType<typeof createReportRepository>;
