import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TextDecoder } from 'node:util';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError, errorCodeOf, isAppError, messageOf } from '../errors';

/**
 * The safe reader for zipped application packages. Everything in the central
 * directory is checked before one byte is written; then only the PDFs are streamed out,
 * under generated names, with sizes and CRC-32 counted as they arrive. A refusal or a
 * cancel removes every file this call wrote.
 */

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
  maxRatio: number;
}

const GiB = 1024 ** 3;

export const DEFAULT_ZIP_LIMITS: ZipLimits = Object.freeze({
  maxEntries: 2000,
  maxTotalBytes: 4 * GiB,
  maxEntryBytes: 1 * GiB,
  // PDFs are compressed inside already and barely shrink again; bombs are at 1000:1.
  maxRatio: 100,
});

/**
 * Below this size the ratio is not checked: a small file cannot exhaust anything
 * whatever its ratio, and tiny files with a long run of blanks can pass 100:1.
 */
const RATIO_FLOOR_BYTES = 1024 ** 2;

export interface ZipPdf {
  /** The path inside the zip: NFC, '/' separators. */
  entryName: string;
  /** The extracted file in destDir. */
  file: string;
  bytes: number;
}

export type ZipSkipReason = 'not-pdf' | 'system-file';

export interface ZipReadResult {
  pdfs: ZipPdf[];
  skipped: { entryName: string; reason: ZipSkipReason }[];
}

export interface ZipReadOptions {
  /** How people know the zip; named in every error. */
  displayName: string;
  limits?: Partial<ZipLimits>;
  signal?: AbortSignal;
}

interface PlannedPdf {
  entry: Entry;
  entryName: string;
}

/**
 * Extracts the PDFs of `zipPath` into `destDir` (which the caller owns and removes) as
 * `0.pdf`, `1.pdf`, … in central-directory order. Throws ZIP_INVALID, ZIP_UNSAFE_ENTRY,
 * ZIP_LIMIT, ZIP_NESTED, IMPORT_NO_PDF, FILE_UNREADABLE or CANCELLED.
 */
export async function extractPdfsFromZip(zipPath: string, destDir: string, options: ZipReadOptions): Promise<ZipReadResult> {
  const { displayName: file, signal } = options;
  const limits = resolveLimits(options.limits);
  throwIfCancelled(signal);
  const zip = await openZip(zipPath, file);
  const written: string[] = [];
  try {
    const { pdfs: planned, skipped } = await planEntries(zip, file, limits, signal);
    if (planned.length === 0) throw new AppError('IMPORT_NO_PDF', `no PDF files in ${file}`, { file });
    const pdfs: ZipPdf[] = [];
    let total = 0;
    for (const [index, pdf] of planned.entries()) {
      throwIfCancelled(signal);
      // Never the entry name: the name is data, the path is ours.
      const target = path.join(destDir, `${index}.pdf`);
      const bytes = await extractEntry(zip, pdf, target, written, { file, budget: limits.maxTotalBytes - total, limits, signal });
      total += bytes;
      pdfs.push({ entryName: pdf.entryName, file: target, bytes });
    }
    return { pdfs, skipped };
  } catch (error) {
    await Promise.all(written.map((target) => fs.promises.rm(target, { force: true })));
    throw asZipError(error, file, signal);
  } finally {
    zip.close();
  }
}

function resolveLimits(given: Partial<ZipLimits> = {}): ZipLimits {
  return {
    maxEntries: given.maxEntries ?? DEFAULT_ZIP_LIMITS.maxEntries,
    maxTotalBytes: given.maxTotalBytes ?? DEFAULT_ZIP_LIMITS.maxTotalBytes,
    maxEntryBytes: given.maxEntryBytes ?? DEFAULT_ZIP_LIMITS.maxEntryBytes,
    maxRatio: given.maxRatio ?? DEFAULT_ZIP_LIMITS.maxRatio,
  };
}

