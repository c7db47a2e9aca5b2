import { AppError, messageOf } from '../errors';
import { type OpenOptions, throwIfCancelled, withPdf } from './pdfjsNode';

/**
 * A picture of one page, drawn by pdf.js at import (in the PDF worker thread, with the
 * canvas pdf.js itself uses in Node, @napi-rs/canvas), so the reader can put the page on
 * screen the instant a document is opened and let pdf.js draw it properly meanwhile.
 * On a 2415-page manual pdf.js needs ~250 ms in the browser to parse and draw page 1
 * (about 1.6× `pdftoppm`); the picture is on screen in a fraction of that.
 */
export interface PageSnapshot {
  page: number;
  /** The page's size in PDF points, as displayed (rotation applied): the reader lays the picture out with it. */
  widthPt: number;
  heightPt: number;
  mime: 'image/webp';
  image: Uint8Array;
  /**
   * Whether the document has bookmarks. The reader shows them beside the pages, so with
   * this known up front it lays the pages out at their final width from the first frame
   * instead of shrinking them once pdf.js has read the outline.
   */
  outline: boolean;
}

/**
 * Pixels across the picture: about a page's width at fit-width on a HiDPI laptop, so it
 * is drawn downscaled (sharp) on ordinary screens. A4 comes out 1600 × 2263.
 */
export const SNAPSHOT_WIDTH_PX = 1600;
/** Tall or odd pages are capped so a picture stays a few hundred KB at most. */
const MAX_HEIGHT_PX = 3200;
const WEBP_QUALITY = 82;

interface NodeCanvas {
  encode(format: 'webp', quality: number): Promise<Uint8Array>;
}

export interface SnapshotOptions extends OpenOptions {
  /** 1-based; page 1 unless given. */
  page?: number;
}

export async function renderSnapshot(file: string, options: SnapshotOptions): Promise<PageSnapshot> {
  const pageNumber = options.page ?? 1;
  return withPdf(file, options, async ({ doc }) => {
    if (pageNumber < 1 || pageNumber > doc.numPages) {
      throw new AppError('PDF_DAMAGED', `${options.displayName} has no page ${pageNumber}`, { file: options.displayName });
    }
    const page = await doc.getPage(pageNumber);
    const unit = page.getViewport({ scale: 1 });
    const scale = Math.min(SNAPSHOT_WIDTH_PX / unit.width, MAX_HEIGHT_PX / unit.height);
    const viewport = page.getViewport({ scale });
    // pdf.js's own Node canvas factory (it loads @napi-rs/canvas): the same canvas its
    // patterns and masks are drawn on.
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: unknown } } }).canvasFactory;
    let created: { canvas: unknown; context: unknown };
    try {
      created = factory.create(Math.max(1, Math.floor(viewport.width)), Math.max(1, Math.floor(viewport.height)));
    } catch (error) {
      throw new AppError('INTERNAL', `no canvas to draw pages on in Node: ${messageOf(error)}`, { detail: messageOf(error) });
    }
    throwIfCancelled(options.signal);
    // White first: a page with no background would otherwise be transparent.
    const context = created.context as { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, Math.floor(viewport.width), Math.floor(viewport.height));
    await page.render({ canvasContext: context, viewport, canvas: null } as unknown as Parameters<typeof page.render>[0]).promise;
    throwIfCancelled(options.signal);
    const image = await (created.canvas as NodeCanvas).encode('webp', WEBP_QUALITY);
    page.cleanup();
    const outline = ((await doc.getOutline().catch(() => null)) ?? []).length > 0;
    return { page: pageNumber, widthPt: unit.width, heightPt: unit.height, mime: 'image/webp', image: new Uint8Array(image), outline };
  });
}
