import { openPdf, pdfjsLib } from './pdfjs';

/**
 * For the first-page benchmark only (reader-harness.html?probe=floor): what pdf.js by
 * itself needs to put page 1 of a document on a canvas, through the reader's own loading
 * path (prewarmed worker, first and last bytes together) but with no viewer and no React:
 * the floor under the reader's "first page painted". Returns performance.now() when the
 * page has been drawn.
 */
export async function drawFirstPageBare(src: string, scale: number): Promise<number> {
  const abort = new AbortController();
  const opened = await openPdf(src, null, abort.signal, () => undefined);
  try {
    const pdf = await opened.loadingTask.promise;
    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: scale * pdfjsLib.PixelsPerInch.PDF_TO_CSS_UNITS });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.setAttribute('data-testid', 'floor-canvas');
    document.body.append(canvas);
    await page.render({ canvas, viewport }).promise;
    return performance.now();
  } finally {
    abort.abort();
  }
}
