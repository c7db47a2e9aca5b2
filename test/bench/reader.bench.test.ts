import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { corpusDir, corpusFile } from '../helpers/corpus';
import { type RangeServer, startRangeServer } from '../helpers/rangeServer';
import { REPO_ROOT } from '../helpers/webShell';
import { median, percentile, report, timeCommandMs } from './benchKit';

/**
 * The reader (renderer/src/features/reader) on the 2415-page R reference manual in
 * Debian's Chromium, through the built reader harness and the Range-serving test server
 * (as test/e2e/reader.e2e.test.ts drives it): first page painted vs pdftoppm, the jump
 * to page 1000, and the JS heap while scrolling through 500 pages. Measures only; needs
 * `npx electron-vite build` first.
 */

const RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');
const FILE = 'large-r-fullrefman.pdf';
const SRC = `/corpus/${FILE}`;
const RUNS = 5;
const SCROLL_PAGES = 500;
const TIMEOUT_MS = 30_000;
/** A page with no ink after this long (once its canvas exists) counts as painted blank. */
const BLANK_AFTER_MS = 1500;

let browser: Browser;
let server: RangeServer;
const contexts: BrowserContext[] = [];

function harnessUrl(params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  return `${server.origin}/reader-harness.html?${query.toString()}`;
}

async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  return { context, page };
}

async function closeContext(context: BrowserContext): Promise<void> {
  contexts.splice(contexts.indexOf(context), 1);
  await context.close();
}

// In-page code is a string: this file is type-checked for Node, without the DOM library,
// and the harness's CSP forbids eval (so no waitForFunction).

/** JS for: does page N's canvas have ink (a dark pixel)? Stops at the first one. */
const hasInk = (pageNumber: number) => `((canvas) => {
  if (canvas === null || canvas.width === 0 || canvas.height === 0) return false;
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < data.length; i += 4) if (data[i] < 160 && data[i + 1] < 160 && data[i + 2] < 160) return true;
  return false;
})(document.querySelector('.page[data-page-number="${pageNumber}"] .canvasWrapper canvas'))`;

/** performance.now() (ms since navigation start) when page N's canvas first has ink, checked every frame. */
async function paintedAt(page: Page, pageNumber: number): Promise<number> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const deadline = performance.now() + ${TIMEOUT_MS};
    const check = () => {
      if (${hasInk(pageNumber)}) return resolve(performance.now());
      if (performance.now() > deadline) return reject(new Error('page ${pageNumber} not painted'));
      requestAnimationFrame(check);
    };
    check();
  })`)) as number;
}

/** Brings page N to the top of the viewer and waits until it is painted: { ms, blank }. */
async function scrollToAndPaint(page: Page, pageNumber: number): Promise<{ ms: number; blank: boolean }> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const start = performance.now();
    const div = document.querySelector('.page[data-page-number="${pageNumber}"]');
    if (div === null) return reject(new Error('no page ${pageNumber}'));
    div.scrollIntoView({ block: 'start' });
    let canvasSince = null;
    const check = () => {
      const now = performance.now();
      if (${hasInk(pageNumber)}) return resolve({ ms: now - start, blank: false });
      const canvas = div.querySelector('.canvasWrapper canvas');
      if (canvas !== null && canvas.width > 0 && div.getAttribute('data-loaded') === 'true') {
        canvasSince ??= now;
        if (now - canvasSince > ${BLANK_AFTER_MS}) return resolve({ ms: now - start, blank: true });
      }
      if (now - start > ${TIMEOUT_MS}) return reject(new Error('page ${pageNumber} not painted'));
      requestAnimationFrame(check);
    };
    check();
  })`)) as { ms: number; blank: boolean };
}

async function heapUsedMb(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
}

