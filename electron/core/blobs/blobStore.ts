import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, errorCodeOf, messageOf } from '../errors';

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const COPY_CHUNK = 1024 * 1024;

export interface StoredBlob {
  sha256: string;
  bytes: number;
  /** False when the same content was already stored: the caller must not delete it on rollback. */
  created: boolean;
}

/**
 * Content-addressed files under blobs/sha256/ab/<hex>. A blob is written to a temp file
 * in the same file system, fsynced, hashed while copied, then renamed into place and
 * the directory fsynced: a crash leaves at most an orphan temp file or an unreferenced
 * blob, never a database row pointing at a missing or partial file (rows are committed
 * only after put() returns).
 */
export class BlobStore {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(blobsRoot: string) {
    this.root = blobsRoot;
    this.tmpDir = path.join(blobsRoot, 'tmp');
  }

  pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new AppError('INVALID_INPUT', `not a SHA-256 hex digest: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** Copies `source` into the store. `displayName` names the file in errors. */
  async put(source: string, displayName: string, signal?: AbortSignal): Promise<StoredBlob> {
    fs.mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
    const temp = path.join(this.tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      const output = fs.createWriteStream(temp, { flags: 'wx', mode: 0o600 });
      // Large chunks: PDFs run to hundreds of MB, and 64 KiB reads cost more in calls than in bytes.
      const input = fs.createReadStream(source, { highWaterMark: COPY_CHUNK });
      input.on('data', (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      await pipeline(input, output, signal === undefined ? {} : { signal });
      await fsyncFile(temp);
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      if (fs.existsSync(target)) {
        fs.rmSync(temp, { force: true });
        return { sha256, bytes, created: false };
      }
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fs.renameSync(temp, target);
      await fsyncFile(path.dirname(target));
      return { sha256, bytes, created: true };
    } catch (error) {
      fs.rmSync(temp, { force: true });
      if (signal?.aborted === true) throw new AppError('CANCELLED', 'storing a file was cancelled');
      if (errorCodeOf(error) === 'ENOENT' || errorCodeOf(error) === 'EACCES' || errorCodeOf(error) === 'EISDIR') {
        throw new AppError('FILE_UNREADABLE', `cannot read ${displayName}: ${messageOf(error)}`, {
          file: displayName,
          reason: errorCodeOf(error),
        });
      }
      throw error;
    }
  }

  /**
   * Moves a file already verified to hash to `sha256` (e.g. a panel package's document,
   * hashed against the signed manifest while it was extracted) into the store without
   * copying it: fsync, rename, fsync the directory. `file` must be on the same file
   * system (the data directory's staging); it is gone afterwards either way.
   */
  async adopt(file: string, sha256: string): Promise<StoredBlob> {
    const target = this.pathOf(sha256);
    const bytes = fs.statSync(file).size;
    if (fs.existsSync(target)) {
      fs.rmSync(file, { force: true });
      return { sha256, bytes, created: false };
    }
    await fsyncFile(file);
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    fs.chmodSync(file, 0o600);
    fs.renameSync(file, target);
    await fsyncFile(path.dirname(target));
    return { sha256, bytes, created: true };
  }

  /** Removes a blob this import created, when its rows could not be committed. */
  remove(sha256: string): void {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }

  /** Temp files left by a crash mid-copy: safe to delete at start, nothing references them. */
  sweepTemp(): number {
    if (!fs.existsSync(this.tmpDir)) return 0;
    const names = fs.readdirSync(this.tmpDir);
    for (const name of names) fs.rmSync(path.join(this.tmpDir, name), { force: true });
    return names.length;
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
