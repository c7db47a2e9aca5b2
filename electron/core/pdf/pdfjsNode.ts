import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError, errorCodeOf, messageOf } from '../errors';

/**
 * pdf.js in Node (this runs inside the PDF worker thread, and in-process in tests).
 * Only the legacy build loads on Node 20; the worker half runs in this same thread
 * ("fake worker"), which is what we want: the whole of pdf.js stays off the caller's
 * event loop because this thread is itself a worker_threads Worker.
 */

export type PdfDocument = PdfJs.PDFDocumentProxy;
type DocumentInit = NonNullable<Parameters<typeof PdfJs.getDocument>[0]>;

/** Bytes searched for the `%PDF-` header; pdf.js (like Acrobat) tolerates junk before it. */
const HEADER_WINDOW = 1024;
const PDF_HEADER = Buffer.from('%PDF-', 'latin1');
/** pdf.js PasswordResponses: NEED_PASSWORD = 1, INCORRECT_PASSWORD = 2. */
const NEED_PASSWORD = 1;
const INCORRECT_PASSWORD = 2;
/** pdf.js VerbosityLevel.ERRORS: its warnings ("TT: undefined function", …) would flood the log on big files. */
const VERBOSITY_ERRORS = 0;

let rootDir: string | undefined;

/**
 * The installed pdfjs-dist folder, with a trailing separator. Resolved from this module
 * so it works from source (vitest) and from the bundle in out/main/ alike; cmaps,
 * fonts and the modules themselves all come from this one folder, so versions match.
 */
export function pdfjsRoot(): string {
  rootDir ??= path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')) + path.sep;
  return rootDir;
}

/** Node 20 lacks Promise.withResolvers (ES2024), which pdf.js ≥ 6.3 calls everywhere. */
function polyfillPromiseWithResolvers(): void {
  const ctor = Promise as PromiseConstructor & { withResolvers?: unknown };
  if (typeof ctor.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

/**
 * Node 20 lacks ArrayBuffer.prototype.transferToFixedLength (ES2024), which pdf.js ≥ 6
 * calls when it hands drawing data over (page.render): without it every page draws
 * nothing and render() never settles. A copy has the same contents; not detaching the
 * old buffer only costs memory until it is collected.
 */
function polyfillTransferToFixedLength(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: unknown };
  if (typeof proto.transferToFixedLength === 'function') return;
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value: function transferToFixedLength(this: ArrayBuffer, length: number = this.byteLength): ArrayBuffer {
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
  });
}

let loading: Promise<typeof PdfJs> | undefined;

/** Loads pdf.js once per thread. Imported by file URL so bundlers leave it alone. */
export function loadPdfJs(): Promise<typeof PdfJs> {
  loading ??= (async () => {
    polyfillPromiseWithResolvers();
    polyfillTransferToFixedLength();
    const build = path.join(pdfjsRoot(), 'legacy', 'build');
    const pdfjs = (await import(pathToFileURL(path.join(build, 'pdf.mjs')).href)) as typeof PdfJs;
    // Handing pdf.js its worker module up front: otherwise it import()s './pdf.worker.mjs'
    // relative to wherever pdf.mjs ended up, which breaks as soon as anything bundles it.
    const worker: unknown = await import(pathToFileURL(path.join(build, 'pdf.worker.mjs')).href);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return pdfjs;
  })();
  return loading;
}

/**
 * The options every document is opened with. pdf.js takes these "URLs" as filesystem
 * paths in Node and only checks the trailing '/'; a file:// URL string would silently
 * load no CMaps (and no Chinese text from CID fonts without ToUnicode).
 */
function documentOptions(): Omit<DocumentInit, 'data' | 'password'> {
  const root = pdfjsRoot();
  const dir = (name: string): string => path.join(root, name) + '/';
  return {
    cMapUrl: dir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: dir('standard_fonts'),
    wasmUrl: dir('wasm'),
    iccUrl: dir('iccs'),
    // Fonts are parsed for their encodings only; nothing is drawn, nothing comes from the system.
    useSystemFonts: false,
    disableFontFace: true,
    enableXfa: false,
    // Lenient on purpose: a page with one broken font or operator still yields the rest
    // of its text. Structural damage is detected by inspectPdf/extractPages instead.
    stopAtErrors: false,
    verbosity: VERBOSITY_ERRORS,
    // No isEvalSupported: pdf.js 6 has no eval path any more. No scripting: the
    // sandbox is never loaded here, and we never ask for JS actions.
  };
}

