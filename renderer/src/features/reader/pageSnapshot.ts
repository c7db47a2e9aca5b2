/**
 * The picture of a document's first page that the back end drew with pdf.js when the
 * document was indexed (electron/core/pdf/renderSnapshot.ts), served at
 * /snapshot/<sha256> with the page's size in points. The reader puts it on screen the
 * moment it has the reader's layout, long before pdf.js has parsed the document; pdf.js's
 * own drawing of the page then replaces it (firstPagePreview.ts).
 */
export interface PageSnapshot {
  page: number;
  widthPt: number;
  heightPt: number;
  /** The document has bookmarks, so the reader shows their panel (and narrower pages) from the start. */
  outline: boolean;
  /** Decoded off the main thread (createImageBitmap). Whoever takes it closes it. */
  bitmap: ImageBitmap;
}

/** Loads started at a click, waiting for the reader to take them: by URL. */
const pending = new Map<string, Promise<PageSnapshot | null>>();

function load(url: string): Promise<PageSnapshot | null> {
  return fetch(url, { credentials: 'same-origin' })
    .then(async (response) => {
      // 204: no picture for this document (yet); the reader waits for pdf.js.
      if (response.status !== 200) return null;
      const page = Number(response.headers.get('X-Page-Number'));
      const widthPt = Number(response.headers.get('X-Page-Width-Pt'));
      const heightPt = Number(response.headers.get('X-Page-Height-Pt'));
      if (!(page >= 1 && widthPt > 0 && heightPt > 0)) return null;
      const outline = response.headers.get('X-Outline') === '1';
      const bitmap = await createImageBitmap(await response.blob());
      return { page, widthPt, heightPt, outline, bitmap };
    })
    .catch(() => null);
}

/**
 * Those of them already decoded, readable synchronously: the reader draws one in the
 * same layout effect that first lays it out (a promise, even a settled one, would wait
 * for the task that settles it, which can come after the reader's first frame).
 */
const ready = new Map<string, PageSnapshot>();

/** Starts fetching and decoding the picture now (a click on the document). */
export function prefetchSnapshot(url: string): void {
  if (pending.has(url)) return;
  const loading = load(url);
  pending.set(url, loading);
  void loading.then((snapshot) => {
    if (snapshot !== null && pending.get(url) === loading) ready.set(url, snapshot);
  });
  // Not taken within a while (the user went elsewhere): let the bitmap go.
  setTimeout(() => {
    if (pending.get(url) !== loading) return;
    pending.delete(url);
    ready.delete(url);
    void loading.then((snapshot) => snapshot?.bitmap.close());
  }, 30_000);
}

/** The picture for `url` if it is decoded already, left in place (the reader's first render asks about bookmarks). */
export function peekSnapshot(url: string): PageSnapshot | undefined {
  return ready.get(url);
}

/**
 * The picture for `url`: already decoded (`now`), else a promise of the one prefetched
 * or of one fetched now (`later`). The caller closes its bitmap.
 */
export function takeSnapshot(url: string): { now: PageSnapshot } | { later: Promise<PageSnapshot | null> } {
  const decoded = ready.get(url);
  const loading = pending.get(url);
  ready.delete(url);
  pending.delete(url);
  if (decoded !== undefined) return { now: decoded };
  return { later: loading ?? load(url) };
}
