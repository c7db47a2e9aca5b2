import path from 'node:path';
import { type Browser, type Page} from 'playwright-core';
import { launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, corpusFile } from '../helpers/corpus';
import { REPO_ROOT, type WebShellProcess, spawnWebShell, tempDataDir } from '../helpers/webShell';
import { parseOneJson, runCli } from '../helpers/cli';

/**
 * The secretary's path through the real UI in Chromium: open a round, import a city's
 * package by upload (with progress), see a broken file refused by name, search a
 * Chinese phrase and open the hit in the reader at its page.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 60_000 } as const;

let browser: Browser;
let shell: WebShellProcess;
let page: Page;
let roundId: string;
const problems: string[] = [];

beforeAll(async () => {
  const dataDir = tempDataDir();
  const created = runCli(['--data-dir', dataDir, '--json', 'round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'plan-review']);
  roundId = String(parseOneJson(created.stdout).id);
  shell = await spawnWebShell({ dataDir });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1400, height: 900 }, timeoutMs: WAIT.timeout });
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-${name}`);

/** In-page: how many times the reader put a stored first-page picture on screen (its `reader:pagerendered` marks). */
const SNAPSHOT_MARKS = `performance.getEntriesByName('reader:pagerendered').filter((mark) => mark.detail?.snapshot === true).length`;

