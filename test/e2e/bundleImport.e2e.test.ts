import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { TEST_RUBRIC } from '../../electron/core/merge/mergeTestKit';
import { launchChromium, openAppPage, dropFiles as dropOnPage } from '../helpers/browser';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';
import { corpusFile } from '../helpers/corpus';
import { cliWithPassphrase, secretaryAndExpert, sendPanel, type Parties } from '../helpers/panelSetup';
import { REPO_ROOT, type WebShellProcess, spawnWebShell } from '../helpers/webShell';

/**
 * The secretary's bundle import through the real UI in Chromium, on the web shell: an
 * expert made with the CLI scores and exports a bundle; the secretary drops it onto the
 * import dialog together with a damaged copy, unlocks the keys when asked, and sees one
 * merged and one rejected with its reason in Chinese, and the expert's return complete.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 60_000 } as const;
const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const PASSPHRASE = 'correct horse battery staple';

let root: string;
let parties: Parties;
let roundId: string;
let good: string;
let damaged: string;
let browser: Browser;
let shell: WebShellProcess;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  root = tempDir('panel-review-merge-e2e-');
  const passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, `${PASSPHRASE}\n`);
  const cli = cliWithPassphrase(passFile);
  parties = secretaryAndExpert(cli, root);
  const rubric = path.join(root, 'rubric.json');
  fs.writeFileSync(rubric, JSON.stringify(TEST_RUBRIC));
  roundId = String(cli(parties.secretaryData, ['round', 'create', '--name', '2026年“中国制造2025”试点城市实施方案评审', '--kind', 'custom', '--rubric', rubric]).id);
  const applications = [
    ['宁波市', 'annots-pdfcomment.pdf'],
    ['泉州市', 'cjk-cns1-prospectus.pdf'],
  ].map(([city = '', pdf = '']) => String(cli(parties.secretaryData, ['app', 'import', '--round', roundId, '--city', city, '--doc-kind', 'plan', corpusFile(pdf)]).id));
  const expertRound = sendPanel(cli, parties, roundId, applications, path.join(root, 'packages'));
  const local = (cli(parties.expertData, ['app', 'list', '--round', expertRound]) as { applications: { id: string }[] }).applications.map((app) => app.id);
  const expert = (args: string[]) => cli(parties.expertData, [...args, '--round', expertRound]);
  expert(['coi', 'declare', '--app', local[0] ?? '', '--none']);
  for (const [criterion, value] of [
    ['goals', '17.5'],
    ['measures', '8'],
    ['indicators', '6.5'],
  ]) {
    expert(['score', 'set', '--app', local[0] ?? '', '--criterion', criterion ?? '', '--value', value ?? '']);
  }
  expert(['coi', 'declare', '--app', local[1] ?? '', '--conflict', '本人曾参与该市方案编制']);
  good = path.join(root, '张三-第1版.prscores');
  expert(['scores', 'export', '--out', good]);
  damaged = path.join(root, '李四-损坏.prscores');
  const bytes = fs.readFileSync(good);
  fs.writeFileSync(damaged, bytes.subarray(0, bytes.length - 30));

  shell = await spawnWebShell({ dataDir: parties.secretaryData, env: FAST });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1280, height: 1000 }, timeoutMs: WAIT.timeout });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

const dropFiles = (selector: string, files: string[]): Promise<void> => dropOnPage(page, selector, files);

describe('score bundle import in the UI (secretary)', () => {
  it('merges the good bundle, rejects the damaged one with its reason, and shows the return complete', async () => {
    onTestFailed(async () => {
      await page?.screenshot({ path: path.join(ARTIFACTS, 'failed-bundle-import.png'), fullPage: true }).catch(() => undefined);
    });
    await page.goto(`${shell.origin}/#/round/${roundId}`);
    await page.getByTestId('import-bundles').click();
    const dialog = page.getByTestId('bundle-import-dialog');
    expect(await dialog.getByTestId('return-status').first().innerText()).toBe('未返回');
    await dropFiles('[data-testid="bundle-import-dialog"] .ant-upload-drag-container', [good, damaged]);
    // The keys are locked after a start: the unlock dialog comes first, then the import goes on.
    const passphrase = page.getByTestId('identity-unlock-passphrase');
    await passphrase.fill(PASSPHRASE);
    await passphrase.press('Enter');

    const results = dialog.getByTestId('bundle-import-result');
    await expect.poll(() => results.count(), WAIT).toBe(2);
    expect(await results.nth(0).getAttribute('data-status')).toBe('accepted');
    expect(await results.nth(0).innerText()).toContain('已合并');
    expect(await results.nth(0).innerText()).toContain('张三-第1版.prscores');
    expect(await results.nth(0).innerText()).toContain('张三：第 1 版，2 份申报材料的评审');
    expect(await results.nth(1).getAttribute('data-status')).toBe('rejected');
    expect(await results.nth(1).innerText()).toContain('已拒绝');
    expect(await results.nth(1).getByTestId('bundle-import-reason').innerText()).toBe('加密文件已损坏、不完整或被篡改。');
    expect(await dialog.getByTestId('bundle-import-summary').innerText()).toBe('已合并 1 个，未改变 0 个，被拒绝 1 个');
    expect(await dialog.getByTestId('bundle-import-notice').count()).toBe(0);
    await expect.poll(() => dialog.getByTestId('return-status').first().innerText(), WAIT).toBe('已完成');
    const row = await dialog.getByTestId('returns-table').locator('tbody tr').first().innerText();
    expect(row).toContain('张三');
    expect(row).toContain('2 / 2（其中回避 1 份）');
    expect(row).toContain('第 1 版');

    await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
    await page.waitForFunction(`[...document.querySelectorAll('.ant-modal')].every((modal) => getComputedStyle(modal).opacity === '1' && getComputedStyle(modal).transform === 'none')`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'bundle-import.png'), fullPage: true });

    // The same in the secretary's store, as the CLI reads it.
    const status = parseOneJson(runCli(['--data-dir', parties.secretaryData, '--json', 'returns', '--round', roundId], FAST).stdout);
    expect(status).toMatchObject({ experts: [{ fingerprint: parties.expertFingerprint, status: 'complete', revision: 1 }] });
    expect(problems).toEqual([]);
  });

  it('dropping the same bundle again changes nothing and says so', async () => {
    await page.getByTestId('bundle-import-more').click();
    await dropFiles('[data-testid="bundle-import-dialog"] .ant-upload-drag-container', [good]);
    const result = page.getByTestId('bundle-import-result');
    await expect.poll(() => result.count(), WAIT).toBe(1);
    expect(await result.getAttribute('data-status')).toBe('unchanged');
    expect(await result.getByTestId('bundle-import-reason').innerText()).toBe('这个评分包已经合并过（第 1 版），未作任何修改。');
    await page.getByTestId('bundle-import-close').click();
    await page.getByTestId('bundle-import-dialog').waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  });
});