export interface OpenOptions {
  /** The name errors show (the user's file name, not a blob path). */
  displayName: string;
  password?: string;
  signal?: AbortSignal;
}

export interface OpenedPdf {
  doc: PdfDocument;
  /** True when pdf.js asked for the user (open) password, i.e. it could not open without one. */
  passwordNeeded: boolean;
}

/**
 * Opens `file`, runs `use` on it and always destroys the loading task (which is the
 * only way to free a document in pdf.js 6: `doc.destroy()` is gone).
 * Errors come out as AppErrors: FILE_UNREADABLE, PDF_EMPTY, PDF_NOT_PDF,
 * PDF_PASSWORD_REQUIRED, PDF_PASSWORD_WRONG, PDF_DAMAGED, CANCELLED.
 */
export async function withPdf<T>(file: string, options: OpenOptions, use: (opened: OpenedPdf) => Promise<T>): Promise<T> {
  const { displayName, signal } = options;
  throwIfCancelled(signal);
  const data = await readPdfBytes(file, displayName);
  const pdfjs = await loadPdfJs();
  throwIfCancelled(signal);

  const task = pdfjs.getDocument({ ...documentOptions(), data });
  let passwordNeeded = false;
  // Offer the password only when pdf.js asks for it: passed up front, pdf.js also checks
  // it against files that open without one (owner-password-only) and rejects them.
  task.onPassword = (update: (password: string | Error) => void, reason: number): void => {
    passwordNeeded = true;
    const given = options.password ?? '';
    if (reason === NEED_PASSWORD && given !== '') update(given);
    else update(new Error(reason === INCORRECT_PASSWORD ? 'wrong password' : 'password required'));
  };
  // Destroying the task rejects whatever pdf.js is doing now, so a cancel is prompt even mid-page.
  const onAbort = (): void => void task.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let doc: PdfDocument;
    try {
      doc = await task.promise;
    } catch (error) {
      throw openError(error, displayName, signal);
    }
    return await use({ doc, passwordNeeded });
  } catch (error) {
    throwIfCancelled(signal);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await task.destroy();
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('CANCELLED', 'reading the PDF was cancelled');
}

/**
 * Reads the whole file. pdf.js can read ranges of a file:// URL instead, but measured on
 * the 6.2 MiB, 2415-page manual that opened slower (150–175 ms vs 80–120 ms), extracted
 * 15 % slower and used the same memory: its chunked stream allocates the full length
 * up front anyway.
 */
async function readPdfBytes(file: string, displayName: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new AppError('FILE_UNREADABLE', `cannot read ${displayName}: ${messageOf(error)}`, {
      file: displayName,
      reason: errorCodeOf(error) ?? messageOf(error),
    });
  }
  if (bytes.length === 0) throw new AppError('PDF_EMPTY', `${displayName} is empty`, { file: displayName });
  if (bytes.subarray(0, HEADER_WINDOW).indexOf(PDF_HEADER) < 0) {
    throw new AppError('PDF_NOT_PDF', `${displayName} has no %PDF- header in its first ${HEADER_WINDOW} bytes`, {
      file: displayName,
    });
  }
  // pdf.js refuses a Buffer; a Uint8Array view over the same memory avoids a copy.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function openError(error: unknown, displayName: string, signal: AbortSignal | undefined): AppError {
  if (signal?.aborted === true) return new AppError('CANCELLED', 'reading the PDF was cancelled');
  const name = error instanceof Error ? error.name : '';
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (name === 'PasswordException' && code === INCORRECT_PASSWORD) {
    return new AppError('PDF_PASSWORD_WRONG', `wrong password for ${displayName}`, { file: displayName });
  }
  if (name === 'PasswordException') {
    return new AppError('PDF_PASSWORD_REQUIRED', `${displayName} needs a password`, { file: displayName });
  }
  return damaged(displayName, messageOf(error));
}

export function damaged(displayName: string, reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('PDF_DAMAGED', `${displayName} is damaged: ${reason}`, { file: displayName, reason, ...extra });
}
