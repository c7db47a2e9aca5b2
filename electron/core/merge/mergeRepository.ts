import type Database from 'better-sqlite3';
import type { ApplicationReview } from '../../../shared/domain/scoreBundle';
import type { ApplicationDocuments } from './mergeRules';

/**
 * SQL of the merge: what the checks read about an expert (their own queries, so the
 * panel feature can change its repository freely), and the writes of an accepted
 * bundle. Every statement is prepared once per store; a bundle costs one read of each
 * kind, never one per score.
 */

export interface IssuedPackage {
  manifestSha256: string;
  /** The rubric version the package carried; null for packages from before rubrics. */
  rubricVersion: number | null;
}

export interface ReceivedRevision {
  revision: number;
  sha256: string;
}

export interface ReceivedBundleRecord {
  roundId: string;
  fingerprint: string;
  revision: number;
  sha256: string;
  packageId: string;
  fileName: string;
  exportedAt: string;
  receivedAt: string;
  payload: Uint8Array;
  /** The envelope's armored SSHSIG over `payload`, as received: lets the bundle be proved again later. */
  signature: string;
}

/** A received bundle as stored, with the key its expert was enrolled with. */
export interface StoredBundle {
  roundId: string;
  fingerprint: string;
  revision: number;
  sha256: string;
  packageId: string;
  fileName: string;
  exportedAt: string;
  payload: Uint8Array;
  /** Null for bundles received before migration 012 kept signatures. */
  signature: string | null;
  /** The expert's key from their enrolment (OpenSSH line). */
  sshPublicKey: string;
}

