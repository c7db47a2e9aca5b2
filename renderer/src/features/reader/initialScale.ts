import type { PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';

/** Page 1's size in CSS pixels at 100 % (its viewport at PixelsPerInch.PDF_TO_CSS_UNITS). */
export interface PageSize {
  width: number;
  height: number;
}

// pdf.js's constants for the fits (web/ui_utils.js).
const SCROLLBAR_PADDING = 40;
const VERTICAL_PADDING = 5;
const MAX_AUTO_SCALE = 1.25;

/**
 * The scale pdf.js will choose for a zoom value ('page-width', 'page-fit', 'auto' or a
 * number), by its own formula (PDFViewer #setScale) on page 1's size, which is the size
 * every page view has until its page is loaded. Null for a value it does not know.
 */
export function scaleForZoom(value: string, page: PageSize, container: { clientWidth: number; clientHeight: number }): number | null {
  const numeric = Number.parseFloat(value);
  if (numeric > 0) return numeric;
  const widthScale = (container.clientWidth - SCROLLBAR_PADDING) / page.width;
  const heightScale = (container.clientHeight - VERTICAL_PADDING) / page.height;
  switch (value) {
    case 'page-width':
      return widthScale;
    case 'page-fit':
      return Math.min(widthScale, heightScale);
    case 'auto':
      return Math.min(MAX_AUTO_SCALE, page.width <= page.height ? widthScale : Math.min(heightScale, widthScale));
    default:
      return null;
  }
}

/**
 * Makes the viewer build its page views at `scale` rather than at 100 %. Call right
 * after setDocument, before its page views exist. Otherwise the zoom applied at
 * `pagesinit` resizes every page view once more: on a 2415-page document that was a
 * second layout of all of them, ~100 ms before the first page could be drawn. pdf.js
 * offers no option for it; `_currentScale` is what setDocument reads. Should a pdf.js
 * upgrade rename it, nothing breaks: the zoom at `pagesinit` then does the work again.
 */
export function seedInitialScale(viewer: PDFViewer, scale: number): void {
  const internals = viewer as unknown as { _currentScale?: unknown };
  if (typeof internals._currentScale === 'number' && Number.isFinite(scale) && scale > 0) internals._currentScale = scale;
}
