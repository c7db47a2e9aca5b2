import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page} from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { corpusDir } from '../helpers/corpus';
import { type RangeServer, startRangeServer } from '../helpers/rangeServer';
import { REPO_ROOT } from '../helpers/webShell';

/**
 * The PDF reader (renderer/src/features/reader) end to end in Debian's Chromium: the
 * built reader harness page, served with the shells' CSP by a test server that serves
 * the corpus PDFs with Range support (as the shells serve /blob/<sha256>). Checks
 * Chinese glyphs and text (Adobe-GB1 CMaps served locally), range loading of a
 * 2415-page file, find, search-hit highlight, bookmarks, external links, passwords and
 * damaged files, and that switching documents leaves one pdf.js worker alive.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');
const WAIT = { timeout: 30_000 } as const;
const LSHORT = '/corpus/cjk-lshort-zh-cn.pdf';
const LARGE = '/corpus/large-r-fullrefman.pdf';
const LARGE_BYTES = fs.statSync(path.join(corpusDir, 'large-r-fullrefman.pdf')).size;

let browser: Browser;
let server: RangeServer;
let context: BrowserContext | undefined;
let page: Page;
/** console errors, page errors and CSP violations, per test file. */
const problems: string[] = [];
/** What the report at the end prints. */
const measured: Record<string, string | number> = {};

function harnessUrl(params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  return `${server.origin}/reader-harness.html?${query.toString()}`;
}

async function openPage(): Promise<Page> {
  await context?.close();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const opened = await context.newPage();
  opened.setDefaultTimeout(WAIT.timeout);
  opened.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  opened.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return opened;
}

async function openReader(params: Record<string, string | number>): Promise<void> {
  page = await openPage();
  await page.goto(harnessUrl(params), { waitUntil: 'domcontentloaded' });
}

async function waitReady(): Promise<void> {
  await page.locator('[data-testid="pdf-reader"][data-state="ready"]').waitFor(WAIT);
}

// In-page probes are strings: this file is type-checked for Node, without the DOM library.

/** Share of dark pixels on a page's canvas: 0 for a blank (unpainted) page. */
async function canvasInk(pageNumber: number): Promise<number> {
  return (await page.evaluate(`(() => {
    const canvas = document.querySelector('.page[data-page-number="${pageNumber}"] .canvasWrapper canvas');
    if (canvas === null || canvas.width === 0) return 0;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 160 && data[i + 1] < 160 && data[i + 2] < 160) dark++;
    return dark / (data.length / 4);
  })()`)) as number;
}

/** The text of a page's text layer, without white space. */
async function textLayerText(pageNumber: number): Promise<string> {
  return (await page.evaluate(
    `(document.querySelector('.page[data-page-number="${pageNumber}"] .textLayer')?.textContent ?? '').replace(/\\s+/g, '')`,
  )) as string;
}

/** Selects all of a page's text layer as a user would, and returns the selection's text. */
async function selectPageText(pageNumber: number): Promise<string> {
  return (await page.evaluate(`(() => {
    const layer = document.querySelector('.page[data-page-number="${pageNumber}"] .textLayer');
    if (layer === null) return '';
    const range = document.createRange();
    range.selectNodeContents(layer);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    const text = selection.toString();
    selection.removeAllRanges();
    return text.replace(/\\s+/g, '');
  })()`)) as string;
}

/** The search-hit highlight (CSS Custom Highlight API): how many ranges, the first one's text and page. */
async function hitHighlight(): Promise<{ size: number; text: string; page: string | null }> {
  return (await page.evaluate(`(() => {
    const highlight = CSS.highlights.get('panel-review-hit');
    const first = highlight === undefined ? undefined : [...highlight][0];
    return {
      size: highlight?.size ?? 0,
      text: (first?.toString() ?? '').replace(/\\s+/g, ''),
      page: first?.startContainer.parentElement?.closest('.page')?.getAttribute('data-page-number') ?? null,
    };
  })()`)) as { size: number; text: string; page: string | null };
}

async function goToPage(pageNumber: number): Promise<void> {
  const input = page.getByTestId('reader-page-input');
  await input.click();
  await input.fill(String(pageNumber));
  await input.press('Enter');
  await expect.poll(() => page.getByTestId('harness-status').getAttribute('data-page'), WAIT).toBe(String(pageNumber));
  // The field shows where the document is, and the focus went to the document.
  await expect.poll(() => input.inputValue(), WAIT).toBe(String(pageNumber));
  expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('reader-viewer');
}

