/**
 * pdf.js set-up for the reader, in one place: the worker, where its data files are, the
 * document options that keep parsing safe and loading lazy, and how its errors map to
 * the reader's error codes.
 *
 * This module imports pdfjs-dist before anything imports pdfjs-dist/web/pdf_viewer.mjs:
 * the viewer components read the library from globalThis.pdfjsLib, which pdf.mjs sets.
 */
import * as pdfjsLib from 'pdfjs-dist';
import type { DocumentInitParameters, PDFDocumentLoadingTask } from 'pdfjs-dist/types/src/display/api';
// The worker is a same-origin module file (Vite copies it into assets/): the CSP allows
// no other script, and parsing a PDF never happens on the page's thread.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjsLib.GlobalWorkerOptions.workerSrc = workerUrl;

export { pdfjsLib };

/**
 * pdf.js's data files, copied to /pdfjs/ by the renderer build (see pdfjsAssets() in
 * electron.vite.config.ts). Root-relative: both shells serve the renderer at their root.
 */
export const PDFJS_ASSETS = {
  cMapUrl: '/pdfjs/cmaps/',
  standardFontDataUrl: '/pdfjs/standard_fonts/',
  wasmUrl: '/pdfjs/wasm/',
  iccUrl: '/pdfjs/iccs/',
  imageResourcesPath: '/pdfjs/images/',
} as const;

/** 256 KiB per range request: few round trips, little waste on a 2400-page file. */
export const RANGE_CHUNK_SIZE = 65536 * 4;

/** How much of the file's end to fetch up front (see fetchTail). */
const TAIL_BYTES = RANGE_CHUNK_SIZE * 4;

/** An HTTP answer the reader cannot use (404, 500…), classified as LOAD. */
export class PdfHttpError extends Error {
  readonly status: number;
  constructor(status: number, url: string) {
    super(`HTTP ${status} for ${url}`);
    this.name = 'PdfHttpError';
    this.status = status;
  }
}

const RANGE_RETRIES = [250, 1000, 3000];

/** Bytes already fetched from the end of the file: where they start, and them. */
interface FileTail {
  begin: number;
  bytes: Uint8Array;
}

/**
 * Feeds pdf.js byte ranges fetched with `Range:` requests, and nothing else: pdf.js's
 * own URL loader starts with a request for the whole file and only cancels it once the
 * headers show Range support, and by then a fast local server (app:// or 127.0.0.1) has
 * pushed megabytes into socket buffers. Here the first request already is a range, the
 * file's tail (fetched alongside it) answers pdf.js's first requests without a round
 * trip, and a failed range is retried before the reader is told.
 */
class FetchRangeTransport extends pdfjsLib.PDFDataRangeTransport {
  readonly #url: string;
  readonly #abort = new AbortController();
  readonly #onFailure: (error: unknown) => void;
  readonly #tail: Promise<FileTail | null>;

