import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import yazl from 'yazl';
import {
  BACKUP_BLOB_ENTRY,
  BACKUP_DATABASE_ENTRY,
  BACKUP_FORMAT,
  BACKUP_KEY_ENTRY,
  BACKUP_MANIFEST_ENTRY,
  BackupManifestSchema,
  type BackupEntry,
  type BackupManifest,
} from '../../../shared/domain/backup';
import { AppError, isAppError, messageOf } from '../errors';

/**
 * The backup's zip, written with yazl and read with yauzl under suspicion: every entry
 * name must be one a backup holds (the manifest, the database, a blob named by its hash,
 * a key file) and appear once; the entries must be exactly the manifest's; each is
 * streamed out while hashed and compared with the manifest before the next. Nothing is
 * written outside the destination folder the caller gave (and removes on failure).
 */

/** Generous for a round's PDFs, far below what would fill a disk by surprise. */
const MAX_ENTRY_BYTES = 4 * 1024 ** 3;
const MAX_MANIFEST_BYTES = 64 * 1024 ** 2;

export interface PackedFile {
  /** The entry name in the backup. */
  path: string;
  /** Where the bytes are now. */
  source: string;
  size: number;
  sha256: string;
}

/** Writes the zip: the manifest first, then the files, the database compressed, documents stored as they are. */
export async function writeBackupArchive(target: string, manifest: BackupManifest, files: readonly PackedFile[]): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), BACKUP_MANIFEST_ENTRY, { mtime: new Date(manifest.createdAt) });
  for (const file of files) {
    // PDFs are compressed already; the database and keys shrink.
    zip.addFile(file.source, file.path, { compress: !file.path.startsWith('blobs/'), mtime: new Date(manifest.createdAt) });
  }
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
}

export function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    fs.createReadStream(file)
      .on('data', (chunk: string | Buffer) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        hash.update(bytes);
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), size }));
  });
}

export function damaged(file: string, detail: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('BACKUP_DAMAGED', `backup ${file} is damaged: ${detail}`, { file, detail, ...extra });
}

function notBackup(file: string, detail: string): AppError {
  return new AppError('BACKUP_FORMAT_UNKNOWN', `${file} is not a Panel Review backup: ${detail}`, { file, detail });
}

/** Where an entry goes under `destination`, or an error naming the entry if a backup never holds that name. */
function destinationOf(name: string, destination: string, file: string): string {
  if (name === BACKUP_DATABASE_ENTRY) return path.join(destination, BACKUP_DATABASE_ENTRY);
  const blob = BACKUP_BLOB_ENTRY.exec(name);
  if (blob !== null) {
    if (blob[2]?.slice(0, 2) !== blob[1]) throw damaged(file, `${name} is filed under the wrong folder`, { entry: name });
    return path.join(destination, ...name.split('/'));
  }
  if (BACKUP_KEY_ENTRY.test(name)) return path.join(destination, ...name.split('/'));
  throw damaged(file, `it holds an entry a backup never has: ${name}`, { entry: name });
}

function openArchive(zipPath: string, file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (error, zip) => {
      if (error !== null || zip === undefined) reject(error !== null && /zip|signature|central/i.test(error.message) ? notBackup(file, messageOf(error)) : (error ?? new Error('no zip')));
      else resolve(zip);
    });
  });
}

function readEntries(zip: ZipFile, file: string): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      const name = entry.fileName;
      if (entries.has(name)) return reject(damaged(file, `${name} appears twice`, { entry: name }));
      if (name.endsWith('/')) return reject(damaged(file, `it holds a folder entry ${name}`, { entry: name }));
      if (entry.isEncrypted()) return reject(damaged(file, `${name} is encrypted`, { entry: name }));
      if (entry.uncompressedSize > (name === BACKUP_MANIFEST_ENTRY ? MAX_MANIFEST_BYTES : MAX_ENTRY_BYTES)) return reject(damaged(file, `${name} is too large`, { entry: name }));
      entries.set(name, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: unknown) => reject(isAppError(error) ? error : damaged(file, messageOf(error))));
    zip.readEntry();
  });
}

