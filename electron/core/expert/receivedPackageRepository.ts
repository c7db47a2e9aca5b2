import type Database from 'better-sqlite3';

/** A panel package as the expert's store remembers it (migration 005). */
export interface ReceivedPackage {
  roundId: string;
  sourceRoundId: string;
  packageId: string;
  manifestSha256: string;
  /** The signed manifest in canonical JSON. */
  manifest: string;
  secretaryFingerprint: string;
  secretarySshPublicKey: string;
  secretaryAgeRecipient: string;
  expertFingerprint: string;
  importedAt: string;
}

export interface ReceivedApplication {
  applicationId: string;
  sourceApplicationId: string;
  position: number;
}

export interface BundleExport {
  roundId: string;
  revision: number;
  sha256: string;
  exportedAt: string;
  /** reviewsDigest() of what the bundle carried; null for exports made before migration 013. */
  reviewsSha256: string | null;
}

const PACKAGE_COLUMNS = `round_id AS roundId, source_round_id AS sourceRoundId, package_id AS packageId,
  manifest_sha256 AS manifestSha256, manifest, secretary_fingerprint AS secretaryFingerprint,
  secretary_ssh_public_key AS secretarySshPublicKey, secretary_age_recipient AS secretaryAgeRecipient,
  expert_fingerprint AS expertFingerprint, imported_at AS importedAt`;

/** SQL for received packages, their id mapping, trusted secretaries and bundle exports. */
export function createReceivedPackageRepository(db: Database.Database) {
  const insertPackage = db.prepare<[ReceivedPackage]>(
    `INSERT INTO received_package (round_id, source_round_id, package_id, manifest_sha256, manifest, secretary_fingerprint,
       secretary_ssh_public_key, secretary_age_recipient, expert_fingerprint, imported_at)
     VALUES (@roundId, @sourceRoundId, @packageId, @manifestSha256, @manifest, @secretaryFingerprint,
       @secretarySshPublicKey, @secretaryAgeRecipient, @expertFingerprint, @importedAt)`,
  );
  const insertApplication = db.prepare<[string, string, string, number]>(
    `INSERT INTO received_application (application_id, round_id, source_application_id, position) VALUES (?, ?, ?, ?)`,
  );
  const selectByRound = db.prepare<[string], ReceivedPackage>(`SELECT ${PACKAGE_COLUMNS} FROM received_package WHERE round_id = ?`);
  const selectBySource = db.prepare<[string], ReceivedPackage>(`SELECT ${PACKAGE_COLUMNS} FROM received_package WHERE source_round_id = ?`);
  const selectApplications = db.prepare<[string], ReceivedApplication>(
    `SELECT application_id AS applicationId, source_application_id AS sourceApplicationId, position
     FROM received_application WHERE round_id = ? ORDER BY position`,
  );
  const selectTrusted = db.prepare<[string], string>(`SELECT fingerprint FROM trusted_secretary WHERE source_round_id = ?`).pluck();
  // OR IGNORE: the first key seen stays the trusted one; a different key never gets here.
  const insertTrusted = db.prepare<[string, string, string]>(
    `INSERT OR IGNORE INTO trusted_secretary (source_round_id, fingerprint, first_seen_at) VALUES (?, ?, ?)`,
  );
  const selectLastRevision = db.prepare<[string], number>(`SELECT coalesce(max(revision), 0) FROM bundle_export WHERE round_id = ?`).pluck();
  const insertExport = db.prepare<[BundleExport]>(
    `INSERT INTO bundle_export (round_id, revision, sha256, exported_at, reviews_sha256) VALUES (@roundId, @revision, @sha256, @exportedAt, @reviewsSha256)`,
  );
  const selectExports = db.prepare<[string], BundleExport>(
    `SELECT round_id AS roundId, revision, sha256, exported_at AS exportedAt, reviews_sha256 AS reviewsSha256 FROM bundle_export WHERE round_id = ? ORDER BY revision`,
  );
  const selectLastExport = db.prepare<[string], BundleExport>(
    `SELECT round_id AS roundId, revision, sha256, exported_at AS exportedAt, reviews_sha256 AS reviewsSha256
     FROM bundle_export WHERE round_id = ? ORDER BY revision DESC LIMIT 1`,
  );

  return {
    byRound: (roundId: string): ReceivedPackage | undefined => selectByRound.get(roundId),
    bySourceRound: (sourceRoundId: string): ReceivedPackage | undefined => selectBySource.get(sourceRoundId),
    applications: (roundId: string): ReceivedApplication[] => selectApplications.all(roundId),
    trustedSecretary: (sourceRoundId: string): string | undefined => selectTrusted.get(sourceRoundId),
    lastRevision: (roundId: string): number => selectLastRevision.get(roundId) ?? 0,
    exports: (roundId: string): BundleExport[] => selectExports.all(roundId),
    /** The newest export of the round: what the secretary has (or will have) last. */
    lastExport: (roundId: string): BundleExport | undefined => selectLastExport.get(roundId),

    /** Call inside the transaction that creates the round and its applications. */
    recordPackage(received: ReceivedPackage, applications: readonly ReceivedApplication[]): void {
      insertPackage.run(received);
      for (const app of applications) insertApplication.run(app.applicationId, received.roundId, app.sourceApplicationId, app.position);
      insertTrusted.run(received.sourceRoundId, received.secretaryFingerprint, received.importedAt);
    },

    recordExport: (row: BundleExport): void => void insertExport.run(row),
  };
}

export type ReceivedPackageRepository = ReturnType<typeof createReceivedPackageRepository>;
