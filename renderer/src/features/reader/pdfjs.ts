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

/**
 * Feeds pdf.js byte ranges fetched with `Range:` requests, and nothing else: pdf.js's
 * own URL loader starts with a request for the whole file and only cancels it once the
 * headers show Range support, and by then a fast local server (app:// or 127.0.0.1) has
 * pushed megabytes into socket buffers. Here the first request already is a range, and
 * a failed range is retried before the reader is told.
 */
class FetchRangeTransport extends pdfjsLib.PDFDataRangeTransport {
  readonly #url: string;
  readonly #abort = new AbortController();
  readonly #onFailure: (error: unknown) => void;

  constructor(url: string, length: number, initialData: Uint8Array, signal: AbortSignal, onFailure: (error: unknown) => void) {
    super(length, initialData);
    this.#url = url;
    this.#onFailure = onFailure;
    signal.addEventListener('abort', () => this.#abort.abort(), { once: true });
  }

  override requestDataRange(begin: number, end: number): void {
    void this.#fetchRange(begin, end, 0);
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

/** `bytes 0-262143/6534438` → 6534438. */
function totalFromContentRange(header: string | null): number | null {
  const match = /\/(\d+)\s*$/.exec(header ?? '');
  return match === null ? null : Number(match[1]);
}

/**
 * Opens a PDF by URL, by ranges: one `Range: bytes=0-…` request learns the file's size
 * and brings the first chunk, then pdf.js asks for just the ranges it needs (the xref,
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
): Promise<PDFDocumentLoadingTask> {
  const response = await fetch(url, { headers: { Range: `bytes=0-${RANGE_CHUNK_SIZE - 1}` }, signal, credentials: 'same-origin' });
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
    params.range = new FetchRangeTransport(url, total, first, signal, onLateFailure);
  } else if (response.status === 200) {
    params.data = new Uint8Array(await response.arrayBuffer());
  } else if (response.status === 416) {
    // Not even one byte: an empty file, which pdf.js reports as an invalid PDF.
    params.data = new Uint8Array(0);
  } else {
    await response.body?.cancel();
    throw new PdfHttpError(response.status, url);
  }
  return pdfjsLib.getDocument(params);
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
