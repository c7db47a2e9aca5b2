import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { noteEveryFlag, scoredRound } from '../../electron/core/report/reportTestKit';
import { E2E_ARTIFACTS, launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { tempDir } from '../helpers/cli';
import { type WebShellProcess, spawnWebShell } from '../helpers/webShell';

/**
 * The secretary exports the round's reports from the results tab, in Chromium on the web
 * shell. The round is the hand-worked one of the report tests (real keys, real bundles,
 * the real merge; three flags open). In the UI: the dialog says only a draft can be
 * exported and ticks it; a draft XLSX downloads and exceljs reads its values back; the
 * PDF preview draws page 1 and turns to page 2 with the arrow key; once every flag has
 * its note, the final PDF downloads and pdftotext finds the cities and no 草稿; the audit
 * tab lists both exports. Screenshots of the dialog and the preview go to test-results/e2e/.
 */

const WAIT = { timeout: 60_000 } as const;

let root: string;
let dataDir: string;
let roundId: string;
let browser: Browser;
let shell: WebShellProcess;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  root = tempDir('panel-review-report-e2e-');
  const { panel } = await scoredRound(root);
  roundId = panel.roundId;
  dataDir = path.join(root, 'data');
  await panel.core.close();
  shell = await spawnWebShell({ dataDir });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1440, height: 1000 }, timeoutMs: WAIT.timeout, acceptDownloads: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-report-${name}`, problems);
/** The export dialog, by what only it holds (antd's modal root itself has no size). */
const dialog = () => page.getByRole('dialog').filter({ has: page.getByTestId('report-export-submit') });

async function openDialog(): Promise<void> {
  await page.goto(`${shell.origin}/#/round/${roundId}/results`);
  await page.getByTestId('results-dashboard').waitFor();
  await page.getByTestId('results-export-report').click();
  await page.getByTestId('report-format').waitFor();
}

/** Clicks export and saves what the browser downloads under its suggested name. */
async function exportAndSave(): Promise<{ file: string; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-submit').click()]);
  const file = path.join(root, download.suggestedFilename());
  await download.saveAs(file);
  return { file, name: download.suggestedFilename() };
}

const draftBox = () => page.getByRole('checkbox', { name: /草稿/ });
const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('exporting reports from the results tab', () => {
  it('while flags are open, offers only a draft, and the draft XLSX holds the ranking', async () => {
    failureShot('draft-xlsx');
    await openDialog();
    expect(await page.getByTestId('report-open-flags').innerText()).toContain('尚有 3 个分歧标记');
    const draft = draftBox();
    expect(await draft.isChecked()).toBe(true);
    expect(await draft.isDisabled()).toBe(true);
    // Once the modal has zoomed in to its full width.
    await expect.poll(async () => (await dialog().boundingBox())?.width ?? 0, WAIT).toBeGreaterThanOrEqual(640);
    await dialog().screenshot({ path: path.join(E2E_ARTIFACTS, 'report-export-dialog.png') });

    const { file, name } = await exportAndSave();
    expect(name).toMatch(/-评分汇总表-草稿\.xlsx$/);
    await page.getByTestId('report-exported').waitFor();
    expect((await page.getByTestId('report-exported-sha256').innerText()).trim()).toBe(sha256Of(file));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const summary = workbook.getWorksheet('评分汇总表');
    expect(String(summary?.getCell('A1').value)).toContain('草稿');
    // Ranked rows under the title, notice and header rows: the cities in rank order.
    const cities: string[] = [];
    summary?.eachRow((row) => {
      const city = row.getCell(4).value;
      if (typeof city === 'string' && city !== '城市' && city.endsWith('市')) cities.push(city);
    });
    expect(cities).toEqual(['宁波市', '成都市', '株洲市', '泉州市']);
    await page.getByTestId('report-export-another').click();
  });

  it('previews the PDF opinion summary page by page, writing nothing', async () => {
    failureShot('preview');
    await page.getByTestId('report-format-pdf').click();
    await page.getByTestId('report-preview-open').click();
    const canvas = page.getByTestId('report-preview-canvas');
    await expect.poll(() => canvas.getAttribute('data-rendered-page'), WAIT).toBe('1');
    const counter = page.getByTestId('report-preview-page');
    const pages = Number(await counter.getAttribute('data-pages'));
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(await counter.innerText()).toBe(`第 1 页 / 共 ${pages} 页`);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => canvas.getAttribute('data-rendered-page'), WAIT).toBe('2');
    // The page is drawn: far from blank.
    const inked = await canvas.evaluate((element) => {
      const context = (element as unknown as { getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null; width: number; height: number }).getContext('2d');
      if (context === null) return 0;
      const { data } = context.getImageData(0, 0, (element as unknown as { width: number }).width, (element as unknown as { height: number }).height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 128) dark += 1;
      return dark;
    });
    expect(inked).toBeGreaterThan(1000);
    const preview = page.getByRole('dialog').filter({ has: canvas });
    await preview.screenshot({ path: path.join(E2E_ARTIFACTS, 'report-preview.png') });
    await preview.locator('.ant-modal-close').click();
    await canvas.waitFor({ state: 'detached' });
  });

  it('once every flag has its note, exports the final PDF, and the audit tab lists both exports', async () => {
    failureShot('final-pdf');
    await page.getByTestId('report-export-cancel').click();
    await dialog().waitFor({ state: 'hidden' });
    // The notes are written through a second core on the same data directory (the results test covers the UI for notes).
    const core = createCore({ dataDir });
    try {
      await noteEveryFlag({ core, roundId });
    } finally {
      await core.close();
    }
    await page.reload();
    await openDialog();
    expect(await page.getByTestId('report-open-flags').count()).toBe(0);
    expect(await draftBox().isChecked()).toBe(false);
    await page.getByTestId('report-format-pdf').click();
    const { file, name } = await exportAndSave();
    expect(name).toMatch(/-专家评审意见汇总\.pdf$/);
    const text = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).stdout;
    for (const city of ['宁波市', '泉州市', '成都市', '株洲市']) expect(text).toContain(city);
    expect(text).not.toContain('草稿');
    await page.getByTestId('report-export-close').click();

    await page.goto(`${shell.origin}/#/round/${roundId}/audit`);
    await expect.poll(() => page.locator('[data-testid="audit-action"][data-action="report.export"]').count(), WAIT).toBe(2);
    expect(problems).toEqual([]);
  });
});