  constructor(
    url: string,
    length: number,
    initialData: Uint8Array,
    tail: Promise<FileTail | null>,
    signal: AbortSignal,
    onFailure: (error: unknown) => void,
  ) {
    super(length, initialData);
    this.#url = url;
    this.#tail = tail;
    this.#onFailure = onFailure;
    signal.addEventListener('abort', () => this.#abort.abort(), { once: true });
  }

  override requestDataRange(begin: number, end: number): void {
    void this.#serve(begin, end);
  }

  async #serve(begin: number, end: number): Promise<void> {
    const tail = await this.#tail;
    if (tail !== null && begin >= tail.begin && end <= tail.begin + tail.bytes.length) {
      // A copy: pdf.js hands the buffer on to its worker.
      if (!this.#abort.signal.aborted) this.onDataRange(begin, tail.bytes.slice(begin - tail.begin, end - tail.begin));
      return;
    }
    await this.#fetchRange(begin, end, 0);
  }

  async #fetchRange(begin: number, end: number, attempt: number): Promise<void> {
    const signal = this.#abort.signal;
    try {
      const response = await fetch(this.#url, { headers: { Range: `bytes=${begin}-${end - 1}` }, signal, credentials: 'same-origin' });
      if (response.status !== 206 && response.status !== 200) throw new PdfHttpError(response.status, this.#url);
      let bytes = new Uint8Array(await response.arrayBuffer());
      // A server that ignores Range sends the whole file: take the part asked for.
      if (response.status === 200) bytes = bytes.slice(begin, end);
      if (signal.aborted) return;
      this.onDataRange(begin, bytes);
    } catch (error) {
      if (signal.aborted) return;
      const delay = RANGE_RETRIES[attempt];
      if (delay === undefined || error instanceof PdfHttpError) {
        this.#onFailure(error);
        return;
      }
      setTimeout(() => void this.#fetchRange(begin, end, attempt + 1), delay);
    }
  }

  override abort(): void {
    this.#abort.abort();
  }
}

/**
 * The last TAIL_BYTES of the file by a suffix range (`bytes=-n`), cut to start on a
 * chunk boundary as pdf.js asks for whole chunks. The cross-reference table and the
 * trailer are at the end of a PDF, and pdf.js reads them before any page: fetched
 * alongside the first chunk, they save two or three sequential round trips. Null when
 * the server cannot (pdf.js then asks for the ranges itself).
 */
async function fetchTail(url: string, signal: AbortSignal): Promise<FileTail | null> {
  try {
    const response = await fetch(url, { headers: { Range: `bytes=-${TAIL_BYTES}` }, signal, credentials: 'same-origin' });
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
    if (response.status !== 206 || range === null) {
      await response.body?.cancel();
      return null;
    }
    const start = Number(range[1]);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const begin = Math.ceil(start / RANGE_CHUNK_SIZE) * RANGE_CHUNK_SIZE;
    return { begin, bytes: bytes.subarray(begin - start) };
  } catch {
    return null;
  }
}

/**
 * One pdf.js worker per document, as pdf.js's own viewer has it: its parser keeps caches
 * per worker, and a document's text must not depend on what was opened before (sharing
 * one worker changed the matches found in cjk-lshort). But a spare is started ahead of
 * time (prewarmReader, and again whenever one is taken), so opening a document does not
 * wait ~100 ms for the worker's 1.3 MB of code to load and compile.
 */
type PdfWorker = InstanceType<typeof pdfjsLib.PDFWorker>;
let spareWorker: PdfWorker | null = null;

/** Starts the spare worker now, while nothing is being read. */
export function prewarmReader(): void {
  if (spareWorker === null || spareWorker.destroyed) spareWorker = new pdfjsLib.PDFWorker();
}

/**
 * The next spare, once the document just opened has had the machine to itself: starting
 * a worker compiles 1.3 MB of code, and on a two-core laptop that slowed a jump to page
 * 1000 made right after opening by a third. After a quiet moment, when the page is idle.
 */
function scheduleSpare(): void {
  setTimeout(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(prewarmReader, { timeout: 30_000 });
    else prewarmReader();
  }, 5000);
}

function takeWorker(): PdfWorker {
  const worker = spareWorker !== null && !spareWorker.destroyed ? spareWorker : new pdfjsLib.PDFWorker();
  spareWorker = null;
  scheduleSpare();
  return worker;
}

/** A document being opened: pdf.js's loading task, and the end of it and of its worker. */
export interface OpenedPdf {
  readonly loadingTask: PDFDocumentLoadingTask;
  close(): Promise<void>;
}

function openWithOwnWorker(params: DocumentInitParameters): OpenedPdf {
  const worker = takeWorker();
  // A worker passed in is the caller's: destroying the task leaves it running.
  const loadingTask = pdfjsLib.getDocument({ ...params, worker });
  return {
    loadingTask,
    close: () => loadingTask.destroy().finally(() => worker.destroy()),
  };
}

/** `bytes 0-262143/6534438` → 6534438. */
function totalFromContentRange(header: string | null): number | null {
  const match = /\/(\d+)\s*$/.exec(header ?? '');
  return match === null ? null : Number(match[1]);
}

interface Fetches {
  head: Promise<Response>;
  tail: Promise<FileTail | null>;
  abort: () => void;
}

/** The first chunk and the tail, both requested at once. */
function startFetches(url: string): Fetches {
  const controller = new AbortController();
  const head = fetch(url, { headers: { Range: `bytes=0-${RANGE_CHUNK_SIZE - 1}` }, signal: controller.signal, credentials: 'same-origin' });
  // Unobserved until openPdf awaits it: a failure is reported there, not as unhandled.
  head.catch(() => undefined);
  return { head, tail: fetchTail(url, controller.signal), abort: () => controller.abort() };
}

interface Prefetch {
  fetches: Fetches;
  /** The document being opened already, by the same options as openPdf. */
  task: Promise<OpenedPdf>;
  password: string | null;
  abort: AbortController;
  /** Where a range failing later is reported once a reader took the document over. */
  relay: { onLateFailure: (error: unknown) => void };
}

const prefetches = new Map<string, Prefetch>();
/** A prefetch nobody opened (the user went elsewhere) is dropped after this long. */
const PREFETCH_TTL_MS = 10_000;

/**
 * Starts opening a document as soon as it is known which one the reader will show —
 * fetching its first and last bytes and parsing them in the worker — while the reader
 * itself is still being laid out; openPdf then takes the opened document over.
 */
export function prefetchPdf(url: string, password: string | null): void {
  if (prefetches.has(url)) return;
  const abort = new AbortController();
  const relay: Prefetch['relay'] = { onLateFailure: () => undefined };
  const fetches = startFetches(url);
  abort.signal.addEventListener('abort', fetches.abort, { once: true });
  const task = loadDocument(url, password, fetches, abort.signal, (error) => relay.onLateFailure(error));
  // Unobserved until a reader takes it: its failure is reported there.
  task.catch(() => undefined);
  const prefetch: Prefetch = { fetches, task, password, abort, relay };
  prefetches.set(url, prefetch);
  setTimeout(() => {
    if (prefetches.get(url) !== prefetch) return;
    prefetches.delete(url);
    abort.abort();
    void task.then((opened) => opened.close(), () => undefined);
  }, PREFETCH_TTL_MS);
}

/**
 * Opens a PDF by URL, by ranges: one `Range: bytes=0-…` request learns the file's size
 * and brings the first chunk (the last MiB comes alongside it), then pdf.js asks for just the ranges it needs (the xref,
 * the page tree, the pages on screen, their fonts) and nothing more (`disableAutoFetch`),
 * so page 1000 of a 2415-page file opens without the whole file. A server that answers
 * with the whole file (no Range support) gets it read whole. No scripting (the viewer
 * has no scripting manager), no XFA, no eval (pdf.js 6 has no eval code path left, hence
 * no isEvalSupported option). `onLateFailure` hears of a range that failed after the
 * document opened (the page would otherwise wait for it forever).
 */
export async function openPdf(
  url: string,
  password: string | null,
  signal: AbortSignal,
  onLateFailure: (error: unknown) => void,
): Promise<OpenedPdf> {
  const prefetch = prefetches.get(url);
  prefetches.delete(url);
  if (prefetch !== undefined && prefetch.password === password) {
    prefetch.relay.onLateFailure = onLateFailure;
    signal.addEventListener('abort', () => prefetch.abort.abort(), { once: true });
    if (signal.aborted) prefetch.abort.abort();
    return prefetch.task;
  }
  if (prefetch !== undefined) {
    // Prefetched with another password (the user typed one): start again.
    prefetch.abort.abort();
    void prefetch.task.then((opened) => opened.close(), () => undefined);
  }
  return loadDocument(url, password, startFetches(url), signal, onLateFailure);
}

async function loadDocument(
  url: string,
  password: string | null,
  { head, tail, abort: abortFetches }: Fetches,
  signal: AbortSignal,
  onLateFailure: (error: unknown) => void,
): Promise<OpenedPdf> {
  signal.addEventListener('abort', abortFetches, { once: true });
  if (signal.aborted) abortFetches();
  const response = await head;
  const params: DocumentInitParameters = {
    rangeChunkSize: RANGE_CHUNK_SIZE,
    disableAutoFetch: true,
    disableStream: true,
    enableXfa: false,
    cMapUrl: PDFJS_ASSETS.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: PDFJS_ASSETS.standardFontDataUrl,
    wasmUrl: PDFJS_ASSETS.wasmUrl,
    iccUrl: PDFJS_ASSETS.iccUrl,
    useSystemFonts: true,
    // The experimental off-thread renderer stays off: it needs a second worker script.
    disableWorkerRendering: true,
    verbosity: pdfjsLib.VerbosityLevel.ERRORS,
  };
  if (password !== null) params.password = password;
  const total = response.status === 206 ? totalFromContentRange(response.headers.get('Content-Range')) : null;
  if (response.status === 206 && total !== null) {
    const first = new Uint8Array(await response.arrayBuffer());
    const sameFile = tail.then((t) => (t !== null && t.begin + t.bytes.length === total ? t : null));
    params.range = new FetchRangeTransport(url, total, first, sameFile, signal, onLateFailure);
    return openWithOwnWorker(params);
  }
  // Whole file or nothing: the tail is of no use (its fetch ends with the document's).
  if (response.status === 200) {
    params.data = new Uint8Array(await response.arrayBuffer());
  } else if (response.status === 416) {
    // Not even one byte: an empty file, which pdf.js reports as an invalid PDF.
    params.data = new Uint8Array(0);
  } else {
    await response.body?.cancel();
    throw new PdfHttpError(response.status, url);
  }
  return openWithOwnWorker(params);
}

/**
 * A PDF the app already holds as bytes (a report to look at before saving it): the same
 * safe options as a stored document, its own worker, nothing fetched but the CMaps and
 * fonts it needs.
 */
export function openPdfBytes(bytes: Uint8Array): OpenedPdf {
  return openWithOwnWorker({
    data: bytes,
    enableXfa: false,
    cMapUrl: PDFJS_ASSETS.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: PDFJS_ASSETS.standardFontDataUrl,
    wasmUrl: PDFJS_ASSETS.wasmUrl,
    iccUrl: PDFJS_ASSETS.iccUrl,
    disableWorkerRendering: true,
    verbosity: pdfjsLib.VerbosityLevel.ERRORS,
  });
}

export type ReaderErrorCode = 'PASSWORD' | 'DAMAGED' | 'LOAD';

export interface ReaderFailure {
  code: ReaderErrorCode;
  /** For PASSWORD: a password was given and it is wrong (rather than none given). */
  wrongPassword: boolean;
  /** pdf.js's own message, untranslated, for the details line. */
  detail: string;
}

/** Maps what pdf.js rejects with to the reader's codes; null for a cancelled load. */
export function classifyFailure(error: unknown): ReaderFailure | null {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'AbortException':
    case 'AbortError':
      return null;
    case 'PasswordException': {
      const code = (error as { code?: unknown }).code;
      return { code: 'PASSWORD', wrongPassword: code === pdfjsLib.PasswordResponses.INCORRECT_PASSWORD, detail };
    }
    case 'InvalidPDFException':
    case 'FormatError':
      return { code: 'DAMAGED', wrongPassword: false, detail };
    case 'PdfHttpError':
    case 'ResponseException':
    case 'TypeError': // fetch() failed: the server or the connection
      return { code: 'LOAD', wrongPassword: false, detail };
    default:
      // UnknownErrorException and the like come from the parser: the file, not the transport.
      return { code: 'DAMAGED', wrongPassword: false, detail };
  }
}
