import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/errors';
import type { BackupManifest, BackupSummary } from '../../../shared/domain/backup';
import { everyRow, migrateTo } from '../../../test/helpers/migratedDatabase';
import { createCore, type Core } from '../core';
import { ok } from '../expert/expertTestKit';
import { PASSPHRASE } from '../merge/mergeTestKit';
import { makeMember, tempDirs } from '../panel/panelTestKit';
import { scoredRound } from '../report/reportTestKit';
import { expertRound, TEST_PASSPHRASE } from '../scoring/scoringTestKit';
import { latestVersion } from '../store/migrate';
import { migrations } from '../store/migrations';
import { createBackup, restoreBackup } from './workspaceBackup';

/**
 * Issue 9, point 7, on real data directories: a secretary's (keys, documents, merged
 * bundles, audit log) and an expert's (keys, a received package, scores) backed up with
 * `backup.create`, checked with `backup.verify`, restored with `restoreBackup` into
 * another directory and opened there: every table row for row, every document byte for
 * byte, the audit chain intact, the keys still opening with the same passphrase. A
 * damaged or altered backup (a byte flipped in a document, in the database or in the
 * manifest; cut short; an entry added; a hash changed in the manifest) is refused naming
 * the entry, and the directory restored over is left exactly as it was. A non-empty
 * target needs `replace`, which keeps it aside. An older backup migrates; a newer one is
 * refused.
 */

const temp = tempDirs('panel-review-backup-');
const cores: Core[] = [];
afterAll(async () => {
  for (const core of cores) await core.close().catch(() => undefined);
  temp.cleanup();
});

const now = () => new Date('2026-11-24T03:00:00.000Z');

async function refusal(answer: Promise<Result<unknown>> | Promise<unknown>): Promise<{ code: string; details?: Record<string, unknown> }> {
  try {
    const settled = (await answer) as Result<unknown> | undefined;
    if (settled !== undefined && typeof settled === 'object' && 'ok' in settled && !settled.ok) return settled.error;
  } catch (error) {
    return error as { code: string; details?: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

/** Every file under `dir` with its SHA-256, but the database (compared row by row) and its WAL. */
function fileHashes(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && !entry.name.startsWith('panel-review.sqlite'))
      .map((entry) => {
        const full = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, full), createHash('sha256').update(fs.readFileSync(full)).digest('hex')] as const;
      })
      .filter(([relative]) => relative.startsWith('blobs') || relative.startsWith('keys'))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function rows(dataDir: string): Record<string, unknown[]> {
  const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
  try {
    return everyRow(db);
  } finally {
    db.close();
  }
}

function openCore(dataDir: string): Core {
  const core = createCore({ dataDir, pdfEngines: [] });
  cores.push(core);
  return core;
}

/** A zip like a backup's, from entries given here (to alter one). */
async function rezip(entries: Record<string, Buffer>, out: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of Object.entries(entries)) zip.addBuffer(bytes, name);
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(out)).on('close', resolve).on('error', reject));
}