export function createMergeRepository(db: Database.Database) {
  const selectExpertName = db.prepare<[string, string], string>(`SELECT name FROM expert WHERE round_id = ? AND fingerprint = ?`).pluck();
  const selectPackage = db.prepare<[string, string, string], IssuedPackage>(
    `SELECT manifest_sha256 AS manifestSha256, rubric_version AS rubricVersion FROM panel_package WHERE id = ? AND round_id = ? AND fingerprint = ?`,
  );
  const selectAssigned = db.prepare<[string, string], string>(`SELECT application_id FROM assignment WHERE round_id = ? AND fingerprint = ?`).pluck();
  const selectRecused = db
    .prepare<[string, string], string>(`SELECT application_id FROM conflict_decision WHERE round_id = ? AND fingerprint = ? AND decision = 'recuse'`)
    .pluck();
  const selectLatest = db.prepare<[string, string], ReceivedRevision>(
    `SELECT revision, sha256 FROM received_bundle WHERE round_id = ? AND fingerprint = ? ORDER BY revision DESC LIMIT 1`,
  );
  const selectBySha = db.prepare<[string, string, string], number>(
    `SELECT revision FROM received_bundle WHERE sha256 = ? AND round_id = ? AND fingerprint = ?`,
  ).pluck();
  const selectDocuments = db.prepare<[string], { applicationId: string; sha256: string; pages: number }>(
    `SELECT d.application_id AS applicationId, d.sha256, b.pages
     FROM document d JOIN application a ON a.id = d.application_id JOIN blob b ON b.sha256 = d.sha256
     WHERE a.round_id = ?`,
  );
  const selectStored = db.prepare<[string, string, number], StoredBundle>(
    `SELECT r.round_id AS roundId, r.fingerprint, r.revision, r.sha256, r.package_id AS packageId, r.file_name AS fileName,
            r.exported_at AS exportedAt, r.payload, r.signature, e.ssh_public_key AS sshPublicKey
     FROM received_bundle r JOIN expert e ON e.round_id = r.round_id AND e.fingerprint = r.fingerprint
     WHERE r.round_id = ? AND r.fingerprint = ? AND r.revision = ?`,
  );

  const insertBundle = db.prepare<[ReceivedBundleRecord]>(
    `INSERT INTO received_bundle (round_id, fingerprint, revision, sha256, package_id, file_name, exported_at, received_at, payload, signature)
     VALUES (@roundId, @fingerprint, @revision, @sha256, @packageId, @fileName, @exportedAt, @receivedAt, @payload, @signature)`,
  );
  // The children go with it (ON DELETE CASCADE): a newer revision's review replaces the whole row set.
  const deleteReview = db.prepare<[string, string, string]>(`DELETE FROM merged_review WHERE round_id = ? AND fingerprint = ? AND application_id = ?`);
  const insertReview = db.prepare<[string, string, string, number, string, string | null, string, string, string | null]>(
    `INSERT INTO merged_review (round_id, fingerprint, application_id, revision, coi, coi_reason, strengths, issues, recommendation)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertScore = db.prepare<[string, string, string, string, number | null, string]>(
    `INSERT INTO merged_score (round_id, fingerprint, application_id, criterion_id, value, comment) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertEvidence = db.prepare<[string, string, string, number, string, string, number, string, string]>(
    `INSERT INTO merged_evidence (round_id, fingerprint, application_id, position, criterion_id, sha256, page, rects, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTarget = db.prepare<[string, string, string, number, string, string, string, string, number | null, number | null]>(
    `INSERT INTO merged_target (round_id, fingerprint, application_id, position, criterion_id, indicator, unit, better, target, actual)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  return {
    /** The enrolled expert's name, or undefined when the fingerprint is not enrolled in the round. */
    expertName: (roundId: string, fingerprint: string): string | undefined => selectExpertName.get(roundId, fingerprint),
    /** The package, if it was issued to this expert in this round. */
    issuedPackage: (roundId: string, fingerprint: string, packageId: string): IssuedPackage | undefined => selectPackage.get(packageId, roundId, fingerprint),
    assigned: (roundId: string, fingerprint: string): Set<string> => new Set(selectAssigned.all(roundId, fingerprint)),
    recused: (roundId: string, fingerprint: string): Set<string> => new Set(selectRecused.all(roundId, fingerprint)),
    latestRevision: (roundId: string, fingerprint: string): ReceivedRevision | undefined => selectLatest.get(roundId, fingerprint),
    /** The revision this very file was merged as, if it was. */
    revisionOfFile: (sha256: string, roundId: string, fingerprint: string): number | undefined => selectBySha.get(sha256, roundId, fingerprint),
    /** Every document of the round's applications with its page count: what an evidence anchor may point at. */
    documents(roundId: string): ApplicationDocuments {
      const byApplication = new Map<string, Map<string, number>>();
      for (const { applicationId, sha256, pages } of selectDocuments.iterate(roundId)) {
        let documents = byApplication.get(applicationId);
        if (documents === undefined) byApplication.set(applicationId, (documents = new Map()));
        documents.set(sha256, pages);
      }
      return byApplication;
    },
    /** A received bundle as stored, to prove it again (verifyStoredBundle.ts). */
    storedBundle: (roundId: string, fingerprint: string, revision: number): StoredBundle | undefined => selectStored.get(roundId, fingerprint, revision),

    /** Records an accepted bundle and replaces the expert's reviews of the applications it carries. Call in a transaction. */
    storeBundle(record: ReceivedBundleRecord, reviews: readonly ApplicationReview[]): void {
      insertBundle.run(record);
      const { roundId, fingerprint, revision } = record;
      for (const review of reviews) {
        const { applicationId, coi, opinion } = review;
        deleteReview.run(roundId, fingerprint, applicationId);
        insertReview.run(roundId, fingerprint, applicationId, revision, coi.kind, coi.kind === 'conflict' ? coi.reason : null, opinion.strengths, opinion.issues, opinion.recommendation);
        for (const score of review.scores) insertScore.run(roundId, fingerprint, applicationId, score.criterionId, score.value, score.comment);
        review.evidence.forEach((anchor, position) =>
          insertEvidence.run(roundId, fingerprint, applicationId, position, anchor.criterionId, anchor.sha256, anchor.page, JSON.stringify(anchor.rects), anchor.quote),
        );
        review.targets.forEach((row, position) =>
          insertTarget.run(roundId, fingerprint, applicationId, position, row.criterionId, row.indicator, row.unit, row.better, row.target, row.actual),
        );
      }
    },
  };
}

export type MergeRepository = ReturnType<typeof createMergeRepository>;
