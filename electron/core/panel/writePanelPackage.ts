import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import yazl from 'yazl';
import { panelDocumentFiles, PanelManifestSchema, type PanelManifest } from '../../../shared/domain/panelPackage';
import { encryptStream, recipientList } from '../crypto/ageCipher';
import { FileSink } from '../crypto/fileSink';
import { assertKeyPair, parseOpenSshPublicKey } from '../crypto/sshKeys';
import { AppError, isAppError, messageOf } from '../errors';
import { DEFAULT_PANEL_LIMITS } from './limits';
import { describeIssues, documentEntryName, MANIFEST_ENTRY, manifestBytes, memberKeyProblem, sameKey, SIGNATURE_ENTRY, signManifest } from './manifest';
import { pullStreamOf } from './nodeWebStream';
import { cancelled, hashMismatch, isSystemError, limitExceeded, packageError, packageFileName } from './packageErrors';

/**
 * Writes a panel package: zip (manifest.json, manifest.json.sig, docs/<sha256>.pdf,
 * all stored) → age → a temp file beside `outPath` → fsync → rename. It streams end to
 * end: a PDF chunk (1 MiB) and a batch or two of ciphertext are in memory at a time.
 * Each PDF is hashed as it streams and the package is abandoned if one differs from the
 * manifest, so a package never carries a document its signed manifest does not describe.
 */

export interface PanelSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface WritePanelPackageOptions {
  manifest: PanelManifest;
  /** Where the PDF with this SHA-256 is on disk (the blob store). */
  documentPath: (sha256: string) => string;
  /** The secretary's signing key; it must be the manifest's secretary.sshPublicKey. */
  signer: PanelSigner;
  /** age1… recipients: the expert, and the secretary so they can open their own copy. */
  recipients: string[];
  outPath: string;
  signal?: AbortSignal;
  /** Bytes of the zip encrypted so far and in all; called at most every MiB and at the end. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface WrittenPanelPackage {
  /** Hex SHA-256 of the .prpanel file as written. */
  sha256: string;
  bytes: number;
}

const PROGRESS_STEP = 1024 * 1024;
const READ_CHUNK = 1024 * 1024;

export async function writePanelPackage(options: WritePanelPackageOptions): Promise<WrittenPanelPackage> {
  const file = packageFileName(options.outPath);
  if (options.signal?.aborted === true) throw cancelled(file);
  const manifest = checkManifest(options.manifest, file);
  checkSigner(manifest, options.signer, file);
  const recipients = checkRecipients(manifest, options.recipients, file);
  const documents = checkDocumentLimits(manifest, file);
  const manifestJson = manifestBytes(manifest);
  if (manifestJson.length > DEFAULT_PANEL_LIMITS.maxManifestBytes) {
    throw limitExceeded(file, `manifest.json is ${manifestJson.length} bytes; readers accept ${DEFAULT_PANEL_LIMITS.maxManifestBytes}`, MANIFEST_ENTRY);
  }
  const signature = Buffer.from(signManifest(manifestJson, options.signer), 'utf8');

  const zip = new yazl.ZipFile();
  const zipOutput = zip.outputStream as Readable;
  let failure: unknown;
  const openDocuments = new Set<Readable>();
  const fail = (error: unknown): void => {
    failure ??= error;
    for (const stream of openDocuments) stream.destroy();
    // Rejects the encrypter's pending read: the write loop below then stops.
    zipOutput.destroy(error instanceof Error ? error : new Error(messageOf(error)));
  };
  zip.on('error', fail);
  // Failures are reported through `failure`; this keeps the destroy above from being an uncaught 'error' event.
  zipOutput.on('error', () => undefined);
  const onAbort = () => fail(cancelled(file));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  // One timestamp for every entry: the zip's bytes depend on the manifest alone.
  const entryOptions = { compress: false, mtime: new Date(manifest.createdAt), mode: 0o100644 };
  zip.addBuffer(manifestJson, MANIFEST_ENTRY, entryOptions);
  zip.addBuffer(signature, SIGNATURE_ENTRY, entryOptions);
  for (const document of documents) {
    const entry = documentEntryName(document.sha256);
    zip.addReadStreamLazy(entry, { ...entryOptions, size: document.bytes }, (callback) => {
      let source: fs.ReadStream;
      try {
        // 1 MiB reads: a sixteenth of the read calls and stream hops of the 64 KiB default.
        source = fs.createReadStream(options.documentPath(document.sha256), { highWaterMark: READ_CHUNK });
      } catch (error) {
        // Thrown inside yazl's pump it would be uncaught; failing destroys the zip stream instead.
        fail(packageError('FILE_UNREADABLE', file, `no PDF for ${entry}: ${messageOf(error)}`, { entry }));
        return;
      }
      const verified = verifyingStream(document, entry, file);
      openDocuments.add(source);
      source.on('error', (error) => fail(packageError('FILE_UNREADABLE', file, `cannot read the PDF for ${entry}: ${messageOf(error)}`, { entry })));
      source.on('close', () => openDocuments.delete(source));
      verified.on('error', fail);
      callback(null, source.pipe(verified));
    });
  }
  let zipBytes = 0;
  // yazl passes the final size (known here: every entry's size is given), though its typings omit it.
  const onTotalSize = (total: number) => {
    zipBytes = total;
  };
  zip.end(undefined, onTotalSize as () => void);

  let done = 0;
  let reported = 0;
  const plaintext = pullStreamOf(zipOutput, (bytes) => {
    done += bytes;
    if (done - reported >= PROGRESS_STEP) {
      reported = done;
      options.onProgress?.(done, Math.max(zipBytes, done));
    }
  });
  try {
    const written = await writeAtomically(options.outPath, await encryptStream(plaintext, recipients), () => failure);
    options.onProgress?.(done, Math.max(zipBytes, done));
    return written;
  } catch (error) {
    // E.g. the temp file could not be created: stop yazl reading PDFs nobody will take.
    zipOutput.destroy();
    throw failure ?? (isAppError(error) || isSystemError(error) ? error : new AppError('INTERNAL', `${file}: ${messageOf(error)}`, { file }));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    for (const stream of openDocuments) stream.destroy();
  }
}

