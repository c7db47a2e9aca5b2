import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { tempDir } from '../helpers/cli';
import { cliWithPassphrase, secretaryAndExpert, sendPanel } from '../helpers/panelSetup';
import { corpusFile } from '../helpers/corpus';
import { REPO_ROOT, type WebShellProcess, spawnWebShell } from '../helpers/webShell';

/**
 * The expert's scoring sheet in Chromium on the web shell, against a round received
 * from a real panel package (made with the CLI: secretary, round, two Chinese
 * applications, the expert enrolled, assigned, exported, imported): declare no
 * conflict, score every criterion with the keyboard, see an invalid score refused in
 * place, attach a passage of the PDF as evidence, undo a change, reload and find it
 * all there (and in the SQLite file); declare a conflict on the other application and
 * see it locked. Screenshots of the split view go to test-results/e2e/.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 60_000 } as const;
const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const PASSPHRASE = 'correct horse battery staple';
const ROUND_NAME = '2026年“中国制造2025”试点城市实施方案评审';
/** The built-in plan-review rubric's criteria, in order, and the scores typed for them. */
const SCORES: [string, string][] = [
  ['policy-compliance', '9'],
  ['manufacturing-base', '13.5'],
  ['goals-quantified', '17'],
  ['manufacturing-system', '12'],
  ['innovation-system', '8.5'],
  ['talent-system', '7'],
  ['policy-system', '8'],
  ['organisation', '9'],
];
const TOTAL = 84;