/**
 * Milliseconds from navigation start until page N's canvas has ink, checked every frame
 * in the page (a promise evaluated over CDP: waitForFunction would need eval, which the
 * CSP forbids).
 */
async function msUntilPainted(pageNumber: number): Promise<number> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const deadline = performance.now() + ${WAIT.timeout};
    const check = () => {
      const canvas = document.querySelector('.page[data-page-number="${pageNumber}"] .canvasWrapper canvas');
      if (canvas !== null && canvas.width > 0) {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] < 160 && data[i + 1] < 160 && data[i + 2] < 160) return resolve(Math.round(performance.now()));
        }
      }
      if (performance.now() > deadline) return reject(new Error('page ${pageNumber} not painted'));
      requestAnimationFrame(check);
    };
    check();
  })`)) as number;
}

/** The zoom the viewer is at, as pdf.js's scale (1 = 100 %; its --scale-factor also has the 96/72 px-per-pt factor). */
async function currentScale(): Promise<number> {
  const factor = (await page.evaluate(
    `parseFloat(getComputedStyle(document.querySelector('.pdfViewer')).getPropertyValue('--scale-factor'))`,
  )) as number;
  return factor / (96 / 72);
}

/** The zoom once it has stopped changing (the viewer refits 120 ms after its pane resizes). */
async function settledScale(): Promise<number> {
  let previous = Number.NaN;
  for (let i = 0; i < 50; i++) {
    const scale = await currentScale();
    if (scale === previous) return scale;
    previous = scale;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the zoom did not settle (last ${previous})`);
}

function screenshot(name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(ARTIFACTS, `reader-${name}.png`) });
}

function saveScreenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    await page?.screenshot({ path: path.join(ARTIFACTS, `reader-failed-${name}.png`) }).catch(() => undefined);
  });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'reader-harness.html'))) {
    throw new Error('out/renderer/reader-harness.html is missing — run npm run build first');
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startRangeServer({ rendererDir: RENDERER_DIR, pdfDir: corpusDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.close();
  console.log(`reader e2e measurements: ${JSON.stringify(measured, null, 2)}`);
});

describe('PDF reader', () => {
  it('renders the first page of a Chinese PDF (Adobe-GB1, no ToUnicode) with glyphs on the canvas', async () => {
    saveScreenshotOnFailure('lshort');
    await openReader({ src: LSHORT });
    measured.lshortFirstPageMsFromNavigation = await msUntilPainted(1);
    await waitReady();
    await expect.poll(() => canvasInk(1), WAIT).toBeGreaterThan(0.002);
    expect(await page.getByTestId('reader-page-count').innerText()).toContain('139');
    // The toolbar speaks Chinese.
    await page.getByTestId('reader-zoom').getByText('适合宽度').waitFor(WAIT);
    await screenshot('lshort-p1');
  });

  it('has the Chinese text of page 20 in its text layer, and it can be selected', async () => {
    saveScreenshotOnFailure('lshort-p20');
    await goToPage(20);
    await expect.poll(() => textLayerText(20), WAIT).toContain('另起一页');
    await expect.poll(() => canvasInk(20), WAIT).toBeGreaterThan(0.002);
    const selected = await selectPageText(20);
    expect(selected).toContain('另起一页');
    expect(selected.match(/[\u4e00-\u9fff]/g)?.length ?? 0).toBeGreaterThan(100);
    await screenshot('lshort-p20');
  });

  it('finds 另起一页 with Ctrl+F: highlights appear, Enter goes to the next match, Esc clears them', async () => {
    saveScreenshotOnFailure('find');
    await page.getByTestId('reader-viewer').focus();
    await page.keyboard.press('Control+f');
    const input = page.getByTestId('reader-find-input');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")'), WAIT).toBe('reader-find-input');
    await input.fill('另起一页');
    await page.locator('.textLayer .highlight').first().waitFor(WAIT);
    await expect.poll(() => page.getByTestId('reader-find-count').innerText(), WAIT).toMatch(/^\d+ \/ 4$/);
    const first = await page.getByTestId('reader-find-count').innerText();
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('reader-find-count').innerText(), WAIT).not.toBe(first);
    await page.locator('.textLayer .highlight.selected').first().waitFor(WAIT);
    await screenshot('find');
    await input.press('Shift+Enter');
    await expect.poll(() => page.getByTestId('reader-find-count').innerText(), WAIT).toBe(first);
    await input.press('Escape');
    await page.getByTestId('reader-find-input').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => page.locator('.textLayer .highlight').count(), WAIT).toBe(0);
  });

  it('opens a search hit at its page and highlights the text there', async () => {
    saveScreenshotOnFailure('hit');
    await openReader({ src: LSHORT, hl: '另起一页', hlpage: 47 });
    await waitReady();
    await expect.poll(() => page.getByTestId('harness-status').getAttribute('data-page'), WAIT).toBe('47');
    await expect.poll(async () => (await hitHighlight()).size, WAIT).toBeGreaterThan(0);
    // The highlighted range is on page 47 and is the hit's text.
    const highlighted = await hitHighlight();
    expect({ text: highlighted.text, page: highlighted.page }).toEqual({ text: '另起一页', page: '47' });
    // The find box holds the hit's text, ready to find it in the whole document.
    expect(await page.getByTestId('reader-find-input').inputValue()).toBe('另起一页');
    await screenshot('hit');
  });

  it('opens page 1000 of a 2415-page file by ranges, far from the whole file', async () => {
    saveScreenshotOnFailure('large');
    server.reset();
    await openReader({ src: LARGE });
    measured.largeFirstPageMsFromNavigation = await msUntilPainted(1);
    await waitReady();
    measured.largeBytesForFirstPage = server.pdfBytes(LARGE);
    expect(await page.getByTestId('reader-page-count').innerText()).toContain('2415');

    const jumped = (await page.evaluate('performance.now()')) as number;
    await goToPage(1000);
    measured.largePage1000MsFromJump = (await msUntilPainted(1000)) - Math.round(jumped);
    await expect.poll(() => textLayerText(1000), WAIT).not.toBe('');
    const bytes = server.pdfBytes(LARGE);
    const requests = server.pdfRequests();
    measured.largeBytesAfterPage1000 = bytes;
    measured.largeFileBytes = LARGE_BYTES;
    measured.largeRequests = requests.length;
    measured.largeRangeRequests = requests.filter((r) => r.status === 206).length;
    measured.largeRequestLog = requests.map((r) => `${r.status} ${r.range ?? 'whole'} ${r.bytes}`).join('; ');
    expect(requests.filter((r) => r.status === 206).length).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(LARGE_BYTES * 0.35);
    await screenshot('large-p1000');
  });

  it('shows the Chinese bookmarks of cjk-ctex.pdf and goes where one points', async () => {
    saveScreenshotOnFailure('outline');
    await openReader({ src: '/corpus/cjk-ctex.pdf' });
    await waitReady();
    const outline = page.getByTestId('reader-outline');
    await outline.getByText('目录', { exact: true }).waitFor(WAIT);
    const titles = await outline.locator('.ant-tree-title').allInnerTexts();
    expect(titles).toContain('目录');
    expect(titles.some((title) => title.startsWith('第2节'))).toBe(true);
    await expect.poll(() => canvasInk(1), WAIT).toBeGreaterThan(0.001);
    await outline.locator('.ant-tree-title', { hasText: /^第4节/ }).click();
    await expect.poll(async () => Number(await page.getByTestId('harness-status').getAttribute('data-page')), WAIT).toBeGreaterThan(3);
    await screenshot('outline');
  });

  it('does not follow an external link: shows the address instead', async () => {
    saveScreenshotOnFailure('link');
    const before = page.url();
    await goToPage(1);
    const link = page.locator('.page[data-page-number="1"] .annotationLayer a[href^="http"]').first();
    await link.waitFor(WAIT);
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^https?:\/\//);
    await link.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('外部链接').waitFor(WAIT);
    await dialog.getByText(href ?? '').waitFor(WAIT);
    await screenshot('external-link');
    // Middle click and Ctrl+click open nothing either.
    const closeButton = dialog.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ });
    await closeButton.click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await link.click({ button: 'middle' });
    await link.click({ modifiers: ['Control'] });
    await closeButton.click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    expect(page.url()).toBe(before);
    expect(context?.pages().length).toBe(1);
  });

  it('zooms with the keyboard, the select and Ctrl+wheel, scrolls with PageDown, remembers the zoom', async () => {
    saveScreenshotOnFailure('zoom');
    await openReader({ src: LSHORT });
    await waitReady();
    await expect.poll(() => canvasInk(1), WAIT).toBeGreaterThan(0.001);
    // lshort has bookmarks: their panel arrives after the first page and narrows the pages
    // (the fit-width zoom is applied again). Start from the zoom after that.
    await page.getByTestId('reader-outline').waitFor(WAIT);
    const fitWidth = await settledScale();
    await page.getByTestId('reader-viewer').focus();
    await page.keyboard.press('Control+=');
    await expect.poll(currentScale, WAIT).toBeGreaterThan(fitWidth);
    const zoomedIn = await currentScale();
    await page.keyboard.press('Control+-');
    await page.keyboard.press('Control+-');
    await expect.poll(currentScale, WAIT).toBeLessThan(zoomedIn);
    // Both steps taken before the select opens: a zoom arriving while its list is open
    // re-renders the list under the pointer.
    await settledScale();
    // The select: 150 %.
    await page.getByTestId('reader-zoom').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option[title="150%"]').click();
    await expect.poll(currentScale, WAIT).toBeCloseTo(1.5, 2);
    // Ctrl+wheel zooms the document (not the page).
    const box = await page.getByTestId('reader-viewer').boundingBox();
    if (box === null) throw new Error('no viewer box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await expect.poll(currentScale, WAIT).toBeGreaterThan(1.6);
    // PageDown scrolls the focused document.
    await page.getByTestId('reader-viewer').focus();
    const before = (await page.evaluate(`document.querySelector('[data-testid="reader-viewer"]').scrollTop`)) as number;
    await page.keyboard.press('PageDown');
    await expect.poll(() => page.evaluate(`document.querySelector('[data-testid="reader-viewer"]').scrollTop`), WAIT).toBeGreaterThan(before);
    // The zoom is remembered for the next document.
    const remembered = await currentScale();
    await page.goto(harnessUrl({ src: '/corpus/cjk-ctex.pdf' }), { waitUntil: 'domcontentloaded' });
    await waitReady();
    await expect.poll(currentScale, WAIT).toBeCloseTo(remembered, 2);
    await page.evaluate(`localStorage.removeItem('panel-review.reader.zoom')`);
  });

  it('speaks English when asked; the split moves with the keyboard and is remembered; narrow, bookmarks overlay', async () => {
    saveScreenshotOnFailure('split');
    await openReader({ src: '/corpus/report-cjk-proposal.pdf', lang: 'en' });
    await waitReady();
    const side = page.getByTestId('scoring-sheet-placeholder');
    await side.getByText('Scoring sheet', { exact: true }).waitFor(WAIT);
    await page.getByTestId('reader-zoom').getByText('Fit width').waitFor(WAIT);
    await page.getByTestId('reader-outline').waitFor(WAIT);
    await expect.poll(() => canvasInk(1), WAIT).toBeGreaterThan(0.001);
    await screenshot('english');

    const width = async () => (await side.boundingBox())?.width ?? 0;
    const initial = await width();
    await page.getByTestId('reader-split-handle').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(width, WAIT).toBeGreaterThan(initial + 20);
    const resized = await width();
    await expect.poll(() => page.evaluate(`Object.keys(localStorage).some((k) => k.includes('panel-review.reader-split'))`), WAIT).toBe(true);
    await page.reload();
    await waitReady();
    await expect.poll(width, WAIT).toBeCloseTo(resized, -1);
    // Now too narrow for bookmarks beside the pages: hidden, and the toggle lays them over the pages.
    await page.getByTestId('reader-outline').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('reader-sidebar-toggle').click();
    await page.getByTestId('reader-outline').getByText('6 结语', { exact: true }).click();
    await page.getByTestId('reader-outline').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(async () => Number(await page.getByTestId('harness-status').getAttribute('data-page')), WAIT).toBeGreaterThan(10);
    const target = Number(await page.getByTestId('harness-status').getAttribute('data-page'));
    await expect.poll(() => canvasInk(target), WAIT).toBeGreaterThan(0.001);
    await screenshot('narrow');
  });

  it('reports PASSWORD without the password, and opens with it', async () => {
    saveScreenshotOnFailure('password');
    await openReader({ src: '/corpus/encrypted-aes256-user.pdf' });
    await page.locator('[data-testid="reader-error"][data-code="PASSWORD"]').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('harness-status').getAttribute('data-error'), WAIT).toBe('PASSWORD');
    await page.getByTestId('reader-password').fill('wrong');
    await page.getByTestId('reader-password-submit').click();
    await page.getByText('密码不正确').waitFor(WAIT);
    await screenshot('password');
    await page.getByTestId('reader-password').fill('secret');
    await page.getByTestId('reader-password-submit').click();
    await waitReady();
    expect(await page.getByTestId('reader-page-count').innerText()).toContain('26');

    // And given up front, it opens straight away.
    await openReader({ src: '/corpus/encrypted-aes256-user.pdf', password: 'secret' });
    await waitReady();
    await expect.poll(() => canvasInk(1), WAIT).toBeGreaterThan(0.001);
  });

  it('reports DAMAGED for truncated and non-PDF files, LOAD for a missing one', async () => {
    saveScreenshotOnFailure('errors');
    for (const [file, code] of [
      ['truncated.pdf', 'DAMAGED'],
      ['not-a-pdf.pdf', 'DAMAGED'],
      ['empty.pdf', 'DAMAGED'],
      ['no-such-file.pdf', 'LOAD'],
    ] as const) {
      await openReader({ src: `/corpus/${file}` });
      await page.locator(`[data-testid="reader-error"][data-code="${code}"]`).waitFor(WAIT);
      expect(await page.getByTestId('harness-status').getAttribute('data-error'), file).toBe(code);
    }
    await screenshot('damaged');
    // Failed loads log through pdf.js and the browser; those are expected here.
    problems.splice(0, problems.length, ...problems.filter((p) => !/404|Failed to load resource|Invalid PDF|UnknownErrorException/i.test(p)));
  });

  it('renders the Traditional Chinese (Adobe-CNS1) prospectus; switching documents leaves its worker and one spare, and no stale pages', async () => {
    saveScreenshotOnFailure('cns1');
    page = await openPage();
    let workersAlive = 0;
    page.on('worker', (worker) => {
      workersAlive++;
      worker.on('close', () => workersAlive--);
    });
    await page.goto(harnessUrl({ src: '/corpus/cjk-cns1-prospectus.pdf' }), { waitUntil: 'domcontentloaded' });
    await waitReady();
    await expect.poll(() => canvasInk(1), WAIT).toBeGreaterThan(0.001);
    await expect.poll(async () => ((await textLayerText(1)).match(/[\u4e00-\u9fff]/g) ?? []).length, WAIT).toBeGreaterThan(50);
    await screenshot('cns1');
    // The document's worker, and the spare started for the next document (pdfjs.ts).
    await expect.poll(() => workersAlive, WAIT).toBe(2);

    // Switch documents in place, three times: the old viewer's pages and worker go away.
    for (const [file, pages] of [
      ['cjk-ctex.pdf', 175],
      ['report-cjk-proposal.pdf', 26],
      ['cjk-lshort-zh-cn.pdf', 139],
    ] as const) {
      await page.evaluate(`location.hash = 'src=/corpus/${file}'`);
      await expect.poll(() => page.getByTestId('harness-status').getAttribute('data-pages'), WAIT).toBe(String(pages));
      await waitReady();
      await expect.poll(() => canvasInk(1), WAIT).toBeGreaterThan(0.001);
      expect(await page.locator('.pdfViewer .page').count()).toBe(pages);
    }
    await expect.poll(() => workersAlive, WAIT).toBe(2);
    // pdf.js logs these when a document is closed while it still loads a page (the page
    // pre-rendered after the visible one); the load is abandoned on purpose.
    problems.splice(0, problems.length, ...problems.filter((p) => !/Transport destroyed|pdfPage is not loaded/.test(p)));
  });

  it('no console errors, page errors or CSP violations along the way', () => {
    expect(problems).toEqual([]);
  });
});
