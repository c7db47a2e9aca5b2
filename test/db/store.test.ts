import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors';
import { dataDirLayout } from '../../electron/core/store/dataDir';
import { APPLICATION_ID, assertContiguous, latestVersion, type Migration } from '../../electron/core/store/migrate';
import { migrations } from '../../electron/core/store/migrations';
import { openStore } from '../../electron/core/store/openStore';

/**
 * The store on real SQLite files: what openStore creates, how it upgrades, and every
 * file it must refuse to touch. Each test works in its own temp directory.
 */

const LATEST = latestVersion(migrations);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repoRoot, 'bin', 'panel-review.js');
const builtCli = path.join(repoRoot, 'out', 'main', 'cli.js');

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) restoreAndRemove(dir);
});

/** A fresh temp directory (removed after the test) and the data directory path inside it. */
function freshDataDir(): { parent: string; dataDir: string; file: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-store-'));
  tempDirs.push(parent);
  const dataDir = path.join(parent, 'data');
  return { parent, dataDir, file: dataDirLayout(dataDir).database };
}

/** chmod everything back to writable (matters when not root) and delete. */
function restoreAndRemove(dir: string): void {
  const walk = (target: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(target);
    } catch {
      return;
    }
    if (stat.isSymbolicLink()) return;
    fs.chmodSync(target, stat.isDirectory() ? 0o700 : 0o600);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(target)) walk(path.join(target, entry));
  };
  try {
    walk(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Bytes 18 and 19 of the SQLite header: 1/1 for a rollback journal, 2/2 for WAL. */
function journalFormatBytes(file: string): [number | undefined, number | undefined] {
  const bytes = fs.readFileSync(file);
  return [bytes[18], bytes[19]];
}

function sidecars(file: string): string[] {
  return ['-wal', '-shm', '-journal'].filter((suffix) => fs.existsSync(file + suffix));
}

/** Runs fn expecting an AppError and returns it (so details can be checked). */
function expectAppError(fn: () => unknown, code: string): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected AppError ${code}, nothing was thrown`).toBeInstanceOf(AppError);
  const appError = caught as AppError;
  expect(appError.code, appError.message).toBe(code);
  return appError;
}

/** Opens the data directory with the real migrations and closes it again. */
function createStore(dataDir: string, fill?: (db: Database.Database) => void): void {
  const store = openStore(dataDir);
  try {
    fill?.(store.db);
  } finally {
    store.close();
  }
}

function insertRound(db: Database.Database, id: string, name: string): void {
  db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, ?, 'midterm', 'secretary', ?)`).run(
    id,
    name,
    '2024-01-01T00:00:00.000Z',
  );
}

