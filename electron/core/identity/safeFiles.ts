import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, errorCodeOf, messageOf } from '../errors';

/**
 * Files that must be whole or absent: written to a temp file beside the target,
 * fsynced, then moved into place. "New" files are linked rather than renamed into
 * place, so an existing file is never replaced, even by a racing process.
 */

export interface WriteOptions {
  mode: number;
  /** Replace an existing file (atomically); otherwise an existing file is refused. */
  overwrite?: boolean;
}

export class FileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists`);
    this.name = 'FileExistsError';
  }
}

/** Throws FileExistsError for an existing target (unless overwrite); fs errors otherwise. */
export function writeFileAtomic(target: string, data: string | Uint8Array, { mode, overwrite = false }: WriteOptions): void {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${randomUUID()}.tmp`);
  const fd = fs.openSync(temp, 'wx', mode);
  let open = true;
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    open = false;
    if (overwrite) fs.renameSync(temp, target);
    else linkNoClobber(temp, target);
    syncDirectory(dir);
  } finally {
    if (open) fs.closeSync(fd);
    // After a rename the temp name is gone; after a link or a failure it is removed here.
    fs.rmSync(temp, { force: true });
  }
}

function linkNoClobber(temp: string, target: string): void {
  try {
    fs.linkSync(temp, target);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'EEXIST') throw new FileExistsError(target);
    // Some file systems (FAT on USB sticks) have no hard links: check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (fs.existsSync(target)) throw new FileExistsError(target);
    fs.renameSync(temp, target);
  }
}

/** Makes the rename itself durable; not possible (nor needed) on Windows. */
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

export interface NewFile {
  file: string;
  data: string | Uint8Array;
  mode: number;
}

/**
 * Writes several files that belong together (a key and its .pub) to paths the user
 * chose: all or none. Existing files are refused before anything is written.
 */
export function writeNewFiles(files: readonly NewFile[]): void {
  const seen = new Set<string>();
  for (const { file } of files) {
    const resolved = path.resolve(file);
    if (seen.has(resolved)) throw new AppError('INVALID_INPUT', `${file} is given twice`, { file, issues: [issue('validation.sameFile', file)] });
    seen.add(resolved);
    if (fs.existsSync(resolved)) throw fileExists(file);
  }
  const written: string[] = [];
  try {
    for (const { file, data, mode } of files) {
      writeFileAtomic(path.resolve(file), data, { mode });
      written.push(file);
    }
  } catch (error) {
    for (const file of written) fs.rmSync(file, { force: true });
    if (error instanceof FileExistsError) throw fileExists(error.file);
    throw cannotWrite(files[written.length]?.file ?? '', error);
  }
}

export function fileExists(file: string): AppError {
  return new AppError('INVALID_INPUT', `${file} already exists; it is not overwritten`, { file, issues: [issue('validation.fileExists', file)] });
}

export function cannotWrite(file: string, error: unknown): AppError {
  const reason = errorCodeOf(error) ?? messageOf(error);
  return new AppError('INVALID_INPUT', `cannot write ${file}: ${messageOf(error)}`, {
    file,
    reason,
    issues: [{ path: [], message: 'validation.cannotWrite', params: { file, reason } }],
  });
}

function issue(message: string, file: string) {
  return { path: [], message, params: { file } };
}
