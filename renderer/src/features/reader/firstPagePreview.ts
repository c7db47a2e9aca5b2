import type { PDFDocumentProxy } from 'pdfjs-dist';
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
  // As pdf.js sizes its canvases: CSS pixels times the device pixel ratio.
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  const transform = ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0];
  await page.render({ canvas, viewport, ...(transform === undefined ? {} : { transform }) }).promise;
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