function checkManifest(manifest: PanelManifest, file: string): PanelManifest {
  const parsed = PanelManifestSchema.safeParse(manifest);
  if (!parsed.success) throw invalid(file, `the manifest is invalid: ${describeIssues(parsed.error.issues)}`);
  for (const role of ['secretary', 'expert'] as const) {
    const problem = memberKeyProblem(parsed.data[role], role);
    if (problem !== undefined) throw invalid(file, `the manifest is invalid: ${problem}`);
  }
  return parsed.data;
}

/** Readers verify with the key the manifest names; signing with another would only make a package every reader refuses. */
function checkSigner(manifest: PanelManifest, signer: PanelSigner, file: string): void {
  assertKeyPair(signer.privateKey, signer.publicKey);
  if (!sameKey(signer.publicKey, parseOpenSshPublicKey(manifest.secretary.sshPublicKey))) {
    throw invalid(file, 'the signing key is not the secretary key named in the manifest');
  }
}

function checkRecipients(manifest: PanelManifest, given: string[], file: string): string[] {
  const recipients = recipientList(given);
  // A package its expert cannot open is a mistake found only days later, at the expert's desk.
  if (!recipients.includes(manifest.expert.ageRecipient)) throw invalid(file, "the expert's age recipient is not among the recipients");
  return recipients;
}

/** What readers refuse by default is refused here too, before hours of writing. */
function checkDocumentLimits(manifest: PanelManifest, file: string): { sha256: string; bytes: number }[] {
  const limits = DEFAULT_PANEL_LIMITS;
  const documents = panelDocumentFiles(manifest);
  if (documents.length > limits.maxDocuments) throw limitExceeded(file, `${documents.length} documents; readers accept ${limits.maxDocuments}`);
  let total = 0;
  for (const document of documents) {
    const entry = documentEntryName(document.sha256);
    if (document.bytes > limits.maxDocumentBytes) throw limitExceeded(file, `${entry} is ${document.bytes} bytes; readers accept ${limits.maxDocumentBytes}`, entry);
    total += document.bytes;
  }
  if (total > limits.maxTotalBytes) throw limitExceeded(file, `the documents total ${total} bytes; readers accept ${limits.maxTotalBytes}`);
  return documents;
}

function invalid(file: string, detail: string): AppError {
  return packageError('INVALID_INPUT', file, detail);
}

/** Passes a PDF through, failing it if its bytes are not the ones the manifest lists. */
function verifyingStream(expected: { sha256: string; bytes: number }, entry: string, file: string): Transform {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > expected.bytes) return callback(hashMismatch(file, entry, `is larger than the ${expected.bytes} bytes the manifest lists`));
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      if (bytes !== expected.bytes) return callback(hashMismatch(file, entry, `has ${bytes} bytes; the manifest lists ${expected.bytes}`));
      if (hash.digest('hex') !== expected.sha256) return callback(hashMismatch(file, entry, 'on disk does not have the SHA-256 the manifest lists'));
      callback();
    },
  });
}

/** Temp file beside `outPath`, fsync, rename; the temp file is removed on any failure. */
async function writeAtomically(outPath: string, ciphertext: ReadableStream<Uint8Array>, failure: () => unknown): Promise<WrittenPanelPackage> {
  const temp = `${outPath}.${randomUUID()}.tmp`;
  // The ciphertext is safe to share: ordinary permissions.
  const output = await open(temp, 'wx', 0o644);
  const sink = new FileSink(output);
  const hash = createHash('sha256');
  let bytes = 0;
  let renamed = false;
  try {
    const reader = ciphertext.getReader();
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      hash.update(next.value);
      bytes += next.value.length;
      await sink.write(next.value);
    }
    // A failure seen after the last chunk (a flush error) must still stop the rename.
    const failed = failure();
    if (failed !== undefined) throw failed;
    await sink.flush();
    await output.sync();
    await output.close();
    await rename(temp, outPath);
    renamed = true;
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    if (!renamed) {
      await sink.abandon();
      await output.close().catch(() => undefined);
      await rm(temp, { force: true });
    }
  }
}