async function openZip(zipPath: string, file: string): Promise<ZipFile> {
  try {
    const zip = await yauzl.openPromise(zipPath, {
      // Two passes (check everything, then extract) need the file open after the
      // central directory ends; autoClose would close it right there. We close in finally.
      autoClose: false,
      // Raw name bytes: yauzl would decode non-UTF-8 names as CP437, and Chinese
      // Windows writes GBK. With this off yauzl does not check names either (nor does
      // strictFileNames apply), so nameProblem() below is the only name check.
      decodeStrings: false,
      validateEntrySizes: true,
    });
    // Entry and data errors reach us through eachEntry() and the read streams; this
    // keeps a late error (closing the fd) from being an uncaught 'error' event.
    zip.on('error', () => undefined);
    return zip;
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') {
      throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: code });
    }
    throw new AppError('ZIP_INVALID', `${file} is not a valid zip archive: ${messageOf(error)}`, { file, reason: messageOf(error) });
  }
}

// ---------------------------------------------------------------- pass 1: the central directory

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;
const LOCAL_HEADER_FIXED_BYTES = 30;

const SYSTEM_FILE_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);
const ARCHIVE_NAME = /\.(zip|zipx|7z|rar|tar|gz|tgz|bz2|xz)$/i;
const PDF_NAME = /\.pdf$/i;

async function planEntries(zip: ZipFile, file: string, limits: ZipLimits, signal: AbortSignal | undefined) {
  // The end record's count is known before any entry is read: refuse 65535 entries up front.
  if (zip.entryCount > limits.maxEntries) {
    throw limitError(file, undefined, `it has ${zip.entryCount} entries and the limit is ${limits.maxEntries}`);
  }
  const pdfs: PlannedPdf[] = [];
  const skipped: ZipReadResult['skipped'] = [];
  const spans: { name: string; start: number; end: number }[] = [];
  const pdfNames = new Set<string>();
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    throwIfCancelled(signal);
    const shown = decodeName(entry);
    // Backslash is a separator here: Windows PowerShell 5.1's Compress-Archive writes
    // `dir\file.pdf`. Checking after the conversion still refuses `a\..\b.pdf`.
    const name = shown.replace(/\\/g, '/');
    const problem = nameProblem(name);
    if (problem !== undefined) throw unsafeError(file, shown, problem);
    spans.push({ name, start: entry.relativeOffsetOfLocalHeader, end: entry.relativeOffsetOfLocalHeader + LOCAL_HEADER_FIXED_BYTES + entry.compressedSize });

    const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (type === S_IFLNK) throw unsafeError(file, name, 'symbolic link');
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw unsafeError(file, name, 'not a regular file');
    if (name.endsWith('/') || type === S_IFDIR) continue;

    if ((entry.generalPurposeBitFlag & FLAG_ENCRYPTED) !== 0) {
      throw new AppError('ZIP_INVALID', `${file}: entry ${name} is encrypted`, { file, entry: name, reason: 'encrypted' });
    }
    if (isSystemFile(name)) {
      skipped.push({ entryName: name, reason: 'system-file' });
      continue;
    }
    if (ARCHIVE_NAME.test(name)) throw nestedError(file, name);
    if (!PDF_NAME.test(name)) {
      skipped.push({ entryName: name, reason: 'not-pdf' });
      continue;
    }
    // Only PDFs are ever decompressed, so only their declared sizes can cost anything.
    checkDeclaredSizes(entry, name, file, limits);
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw limitError(file, undefined, `its PDFs unpack to more than ${limits.maxTotalBytes} bytes in total`);
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw new AppError('ZIP_INVALID', `${file}: entry ${name} uses compression method ${entry.compressionMethod}`, {
        file,
        entry: name,
        reason: `unsupported compression method ${entry.compressionMethod} in “${name}”`,
      });
    }
    // Names are how people tell documents apart; two alike would make one a stowaway.
    if (pdfNames.has(name)) throw unsafeError(file, name, 'duplicate name');
    pdfNames.add(name);
    pdfs.push({ entry, entryName: name });
  }
  checkOverlaps(spans, file);
  return { pdfs, skipped };
}

function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty name';
  if (codePoints(name).some((code) => code < 0x20 || (code >= 0x7f && code <= 0x9f))) return 'control character in name';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[a-z]:/i.test(name)) return 'absolute path with a drive letter';
  if (name.split('/').includes('..')) return 'path goes up with ..';
  return undefined;
}

