import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BACKUP_DATABASE_ENTRY, BACKUP_FORMAT, BACKUP_KEY_ENTRY, type BackupManifest, type BackupSummary } from '../../../shared/domain/backup';
import { AppError } from '../errors';
import { checkReportTarget } from '../report/reportFile';
import { dataDirLayout } from '../store/dataDir';
import { latestVersion } from '../store/migrate';
import { migrations } from '../store/migrations';
import { appVersion } from '../version';
import { damaged, extractBackupArchive, type PackedFile, sha256File, writeBackupArchive } from './backupArchive';

/**
 * The whole workspace to one file and back (issue 9, point 7): the expert's and the
 * secretary's alike, since both are a data directory. Creating copies the database with
 * SQLite's online backup API (consistent while the app writes), checks every stored
 * document against its hash, and takes the sealed keys as they are — nothing is
 * decrypted, so no passphrase is asked. Restoring extracts and checks everything beside
 * the target first, and only then swaps it in, keeping the directory it replaces.
 */

export interface CreateBackupOptions {
  /** The data directory whose blobs and keys go with the database. */
  dataDir: string;
  /** The open database (the core's): copied with the online backup API. */
  db: Database.Database;
  out: string;
  now: () => Date;
}

/** A working folder beside `target`, on the same file system, so the final step is a rename. */
function besideTemp(target: string, tag: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}-${randomBytes(6).toString('hex')}`);
}

function filesUnder(root: string, skip: (relative: string) => boolean = () => false): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((relative) => !skip(relative))
    .sort();
}

export async function createBackup(options: CreateBackupOptions): Promise<BackupSummary> {
  const target = path.resolve(options.out);
  checkReportTarget(target);
  const layout = dataDirLayout(options.dataDir);
  const work = besideTemp(target, 'backup');
  fs.mkdirSync(work, { mode: 0o700 });
  const zipTemp = path.join(work, 'backup.zip');
  try {
    const databaseCopy = path.join(work, BACKUP_DATABASE_ENTRY);
    await options.db.backup(databaseCopy);
    const schemaVersion = readSchemaVersion(databaseCopy);
    const files: PackedFile[] = [{ path: BACKUP_DATABASE_ENTRY, source: databaseCopy, ...(await sha256File(databaseCopy)) }];
    let blobs = 0;
    for (const relative of filesUnder(layout.blobs, (name) => name.startsWith('tmp/'))) {
      const source = path.join(layout.blobs, ...relative.split('/'));
      const measured = await sha256File(source);
      // A stored document that no longer matches its name is damage the backup must not carry on silently.
      if (measured.sha256 !== path.basename(relative)) throw new AppError('STORE_CORRUPT', `the stored document ${relative} does not match its hash`, { path: source, reason: 'blob hash mismatch' });
      files.push({ path: `blobs/sha256/${relative}`, source, ...measured });
      blobs += 1;
    }
    let keys = 0;
    for (const relative of filesUnder(layout.keys)) {
      const name = `keys/${relative}`;
      // Temp files of an interrupted write are not keys.
      if (!BACKUP_KEY_ENTRY.test(name)) continue;
      files.push({ path: name, source: path.join(layout.keys, ...relative.split('/')), ...(await sha256File(path.join(layout.keys, ...relative.split('/')))) });
      keys += 1;
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      appVersion,
      schemaVersion,
      createdAt: options.now().toISOString(),
      entries: files.map(({ path: entry, size, sha256 }) => ({ path: entry, size, sha256 })),
    };
    await writeBackupArchive(zipTemp, manifest, files);
    syncFile(zipTemp);
    const written = await sha256File(zipTemp);
    fs.renameSync(zipTemp, target);
    syncFile(path.dirname(target));
    return { file: target, sha256: written.sha256, bytes: written.size, entries: files.length, blobs, keys, schemaVersion, appVersion, createdAt: manifest.createdAt };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Reads the whole backup, checks every entry and the database copy, and restores nothing. */
export async function verifyBackup(file: string): Promise<BackupSummary> {
  const source = path.resolve(file);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-verify-'));
  try {
    return (await extractChecked(source, path.join(work, 'backup'))).summary;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export interface RestoreResult extends BackupSummary {
  dataDir: string;
  /** Where the data directory that was replaced now is; null when there was none (or it was empty). */
  keptAside: string | null;
}

/**
 * Restores `file` into `dataDir`. An existing directory with anything in it is refused
 * unless `replace`; then it is renamed aside (`<dir>.before-restore-<time>`, never
 * deleted). The backup is extracted and checked beside the target first: a damaged or
 * newer backup leaves the data directory exactly as it was. The restored database is at
 * the backup's schema version; opening it (the next command) migrates it to this app's.
 */
export async function restoreBackup(file: string, dataDir: string, options: { replace: boolean; now: () => Date }): Promise<RestoreResult> {
  const source = path.resolve(file);
  const target = path.resolve(dataDir);
  const occupied = fs.existsSync(target) && fs.readdirSync(target).length > 0;
  if (occupied && !options.replace) throw new AppError('BACKUP_TARGET_NOT_EMPTY', `${target} already holds data`, { path: target });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staged = besideTemp(target, 'restore');
  try {
    const { summary } = await extractChecked(source, staged);
    let keptAside: string | null = null;
    if (fs.existsSync(target)) {
      if (occupied) {
        keptAside = `${target}.before-restore-${options.now().toISOString().replace(/[:.]/g, '-')}`;
        fs.renameSync(target, keptAside);
      } else fs.rmdirSync(target);
    }
    fs.renameSync(staged, target);
    syncFile(path.dirname(target));
    return { ...summary, file: source, dataDir: target, keptAside };
  } finally {
    fs.rmSync(staged, { recursive: true, force: true });
  }
}

/** Extracts into `destination` and checks the database copy: sound, ours, not from a newer app. */
async function extractChecked(source: string, destination: string): Promise<{ manifest: BackupManifest; summary: BackupSummary }> {
  if (!fs.existsSync(source)) throw new AppError('FILE_UNREADABLE', `cannot read ${source}: no such file`, { file: source, reason: 'ENOENT' });
  const manifest = await extractBackupArchive(source, destination, source);
  const database = path.join(destination, BACKUP_DATABASE_ENTRY);
  const found = readSchemaVersion(database, source);
  if (found !== manifest.schemaVersion) throw damaged(source, `the database is at schema version ${found}, the manifest says ${manifest.schemaVersion}`, { entry: BACKUP_DATABASE_ENTRY });
  const supported = latestVersion(migrations);
  if (found > supported) throw new AppError('BACKUP_NEWER_VERSION', `backup ${source} is at schema version ${found}; this app supports ${supported}`, { file: source, found, supported });
  const measured = await sha256File(source);
  const blobs = manifest.entries.filter((entry) => entry.path.startsWith('blobs/')).length;
  const keys = manifest.entries.filter((entry) => entry.path.startsWith('keys/')).length;
  return {
    manifest,
    summary: { file: source, sha256: measured.sha256, bytes: measured.size, entries: manifest.entries.length, blobs, keys, schemaVersion: found, appVersion: manifest.appVersion, createdAt: manifest.createdAt },
  };
}

/** The copy's user_version after an integrity check (read-only: the copy is not touched). */
function readSchemaVersion(database: string, backup?: string): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(database, { readonly: true, fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw damaged(backup ?? database, `the database fails its integrity check (${String(check)})`, { entry: BACKUP_DATABASE_ENTRY });
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw damaged(backup ?? database, `the database cannot be read (${String((error as Error).message)})`, { entry: BACKUP_DATABASE_ENTRY });
  } finally {
    db?.close();
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
