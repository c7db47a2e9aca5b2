import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { decryptFile } from '../crypto/ageFiles';
import { messageOf } from '../errors';
import { maxCiphertextBytes, type PanelLimits, resolvePanelLimits } from './limits';
import { type PackageContents, readPackageArchive, type StagedPanelDocument } from './packageArchive';
import { asPackageError, limitExceeded, malformed, packageError, packageFileName } from './packageErrors';

export type { StagedPanelDocument } from './packageArchive';

/**
 * Opens a panel package: age-decrypts it (streaming) into a zip in the staging
 * directory, checks the zip and the secretary's signature, and extracts the documents
 * there, each hashed against the signed manifest. All or nothing: on any failure every
 * file it wrote is gone before it throws, so a refused package leaves no trace.
 *
 * Whether the signing key is the round's secretary is not decided here (trust on first
 * use lives with the round); `secretaryFingerprint` is what to compare.
 */

export interface ReadPanelPackageOptions {
  file: string;
  /** AGE-SECRET-KEY-1… identities; one of them must be a recipient. */
  identities: string[];
  /** A directory on the same disk as the blob store, so staged PDFs can be renamed into it. */
  stagingDir: string;
  limits?: Partial<PanelLimits>;
}

export interface OpenedPanelPackage extends PackageContents {
  documents: StagedPanelDocument[];
  /** Removes whatever staged documents the caller has not moved away. */
  dispose(): Promise<void>;
}

export async function readPanelPackage(options: ReadPanelPackageOptions): Promise<OpenedPanelPackage> {
  const file = packageFileName(options.file);
  const limits = resolvePanelLimits(options.limits);
  await checkCiphertextSize(options.file, file, limits);
  // One fresh directory of our own: cleaning up is removing it, and nothing the caller
  // (or another import) put in stagingDir can be touched or collided with.
  await mkdir(options.stagingDir, { recursive: true });
  const workDir = await mkdtemp(path.join(options.stagingDir, '.prpanel-'));
  const dispose = () => rm(workDir, { recursive: true, force: true });
  try {
    const zipPath = path.join(workDir, 'package.zip');
    await decryptFile(options.file, zipPath, options.identities);
    const contents = await readPackageArchive(zipPath, workDir, file, limits);
    await rm(zipPath, { force: true });
    return { ...contents, dispose };
  } catch (error) {
    await dispose();
    throw asPackageError(error, file, (message) => malformed(file, message));
  }
}

/** A ciphertext too big for any acceptable package is refused before it fills the disk. */
async function checkCiphertextSize(filePath: string, file: string, limits: PanelLimits): Promise<void> {
  let size: number;
  try {
    size = (await stat(filePath)).size;
  } catch (error) {
    throw packageError('FILE_UNREADABLE', file, `cannot read the package: ${messageOf(error)}`);
  }
  const max = maxCiphertextBytes(limits);
  if (size > max) throw limitExceeded(file, `the package is ${size} bytes; no package within the limits is over ${max}`);
}