describe('application packages in the UI', () => {
  it('opens the round from the list', async () => {
    failureShot('open-round');
    await page.getByText('2026年试点城市实施方案评审').click();
    await page.getByTestId('round-title').waitFor();
    expect(await page.getByTestId('round-title').textContent()).toBe('2026年试点城市实施方案评审');
    expect(new URL(page.url()).hash).toBe(`#/round/${roundId}`);
  });

  it('imports a city package by upload, with metadata, and lists its documents', async () => {
    failureShot('import');
    await page.getByTestId('import-application').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('import-city').fill('成都市');
    await dialog.locator('input[type=file]').first().setInputFiles([corpusFile('cjk-lshort-zh-cn.pdf'), corpusFile('report-cjk-proposal.pdf')]);
    await dialog.getByText('cjk-lshort-zh-cn.pdf').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-dialog.png') });
    await dialog.getByTestId('start-import').click();
    await dialog.waitFor({ state: 'hidden' });
    const table = page.getByTestId('applications-table');
    await table.getByText('成都市').waitFor();
    await table.getByText('cjk-lshort-zh-cn.pdf').waitFor();
    await table.getByText('report-cjk-proposal.pdf').waitFor();
    // Text is indexed before the import returns: both documents say so.
    await expect.poll(() => table.getByText('已索引').count(), WAIT).toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'round-applications.png') });
  });

  it('corrects the details of an application after import', async () => {
    failureShot('edit');
    const table = page.getByTestId('applications-table');
    await table.getByTestId('edit-application').first().click();
    const dialog = page.getByRole('dialog');
    const city = dialog.getByTestId('edit-city');
    await expect.poll(() => city.inputValue(), WAIT).toBe('成都市');
    await city.fill('成都市（修订）');
    await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await table.getByText('成都市（修订）').waitFor();
  });

  it('refuses a package with a damaged file, naming it, and stores nothing', async () => {
    failureShot('import-refused');
    await page.getByTestId('import-application').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('import-city').fill('重庆市');
    await dialog.locator('input[type=file]').first().setInputFiles([corpusFile('cjk-cns1-prospectus.pdf'), corpusFile('truncated.pdf')]);
    await dialog.getByText('truncated.pdf').waitFor();
    await dialog.getByTestId('start-import').click();
    const error = dialog.getByTestId('import-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('truncated.pdf 已损坏');
    // The user can fix the selection and try again: nothing stays disabled after a refusal.
    await expect.poll(() => dialog.getByTestId('import-city').isEnabled(), WAIT).toBe(true);
    await expect.poll(() => dialog.getByTestId('start-import').isEnabled(), WAIT).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-refused.png') });
    expect(await page.getByTestId('applications-table').getByText('重庆市').count()).toBe(0);
    // Take the damaged file out and import the rest: the same dialog, no retyping.
    await dialog.getByTestId('import-file').filter({ hasText: 'truncated.pdf' }).locator('.ant-tag-close-icon').click();
    await expect.poll(() => dialog.getByTestId('import-file').count(), WAIT).toBe(1);
    await dialog.getByTestId('start-import').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('applications-table').getByText('重庆市').waitFor();
  });

  it('explains every refused file of a package, each with its own reason', async () => {
    failureShot('import-every-reason');
    // Every file MANIFEST.json expects to fail, and the password-protected one without its password.
    const expected: Record<string, string> = {
      'empty.pdf': '是空文件',
      'not-a-pdf.pdf': '不是 PDF 文件',
      'truncated.pdf': '已损坏',
      'encrypted-aes256-user.pdf': '有打开密码',
    };
    const broken = corpus.filter((e) => e.expect === 'error' || e.expect === 'password').map((e) => e.file);
    expect(broken.sort()).toEqual(Object.keys(expected).sort());
    await page.getByTestId('import-application').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').first().setInputFiles([corpusFile('annots-pdfcomment.pdf'), ...broken.map(corpusFile)]);
    await expect.poll(() => dialog.getByTestId('import-file').count(), WAIT).toBe(broken.length + 1);
    await dialog.getByTestId('start-import').click();
    const items = dialog.getByTestId('import-error').locator('li');
    await expect.poll(() => items.count(), WAIT).toBe(broken.length);
    const texts = await items.allTextContents();
    for (const [file, reason] of Object.entries(expected)) {
      expect(texts.find((text) => text.startsWith(file)), file).toContain(reason);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-every-reason.png') });
    await dialog.getByRole('button', { name: /^取\s*消$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('finds a Chinese phrase and opens the hit in the reader at its page', async () => {
    failureShot('search');
    const input = page.getByTestId('search-input').locator('input');
    await input.fill('正斜线 另起一页');
    await input.press('Enter');
    const hit = page.getByTestId('search-hit');
    await hit.first().waitFor();
    expect(await hit.count()).toBe(1);
    expect(await hit.first().textContent()).toContain('第 20 页');
    await hit.first().click();
    await page.getByTestId('reader-layout').waitFor();
    expect(new URL(page.url()).hash).toContain('page=20');
    // The reader lands on page 20: its page box says so once the document is open.
    await expect.poll(() => page.getByTestId('reader-page-input').inputValue(), WAIT).toBe('20');
    await page.locator('.page[data-page-number="20"] .textLayer').waitFor();
    // Opened at page 20: the stored picture of page 1 is not shown (it would flash the wrong page).
    expect(await page.evaluate(SNAPSHOT_MARKS)).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'reader-from-search.png') });
    expect(await page.getByTestId('reader-document-name').textContent()).toBe('cjk-lshort-zh-cn.pdf');
  });

  it('remembers where each document was left: reopened from the list, it opens at that page', async () => {
    failureShot('reading-position');
    const table = page.getByTestId('applications-table');
    const pageInput = page.getByTestId('reader-page-input');
    // Read on from the search hit's page 20 to page 35.
    await pageInput.fill('35');
    await pageInput.press('Enter');
    await page.locator('.page[data-page-number="35"] canvas').waitFor();
    await expect.poll(() => pageInput.inputValue(), WAIT).toBe('35');
    // The position is saved a moment after the reader stops on a page.
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: /返\s*回/ }).click();
    await table.getByRole('button', { name: 'cjk-lshort-zh-cn.pdf' }).click();
    await page.getByTestId('reader-layout').waitFor();
    await expect.poll(() => page.getByTestId('reader-page-count').textContent(), WAIT).toContain('139');
    await expect.poll(() => pageInput.inputValue(), WAIT).toBe('35');
    await page.locator('.page[data-page-number="35"] .textLayer').waitFor();
    // Not opened at page 1: its stored picture was not put on screen.
    expect(await page.evaluate(SNAPSHOT_MARKS)).toBe(0);
  });

  it('shows progress while a 2415-page manual is imported, then opens it at page 1000', async () => {
    failureShot('large-manual');
    await page.getByTestId('reader-layout').waitFor();
    await page.getByRole('button', { name: /返\s*回/ }).click();
    // Back shows the round as it was left: the search and its hit are still there.
    await page.getByTestId('search-hit').first().waitFor();
    expect(await page.getByTestId('search-input').locator('input').inputValue()).toBe('正斜线 另起一页');
    await page.getByTestId('import-application').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('import-city').fill('上海市');
    await dialog.locator('input[type=file]').first().setInputFiles([corpusFile('large-r-fullrefman.pdf')]);
    await dialog.getByTestId('start-import').click();
    // Extraction of 2415 pages takes seconds: the bar names the phase and counts pages.
    const progress = dialog.getByTestId('import-progress');
    await progress.getByText('提取文本').waitFor();
    expect(await progress.textContent()).toMatch(/\d+\/2415/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-progress.png') });
    await dialog.waitFor({ state: 'hidden', timeout: 180_000 });

    await page.getByTestId('applications-table').getByRole('button', { name: 'large-r-fullrefman.pdf' }).click();
    await page.getByTestId('reader-layout').waitFor();
    // Opened at page 1, fresh from its import: the picture of page 1 drawn at import went
    // on screen first (the reader's mark says so), then pdf.js drew the page itself.
    await expect.poll(() => page.evaluate(SNAPSHOT_MARKS), WAIT).toBe(1);
    await expect.poll(() => page.locator('.page[data-page-number="1"] .canvasWrapper canvas').count(), WAIT).toBe(1);
    await expect.poll(() => page.getByTestId('reader-first-page-preview').isHidden(), WAIT).toBe(true);
    const pageInput = page.getByTestId('reader-page-input');
    await expect.poll(() => page.getByTestId('reader-page-count').textContent(), WAIT).toContain('2415');
    await pageInput.fill('1000');
    await pageInput.press('Enter');
    await page.locator('.page[data-page-number="1000"] canvas').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'reader-page-1000.png') });
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
