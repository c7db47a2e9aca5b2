import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { panelDocumentFiles, type PanelManifest } from '../../../shared/domain/panelPackage';
import { isAppError, messageOf } from '../errors';
import type { PanelLimits } from './limits';
import { classifyEntryName, documentEntryName, MANIFEST_ENTRY, parseManifest, SIGNATURE_ENTRY, verifyManifestSignature } from './manifest';
import { hashMismatch, isSystemError, limitExceeded, malformed, unexpectedEntry } from './packageErrors';

/**
 * The decrypted zip of a panel package, read with suspicion: the whole central directory
 * is checked (names, types, methods, sizes) and the manifest's signature verified before
 * one document byte is written; then each document streams out while it is hashed.
 */

export interface StagedPanelDocument {
  sha256: string;
  /** The extracted PDF, in the caller's staging directory. */
  path: string;
}

export interface PackageContents {
  manifest: PanelManifest;
  manifestSha256: string;
  /** Of the key that signed the manifest (the manifest's secretary key). */
  secretaryFingerprint: string;
  documents: StagedPanelDocument[];
}

interface Directory {
  manifest: Entry | undefined;
  signature: Entry | undefined;
  documents: Map<string, Entry>;
}

/** Reads `zipPath` and writes the documents into `outDir` (which the caller removes on failure). */
export async function readPackageArchive(zipPath: string, outDir: string, file: string, limits: PanelLimits): Promise<PackageContents> {
  const zip = await openArchive(zipPath, file);
  try {
    const directory = await readDirectory(zip, file, limits);
    if (directory.manifest === undefined) throw malformed(file, 'there is no manifest.json', { entry: MANIFEST_ENTRY });
    if (directory.signature === undefined) throw malformed(file, 'there is no manifest.json.sig', { entry: SIGNATURE_ENTRY });
    const manifestJson = await readSmallEntry(zip, directory.manifest, MANIFEST_ENTRY, file);
    const signature = await readSmallEntry(zip, directory.signature, SIGNATURE_ENTRY, file);
    const { manifest, sha256 } = parseManifest(manifestJson, file);
    const secretaryFingerprint = verifyManifestSignature(manifestJson, signature, manifest, file);
    const planned = planDocuments(manifest, directory.documents, file);
    const documents: StagedPanelDocument[] = [];
    for (const { sha256: documentSha, entry } of planned) {
      const target = path.join(outDir, `${documentSha}.pdf`);
      await extractDocument(zip, entry, documentSha, target, file, limits);
      documents.push({ sha256: documentSha, path: target });
    }
    return { manifest, manifestSha256: sha256, secretaryFingerprint, documents };
  } finally {
    zip.close();
  }
}

async function openArchive(zipPath: string, file: string): Promise<ZipFile> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      // Two passes (the directory, then the data): we close it ourselves in finally.
      autoClose: false,
      lazyEntries: true,
      validateEntrySizes: true,
      // Backslashes refused, not turned into separators: a name has one reading only.
      strictFileNames: true,
    });
  } catch (error) {
    throw malformed(file, `the decrypted content is not a zip archive: ${messageOf(error)}`);
  }
  // Errors reach us through eachEntry() and the read streams; this keeps a late one
  // (closing the file) from being an uncaught 'error' event.
  zip.on('error', () => undefined);
  return zip;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;
const FLAG_ENCRYPTED = 0x1;
const STORED = 0;
const DEFLATED = 8;
/** As for imported zips: PDFs barely shrink, bombs are at 1000:1; small entries cannot hurt. */
const MAX_RATIO = 100;
const RATIO_FLOOR_BYTES = 1024 * 1024;
/** What yauzl says, with strictFileNames, about a name that escapes the archive. */
const YAUZL_NAME_ERROR = /^(invalid characters in fileName|absolute path|invalid relative path): ([\s\S]*)$/;