/** The entries of a backup, read with yauzl (test side). */
async function unzip(file: string): Promise<Record<string, Buffer>> {
  const yauzl = (await import('yauzl')).default;
  return new Promise((resolve, reject) => {
    const out: Record<string, Buffer> = {};
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error !== null || zip === undefined) return reject(error ?? new Error('no zip'));
      zip.on('entry', (entry: { fileName: string }) => {
        zip.openReadStream(entry as never, (streamError, stream) => {
          if (streamError !== null || stream === undefined) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            out[entry.fileName] = Buffer.concat(chunks);
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

describe('a secretary’s workspace', async () => {
  const root = temp.make();
  const { panel } = await scoredRound(root);
  const source = path.join(root, 'data');
  const backupFile = path.join(root, '工作区备份.prbackup');
  let made: BackupSummary;

  it('backs up while the app runs, and verify checks every entry', async () => {
    made = await ok<BackupSummary>(panel.core.router.dispatch('backup.create', { out: backupFile }));
    expect(made).toMatchObject({ file: backupFile, blobs: 1, schemaVersion: latestVersion(migrations) });
    expect(made.keys).toBeGreaterThanOrEqual(2);
    expect(made.sha256).toBe(createHash('sha256').update(fs.readFileSync(backupFile)).digest('hex'));
    expect(fs.readdirSync(root).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(await ok<BackupSummary>(panel.core.router.dispatch('backup.verify', { file: backupFile }))).toEqual(made);
  });

  it('restores into an empty directory: the same rows, documents and keys; the audit chain holds; the keys open', async () => {
    const target = path.join(temp.make(), 'restored');
    const restored = await restoreBackup(backupFile, target, { replace: false, now });
    expect(restored).toMatchObject({ dataDir: target, keptAside: null, entries: made.entries });
    expect(rows(target)).toEqual(rows(source));
    expect(fileHashes(target)).toEqual(fileHashes(source));
    const core = openCore(target);
    expect(await ok(core.router.dispatch('audit.verify', {}))).toMatchObject({ ok: true });
    await ok(core.router.dispatch('identity.unlock', { passphrase: PASSPHRASE }));
    const results = await ok<{ applications: unknown[] }>(core.router.dispatch('results.show', { roundId: panel.roundId }));
    expect(results.applications).toHaveLength(4);
  });

  it('copies a consistent database while another connection writes', async () => {
    const busy = path.join(root, 'busy.prbackup');
    const writer = new Database(path.join(source, 'panel-review.sqlite'));
    let writes = 0;
    // Every millisecond a write lands between the backup's steps (the online backup restarts on a change from another connection).
    const timer = setInterval(() => {
      writer.prepare(`INSERT INTO setting (key, value_json, updated_at) VALUES (?, ?, ?)`).run(`probe-${writes}`, '"x"', now().toISOString());
      writes += 1;
    }, 1);
    try {
      const summary = await ok<BackupSummary>(panel.core.router.dispatch('backup.create', { out: busy }));
      expect(summary.schemaVersion).toBe(latestVersion(migrations));
    } finally {
      clearInterval(timer);
      writer.close();
    }
    expect(writes).toBeGreaterThan(0);
    const target = path.join(temp.make(), 'busy');
    await restoreBackup(busy, target, { replace: false, now });
    const db = new Database(path.join(target, 'panel-review.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  describe('refuses an altered or damaged backup, naming the entry, and leaves the target as it was', () => {
    let entries: Record<string, Buffer>;
    let manifest: BackupManifest;
    let blobName: string;
    let keyName: string;
    const target = path.join(temp.make(), 'existing');
    beforeAll(async () => {
      entries = await unzip(backupFile);
      manifest = JSON.parse(entries['manifest.json']?.toString('utf8') ?? '{}') as BackupManifest;
      blobName = Object.keys(entries).find((name) => name.startsWith('blobs/')) ?? '';
      keyName = Object.keys(entries).find((name) => name.startsWith('keys/')) ?? '';
    });

    /** Restores `bad` over a copy of the real workspace, expecting `code`; the copy must not change. */
    async function expectRefused(bad: string, code: string, entry?: string): Promise<void> {
      fs.rmSync(target, { recursive: true, force: true });
      await restoreBackup(backupFile, target, { replace: false, now });
      const before = { rows: rows(target), files: fileHashes(target), listing: fs.readdirSync(path.dirname(target)).sort() };
      const error = await refusal(restoreBackup(bad, target, { replace: true, now }));
      expect(error.code).toBe(code);
      if (entry !== undefined) expect(error.details?.entry).toBe(entry);
      expect({ rows: rows(target), files: fileHashes(target), listing: fs.readdirSync(path.dirname(target)).sort() }).toEqual(before);
    }

    const altered = (name: string) => path.join(temp.make(), name);

    it('a byte flipped in a stored document (the zip’s own CRC or the manifest’s hash catches it)', async () => {
      const bad = altered('blob.prbackup');
      const bytes = Buffer.from(entries[blobName] ?? Buffer.alloc(0));
      bytes[100] = (bytes[100] ?? 0) ^ 0xff;
      await rezip({ ...entries, [blobName]: bytes }, bad);
      await expectRefused(bad, 'BACKUP_DAMAGED', blobName);
    });

    it('a byte flipped in the database', async () => {
      const bad = altered('db.prbackup');
      const bytes = Buffer.from(entries['panel-review.sqlite'] ?? Buffer.alloc(0));
      bytes[5000] = (bytes[5000] ?? 0) ^ 0x01;
      await rezip({ ...entries, 'panel-review.sqlite': bytes }, bad);
      await expectRefused(bad, 'BACKUP_DAMAGED', 'panel-review.sqlite');
    });

    it('a key file swapped for another, with the manifest’s hash changed to match is still refused: the hash is of the manifest', async () => {
      const bad = altered('key.prbackup');
      const forged = Buffer.from('not the sealed key');
      await rezip({ ...entries, [keyName]: forged }, bad);
      await expectRefused(bad, 'BACKUP_DAMAGED', keyName);
    });

    it('the manifest altered: a hash changed, or not JSON', async () => {
      const changed = { ...manifest, entries: manifest.entries.map((entry) => (entry.path === blobName ? { ...entry, sha256: '0'.repeat(64) } : entry)) };
      const bad = altered('manifest.prbackup');
      await rezip({ ...entries, 'manifest.json': Buffer.from(JSON.stringify(changed)) }, bad);
      await expectRefused(bad, 'BACKUP_DAMAGED', blobName);
      const broken = altered('manifest-json.prbackup');
      await rezip({ ...entries, 'manifest.json': Buffer.from('{ not json') }, broken);
      await expectRefused(broken, 'BACKUP_DAMAGED', 'manifest.json');
    });

    it('an entry added, an entry missing', async () => {
      const extra = altered('extra.prbackup');
      await rezip({ ...entries, 'notes/evil.sh': Buffer.from('x') }, extra);
      await expectRefused(extra, 'BACKUP_DAMAGED', 'notes/evil.sh');
      const unlisted = altered('unlisted.prbackup');
      await rezip({ ...entries, 'keys/extra.age': Buffer.from('x') }, unlisted);
      await expectRefused(unlisted, 'BACKUP_DAMAGED', 'keys/extra.age');
      const missing = altered('missing.prbackup');
      const { [blobName]: _dropped, ...rest } = entries;
      await rezip(rest, missing);
      await expectRefused(missing, 'BACKUP_DAMAGED', blobName);
    });

    it('a file cut short, and a file that is no backup', async () => {
      const cut = altered('cut.prbackup');
      fs.writeFileSync(cut, fs.readFileSync(backupFile).subarray(0, 2000));
      const error = await refusal(restoreBackup(cut, path.join(temp.make(), 'x'), { replace: false, now }));
      expect(['BACKUP_FORMAT_UNKNOWN', 'BACKUP_DAMAGED']).toContain(error.code);
      const other = altered('other.prbackup');
      await rezip({ 'manifest.json': Buffer.from(JSON.stringify({ format: 'panel-review/panel@1' })) }, other);
      await expectRefused(other, 'BACKUP_FORMAT_UNKNOWN');
    });
  });

  it('refuses a non-empty target without replace; with replace, keeps it aside whole', async () => {
    const target = path.join(temp.make(), 'occupied');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'notes.txt'), '我的笔记');
    expect(await refusal(restoreBackup(backupFile, target, { replace: false, now }))).toMatchObject({ code: 'BACKUP_TARGET_NOT_EMPTY' });
    expect(fs.readdirSync(target)).toEqual(['notes.txt']);
    const restored = await restoreBackup(backupFile, target, { replace: true, now });
    expect(restored.keptAside).toMatch(/occupied\.before-restore-2026-11-24T03-00-00-000Z$/);
    expect(fs.readFileSync(path.join(restored.keptAside ?? '', 'notes.txt'), 'utf8')).toBe('我的笔记');
    // The source has had writes since the backup (the test above): compare what those did not touch.
    const { setting: _restoredSettings, ...restoredRows } = rows(target);
    const { setting: _sourceSettings, ...sourceRows } = rows(source);
    expect(restoredRows).toEqual(sourceRows);
  });
});

describe('an expert’s workspace', async () => {
  const root = temp.make();
  const made = await expertRound({ dataDir: path.join(root, 'data'), packageDir: temp.make(), secretary: await makeMember('王秘书') });
  cores.push(made.core);
  await ok(made.core.router.dispatch('coi.declare', { roundId: made.roundId, applicationId: made.applicationIds[0], coi: { kind: 'none' } }));
  await ok(made.core.router.dispatch('comment.set', { roundId: made.roundId, applicationId: made.applicationIds[0], criterionId: 'organisation', comment: '组织实施方案较完整。' }));

  it('round-trips: scores, documents and the sealed keys, which open with the same passphrase', async () => {
    const file = path.join(root, 'expert.prbackup');
    const summary = await ok<BackupSummary>(made.core.router.dispatch('backup.create', { out: file }));
    expect(summary.blobs).toBe(3);
    const target = path.join(temp.make(), 'restored');
    await restoreBackup(file, target, { replace: false, now });
    expect(rows(target)).toEqual(rows(path.join(root, 'data')));
    expect(fileHashes(target)).toEqual(fileHashes(path.join(root, 'data')));
    const core = openCore(target);
    expect(await refusal(core.router.dispatch('identity.unlock', { passphrase: 'not the passphrase' }))).toMatchObject({ code: expect.stringMatching(/PASSPHRASE|IDENTITY/) as unknown as string });
    await ok(core.router.dispatch('identity.unlock', { passphrase: TEST_PASSPHRASE }));
  });
});

describe('schema versions', () => {
  async function backupAtVersion(version: number): Promise<string> {
    const dataDir = temp.make();
    const db = new Database(path.join(dataDir, 'panel-review.sqlite'));
    try {
      db.pragma('foreign_keys = ON');
      if (version <= latestVersion(migrations)) migrateTo(db, version);
      else {
        migrateTo(db);
        db.pragma(`user_version = ${version}`);
      }
      db.prepare(`INSERT INTO round (id, name, kind, role, created_at) VALUES ('rd00000001', '旧版本的轮次', 'custom', 'secretary', '2026-01-01T00:00:00.000Z')`).run();
      const out = path.join(temp.make(), `v${version}.prbackup`);
      await createBackup({ dataDir, db, out, now });
      return out;
    } finally {
      db.close();
    }
  }

  it('a backup from an older version is restored and migrated when opened', async () => {
    const file = await backupAtVersion(8);
    const target = path.join(temp.make(), 'old');
    const restored = await restoreBackup(file, target, { replace: false, now });
    expect(restored.schemaVersion).toBe(8);
    const core = openCore(target);
    expect(core.store.schemaVersion).toBe(latestVersion(migrations));
    const { rounds } = await ok<{ rounds: { name: string }[] }>(core.router.dispatch('round.list', {}));
    expect(rounds.map((round) => round.name)).toEqual(['旧版本的轮次']);
  });

  it('a backup from a newer version is refused, and nothing is written', async () => {
    const file = await backupAtVersion(latestVersion(migrations) + 1);
    const target = path.join(temp.make(), 'new');
    expect(await refusal(restoreBackup(file, target, { replace: false, now }))).toMatchObject({ code: 'BACKUP_NEWER_VERSION', details: { found: latestVersion(migrations) + 1 } });
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
  });
});