async function canvasStats(page: Page): Promise<{ canvases: number; canvasMpx: number; loadedPages: number }> {
  return (await page.evaluate(`(() => {
    const canvases = [...document.querySelectorAll('.pdfViewer canvas')];
    return {
      canvases: canvases.length,
      canvasMpx: canvases.reduce((sum, c) => sum + c.width * c.height, 0) / 1e6,
      loadedPages: document.querySelectorAll('.pdfViewer .page[data-loaded="true"]').length,
    };
  })()`)) as { canvases: number; canvasMpx: number; loadedPages: number };
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'reader-harness.html'))) {
    throw new Error('out/renderer/reader-harness.html is missing — run npx electron-vite build first');
  }
  server = await startRangeServer({ rendererDir: RENDERER_DIR, pdfDir: corpusDir });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of [...contexts]) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.close();
});

it('first page painted vs pdftoppm, and the jump to page 1000', async () => {
  const file = corpusFile(FILE);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-'));
  const baseline: number[] = [];
  for (let run = 0; run < RUNS; run++) baseline.push(timeCommandMs('pdftoppm', ['-f', '1', '-l', '1', '-r', '96', '-png', file, path.join(tmp, `p${run}`)]));
  fs.rmSync(tmp, { recursive: true, force: true });

  const firstInPage: number[] = [];
  const firstWall: number[] = [];
  const firstBytes: number[] = [];
  const firstRequests: number[] = [];
  const jumps: number[] = [];
  const jumpToPageChange: number[] = [];
  const jumpRequests: number[] = [];
  const jumpBytes: number[] = [];
  const jumpRequestMs: number[] = [];
  let jumpCanvas = '';
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await freshPage();
    server.reset();
    // 1. Navigation to the first page's ink: in-page time is from navigation start; the
    //    wall time also has the CDP round trips.
    const wallStart = process.hrtime.bigint();
    await page.goto(harnessUrl({ src: SRC }), { waitUntil: 'commit' });
    firstInPage.push(await paintedAt(page, 1));
    firstWall.push(Number(process.hrtime.bigint() - wallStart) / 1e6);
    firstBytes.push(server.pdfBytes(SRC));
    firstRequests.push(server.pdfRequests().length);

    // 2. Type 1000 + Enter, until page 1000 has ink.
    await page.locator('[data-testid="pdf-reader"][data-state="ready"]').waitFor({ timeout: TIMEOUT_MS });
    const input = page.getByTestId('reader-page-input');
    await input.click();
    await input.fill('1000');
    server.reset();
    const requestsAt = Date.now();
    await page.evaluate(`(() => {
      window.__benchPageChange = null;
      const status = document.querySelector('[data-testid="harness-status"]');
      new MutationObserver((_, observer) => {
        if (status.getAttribute('data-page') === '1000') { window.__benchPageChange = performance.now(); observer.disconnect(); }
      }).observe(status, { attributes: true });
    })()`);
    const jumpStart = (await page.evaluate('performance.now()')) as number;
    await input.press('Enter');
    const painted = await paintedAt(page, 1000);
    const pageChange = (await page.evaluate('window.__benchPageChange')) as number | null;
    const requestsDone = Date.now();
    jumps.push(painted - jumpStart);
    jumpToPageChange.push(pageChange === null ? NaN : pageChange - jumpStart);
    jumpRequests.push(server.pdfRequests().length);
    jumpBytes.push(server.pdfBytes(SRC));
    jumpRequestMs.push(requestsDone - requestsAt);
    if (run === 0) {
      jumpCanvas = (await page.evaluate(`(() => {
        const c = document.querySelector('.page[data-page-number="1000"] .canvasWrapper canvas');
        return c === null ? '' : c.width + 'x' + c.height + ' @dpr ' + devicePixelRatio;
      })()`)) as string;
    }
    await closeContext(context);
  }

  const oursMs = median(firstInPage);
  const baseMs = median(baseline);
  report({
    name: 'reader-first-page',
    ratioMeaning: 'ms from navigation to page 1 painted in the reader ÷ pdftoppm -r 96 of page 1 (wall)',
    ratio: oursMs / baseMs,
    target: '≤ 1.5',
    met: oursMs / baseMs <= 1.5,
    figures: {
      runs: RUNS,
      oursMedianMs: round(oursMs),
      oursRunsMs: firstInPage.map((v) => round(v)).join(', '),
      oursWallMedianMs: round(median(firstWall)),
      pdftoppmMedianMs: round(baseMs),
      pdftoppmRunsMs: baseline.map((v) => round(v)).join(', '),
      pdfBytesForFirstPage: median(firstBytes),
      pdfRequestsForFirstPage: median(firstRequests),
    },
  });

  const jumpMs = median(jumps);
  report({
    name: 'reader-jump-1000',
    ratioMeaning: 'ms from Enter in the page field (1000) to page 1000 painted ÷ 300 ms',
    ratio: jumpMs / 300,
    target: '≤ 1.0 (≤ 300 ms)',
    met: jumpMs <= 300,
    figures: {
      runs: RUNS,
      medianMs: round(jumpMs),
      p100Ms: round(percentile(jumps, 100)),
      runsMs: jumps.map((v) => round(v)).join(', '),
      medianMsToPageChange: round(median(jumpToPageChange)),
      medianRangeRequests: median(jumpRequests),
      medianRangeBytes: median(jumpBytes),
      canvas: jumpCanvas,
    },
  });
});

