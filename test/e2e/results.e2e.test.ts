import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rubric } from '../../shared/domain/rubric';
import type { ApplicationReview } from '../../shared/domain/scoreBundle';
import { conflictReview, PASSPHRASE, setUpPanel, TEST_RUBRIC, writeBundle } from '../../electron/core/merge/mergeTestKit';
import { dropFiles, launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { tempDir } from '../helpers/cli';
import { REPO_ROOT, type WebShellProcess, spawnWebShell } from '../helpers/webShell';

/**
 * The secretary's results dashboard in Chromium on the web shell. The round is made by
 * the real core with real keys: three experts enrolled from key cards, packages exported,
 * and their score bundles sealed by the real sealer. Then, in the UI: the secretary drops
 * the three bundles onto the import dialog (unlocking the keys when asked), and sees the
 * ranking in the expected order with a tie, the matrix with a conflict and an
 * outlier, a disagreement flag noted (the open count drops), the method switched, the tie
 * ordered, the official method changed with a reason, and the audit log verified — and,
 * once a row is tampered with outside the app, the broken row named. Screenshots of the
 * dashboard, the detail and the charts go to test-results/e2e/.
 *
 * Rubric: goals (max 20), measures (10), indicators (10, targets) — total 40; flags past
 * 0.3 × max (6, 3, 3; 12 on the total); trimmed mean from 3 experts on.
 *
 *            张三                 李四                   王五
 *   宁波市   18  9  8 = 35 同意   17  8 8.5 = 33.5 同意   12 6 2 = 20 修改后同意
 *   泉州市   10  6  5 = 21 不同意 17  8  7  = 32   同意   conflict declared
 *   成都市   15  7  8 = 30 修改   16  8  8  = 32   同意   17 8 9 = 34 同意
 *   株洲市   17  8  9 = 34 同意   15  7  8  = 30   修改   16 8 8 = 32 同意
 *
 * Trimmed means: 宁波市 33.5, 成都市 32, 株洲市 32 (same median, no 不同意: tied), 泉州市
 * 26.5 (two experts, below the trim threshold). Means: 成都市 = 株洲市 32, 宁波市 29.5.
 * Flags: 宁波市 indicators (spread 6.5) and total (15), 泉州市 goals (7). 宁波市's 20 is
 * 13.5 from its median 33.5: beyond the total's limit of 12.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 60_000 } as const;
const RUBRIC: Rubric = { ...TEST_RUBRIC, trimThreshold: 3 };

type Sheet = { scores: [number, number, number]; recommendation: 'approve' | 'revise' | 'reject' } | 'conflict';
const CITIES = ['宁波市', '泉州市', '成都市', '株洲市'] as const;
const SHEETS: Record<string, Sheet[]> = {
  张三: [
    { scores: [18, 9, 8], recommendation: 'approve' },
    { scores: [10, 6, 5], recommendation: 'reject' },
    { scores: [15, 7, 8], recommendation: 'revise' },
    { scores: [17, 8, 9], recommendation: 'approve' },
  ],
  李四: [
    { scores: [17, 8, 8.5], recommendation: 'approve' },
    { scores: [17, 8, 7], recommendation: 'approve' },
    { scores: [16, 8, 8], recommendation: 'approve' },
    { scores: [15, 7, 8], recommendation: 'revise' },
  ],
  王五: [
    { scores: [12, 6, 2], recommendation: 'revise' },
    'conflict',
    { scores: [17, 8, 9], recommendation: 'approve' },
    { scores: [16, 8, 8], recommendation: 'approve' },
  ],
};

let root: string;
let dataDir: string;
let roundId: string;
let bundles: string[];
/** The secretary's application id per city. */
const appOf = new Map<string, string>();
let browser: Browser;
let shell: WebShellProcess;
let page: Page;
const problems: string[] = [];

/** What an expert's export carries for one application: scores with comments, opinion, evidence on the real document, a targets row. */
function reviewOf(expert: string, applicationId: string, sheet: Sheet, sha256: string): ApplicationReview {
  if (sheet === 'conflict') return conflictReview(applicationId, '本人曾参与该市实施方案的编制');
  const [goals, measures, indicators] = sheet.scores;
  return {
    applicationId,
    coi: { kind: 'none' },
    scores: [
      { criterionId: 'goals', value: goals, comment: goals >= 15 ? '目标明确，量化指标较完整。' : '目标表述笼统，缺少可考核的量化指标。' },
      { criterionId: 'measures', value: measures, comment: '' },
      { criterionId: 'indicators', value: indicators, comment: indicators < 5 ? '多项指标远未达到目标。' : '主要指标基本达到预期。' },
    ],
    opinion: {
      strengths: `${expert}：产业基础较好，重点领域突出。`,
      issues: '资金测算依据不足，建议补充分年度投入计划。',
      recommendation: sheet.recommendation,
    },
    evidence: [{ criterionId: 'goals', sha256, page: 1, rects: [[72, 700, 320, 716]], quote: '到 2025 年，制造业增加值占地区生产总值比重达到 35%。' }],
    targets: [{ criterionId: 'indicators', indicator: '研发经费支出占比', unit: '%', better: 'higher', target: 2.5, actual: indicators >= 5 ? 2.6 : 1.4 }],
  };
}

/** The round, made by the core, and the experts' sealed bundles — not yet imported: that happens in the UI. */
async function buildRound(): Promise<{ roundId: string; bundles: string[]; close(): Promise<void> }> {
  const panel = await setUpPanel(root, { experts: 3, applications: CITIES.length, rubric: RUBRIC });
  panel.applicationIds.forEach((id, i) => appOf.set(CITIES[i] ?? '', id));
  const documentOf = (applicationId: string) =>
    (panel.db.prepare('SELECT sha256 FROM document WHERE application_id = ?').get(applicationId) as { sha256: string }).sha256;
  const files: string[] = [];
  for (const expert of panel.experts) {
    const reviews = panel.applicationIds.map((id, i) => reviewOf(expert.name, id, SHEETS[expert.name]?.[i] ?? 'conflict', documentOf(id)));
    files.push(await writeBundle(panel, expert, `${expert.name}.prscores`, { reviews }));
  }
  return { roundId: panel.roundId, bundles: files, close: () => panel.core.close() };
}

beforeAll(async () => {
  root = tempDir('panel-review-results-e2e-');
  const round = await buildRound();
  ({ roundId, bundles } = round);
  dataDir = path.join(root, 'data');
  await round.close();
  shell = await spawnWebShell({ dataDir });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1440, height: 1000 }, timeoutMs: WAIT.timeout });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-results-${name}`, problems);

const dashboard = () => page.getByTestId('results-dashboard');
const ranking = () => page.getByTestId('ranking-table');

/** The ranking as [city, rank text], top to bottom. */
async function rankingRows(): Promise<[string, string][]> {
  const rows = ranking().locator('tbody tr.ant-table-row');
  const count = await rows.count();
  const out: [string, string][] = [];
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    out.push([await row.getByTestId('ranking-application').innerText(), await row.getByTestId('rank').innerText()]);
  }
  return out;
}

async function expectRanking(expected: [string, string][]): Promise<void> {
  await expect.poll(rankingRows, WAIT).toEqual(expected);
}

/** Waits until no antd motion is running (modals, drawers, messages), so a screenshot shows the settled page. */
async function settled(): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
  // Polled from here: the page's CSP refuses the eval that waitForFunction's own polling needs.
  const still = `[...document.querySelectorAll('.ant-modal, .ant-drawer-content-wrapper')].every((el) => ['none', 'matrix(1, 0, 0, 1, 0, 0)'].includes(getComputedStyle(el).transform))`;
  await expect.poll(() => page.evaluate(still), WAIT).toBe(true);
}

async function shootElement(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: path.join(ARTIFACTS, name) });
}

describe('results dashboard (secretary)', () => {
  it('merges the three bundles dropped onto the import dialog', async () => {
    failureShot('import');
    await page.goto(`${shell.origin}/#/round/${roundId}/results`);
    await dashboard().waitFor(WAIT);
    await page.getByTestId('import-bundles').click();
    const dialog = page.getByTestId('bundle-import-dialog');
    await dropFiles(page, '[data-testid="bundle-import-dialog"] .ant-upload-drag-container', bundles);
    // The keys are locked after a start: the unlock dialog comes first, then the import goes on.
    const passphrase = page.getByTestId('identity-unlock-passphrase');
    await passphrase.fill(PASSPHRASE);
    await passphrase.press('Enter');
    const results = dialog.getByTestId('bundle-import-result');
    await expect.poll(() => results.count(), WAIT).toBe(3);
    expect(await results.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')))).toEqual(['accepted', 'accepted', 'accepted']);
    expect(await dialog.getByTestId('bundle-import-summary').innerText()).toBe('已合并 3 个，未改变 0 个，被拒绝 0 个');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await settled();
    expect(problems).toEqual([]);
  });

  it('ranks by the official method with the tie shown, and marks the conflict and the outlier', async () => {
    failureShot('ranking');
    await dashboard().waitFor(WAIT);
    await expectRanking([
      ['宁波市', '1'],
      ['成都市', '2 并列'],
      ['株洲市', '2 并列'],
      ['泉州市', '4'],
    ]);
    expect(await ranking().getByTestId('ranking-value').allInnerTexts()).toEqual(['33.5', '32', '32', '26.5']);
    expect(await page.getByTestId('results-open-flags').getAttribute('data-count')).toBe('3');
    expect(await page.getByTestId('tie-group').innerText()).toContain('第 2 名并列：成都市、株洲市');

    const cells = page.getByTestId('score-matrix').getByTestId('matrix-cell');
    await expect.poll(() => cells.count(), WAIT).toBe(12);
    const outliers = page.getByTestId('score-matrix').locator('[data-state="outlier"]');
    expect(await outliers.allInnerTexts()).toEqual(['20']);
    expect(await page.getByTestId('score-matrix').locator('[data-state="conflict"]').allInnerTexts()).toEqual(['利益冲突']);
    expect(await page.getByTestId('score-matrix').locator('thead').innerText()).toMatch(/张三[\s\S]*李四[\s\S]*王五/);

    // Returns and agreement: every expert complete; W over the three applications all scored.
    await expect.poll(() => page.getByTestId('results-returns').getByTestId('return-status').allInnerTexts(), WAIT).toEqual(['已完成', '已完成', '已完成']);
    expect(await page.getByTestId('results-agreement').innerText()).toContain('3 份申报材料');

    // The charts draw with Chinese labels.
    const distribution = page.getByTestId('chart-distribution');
    await distribution.locator('svg').waitFor(WAIT);
    await expect.poll(() => distribution.locator('svg text').allTextContents(), WAIT).toEqual(expect.arrayContaining(['宁波市', '泉州市', '总分']));
    await expect.poll(() => page.getByTestId('chart-leniency').locator('svg text').allTextContents(), WAIT).toEqual(expect.arrayContaining(['张三', '李四', '王五']));

    await settled();
    await page.screenshot({ path: path.join(ARTIFACTS, 'results-page.png') });
    await shootElement(dashboard(), 'results-dashboard.png');
    await distribution.scrollIntoViewIfNeeded();
    await shootElement(dashboard().locator('.ant-row').last(), 'results-charts.png');
    expect(problems).toEqual([]);
  });

  it('opens an application, shows what each expert wrote side by side, and saves a note on its flag', async () => {
    failureShot('detail');
    await ranking().locator('tr', { hasText: '泉州市' }).getByTestId('ranking-detail').click();
    const drawer = page.getByTestId('results-detail');
    await drawer.getByTestId('expert-reviews').waitFor(WAIT);
    // The table also draws its headers in a zero-height row that measures column widths: the ones in thead.
    expect(await drawer.locator('thead').getByTestId('expert-review-header').allInnerTexts()).toEqual([
      expect.stringContaining('张三'),
      expect.stringContaining('李四'),
      expect.stringContaining('利益冲突：本人曾参与该市实施方案的编制'),
    ]);
    const reviews = await drawer.getByTestId('expert-reviews').innerText();
    expect(reviews).toContain('目标表述笼统，缺少可考核的量化指标。');
    expect(reviews).toContain('张三：产业基础较好，重点领域突出。');
    expect(reviews).toContain('资金测算依据不足，建议补充分年度投入计划。');
    expect(reviews).toContain('研发经费支出占比');
    expect(reviews).toContain('不同意');
    expect(await drawer.getByTestId('evidence-anchors').first().innerText()).toContain('到 2025 年，制造业增加值占地区生产总值比重达到 35%。');
    expect(await drawer.getByTestId('evidence-open').count()).toBe(2);
    expect(await drawer.getByTestId('criteria-table').innerText()).toContain('26.5');
    expect(await drawer.getByTestId('detail-recommendations').innerText()).toMatch(/同意 1[\s\S]*不同意 1/);

    const flag = drawer.locator('[data-testid="flag-card"][data-criterion="goals"]');
    expect(await flag.getByTestId('flag-state').innerText()).toBe('待说明');
    expect(await flag.innerText()).toContain('相差 7 分，超过限值 6 分');
    await settled();
    await shootElement(drawer.locator('.ant-drawer-section'), 'results-detail.png');
    await shootElement(drawer.getByTestId('expert-reviews'), 'results-detail-reviews.png');

    await flag.getByTestId('flag-note').fill('经核对，两位专家对目标量化程度的理解不同，保留各自独立判断。');
    await flag.getByTestId('flag-save').click();
    await expect.poll(() => flag.getByTestId('flag-state').innerText(), WAIT).toBe('已说明');
    await expect.poll(() => page.getByTestId('results-open-flags').getAttribute('data-count'), WAIT).toBe('2');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(await ranking().locator('tr', { hasText: '泉州市' }).getByTestId('ranking-open-flags').innerText()).toBe('1 个均已说明');

    // In the store as the CLI reads it.
    const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT criterion_id AS criterionId, outcome, note FROM flag_note').all()).toEqual([
        { criterionId: 'goals', outcome: 'note', note: '经核对，两位专家对目标量化程度的理解不同，保留各自独立判断。' },
      ]);
    } finally {
      db.close();
    }
    expect(problems).toEqual([]);
  });

  it('switches to the mean as a sensitivity view and back', async () => {
    failureShot('method');
    await page.getByTestId('results-method-mean').click();
    await expectRanking([
      ['成都市', '1 并列'],
      ['株洲市', '1 并列'],
      ['宁波市', '3'],
      ['泉州市', '4'],
    ]);
    expect(await page.getByTestId('results-sensitivity').innerText()).toContain('敏感性视图');
    await page.getByTestId('results-method-official').click();
    await expectRanking([
      ['宁波市', '1'],
      ['成都市', '2 并列'],
      ['株洲市', '2 并列'],
      ['泉州市', '4'],
    ]);
    expect(await page.getByTestId('results-sensitivity').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('records the order of the tie, then changes the official method with a reason', async () => {
    failureShot('decide');
    await page.getByTestId('tie-decide').click();
    const dialog = page.getByTestId('tie-dialog');
    await dialog.getByTestId('tie-order-item').nth(1).getByRole('button', { name: '上移' }).click();
    expect(await dialog.getByTestId('tie-order-item').allInnerTexts()).toEqual([expect.stringContaining('株洲市'), expect.stringContaining('成都市')]);
    await dialog.getByTestId('tie-reason').fill('评审委员会合议：株洲市产业基础更扎实');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expectRanking([
      ['宁波市', '1'],
      ['株洲市', '2'],
      ['成都市', '3'],
      ['泉州市', '4'],
    ]);
    expect(await page.getByTestId('tie-group').count()).toBe(0);

    await page.getByTestId('results-settings').click();
    const settings = page.getByTestId('results-settings-dialog');
    await settings.getByTestId('settings-method-median').click();
    // Bundles are merged: the reason is asked for, and saving waits for it.
    const save = settings.getByRole('button', { name: /保\s*存/ });
    expect(await save.isDisabled()).toBe(true);
    await settings.getByTestId('settings-reason').fill('评审委员会决定改用中位数');
    await save.click();
    await settings.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('results-method').innerText(), WAIT).toContain('正式：中位数');
    expect(await ranking().getByTestId('ranking-value').allInnerTexts()).toEqual(['33.5', '32', '32', '26.5']);
    expect(problems).toEqual([]);
  });

  it('lists the audit log newest first and verifies its chain; a tampered row is named', async () => {
    failureShot('audit');
    await page.getByRole('tab', { name: '审计日志' }).click();
    const log = page.getByTestId('audit-log');
    await expect.poll(() => log.getByTestId('audit-action').first().getAttribute('data-action'), WAIT).toBe('method.set');
    // expert add, 3 assignments, panel export, 3 imports, flag note, tie decision, method.
    expect(await log.getByTestId('audit-action').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-action')))).toEqual([
      'method.set',
      'tiebreak.set',
      'flag.note',
      'bundle.import',
      'bundle.import',
      'bundle.import',
      'panel.export',
      'assignment.set',
      'assignment.set',
      'assignment.set',
      'expert.add',
    ]);
    expect(await log.getByTestId('audit-action').first().innerText()).toBe('设置统计方法');
    await log.getByTestId('audit-verify').click();
    const result = log.getByTestId('audit-verify-result');
    await expect.poll(() => result.getAttribute('data-ok'), WAIT).toBe('true');
    expect(await result.innerText()).toContain('审计日志完整：共 11 条记录');
    await settled();
    await shootElement(log, 'results-audit.png');

    // Someone edits a row behind the app's back (the triggers have to go first).
    const db = new Database(path.join(dataDir, 'panel-review.sqlite'));
    try {
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare(`UPDATE audit_log SET detail = '{"note":"改过"}' WHERE seq = 9`).run();
    } finally {
      db.close();
    }
    await log.getByTestId('audit-verify').click();
    await expect.poll(() => result.getAttribute('data-ok'), WAIT).toBe('false');
    expect(await result.innerText()).toContain('审计日志在第 9 条记录处断开');
    expect(await log.locator('tr.pr-audit-broken').getAttribute('data-row-key')).toBe('9');
    expect(problems).toEqual([]);
  });

  it('speaks English when asked', async () => {
    failureShot('english');
    await page.locator('.ant-segmented').getByText('English', { exact: true }).click();
    await page.getByRole('tab', { name: 'Results' }).click();
    await expect.poll(() => ranking().locator('thead').innerText(), WAIT).toContain('Trimmed mean');
    expect(await page.getByTestId('results-agreement').innerText()).toContain("Kendall's W");
    await settled();
    await shootElement(dashboard(), 'results-dashboard-en.png');
    await page.locator('.ant-segmented').getByText('中文', { exact: true }).click();
    expect(problems).toEqual([]);
  });

  it("opens an expert's evidence in the reader at its page", async () => {
    failureShot('evidence');
    await page.getByRole('tab', { name: '评审结果' }).click();
    await ranking().locator('tr', { hasText: '泉州市' }).getByTestId('ranking-detail').click();
    await page.getByTestId('results-detail').getByTestId('evidence-open').first().click();
    const reader = new RegExp(`^#/read/${roundId}/[0-9a-f]{64}\\?page=1&app=${appOf.get('泉州市') ?? ''}$`);
    await expect.poll(() => page.evaluate('location.hash'), WAIT).toMatch(reader);
    await page.locator('.page[data-page-number="1"] canvas').first().waitFor(WAIT);
    // Back returns to the results the evidence was opened from, not to the first tab.
    await page.getByTestId('reader-back').click();
    await expect.poll(() => page.evaluate('location.hash'), WAIT).toBe(`#/round/${roundId}`);
    await dashboard().waitFor(WAIT);
    expect(await page.locator('.ant-tabs-tab-active').first().innerText()).toBe('评审结果');
    // …with the application's detail open again, as it was left.
    await expect.poll(() => page.getByTestId('results-detail').getByTestId('expert-reviews').isVisible(), WAIT).toBe(true);
    expect(problems).toEqual([]);
  });
});
