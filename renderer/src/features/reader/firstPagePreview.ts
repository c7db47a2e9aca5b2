import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PageSnapshot } from './pageSnapshot';
import { pdfjsLib } from './pdfjs';

/**
 * The page a document opens at, drawn on its own canvas as soon as the document is
 * parsed, before pdf.js's viewer has built its page views. On a 2415-page manual the
 * viewer spends ~150 ms laying out every page (and React the reader around it) before it
 * draws the first one; pdf.js alone draws that page in about the time pdftoppm takes.
 * The preview lies over the viewer where it will show the page (top, centred, inside
 * pdf.js's 9 px page border; the viewer scrolls the page opened at to the top) and is
 * removed once the viewer has drawn a page, or the moment the reader scrolls or zooms.
 */
export async function drawFirstPagePreview(
  pdf: PDFDocumentProxy,
  pageNumber: number,
  scale: number,
  host: HTMLElement,
  container: HTMLElement,
): Promise<boolean> {
  const page = await pdf.getPage(pageNumber);
  const viewport = page.getViewport({ scale: scale * pdfjsLib.PixelsPerInch.PDF_TO_CSS_UNITS });
  const { canvas, ratio } = pageCanvas(viewport.width, viewport.height);
  const transform = ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0];
  await page.render({ canvas, viewport, ...(transform === undefined ? {} : { transform }) }).promise;
  return place(canvas, host, container);
}

/**
 * The same, from the picture the back end stored of page 1 (pageSnapshot.ts): scaled
 * onto a canvas of the size pdf.js will give the page, so pdf.js's drawing replaces it
 * without anything moving.
 */
export function drawSnapshotPreview(snapshot: PageSnapshot, scale: number, host: HTMLElement, container: HTMLElement): boolean {
  const toCss = scale * pdfjsLib.PixelsPerInch.PDF_TO_CSS_UNITS;
  const { canvas } = pageCanvas(snapshot.widthPt * toCss, snapshot.heightPt * toCss);
  const context = canvas.getContext('2d');
  if (context === null) return false;
  context.imageSmoothingQuality = 'high';
  context.drawImage(snapshot.bitmap, 0, 0, canvas.width, canvas.height);
  return place(canvas, host, container);
}

/** A canvas for a page of this CSS size, as pdf.js sizes its own: CSS pixels times the device pixel ratio. */
function pageCanvas(cssWidth: number, cssHeight: number): { canvas: HTMLCanvasElement; ratio: number } {
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.floor(cssWidth * ratio);
  canvas.height = Math.floor(cssHeight * ratio);
  canvas.style.width = `${Math.floor(cssWidth)}px`;
  canvas.style.height = `${Math.floor(cssHeight)}px`;
  return { canvas, ratio };
}

function place(canvas: HTMLCanvasElement, host: HTMLElement, container: HTMLElement): boolean {
  if (!host.isConnected) return false;
  // Centred in the viewer's width without its scrollbar, as pdf.js centres its pages.
  host.style.width = `${container.clientWidth}px`;
  host.replaceChildren(canvas);
  host.hidden = false;
  return true;
}

export function clearFirstPagePreview(host: HTMLElement | null): void {
  if (host === null) return;
  host.hidden = true;
  host.replaceChildren();
}