async function readDirectory(zip: ZipFile, file: string, limits: PanelLimits): Promise<Directory> {
  // The end record's count is known before any entry is read.
  if (zip.entryCount > limits.maxDocuments + 2) {
    throw limitExceeded(file, `it has ${zip.entryCount} entries; at most ${limits.maxDocuments} documents are accepted`);
  }
  const directory: Directory = { manifest: undefined, signature: undefined, documents: new Map() };
  const seen = new Set<string>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      const kind = classifyEntryName(name);
      if (kind === undefined) throw unexpectedEntry(file, name, 'a package holds only manifest.json, manifest.json.sig and docs/<sha256>.pdf');
      // yauzl may take the name from a Unicode Path extra field; other tools read the
      // header's bytes. Both must say the same, or two readers would see two packages.
      if (!Buffer.from(name, 'utf8').equals(entry.fileNameRaw)) throw unexpectedEntry(file, name, 'its Unicode path field differs from its name');
      if (seen.has(name)) throw unexpectedEntry(file, name, 'duplicate name');
      seen.add(name);
      checkEntryShape(entry, name, file);
      const size = entry.uncompressedSize;
      if (kind.kind === 'manifest') {
        if (size > limits.maxManifestBytes) throw limitExceeded(file, `manifest.json is ${size} bytes; the limit is ${limits.maxManifestBytes}`, name);
        directory.manifest = entry;
      } else if (kind.kind === 'signature') {
        if (size > limits.maxSignatureBytes) throw limitExceeded(file, `manifest.json.sig is ${size} bytes; the limit is ${limits.maxSignatureBytes}`, name);
        directory.signature = entry;
      } else {
        if (size > limits.maxDocumentBytes) throw limitExceeded(file, `${name} is ${size} bytes; the limit per document is ${limits.maxDocumentBytes}`, name);
        // Our writer stores PDFs; a deflated one that expands this much is a bomb, not a PDF.
        if (size > RATIO_FLOOR_BYTES && size > MAX_RATIO * entry.compressedSize) throw limitExceeded(file, `${name} expands more than ${MAX_RATIO} times`, name);
        total += size;
        if (total > limits.maxTotalBytes) throw limitExceeded(file, `the documents total more than ${limits.maxTotalBytes} bytes`);
        if (directory.documents.size >= limits.maxDocuments) throw limitExceeded(file, `more than ${limits.maxDocuments} documents`);
        directory.documents.set(kind.sha256, entry);
      }
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    const bad = YAUZL_NAME_ERROR.exec(messageOf(error));
    if (bad?.[2] !== undefined) throw unexpectedEntry(file, bad[2], bad[1] ?? 'unsafe name');
    throw malformed(file, `its zip directory is damaged: ${messageOf(error)}`);
  }
  return directory;
}

/** Regular, unencrypted files only, stored or deflated: nothing else has a use here. */
function checkEntryShape(entry: Entry, name: string, file: string): void {
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) throw unexpectedEntry(file, name, 'symbolic link');
  if ((type !== 0 && type !== S_IFREG) || (entry.externalFileAttributes & DOS_DIRECTORY) !== 0) throw unexpectedEntry(file, name, 'not a regular file');
  if ((entry.generalPurposeBitFlag & FLAG_ENCRYPTED) !== 0) throw malformed(file, `${name} is encrypted inside the zip`, { entry: name });
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw malformed(file, `${name} uses zip compression method ${entry.compressionMethod}; only stored and deflate are accepted`, { entry: name });
  }
}

/** The manifest and signature, already capped by their declared (and validated) sizes. */
async function readSmallEntry(zip: ZipFile, entry: Entry, name: string, file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    const stream = await zip.openReadStreamPromise(entry);
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch (error) {
    throw entryDamaged(error, name, file);
  }
  return Buffer.concat(chunks);
}

/** Every listed document present and sized as listed, and nothing unlisted. */
function planDocuments(manifest: PanelManifest, entries: Map<string, Entry>, file: string): { sha256: string; entry: Entry }[] {
  const listed = panelDocumentFiles(manifest);
  const listedShas = new Set(listed.map((document) => document.sha256));
  for (const sha256 of entries.keys()) {
    if (!listedShas.has(sha256)) throw unexpectedEntry(file, documentEntryName(sha256), 'not listed in the manifest');
  }
  return listed.map(({ sha256, bytes }) => {
    const name = documentEntryName(sha256);
    const entry = entries.get(sha256);
    if (entry === undefined) throw malformed(file, `${name}, listed in the manifest, is missing`, { entry: name });
    if (entry.uncompressedSize !== bytes) throw hashMismatch(file, name, `is ${entry.uncompressedSize} bytes; the manifest lists ${bytes}`);
    return { sha256, entry };
  });
}

async function extractDocument(zip: ZipFile, entry: Entry, sha256: string, target: string, file: string, limits: PanelLimits): Promise<void> {
  const name = documentEntryName(sha256);
  const hash = createHash('sha256');
  let bytes = 0;
  // 'wx': never overwrite or follow what is already there.
  const output = await fs.promises.open(target, 'wx', 0o600);
  try {
    const input = await zip.openReadStreamPromise(entry);
    await pipeline(
      input,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          // yauzl stops at the declared size too (validateEntrySizes); the cap is ours to keep.
          if (bytes > limits.maxDocumentBytes) throw limitExceeded(file, `${name} unpacks to more than ${limits.maxDocumentBytes} bytes`, name);
          hash.update(chunk);
          yield chunk;
        }
      },
      output.createWriteStream(),
    );
  } catch (error) {
    throw entryDamaged(error, name, file);
  } finally {
    // Closed before anyone deletes it: Windows cannot remove an open file.
    await output.close().catch(() => undefined);
  }
  if (hash.digest('hex') !== sha256) throw hashMismatch(file, name, 'does not have the SHA-256 in its name and the manifest');
}

function entryDamaged(error: unknown, name: string, file: string): unknown {
  if (isAppError(error) || isSystemError(error)) return error;
  return malformed(file, `${name} is damaged: ${messageOf(error)}`, { entry: name });
}
