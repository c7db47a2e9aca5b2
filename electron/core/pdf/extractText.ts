import path from 'node:path';
import { AppError, isAppError, messageOf } from '../errors';
import { damaged, throwIfCancelled, withPdf, type PdfDocument } from './pdfjsNode';

/**
 * pdf.js keeps every page it has loaded for the life of the document, cleanup() or not:
 * on the 2415-page R manual the heap grows by about 20 MB per 1000 pages. Reopening every
 * so many pages keeps it flat (measured 30–45 MB throughout) at no measurable cost, and
 * nearly every application PDF is shorter than this anyway.
 */
const PAGES_PER_OPEN = 500;

export interface ExtractOptions {
  password?: string;
  /** 1-based page to start at, to resume an interrupted extraction. Default 1. */
  fromPage?: number;
  /** Last page to extract (inclusive), so several workers can share one document. Default: the last page. */
  toPage?: number;
  signal?: AbortSignal;
  /** Name for error messages; defaults to the file's base name (callers often pass a blob path). */
  displayName?: string;
  /** Called once per page, in order; a returned promise is awaited before the next page. */
  onPage: (page: number, text: string) => void | Promise<void>;
}

/**
 * Extracts the text of each page from `fromPage` on. Resolves with the document's page
 * count. A page pdf.js cannot load raises PDF_DAMAGED with `details.page`; the pages
 * before it were already handed to `onPage`, and `fromPage: page + 1` skips it.
 * Image-only pages give '' (there is no text layer to read; only OCR could).
 */
export async function extractPages(file: string, options: ExtractOptions): Promise<{ pages: number }> {
  const fromPage = options.fromPage ?? 1;
  if (!Number.isInteger(fromPage) || fromPage < 1) {
    throw new AppError('INVALID_INPUT', `fromPage must be a positive integer, not ${fromPage}`, { detail: `fromPage ${fromPage}` });
  }
  const toPage = options.toPage ?? Number.POSITIVE_INFINITY;
  if (toPage < fromPage) {
    throw new AppError('INVALID_INPUT', `toPage ${toPage} is before fromPage ${fromPage}`, { detail: `toPage ${toPage}` });
  }
  const displayName = options.displayName ?? path.basename(file);
  const { signal } = options;
  const openOptions = {
    displayName,
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(signal === undefined ? {} : { signal }),
  };
  let next = fromPage;
  let pages: number;
  do {
    pages = await withPdf(file, openOptions, async ({ doc }) => {
      const last = Math.min(doc.numPages, toPage, next + PAGES_PER_OPEN - 1);
      for (; next <= last; next++) {
        throwIfCancelled(signal);
        const text = await pageText(doc, next, displayName);
        await options.onPage(next, text);
      }
      return doc.numPages;
    });
  } while (next <= Math.min(pages, toPage));
  return { pages };
}

async function pageText(doc: PdfDocument, pageNumber: number, displayName: string): Promise<string> {
  let raw = '';
  try {
    const page = await doc.getPage(pageNumber);
    try {
      const content = await page.getTextContent();
      for (const item of content.items) {
        // Marked-content markers carry no text; pdf.js already inserts the spaces it infers.
        if (!('str' in item)) continue;
        raw += item.str;
        if (item.hasEOL) raw += '\n';
      }
    } finally {
      // Drops the page's parsed fonts and operator lists, so memory stays flat on long documents.
      page.cleanup();
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw damaged(displayName, `page ${pageNumber}: ${messageOf(error)}`, { page: pageNumber });
  }
  return normalizePageText(raw);
}

/**
 * Chinese and Japanese script (and their punctuation and full-width forms): no spaces
 * between words, so a line break inside a phrase is layout, not text. Hangul is left
 * out on purpose: Korean separates words with spaces.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3001-\\u303f\\u30fc\\uff01-\\uff60\\uff61-\\uff9f';
const BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'gu');
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Page text as it is indexed and searched: whitespace between two CJK characters removed
 * (so 两化\n融合 matches 两化融合), runs of spaces collapsed, spaces around line breaks
 * and blank lines dropped, the whole trimmed. Line breaks elsewhere are kept for snippets.
 */
export function normalizePageText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(BETWEEN_CJK, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}
