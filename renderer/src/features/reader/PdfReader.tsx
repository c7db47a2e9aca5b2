// pdfjs.ts first: it loads pdf.js, which the viewer components below read from globalThis.
import { type OpenedPdf, type ReaderErrorCode, type ReaderFailure, PDFJS_ASSETS, classifyFailure, openPdf, pdfjsLib } from './pdfjs';
import { EventBus, LinkTarget, PDFFindController, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import 'pdfjs-dist/web/pdf_viewer.css';
import './reader.css';
import './readerMessages';
import { LockOutlined } from '@ant-design/icons';
import { Button, Input, type InputRef, Modal, Result, Space, Spin, Typography, message } from 'antd';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { anchorTop, paintAllAnchors, paintAnchorsOn, type PaintedAnchor, type ReaderApi, selectionAnchor } from './evidenceLayer';
import { clearHit, findRanges, paintHit } from './hitHighlight';
import { ReaderL10n } from './readerL10n';
import { scaleForZoom, seedInitialScale } from './initialScale';
import { clearFirstPagePreview, drawFirstPagePreview, drawSnapshotPreview } from './firstPagePreview';
import { type PageSnapshot, peekSnapshot, takeSnapshot } from './pageSnapshot';
import { type OutlineItem, OutlinePanel } from './OutlinePanel';
import { type FindUi, ReaderToolbar } from './ReaderToolbar';

export type { ReaderErrorCode };

export interface PdfReaderProps {
  /** URL of the PDF, e.g. `/blob/<sha256>` (served with Range support). */
  src: string;
  /** The document's open password, or null to open without one. */
  password: string | null;
  /** 1-based page to open at (ignored when `highlight` names a page). */
  initialPage: number;
  /** A search hit to open at and highlight (the text on that page). */
  highlight: { page: number; text: string } | null;
  /** Called with the current page whenever it changes (and once the document is open). */
  onPageChange?: (page: number, pagesCount: number) => void;
  /** Called when the document cannot be opened; `message` is pdf.js's own, untranslated. */
  onError?: (code: ReaderErrorCode, message: string) => void;
  /** When given, a PASSWORD error shows a password field that calls this with what was typed. */
  onPasswordSubmit?: (password: string) => void;
  /** URL of the stored picture of page 1 (`/snapshot/<sha256>`), shown until pdf.js has drawn the page. */
  snapshotSrc?: string;
  /** Evidence anchors of this document, painted over their pages at any zoom. */
  anchors?: readonly PaintedAnchor[];
  /** Filled with what the scoring sheet may ask of the reader (the selection, showing an anchor). */
  apiRef?: { current: ReaderApi | null };
}

interface Session {
  viewer: PDFViewer;
  eventBus: EventBus;
  linkService: PDFLinkService;
  pagesCount: number;
}

type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; failure: ReaderFailure };

/** Zoom steps for the buttons and Ctrl+=/Ctrl+-; the select offers 50–400 % and the fits. */
const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];
const MIN_ZOOM = ZOOM_STEPS[0] ?? 0.25;
const MAX_ZOOM = ZOOM_STEPS.at(-1) ?? 5;
const ZOOM_KEY = 'panel-review.reader.zoom';
/** Below this width (px) the bookmarks would squeeze the pages: they overlay them instead. */
const NARROW_WIDTH = 720;
const SIDEBAR_KEY = 'panel-review.reader.sidebar';

function readPreference(key: string, fallback: string): string {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
}

function writePreference(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: the preference is simply not remembered.
  }
}

function isValidZoom(value: string): boolean {
  return value === 'page-width' || value === 'page-fit' || value === 'auto' || (Number(value) >= MIN_ZOOM && Number(value) <= MAX_ZOOM);
}

function storedZoom(): string {
  const stored = readPreference(ZOOM_KEY, 'page-width');
  return isValidZoom(stored) ? stored : 'page-width';
}

/** The page the reader is asked to open at: the search hit's, else the one given (not yet held to the document's length). */
function askedPage(highlight: PdfReaderProps['highlight'], initialPage: number): number {
  return Math.trunc(highlight?.page ?? initialPage) || 1;
}

/** Whether the bookmarks panel was left open (the default). */
function sidebarStoredOpen(): boolean {
  return readPreference(SIDEBAR_KEY, 'open') === 'open';
}