function isSystemFile(name: string): boolean {
  const segments = name.split('/');
  const base = (segments.at(-1) ?? '').toLowerCase();
  // `._x` are macOS resource forks (AppleDouble), also found outside __MACOSX/.
  return segments.includes('__MACOSX') || SYSTEM_FILE_NAMES.has(base) || base.startsWith('._');
}

function checkDeclaredSizes(entry: Entry, name: string, file: string, limits: ZipLimits): void {
  const size = entry.uncompressedSize;
  if (size > limits.maxEntryBytes) {
    throw limitError(file, name, `“${name}” unpacks to ${size} bytes and the limit per file is ${limits.maxEntryBytes}`);
  }
  // Multiplying rather than dividing also refuses data claimed from zero compressed bytes.
  if (size > RATIO_FLOOR_BYTES && size > limits.maxRatio * entry.compressedSize) {
    const ratio = entry.compressedSize === 0 ? 'infinitely' : `${Math.round(size / entry.compressedSize)} times`;
    throw limitError(file, name, `“${name}” expands ${ratio} its compressed size and the limit is ${limits.maxRatio}`);
  }
}

/**
 * Entries whose local data overlap are the "non-recursive zip bomb" (many directory
 * records pointing at one payload). No archiver writes them. Each entry occupies at least
 * its 30-byte local header plus its compressed data.
 */
function checkOverlaps(spans: { name: string; start: number; end: number }[], file: string): void {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous !== undefined && current !== undefined && current.start < previous.end) {
      throw unsafeError(file, current.name, `overlaps the data of “${previous.name}”`);
    }
  }
}

// ---------------------------------------------------------------- names

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });
const gb18030Lossy = new TextDecoder('gb18030');

/**
 * Entry names, NFC. Order: the Info-ZIP Unicode Path field when its CRC matches (yauzl
 * honours it only when it decodes names itself); UTF-8 when flagged or valid; otherwise
 * GB18030 (a superset of GBK, what Chinese Windows writes without the flag). Names that
 * are neither are decoded lossily: the name is a label, never a path.
 */
function decodeName(entry: Entry): string {
  const raw = entry.fileNameRaw;
  const unicodePath = entry.extraFields.find((field) => field.id === 0x7075);
  if (unicodePath !== undefined && unicodePath.data.length > 5 && unicodePath.data[0] === 1 && unicodePath.data.readUInt32LE(1) === crc32(raw)) {
    const name = tryDecode(utf8, unicodePath.data.subarray(5));
    if (name !== undefined) return name.normalize('NFC');
  }
  const asUtf8 = tryDecode(utf8, raw);
  if (asUtf8 !== undefined && (entry.generalPurposeBitFlag & FLAG_UTF8) !== 0) return asUtf8.normalize('NFC');
  const asGb = tryDecode(gb18030, raw);
  if (asUtf8 !== undefined && (asGb === undefined || !isGbkReadAsUtf8(asUtf8, asGb))) return asUtf8.normalize('NFC');
  return (asGb ?? gb18030Lossy.decode(raw)).normalize('NFC');
}

/**
 * Short GBK names are often valid UTF-8 too: 目录 (C4BF C2BC) reads as “Ŀ¼”. Real UTF-8
 * Chinese lies at U+0800 and above; a reading with nothing up there, against a GB18030
 * reading that is all Chinese, is GBK.
 */
function isGbkReadAsUtf8(asUtf8: string, asGb: string): boolean {
  const gb = codePoints(asGb);
  return codePoints(asUtf8).every((code) => code < 0x800) && gb.some((code) => code >= 0x80) && gb.every((code) => code < 0x80 || isChinese(code));
}

function isChinese(code: number): boolean {
  return (
    (code >= 0x3000 && code <= 0x303f) || // CJK punctuation
    (code >= 0x3400 && code <= 0x4dbf) || // Extension A
    (code >= 0x4e00 && code <= 0x9fff) || // Unified Ideographs
    (code >= 0xff00 && code <= 0xffef) // full-width forms
  );
}

function codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0) ?? 0);
}