function entryStream(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error !== null || stream === undefined ? reject(error ?? new Error('no stream')) : resolve(stream))));
}

async function readManifest(zip: ZipFile, entry: Entry | undefined, file: string): Promise<BackupManifest> {
  if (entry === undefined) throw notBackup(file, `there is no ${BACKUP_MANIFEST_ENTRY}`);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of await entryStream(zip, entry)) chunks.push(chunk as Buffer);
  } catch (error) {
    throw damaged(file, `${BACKUP_MANIFEST_ENTRY}: ${messageOf(error)}`, { entry: BACKUP_MANIFEST_ENTRY });
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw damaged(file, `${BACKUP_MANIFEST_ENTRY} is not JSON (${messageOf(error)})`, { entry: BACKUP_MANIFEST_ENTRY });
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== BACKUP_FORMAT) throw notBackup(file, `the format is ${JSON.stringify(format)}, not ${BACKUP_FORMAT}`);
  const parsed = BackupManifestSchema.safeParse(json);
  if (!parsed.success) throw damaged(file, `${BACKUP_MANIFEST_ENTRY} is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, { entry: BACKUP_MANIFEST_ENTRY });
  return parsed.data;
}

/** Streams one entry to `target` while hashing it; refuses a size or hash other than the manifest's. */
async function extractEntry(zip: ZipFile, entry: Entry, expected: BackupEntry, target: string, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const hash = createHash('sha256');
  let size = 0;
  try {
    const stream = await entryStream(zip, entry);
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
    });
    await pipeline(stream, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    throw damaged(file, `${expected.path}: ${messageOf(error)}`, { entry: expected.path });
  }
  const sha256 = hash.digest('hex');
  if (size !== expected.size || sha256 !== expected.sha256) throw damaged(file, `${expected.path} is not what the manifest says (size or SHA-256)`, { entry: expected.path });
}

/**
 * Reads `zipPath` into `destination` (which must be empty or absent; the caller removes
 * it on failure): the manifest, then every entry it names, each checked. Returns the manifest.
 */
export async function extractBackupArchive(zipPath: string, destination: string, file: string): Promise<BackupManifest> {
  let zip: ZipFile;
  try {
    zip = await openArchive(zipPath, file);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: messageOf(error) });
  }
  try {
    const entries = await readEntries(zip, file);
    const manifest = await readManifest(zip, entries.get(BACKUP_MANIFEST_ENTRY), file);
    entries.delete(BACKUP_MANIFEST_ENTRY);
    const listed = new Map(manifest.entries.map((entry) => [entry.path, entry]));
    if (listed.size !== manifest.entries.length) throw damaged(file, 'the manifest names an entry twice', { entry: BACKUP_MANIFEST_ENTRY });
    if (!listed.has(BACKUP_DATABASE_ENTRY)) throw damaged(file, `the manifest names no ${BACKUP_DATABASE_ENTRY}`, { entry: BACKUP_MANIFEST_ENTRY });
    for (const name of entries.keys()) if (!listed.has(name)) throw damaged(file, `${name} is not in the manifest`, { entry: name });
    for (const name of listed.keys()) if (!entries.has(name)) throw damaged(file, `${name} is missing`, { entry: name });
    fs.mkdirSync(destination, { recursive: true, mode: 0o700 });
    for (const [name, expected] of listed) {
      const target = destinationOf(name, destination, file);
      const blob = BACKUP_BLOB_ENTRY.exec(name);
      if (blob !== null && blob[2] !== expected.sha256) throw damaged(file, `${name} is listed with another hash`, { entry: name });
      const entry = entries.get(name);
      if (entry !== undefined) await extractEntry(zip, entry, expected, target, file);
    }
    return manifest;
  } finally {
    zip.close();
  }
}
