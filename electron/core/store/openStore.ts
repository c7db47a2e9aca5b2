import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError, errorCodeOf, isAppError, messageOf } from '../errors';
import { dataDirLayout, ensureDataDir } from './dataDir';
import { APPLICATION_ID, assertContiguous, latestVersion, migrate, type Migration, schemaVersion } from './migrate';
import { migrations as allMigrations } from './migrations';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface Store {
  readonly db: Database.Database;
  readonly dataDir: string;
  readonly layout: ReturnType<typeof dataDirLayout>;
  readonly schemaVersion: number;
  close(): void;
}

export interface OpenStoreOptions {
  /** Tests pass a shorter or longer list; the app uses all migrations. */
  migrations?: readonly Migration[];
}

/**
 * Opens the data directory's database, refusing anything it should not touch (not
 * SQLite, another program's, damaged, from a newer version) before writing a byte,
 * then switches to WAL and migrates. Every refusal is an AppError with a stable code.
 */
export function openStore(dataDir: string, options: OpenStoreOptions = {}): Store {
  const migrations = options.migrations ?? allMigrations;
  // A broken migration list is our bug: refuse it before creating anything on disk.
  assertContiguous(migrations);
  ensureDataDir(dataDir);
  const layout = dataDirLayout(dataDir);
  const file = layout.database;
  checkExistingFile(file);

  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 5000 });
    refuseForeignOrNewer(db, file, migrations);
    quickCheck(db, file);
    db.pragma('journal_mode = WAL');
    // Scores are typed by hand over hours: an acknowledged save must survive power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache (SQLite's default is 16): a round's page texts are tens of MiB,
    // and a search for a short term scans them; with the default cache each such search
    // read them all again from the file (search bench: p95 ~50 ms → ~26 ms over 9,420 pages).
    db.pragma('cache_size = -65536');
    backupBeforeUpgrade(db, layout.backups, migrations);
    migrate(db, migrations, file);
    const opened = db;
    return {
      db: opened,
      dataDir,
      layout,
      schemaVersion: schemaVersion(opened),
      close: () => opened.close(),
    };
  } catch (error) {
    db?.close();
    throw toStoreError(error, file);
  }
}

/** Look at the bytes ourselves first: SQLite would happily start a WAL beside a stranger's file. */
function checkExistingFile(file: string): void {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return;
    throw toStoreError(error, file);
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(handle, header, 0, header.length, 0);
    // An empty file is what SQLite itself creates for a new database.
    if (read > 0 && !header.subarray(0, read).equals(SQLITE_HEADER.subarray(0, read))) {
      throw new AppError('STORE_NOT_SQLITE', `${file} is not an SQLite database`, { path: file });
    }
    if (read > 0 && read < SQLITE_HEADER.length) {
      throw new AppError('STORE_CORRUPT', `${file} is truncated`, { path: file, reason: 'truncated header' });
    }
  } finally {
    fs.closeSync(handle);
  }
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (error) {
    throw new AppError('STORE_READ_ONLY', `${file} is read-only`, { path: file, reason: errorCodeOf(error) ?? 'EACCES' });
  }
}

function refuseForeignOrNewer(db: Database.Database, file: string, migrations: readonly Migration[]): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = schemaVersion(db);
  const tables = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM sqlite_schema`).get()?.n ?? 0;
  const ours = applicationId === APPLICATION_ID || (applicationId === 0 && tables === 0 && version === 0);
  if (!ours) {
    throw new AppError('STORE_FOREIGN', `${file} belongs to another program (application_id ${applicationId})`, {
      path: file,
      applicationId,
    });
  }
  const supported = latestVersion(migrations);
  if (version > supported) {
    throw new AppError('STORE_NEWER_VERSION', `database ${file} has schema version ${version}; this program supports up to ${supported}`, {
      path: file,
      found: version,
      supported,
    });
  }
}

function quickCheck(db: Database.Database, file: string): void {
  const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  if (problems.length > 0) {
    throw new AppError('STORE_CORRUPT', `${file} failed quick_check: ${problems.join('; ')}`, {
      path: file,
      reason: problems.join('; '),
    });
  }
}

/**
 * Before changing the schema of a database that already holds data, keep a copy:
 * a migration bug must never cost a panel its scores. VACUUM INTO is consistent and synchronous.
 */
function backupBeforeUpgrade(db: Database.Database, backupsDir: string, migrations: readonly Migration[]): void {
  const from = schemaVersion(db);
  if (from === 0 || from >= latestVersion(migrations)) return;
  fs.mkdirSync(backupsDir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(backupsDir, `panel-review-v${from}-${stamp}.sqlite`);
  db.prepare('VACUUM INTO ?').run(target);
}

function toStoreError(error: unknown, file: string): AppError {
  if (isAppError(error)) return error;
  const code = errorCodeOf(error);
  const reason = messageOf(error);
  switch (code) {
    case 'SQLITE_NOTADB':
      return new AppError('STORE_NOT_SQLITE', `${file} is not an SQLite database`, { path: file });
    case 'SQLITE_CORRUPT':
    case 'SQLITE_CORRUPT_VTAB':
    case 'SQLITE_CORRUPT_INDEX':
      return new AppError('STORE_CORRUPT', `${file} is damaged: ${reason}`, { path: file, reason });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new AppError('STORE_LOCKED', `${file} is locked by another process`, { path: file });
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_CANTOPEN':
    case 'EACCES':
    case 'EROFS':
    case 'EPERM':
      return new AppError('STORE_READ_ONLY', `${file} cannot be written: ${reason}`, { path: file, reason });
    default:
      // SQLite or the file system said no: the place is the problem. Anything else
      // (a migration that throws) is a bug of ours, and must not send people to their folder.
      if (code !== undefined && (code.startsWith('SQLITE_') || /^E[A-Z]+$/.test(code))) {
        return new AppError('DATA_DIR_UNAVAILABLE', `cannot open ${file}: ${reason}`, { path: file, reason: code });
      }
      return new AppError('INTERNAL', `opening ${file} failed: ${reason}`, { path: file, detail: reason });
  }
}