const closedFind: FindUi = { open: false, query: '', status: null, previous: false, current: 0, total: 0 };

/**
 * A PDF reader on pdf.js's own viewer components: continuous scrolling with virtualised
 * page rendering (pdf.js keeps the canvases of about ten pages and releases the rest),
 * a text layer for selection and copy, find with highlight-all, internal links and
 * bookmarks. External links never navigate: a click shows the address. Fills its parent.
 */
export function PdfReader({ src, password, initialPage, highlight, onPageChange, onError, onPasswordSubmit, snapshotSrc, anchors, apiRef }: PdfReaderProps) {
  const { t } = useTranslation();
  const [messageApi, messageHolder] = message.useMessage();
  const containerRef = useRef<HTMLDivElement | null>(null);
  const viewerRef = useRef<HTMLDivElement | null>(null);
  const previewRef = useRef<HTMLDivElement | null>(null);
  /** pdf.js has drawn the page opened at (its preview or the viewer), or the reader moved: a stored picture is too late. */
  const pdfjsDrewRef = useRef(false);
  /** A stored picture of page 1 waiting to be drawn once its layout (bookmarks panel) is committed. */
  const snapshotRef = useRef<PageSnapshot | null>(null);
  const [snapshotTick, setSnapshotTick] = useState(0);
  const outlineHintRef = useRef(false);
  const findInputRef = useRef<InputRef | null>(null);
  const sessionRef = useRef<Session | null>(null);
  /** The search hit to highlight; `scrolled` once it has been brought into view. */
  const hitRef = useRef<{ page: number; text: string; scrolled: boolean } | null>(null);
  /** The query the find controller last searched, to tell a new search from "again". */
  const searchedRef = useRef<string | null>(null);

  // The latest props for handlers attached once per document.
  const latest = useRef({ initialPage, highlight, onPageChange, onError, anchors });
  latest.current = { initialPage, highlight, onPageChange, onError, anchors };
  /** The anchor last shown from the sheet, drawn stronger. */
  const activeAnchorRef = useRef<number | null>(null);

  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const [firstPagePainted, setFirstPagePainted] = useState(false);
  /** The page opened at is on screen, drawn ahead of the viewer (firstPagePreview.ts). */
  const [previewShown, setPreviewShown] = useState(false);
  const [pagesCount, setPagesCount] = useState(0);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState<{ value: string; scale: number }>({ value: 'page-width', scale: 1 });
  const [outline, setOutline] = useState<OutlineItem[] | null>(null);
  /**
   * The stored picture says the document has bookmarks: their panel is laid out before
   * pdf.js has read them. Known at the first render when the picture was decoded since
   * the click, so the panel is in the reader's very first layout.
   */
  const [outlineHint, setOutlineHint] = useState(() => {
    const snapshot = snapshotSrc === undefined || askedPage(highlight, initialPage) !== 1 ? undefined : peekSnapshot(snapshotSrc);
    return snapshot?.outline === true && sidebarStoredOpen();
  });
  outlineHintRef.current = outlineHint;
  const [sidebarPreferred, setSidebarPreferred] = useState(sidebarStoredOpen);
  const [find, setFind] = useState<FindUi>(closedFind);
  const [externalUrl, setExternalUrl] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  /** Too narrow for bookmarks beside the pages: they open over the pages instead, on request. */
  const [narrow, setNarrow] = useState(false);
  const [overlayOutline, setOverlayOutline] = useState(false);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const [typedPassword, setTypedPassword] = useState('');

  /** Draws a stored picture of page 1 where pdf.js will draw the page, at the zoom it will use; closes its bitmap. */
  const drawSnapshot = (snapshot: PageSnapshot) => {
    const container = containerRef.current;
    const preview = previewRef.current;
    try {
      if (container === null || preview === null || pdfjsDrewRef.current) return;
      const toCss = pdfjsLib.PixelsPerInch.PDF_TO_CSS_UNITS;
      const scale = scaleForZoom(storedZoom(), { width: snapshot.widthPt * toCss, height: snapshot.heightPt * toCss }, container);
      if (scale === null || !drawSnapshotPreview(snapshot, scale, preview, container)) return;
      // Benchmarks time "first page on screen" from this mark (test/bench/reader.bench.test.ts).
      // No React update: the CSS hides the spinner while a preview is shown.
      performance.mark('reader:pagerendered', { detail: { pageNumber: 1, preview: true, snapshot: true } });
    } finally {
      snapshot.bitmap.close();
    }
  };

  /** Highlights the search hit if `pageNumber` is its page and its text layer is there. */
  const paintHitOn = useCallback((pageNumber: number) => {
    const hit = hitRef.current;
    const session = sessionRef.current;
    const container = containerRef.current;
    if (hit === null || session === null || container === null || hit.page !== pageNumber) return;
    const pageView = session.viewer.getPageView(pageNumber - 1) as { textLayer?: { div?: HTMLElement } } | undefined;
    const textLayer = pageView?.textLayer?.div;
    if (textLayer === undefined || textLayer.childElementCount === 0) return;
    const ranges = findRanges(textLayer, hit.text);
    paintHit(ranges);
    const first = ranges[0];
    if (!hit.scrolled && first !== undefined) {
      hit.scrolled = true;
      const box = first.getBoundingClientRect();
      const view = container.getBoundingClientRect();
      // The viewer has put the hit's page at the top. Scroll only when the hit is not
      // already well in view, and then only so far that it sits two thirds down: the
      // lines before it give it context, and its page stays the one most in view — the
      // page the reader names, which must be the page of the hit the user clicked.
      if (box.bottom > view.top + view.height * 0.85) container.scrollTop += box.top - view.top - (view.height * 2) / 3;
      else if (box.top < view.top) container.scrollTop += box.top - view.top - view.height / 3;
      if (box.left < view.left || box.right > view.right) container.scrollLeft += box.left - view.left - 24;
    }
  }, []);

  // Opening at page 1: its stored picture (pageSnapshot.ts), fetched since the click, goes
  // on screen in the very frame that first shows the reader (a layout effect, before the
  // browser paints, with no React update in between), long before pdf.js has parsed the
  // document. pdf.js's own drawing replaces it; if pdf.js is first, it is not shown.
  useLayoutEffect(() => {
    pdfjsDrewRef.current = false;
    if (snapshotSrc === undefined || askedPage(latest.current.highlight, latest.current.initialPage) !== 1) return;
    let cancelled = false;
    const accept = (snapshot: PageSnapshot | null, fromLayoutEffect: boolean) => {
      if (snapshot === null) return;
      if (cancelled || pdfjsDrewRef.current || snapshot.page !== 1) {
        snapshot.bitmap.close();
        return;
      }
      const root = rootRef.current;
      const narrowNow = root !== null && root.clientWidth < NARROW_WIDTH;
      const panelWanted = snapshot.outline && !narrowNow && sidebarStoredOpen();
      if (panelWanted === outlineHintRef.current) {
        // The layout is final already: draw now.
        drawSnapshot(snapshot);
        return;
      }
      // The bookmarks panel must come (or go) first, or the pages would change width in
      // front of the user: draw once it is laid out (the effect below).
      snapshotRef.current?.bitmap.close();
      snapshotRef.current = snapshot;
      const update = () => {
        setOutlineHint(panelWanted);
        setSnapshotTick((tick) => tick + 1);
      };
      if (fromLayoutEffect) update();
      else flushSync(update);
    };
    const taken = takeSnapshot(snapshotSrc);
    if ('now' in taken) accept(taken.now, true);
    else void taken.later.then((snapshot) => accept(snapshot, false));
    return () => {
      cancelled = true;
      snapshotRef.current?.bitmap.close();
      snapshotRef.current = null;
    };
    // (drawSnapshot reads only refs.)
  }, [src, snapshotSrc]);

  // A picture that waited for the bookmarks panel, drawn once the panel is laid out.
  useLayoutEffect(() => {
    const snapshot = snapshotRef.current;
    if (snapshot === null) return;
    snapshotRef.current = null;
    drawSnapshot(snapshot);
  }, [snapshotTick]);

  // One pdf.js viewer per document: built when src/password change, torn down after.
  useEffect(() => {
    const container = containerRef.current;
    const viewerElement = viewerRef.current;
    if (container === null || viewerElement === null) return;
    const abort = new AbortController();
    const { signal } = abort;
    performance.mark('reader:open');
    const eventBus = new EventBus();
    const linkService = new PDFLinkService({ eventBus, externalLinkTarget: LinkTarget.NONE, externalLinkRel: 'noopener noreferrer nofollow' });
    const findController = new PDFFindController({ eventBus, linkService });
    const l10n = new ReaderL10n();
    const viewer = new PDFViewer({
      container,
      viewer: viewerElement,
      eventBus,
      linkService,
      findController,
      // Links and the appearance of form fields, but no live form widgets to type into.
      annotationMode: pdfjsLib.AnnotationMode.ENABLE,
      imageResourcesPath: PDFJS_ASSETS.imageResourcesPath,
      // Ours has the methods pdf.js calls; its declared type is a class with private fields.
      l10n: l10n as unknown as ConstructorParameters<typeof PDFViewer>[0]['l10n'],
      // Detaches the viewer's ResizeObserver and scroll listener when this effect ends.
      abortSignal: signal,
    } as ConstructorParameters<typeof PDFViewer>[0]);
    linkService.setViewer(viewer);
    // Given an l10n, the viewer leaves labelling its pages to its owner.
    void l10n.translate(viewerElement);
    const session: Session = { viewer, eventBus, linkService, pagesCount: 0 };
    sessionRef.current = session;
    searchedRef.current = null;
    hitRef.current = latest.current.highlight === null ? null : { ...latest.current.highlight, scrolled: false };

    setStatus({ kind: 'loading' });
    setFirstPagePainted(false);
    setPreviewShown(false);
    const preview = previewRef.current;
    const dropPreview = () => {
      pdfjsDrewRef.current = true;
      clearFirstPagePreview(preview);
    };
    setPagesCount(0);
    setPage(1);
    setOutline(null);
    // A search hit shows its text in the find box: Enter then finds it in the whole document.
    setFind((previous) => ({
      ...closedFind,
      open: previous.open || latest.current.highlight !== null,
      query: latest.current.highlight?.text ?? previous.query,
    }));
    setTypedPassword('');

    /** The page the document opens at: the search hit's, else the one asked for, within the document. */
    const openingPage = (pagesCount: number) => Math.min(Math.max(askedPage(latest.current.highlight, latest.current.initialPage), 1), pagesCount);

    let reportedPage = 0;
    const reportPage = (pageNumber: number) => {
      setPage(pageNumber);
      if (pageNumber !== reportedPage) {
        reportedPage = pageNumber;
        latest.current.onPageChange?.(pageNumber, session.pagesCount);
      }
    };

    eventBus.on('pagesinit', () => {
      performance.mark('reader:pagesinit');
      viewer.currentScaleValue = storedZoom();
      const target = openingPage(session.pagesCount);
      if (target !== viewer.currentPageNumber) viewer.currentPageNumber = target;
      reportPage(viewer.currentPageNumber);
      requestAnimationFrame(() => container.addEventListener('scroll', dropPreview, { passive: true, signal }));
    });
    eventBus.on('pagechanging', ({ pageNumber }: { pageNumber: number }) => reportPage(pageNumber));
    eventBus.on('scalechanging', ({ scale, presetValue }: { scale: number; presetValue?: string }) => {
      const value = presetValue ?? String(scale);
      setZoom({ value, scale });
      writePreference(ZOOM_KEY, value);
    });
    eventBus.on('pagerendered', ({ pageNumber }: { pageNumber: number }) => {
      // Benchmarks time "first page painted" from this mark (test/bench/reader.bench.test.ts).
      performance.mark('reader:pagerendered', { detail: { pageNumber } });
      // The viewer has drawn a page: from now on it shows what is on screen itself.
      dropPreview();
      setFirstPagePainted(true);
      // A render (also after a zoom) resets the page's children: the anchors go back on.
      paintAnchorsOn(viewer, pageNumber, latest.current.anchors ?? [], activeAnchorRef.current);
    });
    // Scrolling or zooming moves the pages away from where the preview sits.
    eventBus.on('scalechanging', ({ scale }: { scale: number }) => {
      if (Math.abs(scale - viewer.currentScale) > 1e-9) dropPreview();
    });
    // (A scroll listener joins at pagesinit, once the viewer's own scroll to the page is done.)
    eventBus.on('textlayerrendered', ({ pageNumber }: { pageNumber: number }) => paintHitOn(pageNumber));
    eventBus.on(
      'updatefindcontrolstate',
      ({ state, previous, matchesCount }: { state: number; previous?: boolean; matchesCount?: { current: number; total: number } }) =>
        setFind((current) => ({
          ...current,
          status: state,
          previous: previous === true,
          current: matchesCount?.current ?? current.current,
          total: matchesCount?.total ?? current.total,
        })),
    );
    eventBus.on('updatefindmatchescount', ({ matchesCount }: { matchesCount: { current: number; total: number } }) =>
      setFind((current) => ({ ...current, current: matchesCount.current, total: matchesCount.total })),
    );

    // External links (link annotations and web addresses pdf.js finds in the text) must
    // never navigate the app: intercepted before the browser follows them, shown instead.
    // Internal links have a "#…" href and pdf.js's own handler; those pass.
    const onLinkActivation = (event: MouseEvent) => {
      const anchor = event.target instanceof Element ? event.target.closest('a') : null;
      if (anchor === null) return;
      const href = anchor.getAttribute('href') ?? '';
      if (href === '' || href.startsWith('#')) return;
      event.preventDefault();
      event.stopPropagation();
      if (event.type === 'click') setExternalUrl(anchor.href);
    };
    container.addEventListener('click', onLinkActivation, { capture: true, signal });
    container.addEventListener('auxclick', onLinkActivation, { capture: true, signal });
    // Ctrl+wheel (and trackpad pinch) zooms the document around the pointer, not the app.
    container.addEventListener(
      'wheel',
      (event) => {
        if (!event.ctrlKey && !event.metaKey) return;
        event.preventDefault();
        const current = viewer.currentScale;
        const wanted = Math.min(Math.max(current * Math.exp(-event.deltaY / 300), MIN_ZOOM), MAX_ZOOM);
        if (Math.abs(wanted - current) < 0.001) return;
        viewer.updateScale({ scaleFactor: wanted / current, origin: [event.clientX, event.clientY], drawingDelay: 250 });
      },
      { passive: false, signal },
    );

    // pdf.js does not refit on its own: when the pane changes size (the split handle, the
    // window, the bookmarks), apply a fit-width/fit-page zoom again once it settles.
    let lastSize = '';
    let refit: ReturnType<typeof setTimeout> | undefined;
    const resizeObserver = new ResizeObserver(() => {
      const size = `${container.clientWidth}x${container.clientHeight}`;
      if (size === lastSize) return;
      lastSize = size;
      clearTimeout(refit);
      refit = setTimeout(() => {
        if (signal.aborted || !viewer.pdfDocument) return;
        const value = viewer.currentScaleValue;
        if (value === 'page-width' || value === 'page-fit' || value === 'auto') viewer.currentScaleValue = value;
        else viewer.update();
      }, 120);
    });
    resizeObserver.observe(container);
    signal.addEventListener('abort', () => {
      resizeObserver.disconnect();
      clearTimeout(refit);
    });

    const fail = (error: unknown) => {
      if (signal.aborted) return;
      const failure = classifyFailure(error);
      if (failure === null) return;
      setStatus({ kind: 'error', failure });
      latest.current.onError?.(failure.code, failure.detail);
    };
    let opened: OpenedPdf | null = null;
    openPdf(src, password, signal, fail)
      .then((doc) => {
        performance.mark('reader:first-bytes');
        opened = doc;
        if (signal.aborted) void doc.close();
        return doc.loadingTask.promise;
      })
      .then((pdf) => {
        if (signal.aborted) return;
        performance.mark('reader:document');
        session.pagesCount = pdf.numPages;
        setPagesCount(pdf.numPages);
        return pdf.getPage(1).then((first) => ({ pdf, first }));
      })
      .then(async (opened) => {
        if (opened === undefined || signal.aborted) return undefined;
        const { pdf, first } = opened;
        const scale = scaleForZoom(storedZoom(), first.getViewport({ scale: pdfjsLib.PixelsPerInch.PDF_TO_CSS_UNITS }), container);
        const target = openingPage(pdf.numPages);
        if (scale !== null && preview !== null) {
          // The page first, on screen, then the viewer's layout of every page.
          const drawn = await drawFirstPagePreview(pdf, target, scale, preview, container).catch(() => false);
          if (drawn && !signal.aborted) {
            pdfjsDrewRef.current = true;
            performance.mark('reader:pagerendered', { detail: { pageNumber: target, preview: true } });
            setPreviewShown(true);
            await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          }
        }
        return { ...opened, scale };
      })
      .then((opened) => {
        if (opened === undefined || signal.aborted) return;
        const { pdf, scale } = opened;
        linkService.setDocument(pdf);
        viewer.setDocument(pdf);
        if (scale !== null) seedInitialScale(viewer, scale);
        setStatus({ kind: 'ready' });
        // Like Firefox: after 30 s with nothing to render, drop caches of pages off screen.
        const queue = viewer.renderingQueue as { onIdle: (() => void) | null } | undefined;
        if (queue !== undefined) {
          queue.onIdle = () => {
            if (signal.aborted) return;
            viewer.cleanup();
            void pdf.cleanup().catch(() => undefined);
          };
        }
        pdf.getOutline().then(
          (items) => !signal.aborted && setOutline((items as OutlineItem[] | null) ?? []),
          () => !signal.aborted && setOutline([]),
        );
        container.focus({ preventScroll: true });
      })
      .catch(fail);

    return () => {
      abort.abort();
      dropPreview();
      void l10n.destroy();
      clearHit();
      if (sessionRef.current === session) sessionRef.current = null;
      viewer.setDocument(null);
      linkService.setDocument(null);
      // Destroys the document and its worker (and aborts the range requests).
      void opened?.close();
    };
  }, [src, password, reloads, paintHitOn]);

  // A new search hit in the document already open: go there and highlight it.
  const hitPage = highlight?.page;
  const hitText = highlight?.text;
  useEffect(() => {
    const session = sessionRef.current;
    if (hitPage === undefined || hitText === undefined || session === null || session.pagesCount === 0) return;
    const current = hitRef.current;
    if (current !== null && current.page === hitPage && current.text === hitText) return;
    hitRef.current = { page: hitPage, text: hitText, scrolled: false };
    setFind((previous) => ({ ...previous, open: true, query: hitText, status: null }));
    const target = Math.min(Math.max(hitPage, 1), session.pagesCount);
    if (session.viewer.currentPageNumber !== target) session.viewer.currentPageNumber = target;
    paintHitOn(target);
  }, [hitPage, hitText, paintHitOn]);

  const goToPage = useCallback((pageNumber: number) => {
    const session = sessionRef.current;
    if (session === null || session.pagesCount === 0) return;
    session.viewer.currentPageNumber = Math.min(Math.max(pageNumber, 1), session.pagesCount);
    containerRef.current?.focus({ preventScroll: true });
  }, []);

  // The sheet asks the reader for the selection and to show an anchor; both need the open document.
  useEffect(() => {
    if (apiRef === undefined) return;
    apiRef.current = {
      selectionAnchor: () => {
        const session = sessionRef.current;
        const container = containerRef.current;
        return session === null || container === null || session.pagesCount === 0 ? null : selectionAnchor(session.viewer, container);
      },
      showAnchor: (anchor) => {
        const session = sessionRef.current;
        if (session === null || session.pagesCount === 0 || anchor.page > session.pagesCount || anchor.rects.length === 0) return;
        activeAnchorRef.current = anchor.id ?? null;
        const { left, top } = anchorTop(anchor);
        session.viewer.scrollPageIntoView({ pageNumber: anchor.page, destArray: [null, { name: 'XYZ' }, left, top, null], allowNegativeOffset: true });
        paintAllAnchors(session.viewer, latest.current.anchors ?? [], activeAnchorRef.current);
      },
    };
    return () => {
      apiRef.current = null;
    };
  }, [apiRef]);

  // Anchors added or removed: repaint the pages they are on.
  useEffect(() => {
    const session = sessionRef.current;
    if (session === null || session.pagesCount === 0) return;
    paintAllAnchors(session.viewer, anchors ?? [], activeAnchorRef.current);
  }, [anchors, status.kind]);

  const zoomBy = useCallback((direction: 1 | -1) => {
    const viewer = sessionRef.current?.viewer;
    if (!viewer?.pdfDocument) return;
    const current = viewer.currentScale;
    const next = direction > 0 ? ZOOM_STEPS.find((step) => step > current + 0.005) : [...ZOOM_STEPS].reverse().find((step) => step < current - 0.005);
    if (next !== undefined) viewer.currentScaleValue = String(next);
  }, []);

  const setZoomValue = useCallback((value: string) => {
    const viewer = sessionRef.current?.viewer;
    if (!viewer?.pdfDocument || !isValidZoom(value)) return;
    viewer.currentScaleValue = value;
    containerRef.current?.focus({ preventScroll: true });
  }, []);

  const dispatchFind = useCallback((query: string, again: boolean, previous: boolean) => {
    const session = sessionRef.current;
    if (session === null) return;
    // The find controller takes over from the search-hit highlight.
    hitRef.current = null;
    clearHit();
    const isNew = !again || searchedRef.current !== query;
    searchedRef.current = query;
    session.eventBus.dispatch('find', {
      source: null,
      type: isNew ? '' : 'again',
      query,
      caseSensitive: false,
      entireWord: false,
      highlightAll: true,
      findPrevious: previous,
      matchDiacritics: false,
    });
  }, []);

  const openFind = useCallback(() => {
    setFind((previous) => ({ ...previous, open: true }));
    // After the input has rendered.
    requestAnimationFrame(() => {
      findInputRef.current?.focus();
      findInputRef.current?.select();
    });
  }, []);

  const closeFind = useCallback(() => {
    sessionRef.current?.eventBus.dispatch('findbarclose', { source: null });
    searchedRef.current = null;
    setFind((previous) => ({ ...closedFind, query: previous.query }));
    containerRef.current?.focus({ preventScroll: true });
  }, []);

  // Ctrl/⌘+F anywhere in the window opens find in the document (there is nothing else to find in).
  const ready = status.kind === 'ready';
  useEffect(() => {
    if (!ready) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        openFind();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ready, openFind]);

  const onReaderKeyDown = (event: React.KeyboardEvent) => {
    if (!ready || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    if (event.key === '=' || event.key === '+') zoomBy(1);
    else if (event.key === '-' || event.key === '_') zoomBy(-1);
    else if (event.key === '0') setZoomValue('page-width');
    else return;
    event.preventDefault();
  };

  useEffect(() => {
    const root = rootRef.current;
    if (root === null) return;
    const observer = new ResizeObserver(() => setNarrow(root.clientWidth < NARROW_WIDTH));
    observer.observe(root);
    return () => observer.disconnect();
  }, []);

  const hasOutline = outline !== null && outline.length > 0;
  // Open once the bookmarks are read, or before that when the stored picture said there are some.
  const outlineShown = (ready && hasOutline) || (outline === null && outlineHint && status.kind !== 'error');
  const sidebarOpen = outlineShown && (narrow ? overlayOutline : sidebarPreferred);
  const failure = status.kind === 'error' ? status.failure : null;

  return (
    <div className="pr-reader" ref={rootRef} onKeyDown={onReaderKeyDown} data-testid="pdf-reader" data-state={status.kind} data-pages={pagesCount || undefined}>
      {messageHolder}
      <ReaderToolbar
        ready={ready}
        page={page}
        pagesCount={pagesCount}
        onGoToPage={goToPage}
        onPrevious={() => goToPage(page - 1)}
        onNext={() => goToPage(page + 1)}
        scaleValue={zoom.value}
        scale={zoom.scale}
        onZoomIn={() => zoomBy(1)}
        onZoomOut={() => zoomBy(-1)}
        onZoom={setZoomValue}
        sidebarOpen={sidebarOpen}
        sidebarAvailable={outlineShown}
        onToggleSidebar={() => {
          if (narrow) {
            setOverlayOutline((open) => !open);
            return;
          }
          const next = !sidebarPreferred;
          setSidebarPreferred(next);
          writePreference(SIDEBAR_KEY, next ? 'open' : 'closed');
        }}
        find={find}
        findInputRef={findInputRef}
        onFindOpen={openFind}
        onFindChange={(query) => {
          setFind((previous) => ({ ...previous, query, status: query.trim() === '' ? null : previous.status }));
          dispatchFind(query, false, false);
        }}
        onFindAgain={(previous) => {
          if (find.query.trim() !== '') dispatchFind(find.query, true, previous);
        }}
        onFindClose={closeFind}
      />
      <div className="pr-reader-body">
        {sidebarOpen && (
          <nav className={narrow ? 'pr-reader-sidebar pr-reader-sidebar-overlay' : 'pr-reader-sidebar'} aria-label={t('reader.outline')}>
            <div className="pr-reader-sidebar-title">{t('reader.outline')}</div>
            {outline === null ? (
              // Known to come (the stored picture said so), not read yet.
              <div className="pr-reader-outline" aria-busy="true" data-testid="reader-outline-pending" />
            ) : (
              <OutlinePanel
                outline={outline}
                onNavigate={(dest) => {
                  void sessionRef.current?.linkService.goToDestination(dest);
                  if (narrow) setOverlayOutline(false);
                }}
                onExternal={setExternalUrl}
              />
            )}
          </nav>
        )}
        <div className="pr-reader-main" onMouseDown={() => narrow && overlayOutline && setOverlayOutline(false)}>
          <div
            ref={containerRef}
            className="pr-viewer-container"
            tabIndex={0}
            role="document"
            aria-label={t('reader.viewer')}
            data-testid="reader-viewer"
          >
            <div ref={viewerRef} className="pdfViewer" />
          </div>
          <div ref={previewRef} className="pr-first-page-preview" data-testid="reader-first-page-preview" hidden />
          {!previewShown && (status.kind === 'loading' || (ready && !firstPagePainted)) ? (
            <div className="pr-reader-overlay pr-reader-loading" data-testid="reader-loading">
              <Spin size="large" description={t('reader.loading')}>
                <div style={{ width: 160, height: 80 }} />
              </Spin>
            </div>
          ) : null}
          {failure !== null && (
            <div className="pr-reader-overlay">
              <Result
                className="pr-reader-error"
                status={failure.code === 'PASSWORD' ? 'warning' : 'error'}
                icon={failure.code === 'PASSWORD' ? <LockOutlined /> : undefined}
                title={t('reader.errorTitle')}
                subTitle={
                  <>
                    <div data-testid="reader-error" data-code={failure.code}>
                      {failure.code === 'PASSWORD'
                        ? t(failure.wrongPassword ? 'reader.errorPasswordWrong' : 'reader.errorPassword')
                        : t(failure.code === 'DAMAGED' ? 'reader.errorDamaged' : 'reader.errorLoad')}
                    </div>
                    {failure.code !== 'PASSWORD' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('reader.errorDetail', { detail: failure.detail })}
                      </Typography.Text>
                    )}
                  </>
                }
                extra={
                  failure.code === 'PASSWORD' && onPasswordSubmit !== undefined ? (
                    <form
                      onSubmit={(event) => {
                        event.preventDefault();
                        if (typedPassword !== '') onPasswordSubmit(typedPassword);
                      }}
                    >
                      <Space.Compact style={{ width: 320 }}>
                        <Input.Password
                          autoFocus
                          aria-label={t('reader.passwordLabel')}
                          placeholder={t('reader.passwordLabel')}
                          value={typedPassword}
                          onChange={(event) => setTypedPassword(event.target.value)}
                          data-testid="reader-password"
                        />
                        <Button type="primary" htmlType="submit" disabled={typedPassword === ''} data-testid="reader-password-submit">
                          {t('reader.passwordSubmit')}
                        </Button>
                      </Space.Compact>
                    </form>
                  ) : failure.code === 'LOAD' ? (
                    <Button onClick={() => setReloads((count) => count + 1)}>{t('reader.retry')}</Button>
                  ) : undefined
                }
              />
            </div>
          )}
        </div>
      </div>
      <Modal
        open={externalUrl !== null}
        title={t('reader.externalLinkTitle')}
        onCancel={() => setExternalUrl(null)}
        footer={[
          <Button
            key="copy"
            onClick={() => {
              if (externalUrl === null) return;
              navigator.clipboard.writeText(externalUrl).then(
                () => void messageApi.success(t('reader.externalLinkCopied')),
                () => undefined,
              );
            }}
          >
            {t('reader.externalLinkCopy')}
          </Button>,
          <Button key="close" type="primary" onClick={() => setExternalUrl(null)}>
            {t('reader.close')}
          </Button>,
        ]}
      >
        <Typography.Paragraph>{t('reader.externalLinkText')}</Typography.Paragraph>
        <Typography.Paragraph code copyable={false} style={{ wordBreak: 'break-all' }} data-testid="reader-external-url">
          {externalUrl}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
