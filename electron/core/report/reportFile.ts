import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, errorCodeOf } from '../errors';
import { cannotWrite } from '../identity/safeFiles';

/**
 * A report file is whole or absent: the bytes go to a temp file beside the target and
 * are fsynced; only then is it renamed over the target, inside the caller's commit step.
 * So a failure at any point leaves the previous file at `out` untouched (if there was
 * one) and no temp file behind.
 */

/** Refuses an `out` whose folder is missing or which is itself a folder, before any work is done. */
export function checkReportTarget(file: string): void {
  const dir = path.dirname(file);
  const folder = statOrNull(dir);
  if (folder === null || !folder.isDirectory()) {
    throw new AppError('INVALID_INPUT', `the folder ${dir} does not exist`, { file, issues: [{ path: ['out'], message: 'validation.outDirMissing', params: { dir } }] });
  }
  if (statOrNull(file)?.isDirectory() === true) {
    throw new AppError('INVALID_INPUT', `${file} is a folder`, { file, issues: [{ path: ['out'], message: 'validation.outIsDirectory', params: { file } }] });
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT' || errorCodeOf(error) === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * Writes `bytes` beside `file`, then calls `commit(rename)`: the caller records what it
 * must (the audit entry) and calls `rename()` last in the same transaction, so the file
 * appears exactly when the record does; should the commit still fail after the rename,
 * the new file is removed. File-system errors become INVALID_INPUT naming the file.
 */
export function writeReportFile<T>(file: string, bytes: Uint8Array, commit: (rename: () => void) => T): T {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
  let renamed = false;
  try {
    const fd = fs.openSync(temp, 'wx', 0o644);
    try {
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return commit(() => {
      fs.renameSync(temp, file);
      renamed = true;
      syncDirectory(dir);
    });
  } catch (error) {
    // Renamed but not recorded (the commit itself failed): a report the audit log does not know is not left behind.
    if (renamed) removeQuietly(file);
    if (error instanceof AppError) throw error;
    throw cannotWrite(file, error);
  } finally {
    if (!renamed) removeQuietly(temp);
  }
}

/** Cleanup must not hide the error that made it necessary (a name too long to create is too long to remove). */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing was created under that name, or it cannot be reached: nothing to remove.
  }
}

/** Makes the rename durable; not possible (nor needed) on Windows. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on Windows: the rename is durable there once it returns.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
