/**
 * Evidence anchors on the page: a text selection turned into rectangles in PDF user
 * space (points, origin bottom-left, as stored and as stock tools read them), and
 * stored rectangles painted back over the page at any zoom.
 *
 * The painted layer sits inside pdf.js's page div and is sized in percent of the page,
 * so a zoom change (which resizes the div) keeps it in place until pdf.js re-renders
 * the page, resets its children, and we paint again on 'pagerendered'.
 */

export type PdfRect = [number, number, number, number];

export interface AnchorRects {
  page: number;
  rects: PdfRect[];
}

export interface PaintedAnchor extends AnchorRects {
  id: number;
}

export interface SelectionAnchor extends AnchorRects {
  quote: string;
}

/** What the scoring sheet may ask of the reader. */
export interface ReaderApi {
  /** The current text selection in the PDF as an anchor, or null when nothing (usable) is selected. */
  selectionAnchor(): SelectionAnchor | null;
  /** Scrolls to an anchor and makes it blink. */
  showAnchor(anchor: AnchorRects & { id?: number }): void;
}

/** The part of pdf.js's PDFPageView this needs. */
interface PageViewLike {
  div: HTMLElement;
  viewport: {
    width: number;
    height: number;
    convertToPdfPoint(x: number, y: number): number[];
    convertToViewportPoint(x: number, y: number): number[];
  };
}

export interface ViewerLike {
  getPageView(index: number): PageViewLike | undefined;
  pagesCount: number;
}

const LAYER_CLASS = 'pr-anchor-layer';
const MAX_RECTS = 500;
const MAX_QUOTE = 4000;

/** The page element of pdf.js holding a node, and its number. */
function pageOf(node: Node): { element: HTMLElement; page: number } | null {
  const element = (node instanceof HTMLElement ? node : node.parentElement)?.closest<HTMLElement>('.page[data-page-number]');
  const page = Number(element?.dataset.pageNumber);
  return element === null || element === undefined || !Number.isInteger(page) || page < 1 ? null : { element, page };
}

/** The box the viewport's coordinates start from: the text layer, else the canvas (inside the page's border). */
function originOf(view: PageViewLike): DOMRect {
  const layer = view.div.querySelector<HTMLElement>('.textLayer') ?? view.div.querySelector<HTMLElement>('.canvasWrapper') ?? view.div;
  return layer.getBoundingClientRect();
}

/**
 * The selection inside `container` as an anchor on the page where it starts. A selection
 * running onto later pages keeps the part on its first page (one anchor, one page).
 */
export function selectionAnchor(viewer: ViewerLike, container: HTMLElement): SelectionAnchor | null {
  const selection = window.getSelection();
  if (selection === null || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return null;
  const start = pageOf(range.startContainer);
  if (start === null) return null;
  const view = viewer.getPageView(start.page - 1);
  if (view === undefined) return null;
  const origin = originOf(view);
  const rects: PdfRect[] = [];
  for (const box of range.getClientRects()) {
    if (box.width < 0.5 || box.height < 0.5) continue;
    // Only what lies on the first page.
    if (box.bottom <= origin.top || box.top >= origin.bottom || box.right <= origin.left || box.left >= origin.right) continue;
    const [x1 = 0, y1 = 0] = view.viewport.convertToPdfPoint(box.left - origin.left, box.top - origin.top);
    const [x2 = 0, y2 = 0] = view.viewport.convertToPdfPoint(box.right - origin.left, box.bottom - origin.top);
    rects.push([round(Math.min(x1, x2)), round(Math.min(y1, y2)), round(Math.max(x1, x2)), round(Math.max(y1, y2))]);
    if (rects.length === MAX_RECTS) break;
  }
  const quote = selection.toString().replace(/\s+/gu, ' ').trim().slice(0, MAX_QUOTE);
  return rects.length === 0 || quote === '' ? null : { page: start.page, rects: mergeLines(rects), quote };
}

/** Two decimals of a point is a hundredth of a millimetre: enough, and short in JSON. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** pdf.js gives a box per text run; boxes of one line that touch become one. */
function mergeLines(rects: PdfRect[]): PdfRect[] {
  const merged: PdfRect[] = [];
  for (const rect of rects) {
    const last = merged.at(-1);
    if (last !== undefined && Math.abs(last[1] - rect[1]) < 2 && Math.abs(last[3] - rect[3]) < 2 && rect[0] <= last[2] + 4) {
      merged[merged.length - 1] = [Math.min(last[0], rect[0]), Math.min(last[1], rect[1]), Math.max(last[2], rect[2]), Math.max(last[3], rect[3])];
    } else {
      merged.push(rect);
    }
  }
  return merged;
}

/** Paints the anchors of one page (replacing what was painted there). */
export function paintAnchorsOn(viewer: ViewerLike, page: number, anchors: readonly PaintedAnchor[], activeId: number | null): void {
  const view = viewer.getPageView(page - 1);
  if (view === undefined) return;
  view.div.querySelector(`:scope > .${LAYER_CLASS}`)?.remove();
  const mine = anchors.filter((anchor) => anchor.page === page);
  if (mine.length === 0) return;
  const layer = document.createElement('div');
  layer.className = LAYER_CLASS;
  const { width, height } = view.viewport;
  for (const anchor of mine) {
    for (const rect of anchor.rects) {
      const [a = 0, b = 0] = view.viewport.convertToViewportPoint(rect[0], rect[1]);
      const [c = 0, d = 0] = view.viewport.convertToViewportPoint(rect[2], rect[3]);
      const mark = document.createElement('div');
      mark.className = anchor.id === activeId ? 'pr-anchor pr-anchor-active' : 'pr-anchor';
      mark.dataset.anchorId = String(anchor.id);
      mark.style.left = `${(Math.min(a, c) / width) * 100}%`;
      mark.style.top = `${(Math.min(b, d) / height) * 100}%`;
      mark.style.width = `${(Math.abs(c - a) / width) * 100}%`;
      mark.style.height = `${(Math.abs(d - b) / height) * 100}%`;
      layer.append(mark);
    }
  }
  view.div.append(layer);
}

export function paintAllAnchors(viewer: ViewerLike, anchors: readonly PaintedAnchor[], activeId: number | null): void {
  const pages = new Set(anchors.map((anchor) => anchor.page));
  // Pages that lost their last anchor are cleared too.
  for (const element of document.querySelectorAll<HTMLElement>(`.${LAYER_CLASS}`)) {
    const page = pageOf(element);
    if (page !== null) pages.add(page.page);
  }
  for (const page of pages) if (page >= 1 && page <= viewer.pagesCount) paintAnchorsOn(viewer, page, anchors, activeId);
}

/** The PDF point to scroll to so an anchor's first line is near the top of the view. */
export function anchorTop(anchor: AnchorRects): { left: number; top: number } {
  const top = Math.max(...anchor.rects.map((rect) => rect[3]));
  const left = Math.min(...anchor.rects.map((rect) => rect[0]));
  return { left: Math.max(left - 36, 0), top: top + 48 };
}