describe('openStore on a fresh data directory', () => {
  it('creates the directory and a WAL, FULL-sync, foreign-keyed database at the latest version', () => {
    const { dataDir, file } = freshDataDir();
    expect(fs.existsSync(dataDir)).toBe(false);
    const store = openStore(dataDir);
    try {
      expect(fs.statSync(dataDir).isDirectory()).toBe(true);
      expect(fs.existsSync(file)).toBe(true);
      expect(store.dataDir).toBe(dataDir);
      expect(store.layout.database).toBe(file);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
      expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(store.schemaVersion).toBe(LATEST);
      expect(store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    } finally {
      store.close();
    }
    // WAL is persistent: it is in the file header, not only on the connection.
    expect(journalFormatBytes(file)).toEqual([2, 2]);
    // Nothing to back up on a fresh database.
    expect(fs.existsSync(dataDirLayout(dataDir).backups)).toBe(false);
  });

  it('makes every table STRICT', () => {
    const { dataDir } = freshDataDir();
    const store = openStore(dataDir);
    try {
      const tables = store.db
        .prepare<[], { name: string; strict: number }>(
          `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`,
        )
        .all();
      expect(tables.map((t) => t.name).sort()).toEqual(expect.arrayContaining(['round', 'setting']));
      for (const table of tables) expect(table.strict, `table ${table.name} is not STRICT`).toBe(1);
      // STRICT really bites: a number where TEXT is declared is refused, not coerced.
      expect(() =>
        store.db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES (?, 'n', 'midterm', 'secretary', 'x')`).run(
          Buffer.from('blob'),
        ),
      ).toThrow(/cannot store BLOB value in TEXT column/);
    } finally {
      store.close();
    }
  });

  it('reopens an up-to-date database without a backup and keeps its rows', () => {
    const { dataDir } = freshDataDir();
    createStore(dataDir, (db) => insertRound(db, 'aaaaaaaaaa', 'kept'));
    const store = openStore(dataDir);
    try {
      expect(store.schemaVersion).toBe(LATEST);
      expect(store.db.prepare('SELECT name FROM round').pluck().all()).toEqual(['kept']);
    } finally {
      store.close();
    }
    expect(fs.existsSync(dataDirLayout(dataDir).backups)).toBe(false);
  });

  it('accepts an existing empty file (what SQLite itself creates) as a new database', () => {
    const { dataDir, file } = freshDataDir();
    fs.mkdirSync(dataDir);
    fs.writeFileSync(file, '');
    const store = openStore(dataDir);
    try {
      expect(store.schemaVersion).toBe(LATEST);
    } finally {
      store.close();
    }
  });
});

describe('openStore upgrading a database that holds data', () => {
  it('keeps the rows, bumps the version and first writes a backup at the old version', () => {
    const { dataDir, file } = freshDataDir();
    const first = migrations.slice(0, 1);
    expect(first.length).toBe(1);
    const old = openStore(dataDir, { migrations: first });
    try {
      expect(old.schemaVersion).toBe(1);
      insertRound(old.db, 'bbbbbbbbbb', '中期评审 2024');
    } finally {
      old.close();
    }

    const store = openStore(dataDir);
    try {
      expect(store.schemaVersion).toBe(LATEST);
      expect(LATEST).toBeGreaterThan(1);
      expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(store.db.prepare('SELECT id, name FROM round').all()).toEqual([{ id: 'bbbbbbbbbb', name: '中期评审 2024' }]);
    } finally {
      store.close();
    }
    expect(fs.existsSync(file)).toBe(true);

    const backupsDir = dataDirLayout(dataDir).backups;
    const backups = fs.readdirSync(backupsDir);
    expect(backups).toHaveLength(1);
    const backupName = backups[0] ?? '';
    expect(backupName).toMatch(/^panel-review-v1-.*\.sqlite$/);
    const backup = new Database(path.join(backupsDir, backupName), { readonly: true, fileMustExist: true });
    try {
      expect(backup.pragma('quick_check', { simple: true })).toBe('ok');
      expect(backup.pragma('user_version', { simple: true })).toBe(1);
      expect(backup.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(backup.prepare('SELECT id, name FROM round').all()).toEqual([{ id: 'bbbbbbbbbb', name: '中期评审 2024' }]);
      // The backup is the old schema: the second migration's table is not in it.
      const setting = backup.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'setting'`).pluck().get();
      expect(setting).toBe(0);
    } finally {
      backup.close();
    }
  });
});

describe('openStore refusing databases it must not touch', () => {
  it('refuses a database from a newer version without changing a byte (WAL database)', () => {
    const { dataDir, file } = freshDataDir();
    createStore(dataDir, (db) => insertRound(db, 'cccccccccc', 'future'));
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    expect(sidecars(file)).toEqual([]);
    const before = sha256(file);

    const error = expectAppError(() => openStore(dataDir), 'STORE_NEWER_VERSION');
    expect(error.details).toMatchObject({ found: LATEST + 1, supported: LATEST, path: file });

    expect(sha256(file)).toBe(before);
    expect(sidecars(file)).toEqual([]);
  });

  it('refuses a newer rollback-journal database without switching it to WAL', () => {
    const { dataDir, file } = freshDataDir();
    fs.mkdirSync(dataDir);
    // Ours (application_id) but written by a newer release that kept a rollback journal.
    const raw = new Database(file);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.exec(`CREATE TABLE future_thing (x TEXT) STRICT`);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    expect(journalFormatBytes(file)).toEqual([1, 1]);
    const before = sha256(file);

    const error = expectAppError(() => openStore(dataDir), 'STORE_NEWER_VERSION');
    expect(error.details).toMatchObject({ found: LATEST + 1, supported: LATEST });

    expect(sha256(file)).toBe(before);
    expect(journalFormatBytes(file)).toEqual([1, 1]);
    expect(sidecars(file)).toEqual([]);
  });

  it('refuses a file that is not SQLite, leaving it untouched and creating no -wal/-shm', () => {
    const { dataDir, file } = freshDataDir();
    fs.mkdirSync(dataDir);
    fs.writeFileSync(file, 'these are my meeting notes, not a database\n'.repeat(200));
    const before = sha256(file);

    const error = expectAppError(() => openStore(dataDir), 'STORE_NOT_SQLITE');
    expect(error.details).toMatchObject({ path: file });

    expect(sha256(file)).toBe(before);
    expect(sidecars(file)).toEqual([]);
  });

  it('refuses a truncated header as STORE_CORRUPT', () => {
    const { dataDir, file } = freshDataDir();
    fs.mkdirSync(dataDir);
    fs.writeFileSync(file, 'SQLit');

    expectAppError(() => openStore(dataDir), 'STORE_CORRUPT');

    expect(fs.readFileSync(file, 'latin1')).toBe('SQLit');
    expect(sidecars(file)).toEqual([]);
  });

  it('refuses a damaged database as STORE_CORRUPT, without writing to it', () => {
    const { dataDir, file } = freshDataDir();
    createStore(dataDir, (db) => {
      const insert = db.transaction(() => {
        for (let i = 0; i < 2000; i++) insertRound(db, `r${String(i).padStart(9, '0')}`, `${i} ${'评'.repeat(60)}${'x'.repeat(100)}`);
      });
      insert();
    });
    expect(sidecars(file)).toEqual([]);
    const pageSize = fs.readFileSync(file).readUInt16BE(16);
    const size = fs.statSync(file).size;
    const pages = size / pageSize;
    expect(pages).toBeGreaterThan(50);

    // Deterministic garbage (a fixed-seed LCG) over the middle half of the pages;
    // page 1 (header and schema) stays intact so SQLite opens the file at all.
    const bytes = fs.readFileSync(file);
    let seed = 0x2545f491;
    const start = Math.floor(pages / 4) * pageSize;
    const end = Math.floor((3 * pages) / 4) * pageSize;
    for (let offset = start; offset < end; offset++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bytes[offset] = seed >>> 24;
    }
    fs.writeFileSync(file, bytes);
    expect(bytes.subarray(0, 100).equals(fs.readFileSync(file).subarray(0, 100))).toBe(true);
    const before = sha256(file);

    // The fixture really is damaged, by SQLite's own verdict on a copy.
    const copy = path.join(path.dirname(dataDir), 'copy.sqlite');
    fs.copyFileSync(file, copy);
    const probe = new Database(copy, { readonly: true });
    let verdict: string;
    try {
      verdict = (probe.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check).join('\n');
    } catch (error) {
      verdict = `threw ${(error as { code?: string }).code ?? String(error)}`;
    } finally {
      probe.close();
    }
    expect(verdict).not.toBe('ok');

    const error = expectAppError(() => openStore(dataDir), 'STORE_CORRUPT');
    expect(error.details).toMatchObject({ path: file });
    expect(sha256(file)).toBe(before);
  });

  it("refuses another program's SQLite database (application_id 0, its own tables)", () => {
    const { dataDir, file } = freshDataDir();
    fs.mkdirSync(dataDir);
    const raw = new Database(file);
    raw.exec(`CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);`);
    expect(raw.pragma('application_id', { simple: true })).toBe(0);
    raw.close();
    const before = sha256(file);

    const error = expectAppError(() => openStore(dataDir), 'STORE_FOREIGN');
    expect(error.details).toMatchObject({ path: file, applicationId: 0 });

    expect(sha256(file)).toBe(before);
    expect(journalFormatBytes(file)).toEqual([1, 1]);
    expect(sidecars(file)).toEqual([]);
  });

  it("refuses an empty database that carries another program's application_id", () => {
    const { dataDir, file } = freshDataDir();
    fs.mkdirSync(dataDir);
    const raw = new Database(file);
    raw.pragma('application_id = 42');
    raw.close();
    const before = sha256(file);

    const error = expectAppError(() => openStore(dataDir), 'STORE_FOREIGN');
    expect(error.details).toMatchObject({ applicationId: 42 });
    expect(sha256(file)).toBe(before);
  });
});

describe('migrations', () => {
  it('runs each migration atomically: a failing one leaves the previous version and no half-made table', () => {
    const { dataDir, file } = freshDataDir();
    const first = migrations[0];
    if (first === undefined) throw new Error('no migrations');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(db) {
        db.exec(`CREATE TABLE half_made (x TEXT) STRICT`);
        db.prepare(`INSERT INTO half_made (x) VALUES ('half')`).run();
        throw new Error('migration 2 exploded halfway');
      },
    };

    // A migration that throws is our bug: INTERNAL, never an error that blames the user's folder.
    const error = expectAppError(() => openStore(dataDir, { migrations: [first, broken] }), 'INTERNAL');
    expect(error.message).toMatch(/migration 2 exploded halfway/);

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      const names = raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all();
      expect(names).toContain('round');
      expect(names).not.toContain('half_made');
    } finally {
      raw.close();
    }

    // The database is still usable: the real migrations carry it on from version 1.
    const store = openStore(dataDir);
    try {
      expect(store.schemaVersion).toBe(LATEST);
    } finally {
      store.close();
    }
  });

  it('assertContiguous rejects gaps, repeats and a list not starting at 1', () => {
    const m = (version: number): Migration => ({ version, name: `m${version}`, up: () => undefined });
    expect(() => assertContiguous([m(1), m(3)])).toThrow(/m3 has version 3, expected 2/);
    expect(() => assertContiguous([m(2)])).toThrow(/expected 1/);
    expect(() => assertContiguous([m(1), m(1)])).toThrow(/expected 2/);
    expect(() => assertContiguous([m(1), m(2), m(3)])).not.toThrow();
    expect(() => assertContiguous([])).not.toThrow();
  });

  it('refuses a migration list with a gap before creating anything on disk', () => {
    const { dataDir, file } = freshDataDir();
    const m = (version: number): Migration => ({ version, name: `m${version}`, up: () => undefined });
    expect(() => openStore(dataDir, { migrations: [m(1), m(3)] })).toThrow(/expected 2/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('the real migration list is contiguous 1..n with unique names', () => {
    expect(() => assertContiguous(migrations)).not.toThrow();
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: migrations.length }, (_, i) => i + 1));
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
    expect(LATEST).toBe(migrations.length);
  });
});

