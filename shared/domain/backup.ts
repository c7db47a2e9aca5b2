import { z } from 'zod';
import { Sha256Schema } from './application';

/**
 * A workspace backup (`*.prbackup`, issue 9): one zip holding a consistent copy of the
 * database (SQLite's online backup API), every stored document, the sealed keys as they
 * are (never decrypted), and this manifest naming each entry with its size and SHA-256.
 * Restoring checks every entry against it before the data directory is touched.
 */

export const BACKUP_FORMAT = 'panel-review/backup@1';
export const BACKUP_EXTENSION = '.prbackup';

/** Entry names a backup may hold: the database, blobs by their hash, key files. Nothing else is extracted. */
export const BACKUP_DATABASE_ENTRY = 'panel-review.sqlite';
export const BACKUP_MANIFEST_ENTRY = 'manifest.json';
export const BACKUP_BLOB_ENTRY = /^blobs\/sha256\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
export const BACKUP_KEY_ENTRY = /^keys\/(?:[A-Za-z0-9][A-Za-z0-9._-]{0,127}\/){0,3}[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const BackupEntrySchema = z.strictObject({
  path: z.string().min(1).max(300),
  size: z.int().nonnegative(),
  sha256: Sha256Schema,
});
export type BackupEntry = z.infer<typeof BackupEntrySchema>;

export const BackupManifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  appVersion: z.string(),
  /** The database's `user_version`: a newer one than this app knows is refused on restore. */
  schemaVersion: z.int().nonnegative(),
  createdAt: z.string(),
  entries: z.array(BackupEntrySchema).max(1_000_000),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;

const FilePathSchema = z.string().min(1, { error: 'validation.required' }).max(4096, { error: 'validation.tooLong' });

export const BackupCreateInputSchema = z.strictObject({ out: FilePathSchema });
export const BackupVerifyInputSchema = z.strictObject({ file: FilePathSchema });

export const BackupSummarySchema = z.object({
  file: z.string(),
  /** Of the backup file itself. */
  sha256: Sha256Schema,
  bytes: z.int().nonnegative(),
  entries: z.int().nonnegative(),
  blobs: z.int().nonnegative(),
  keys: z.int().nonnegative(),
  schemaVersion: z.int().nonnegative(),
  appVersion: z.string(),
  createdAt: z.string(),
});
export type BackupSummary = z.infer<typeof BackupSummarySchema>;