function tryDecode(decoder: TextDecoder, bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- pass 2: extraction

// Archive signatures: zip (local header, empty, spanned), RAR, 7z, gzip.
const ARCHIVE_MAGIC = [
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from([0x50, 0x4b, 0x05, 0x06]),
  Buffer.from([0x50, 0x4b, 0x07, 0x08]),
  Buffer.from('Rar!\x1a\x07', 'latin1'),
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
  Buffer.from([0x1f, 0x8b]),
];
const HEAD_BYTES = 8;

interface ExtractContext {
  file: string;
  /** What the total cap still allows. */
  budget: number;
  limits: ZipLimits;
  signal: AbortSignal | undefined;
}

/** Streams one PDF to `target`, trusting no header: bytes and CRC-32 are counted here. */
async function extractEntry(zip: ZipFile, pdf: PlannedPdf, target: string, written: string[], context: ExtractContext): Promise<number> {
  const { entry, entryName: name } = pdf;
  const { file, budget, limits, signal } = context;
  // 'wx': never overwrite or follow what is already there; only a file we created is ours to delete.
  const handle = await fs.promises.open(target, 'wx', 0o600);
  written.push(target);
  let bytes = 0;
  let crc = 0;
  let head = Buffer.alloc(0);
  const checkHead = () => {
    if (ARCHIVE_MAGIC.some((magic) => head.length >= magic.length && head.subarray(0, magic.length).equals(magic))) {
      throw nestedError(file, name);
    }
  };
  try {
    const input = await zip.openReadStreamPromise(entry);
    await pipeline(
      input,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          // yauzl stops at the declared size too; this is the same promise, kept here.
          if (bytes > entry.uncompressedSize) throw invalidEntry(file, name, 'it unpacks to more bytes than its header declares');
          if (bytes > limits.maxEntryBytes) throw limitError(file, name, `“${name}” unpacks to more than ${limits.maxEntryBytes} bytes`);
          if (bytes > budget) throw limitError(file, undefined, `its PDFs unpack to more than ${limits.maxTotalBytes} bytes in total`);
          if (head.length < HEAD_BYTES) {
            head = Buffer.concat([head, chunk]).subarray(0, HEAD_BYTES);
            if (head.length === HEAD_BYTES) checkHead();
          }
          crc = crc32(chunk, crc);
          yield chunk;
        }
        checkHead();
      },
      handle.createWriteStream(),
      signal === undefined ? {} : { signal },
    );
  } catch (error) {
    if (isAppError(error) || signal?.aborted === true || isSystemError(error)) throw error;
    throw invalidEntry(file, name, messageOf(error));
  } finally {
    // Closed before anyone deletes it: Windows cannot remove an open file.
    await handle.close();
  }
  if (bytes !== entry.uncompressedSize) throw invalidEntry(file, name, `it unpacks to ${bytes} bytes, not the ${entry.uncompressedSize} declared`);
  // yauzl does not check CRC-32.
  if (crc !== entry.crc32) throw invalidEntry(file, name, 'CRC-32 mismatch');
  return bytes;
}

// ---------------------------------------------------------------- errors

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('CANCELLED', 'reading the zip was cancelled');
}

/** Errno errors are about our disk, not the archive: they stay what they are. */
function isSystemError(error: unknown): boolean {
  return /^E[A-Z]+$/.test(errorCodeOf(error) ?? '');
}

function asZipError(error: unknown, file: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted === true) return new AppError('CANCELLED', 'reading the zip was cancelled');
  if (isAppError(error) || isSystemError(error)) return error;
  // What yauzl says about a broken central directory.
  return new AppError('ZIP_INVALID', `${file} is not a valid zip archive: ${messageOf(error)}`, { file, reason: messageOf(error) });
}

function unsafeError(file: string, entry: string, reason: string): AppError {
  return new AppError('ZIP_UNSAFE_ENTRY', `${file}: unsafe entry ${JSON.stringify(entry)} (${reason})`, { file, entry, reason });
}

function nestedError(file: string, entry: string): AppError {
  return new AppError('ZIP_NESTED', `${file}: nested archive ${entry}`, { file, entry });
}

function limitError(file: string, entry: string | undefined, reason: string): AppError {
  const details = entry === undefined ? { file, reason } : { file, entry, reason };
  return new AppError('ZIP_LIMIT', `${file} exceeds a limit: ${reason}`, details);
}

function invalidEntry(file: string, entry: string, problem: string): AppError {
  return new AppError('ZIP_INVALID', `${file}: entry ${entry} is damaged: ${problem}`, { file, entry, reason: `“${entry}”: ${problem}` });
}