it('JS heap while scrolling through 500 pages', async () => {
  const { context, page } = await freshPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(harnessUrl({ src: SRC }), { waitUntil: 'commit' });
  await paintedAt(page, 1);
  await page.locator('[data-testid="pdf-reader"][data-state="ready"]').waitFor({ timeout: TIMEOUT_MS });
  await cdp.send('HeapProfiler.collectGarbage');
  const startMb = await heapUsedMb(cdp);
  server.reset();

  let maxMb = startMb;
  let maxCanvases = 0;
  let blank = 0;
  const stepMs: number[] = [];
  const started = process.hrtime.bigint();
  for (let pageNumber = 2; pageNumber <= SCROLL_PAGES; pageNumber++) {
    const step = await scrollToAndPaint(page, pageNumber);
    stepMs.push(step.ms);
    if (step.blank) blank++;
    if (pageNumber % 10 === 0 || pageNumber === SCROLL_PAGES) {
      maxMb = Math.max(maxMb, await heapUsedMb(cdp));
      maxCanvases = Math.max(maxCanvases, (await canvasStats(page)).canvases);
    }
  }
  const scrollSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const beforeGcMb = await heapUsedMb(cdp);
  maxMb = Math.max(maxMb, beforeGcMb);
  await cdp.send('HeapProfiler.collectGarbage');
  const afterGcMb = await heapUsedMb(cdp);
  const end = await canvasStats(page);
  await closeContext(context);

  report({
    name: 'reader-scroll-heap',
    ratioMeaning: `max renderer JS heap (MB) while scrolling page by page through ${SCROLL_PAGES} pages ÷ 300 MB`,
    ratio: maxMb / 300,
    target: '≤ 1.0 (≤ 300 MB)',
    met: maxMb <= 300,
    figures: {
      pages: SCROLL_PAGES,
      heapAfterFirstPageMb: round(startMb),
      heapMaxMb: round(maxMb),
      heapEndBeforeGcMb: round(beforeGcMb),
      heapEndAfterGcMb: round(afterGcMb),
      canvasesAliveAtEnd: end.canvases,
      canvasMegapixelsAtEnd: round(end.canvasMpx, 2),
      pagesMarkedLoadedAtEnd: end.loadedPages,
      maxCanvasesSeen: maxCanvases,
      blankPages: blank,
      stepMedianMs: round(median(stepMs)),
      stepP95Ms: round(percentile(stepMs, 95)),
      scrollSeconds: round(scrollSeconds),
      pdfRequests: server.pdfRequests().length,
      pdfBytes: server.pdfBytes(SRC),
    },
  });
});