let root: string;
let passFile: string;
let expertData: string;
let roundId = '';
let browser: Browser;
let shell: WebShellProcess;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  root = tempDir('panel-review-scoring-e2e-');
  passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, `${PASSPHRASE}\n`);
  const cli = cliWithPassphrase(passFile);
  const parties = secretaryAndExpert(cli, root);
  const { secretaryData } = parties;
  expertData = parties.expertData;
  const secretaryRound = String(cli(secretaryData, ['round', 'create', '--name', ROUND_NAME, '--kind', 'plan-review']).id);
  const apps = [
    ['宁波市', 'report-cjk-proposal.pdf'],
    ['泉州市', 'cjk-cns1-prospectus.pdf'],
  ].map(([city = '', pdf = '']) => String(cli(secretaryData, ['app', 'import', '--round', secretaryRound, '--city', city, '--doc-kind', 'plan', corpusFile(pdf)]).id));
  roundId = sendPanel(cli, parties, secretaryRound, apps, path.join(root, 'panels'));

  shell = await spawnWebShell({ dataDir: expertData, env: FAST });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1440, height: 960 }, timeoutMs: WAIT.timeout });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-scoring-${name}`, problems);

/** Waits until every change typed has been acknowledged by the core. */
async function saved(): Promise<void> {
  await page.getByTestId('save-state').filter({ hasText: /^已保存/ }).waitFor(WAIT);
}

/** What the expert's SQLite file holds, read beside the running web shell (WAL allows it). */
function stored<T>(sql: string): T[] {
  const db = new Database(path.join(expertData, 'panel-review.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Selects the first line of text of a page's text layer, as a mouse drag would. */
async function selectTextOnPage(pageNumber: number): Promise<string> {
  const layer = page.locator(`.page[data-page-number="${pageNumber}"] .textLayer`);
  await layer.locator('span').first().waitFor(WAIT);
  // A string, run in the page: this file is type-checked without the DOM's types.
  return page.evaluate(`(() => {
    const spans = [...document.querySelectorAll('.page[data-page-number="${pageNumber}"] .textLayer span')].filter((span) => span.textContent.trim().length > 3);
    const span = spans[0];
    const range = document.createRange();
    range.selectNodeContents(span);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return selection.toString();
  })()`);
}

describe('scoring sheet (expert, web shell)', () => {
  it('shows the overview, and a sheet that cannot be scored before the declaration', async () => {
    failureShot('overview');
    await page.goto(`${shell.origin}/#/round/${roundId}`);
    const table = page.getByTestId('applications-table');
    await table.getByText('宁波市').waitFor(WAIT);
    expect(await table.locator('[data-testid^="scoring-progress-"]').allInnerTexts()).toEqual(['待声明', '待声明']);
    await table.getByTestId('score-application').first().click();
    await page.getByTestId('scoring-sheet').waitFor(WAIT);
    await page.getByTestId('coi-prompt').waitFor(WAIT);
    expect(await page.getByTestId('score-goals-quantified').isDisabled()).toBe(true);
    // The PDF opens beside it all the same.
    await page.locator('.page[data-page-number="1"] canvas').first().waitFor(WAIT);
  });

  it('scores every criterion with the keyboard, refuses an invalid score in place, and keeps evidence', async () => {
    failureShot('score');
    await page.getByTestId('coi-none').click();
    await page.getByTestId('coi-declared-none').waitFor(WAIT);
    const first = page.getByTestId(`score-${SCORES[0]?.[0] ?? ''}`);
    await first.click();
    for (const [, value] of SCORES) {
      await page.keyboard.type(value);
      await page.keyboard.press('Enter');
    }
    await saved();
    expect(await page.getByTestId('sheet-total').innerText()).toBe(String(TOTAL));

    // Off the scale: shown as wrong, not clamped, not saved.
    const goals = page.getByTestId('score-goals-quantified');
    await goals.fill('25');
    expect(await page.getByTestId('score-problem-goals-quantified').innerText()).toBe('应在 0 到 20 之间');
    await goals.fill('17.3');
    expect(await page.getByTestId('score-problem-goals-quantified').innerText()).toBe('应为 0.5 的整数倍');
    await goals.fill('17');
    expect(await page.getByTestId('score-problem-goals-quantified').count()).toBe(0);

    // ↑ steps by 0.5; Undo takes it back.
    await goals.press('ArrowUp');
    await saved();
    expect(await goals.inputValue()).toBe('17.5');
    await page.getByTestId('undo').click();
    await saved();
    expect(await goals.inputValue()).toBe('17');

    await page.getByTestId('comment-goals-quantified').fill('目标体系完整，量化指标有基期值。');
    const quote = await selectTextOnPage(1);
    await page.getByTestId('criterion-goals-quantified').getByTestId('attach-evidence').click();
    await page.getByTestId('criterion-goals-quantified').getByTestId('evidence-item').waitFor(WAIT);
    await page.locator('.page[data-page-number="1"] .pr-anchor').first().waitFor(WAIT);

    await page.getByTestId('opinion-strengths').fill('产业基础雄厚，目标量化。');
    await page.getByTestId('opinion-issues').fill('资金测算依据不足，建议补充。');
    await page.getByTestId('recommendation').getByText('修改后同意').click();
    await saved();
    expect(await page.getByTestId('sheet-progress').innerText()).toBe('已完成');

    const scores = stored<{ criterion_id: string; value: number }>(`SELECT criterion_id, value FROM criterion_score WHERE value IS NOT NULL ORDER BY criterion_id`);
    expect(Object.fromEntries(scores.map((row) => [row.criterion_id, row.value]))).toEqual(Object.fromEntries(SCORES.map(([id, value]) => [id, Number(value)])));
    const evidence = stored<{ quote: string; page: number; rects: string }>(`SELECT quote, page, rects FROM evidence`);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.quote).toBe(quote.replace(/\s+/gu, ' ').trim());
    // In PDF user space: within an A4/Letter page, not in screen pixels.
    for (const rect of JSON.parse(evidence[0]?.rects ?? '[]') as number[][]) {
      expect(rect.every((n) => n >= 0 && n <= 850)).toBe(true);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'scoring-split-view.png') });
  });

  it('finds everything again after a reload, the evidence highlighted at another zoom', async () => {
    failureShot('reload');
    await page.reload();
    await page.getByTestId('scoring-sheet').waitFor(WAIT);
    for (const [id, value] of SCORES) expect(await page.getByTestId(`score-${id}`).inputValue()).toBe(value);
    expect(await page.getByTestId('comment-goals-quantified').inputValue()).toBe('目标体系完整，量化指标有基期值。');
    expect(await page.getByTestId('opinion-issues').inputValue()).toBe('资金测算依据不足，建议补充。');
    await page.locator('.page[data-page-number="1"] .pr-anchor').first().waitFor(WAIT);
    const before = await page.locator('.page[data-page-number="1"] .pr-anchor').first().boundingBox();
    await page.locator('.pdfViewer').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+=');
    // A string, run in the page: the mark grew with the page (it is sized in percent of it).
    await page.waitForFunction(
      `(() => { const mark = document.querySelector('.page[data-page-number="1"] .pr-anchor'); return mark !== null && mark.getBoundingClientRect().width > ${(before?.width ?? 0) * 1.05}; })()`,
      undefined,
      WAIT,
    );
    await page.getByTestId('criterion-goals-quantified').getByTestId('evidence-open').click();
    await page.locator('.pr-anchor-active').first().waitFor(WAIT);
  });

  it('locks the other application once a conflict is declared', async () => {
    failureShot('conflict');
    await page.getByTestId('score-policy-compliance').focus();
    await page.keyboard.press('Alt+PageDown');
    await page.getByTestId('coi-prompt').waitFor(WAIT);
    await page.getByTestId('coi-conflict').click();
    await page.getByTestId('coi-reason').fill('本人曾参与该市实施方案的编制');
    await page.getByRole('dialog').getByRole('button', { name: '确认声明' }).click();
    await page.getByTestId('coi-locked').waitFor(WAIT);
    expect(await page.getByTestId('coi-locked').innerText()).toContain('本人曾参与该市实施方案的编制');
    expect(await page.getByTestId('score-goals-quantified').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'scoring-conflict.png') });

    await page.goto(`${shell.origin}/#/round/${roundId}`);
    const progress = page.getByTestId('applications-table').locator('[data-testid^="scoring-progress-"]');
    await progress.first().filter({ hasText: '已完成' }).waitFor(WAIT);
    expect(await progress.allInnerTexts()).toEqual([expect.stringContaining('已完成'), '利益冲突']);
  });

  it('speaks English when asked', async () => {
    failureShot('english');
    await page.locator('.ant-segmented').getByText('English', { exact: true }).click();
    const progress = page.getByTestId('applications-table').locator('[data-testid^="scoring-progress-"]');
    await progress.first().filter({ hasText: 'Complete' }).waitFor(WAIT);
    await page.getByTestId('applications-table').getByTestId('score-application').first().click();
    await page.getByTestId('coi-declared-none').filter({ hasText: 'Declared: no conflict of interest' }).waitFor(WAIT);
    expect(await page.getByTestId('criterion-goals-quantified').innerText()).toContain('Goals that are clear, quantified and assessable');
    expect(await page.getByTestId('sheet-progress').innerText()).toBe('Complete');
    await page.screenshot({ path: path.join(ARTIFACTS, 'scoring-english.png') });
    await page.locator('.ant-segmented').getByText('中文', { exact: true }).click();
    expect(problems).toEqual([]);
  });
});