describe('data directory problems', () => {
  it('reports DATA_DIR_UNAVAILABLE for a directory that cannot be created (under a regular file)', () => {
    const { parent } = freshDataDir();
    const regular = path.join(parent, 'a-file');
    fs.writeFileSync(regular, 'x');
    const dataDir = path.join(regular, 'data');

    const error = expectAppError(() => openStore(dataDir), 'DATA_DIR_UNAVAILABLE');
    expect(error.details).toMatchObject({ path: dataDir });
    expect(fs.readFileSync(regular, 'utf8')).toBe('x');
  });

  it('reports DATA_DIR_UNAVAILABLE when the data directory path is a regular file', () => {
    const { parent } = freshDataDir();
    const regular = path.join(parent, 'not-a-dir');
    fs.writeFileSync(regular, 'x');
    expectAppError(() => openStore(regular), 'DATA_DIR_UNAVAILABLE');
  });
});

const isRoot = process.getuid?.() === 0;
const setpriv = isRoot ? findOnPath('setpriv') : undefined;
if (isRoot && setpriv === undefined) {
  console.warn('store.test.ts: skipping the read-only tests: running as root and setpriv (util-linux) is not installed');
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir !== '' && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The built CLI as user nobody (65534), who has none of root's permission bypass. */
function cliAsNobody(args: string[]): { status: number | null; json: Record<string, unknown>; stderr: string } {
  if (!fs.existsSync(builtCli)) throw new Error(`${builtCli} is missing: run npm run build first`);
  const result = spawnSync(
    setpriv ?? 'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args],
    { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent', LANG: 'C' }, timeout: 30_000 },
  );
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(result.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`stdout is not one JSON object (status ${result.status}): ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return { status: result.status, json, stderr: result.stderr };
}

function errorCodeOfJson(json: Record<string, unknown>): unknown {
  const error = json.error as { code?: unknown } | undefined;
  return error?.code;
}

describe.skipIf(isRoot && setpriv === undefined)('read-only data', () => {
  it('refuses a read-only data directory with STORE_READ_ONLY', () => {
    const { parent, dataDir, file } = freshDataDir();
    fs.chmodSync(parent, 0o755);
    fs.mkdirSync(dataDir, { mode: 0o555 });
    fs.chmodSync(dataDir, 0o555);
    if (isRoot) {
      const run = cliAsNobody(['--json', '--data-dir', dataDir, 'round', 'list']);
      expect(run.status, run.stderr).toBe(1);
      expect(run.json.ok).toBe(false);
      expect(errorCodeOfJson(run.json)).toBe('STORE_READ_ONLY');
    } else {
      expectAppError(() => openStore(dataDir), 'STORE_READ_ONLY');
    }
    expect(fs.readdirSync(dataDir)).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses an existing database in a directory the user cannot write, leaving it untouched', () => {
    const { parent, dataDir, file } = freshDataDir();
    createStore(dataDir, (db) => insertRound(db, 'dddddddddd', 'locked away'));
    fs.chmodSync(parent, 0o755);
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dataDir, 0o555);
    const before = sha256(file);
    if (isRoot) {
      const run = cliAsNobody(['--json', '--data-dir', dataDir, 'round', 'list']);
      expect(run.status, run.stderr).toBe(1);
      expect(errorCodeOfJson(run.json)).toBe('STORE_READ_ONLY');
    } else {
      expectAppError(() => openStore(dataDir), 'STORE_READ_ONLY');
    }
    expect(sha256(file)).toBe(before);
    expect(sidecars(file)).toEqual([]);
  });

  it('refuses a read-only database file even when its directory is writable', () => {
    const { parent, dataDir, file } = freshDataDir();
    createStore(dataDir, (db) => insertRound(db, 'eeeeeeeeee', 'read only file'));
    fs.chmodSync(parent, 0o755);
    fs.chmodSync(file, 0o444);
    if (isRoot) {
      // The directory belongs to nobody (so the write probe passes); the file stays root's.
      fs.chownSync(dataDir, 65534, 65534);
      fs.chmodSync(dataDir, 0o755);
    }
    const before = sha256(file);
    if (isRoot) {
      const run = cliAsNobody(['--json', '--data-dir', dataDir, 'round', 'list']);
      expect(run.status, run.stderr).toBe(1);
      expect(errorCodeOfJson(run.json)).toBe('STORE_READ_ONLY');
      expect((run.json.error as { details?: { path?: unknown } }).details?.path).toBe(file);
    } else {
      const error = expectAppError(() => openStore(dataDir), 'STORE_READ_ONLY');
      expect(error.details).toMatchObject({ path: file });
    }
    expect(sha256(file)).toBe(before);
    expect(sidecars(file)).toEqual([]);
  });

  it.runIf(isRoot)('lets that same unprivileged user use a data directory they own (the harness itself works)', () => {
    const { parent, dataDir } = freshDataDir();
    fs.chmodSync(parent, 0o755);
    fs.mkdirSync(dataDir, { mode: 0o700 });
    fs.chownSync(dataDir, 65534, 65534);
    const run = cliAsNobody(['--json', '--data-dir', dataDir, 'round', 'list']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json).toEqual({ rounds: [] });
  });
});
