import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { RubricSchema, rubricTotal } from '../../shared/domain/rubric';
import { rubricTemplate } from '../../shared/domain/rubricTemplates';
import { launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { tempDir } from '../helpers/cli';
import { type Cli, cliWithPassphrase, secretaryAndExpert, sendPanel } from '../helpers/panelSetup';
import { corpusFile } from '../helpers/corpus';
import { REPO_ROOT, type WebShellProcess, spawnWebShell } from '../helpers/webShell';

/**
 * The secretary's rubric editor through the real UI in Chromium, on the web shell: a
 * mid-term round created in the UI shows its built-in rubric's total; in the editor a
 * criterion is added (the total follows), an off-step maximum is refused beside the
 * field with Save disabled, the criterion moves by keyboard, the save survives a reload;
 * the rubric goes out as JSON that `round create --rubric` accepts and comes back in,
 * a broken file is refused with every problem named, and a new round starts from the
 * file. A rubric frozen by a panel export saves as its next version; the expert who
 * imported that package sees it read only.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 60_000 } as const;
const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const MIDTERM_ROUND = '2026年试点城市中期评估';
const FROZEN_ROUND = '2025年试点城市实施方案评审';
const FROM_FILE_ROUND = '2027年试点城市中期评估（沿用细则）';

let root: string;
let passFile: string;
let secretaryData: string;
let expertData: string;
let frozenRoundId: string;
let expertRoundId: string;
let browser: Browser;
let shell: WebShellProcess;
let page: Page;
let exportedFile = '';
const problems: string[] = [];

/** The real CLI, with the test's passphrase (set in beforeAll). */
let cli: Cli;

beforeAll(async () => {
  root = tempDir('panel-review-rubric-e2e-');
  passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, 'correct horse battery staple\n');
  cli = cliWithPassphrase(passFile);
  const parties = secretaryAndExpert(cli, root);
  ({ secretaryData, expertData } = parties);
  // A round whose rubric went out in a panel package: frozen at version 1.
  frozenRoundId = String(cli(secretaryData, ['round', 'create', '--name', FROZEN_ROUND, '--kind', 'plan-review']).id);
  const app = String(cli(secretaryData, ['app', 'import', '--round', frozenRoundId, '--city', '宁波市', '--doc-kind', 'plan', corpusFile('annots-pdfcomment.pdf')]).id);
  expertRoundId = sendPanel(cli, parties, frozenRoundId, [app], path.join(root, 'panels'));

  shell = await spawnWebShell({ dataDir: secretaryData, env: FAST });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1440, height: 960 }, timeoutMs: WAIT.timeout, acceptDownloads: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-rubric-${name}`);

/** In-page: whether every modal has finished its zoom-in (a string: the CSP allows no eval, and this file has no DOM types). */
const MODALS_SETTLED = `[...document.querySelectorAll('.ant-modal')].every((modal) => getComputedStyle(modal).opacity === '1' && getComputedStyle(modal).transform === 'none')`;

/** Modals finish their zoom-in before a screenshot. */
async function settledModals(on: Page = page): Promise<void> {
  await expect.poll(() => on.evaluate(MODALS_SETTLED), WAIT).toBe(true);
}

/** The rubric dialog, footer included. */
const editor = (): Locator => page.getByRole('dialog').filter({ has: page.getByTestId('rubric-dialog') });
const total = async (): Promise<string> => (await editor().getByTestId('rubric-total').locator('.ant-statistic-content').innerText()).trim();
const criterionRows = (): Locator => editor().getByTestId('rubric-criterion');

async function openRound(roundId: string, name: string): Promise<void> {
  await page.goto(`${shell.origin}/#/round/${roundId}`);
  await page.getByTestId('round-title').getByText(name).waitFor();
}

async function openEditor(): Promise<void> {
  await page.getByTestId('open-rubric').click();
  await editor().getByTestId('rubric-total').waitFor();
  await settledModals();
}

/** Sets an antd number box to what a person types there. */
async function typeInto(box: Locator, text: string): Promise<void> {
  await box.click();
  await box.press('ControlOrMeta+a');
  await box.pressSequentially(text);
}

describe('the rubric editor (secretary)', () => {
  const midterm = rubricTemplate('midterm');
  const midtermCriteria = midterm.sections.reduce((n, s) => n + s.criteria.length, 0);
  let midtermRoundId = '';

  it('creates a mid-term round in the UI and shows the built-in rubric it starts from', async () => {
    failureShot('create');
    await page.getByTestId('new-round').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('round-name').fill(MIDTERM_ROUND);
    const summary = dialog.getByTestId('round-rubric-summary');
    expect(await summary.innerText()).toBe(`实施方案评审 · 8 项 · 满分 100`);
    await dialog.getByTestId('round-kind').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option[title="中期评估"]').click();
    await expect.poll(() => summary.innerText(), WAIT).toBe(`中期评估 · ${midtermCriteria} 项 · 满分 ${rubricTotal(midterm)}`);
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-create-round.png') });
    await dialog.getByRole('button', { name: /^创\s*建$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('round-table').locator('tbody tr.ant-table-row', { hasText: MIDTERM_ROUND });
    await row.getByText(MIDTERM_ROUND).click();
    await page.getByTestId('round-title').getByText(MIDTERM_ROUND).waitFor();
    midtermRoundId = new URL(page.url()).hash.replace('#/round/', '');
    expect(midtermRoundId).not.toBe('');
  });

  it('shows the rubric with its total, and a new criterion adds its maximum to it', async () => {
    failureShot('add');
    await openEditor();
    expect(await total()).toBe(String(rubricTotal(midterm)));
    expect(await criterionRows().count()).toBe(midtermCriteria);
    expect(await editor().getByTestId('rubric-frozen').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-editor.png') });

    const lastSection = editor().getByTestId('rubric-section').last();
    const before = await lastSection.getByTestId('section-subtotal').innerText();
    await lastSection.getByTestId('add-criterion').click();
    await expect.poll(() => criterionRows().count(), WAIT).toBe(midtermCriteria + 1);
    // The new row's title has the focus: the keyboard goes straight on.
    const title = lastSection.getByTestId('criterion-title').last();
    await expect.poll(() => page.evaluate(`document.activeElement?.getAttribute('data-testid')`), WAIT).toBe('criterion-title');
    expect(await page.evaluate(`document.activeElement?.value`)).toBe('新的评分项');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('示范带动与经验推广');
    expect(await title.inputValue()).toBe('示范带动与经验推广');
    await expect.poll(() => total(), WAIT).toBe(String(rubricTotal(midterm) + 10));
    expect(Number(await lastSection.getByTestId('section-subtotal').innerText())).toBe(Number(before) + 10);
    await editor().getByText('未保存').waitFor();
  });

  it('refuses a maximum off its step beside the field, with Save disabled, until it is fixed', async () => {
    failureShot('off-step');
    const row = criterionRows().last();
    const max = row.getByTestId('criterion-max');
    await typeInto(max, '7.3');
    // Under the row, the field named: the table's narrow number cells only turn red.
    const message = editor().getByTestId('criterion-issues').getByText('满分：满分 7.3 不是步长 0.5 的整数倍');
    await message.waitFor();
    expect(await editor().getByTestId('rubric-save').isDisabled()).toBe(true);
    expect(await total()).toBe(String(rubricTotal(midterm) + 7.3));
    expect(await editor().getByTestId('rubric-issues-button').innerText()).toContain('有 1 处需要修改');
    expect(await editor().getByTestId('rubric-issue-count').locator('.ant-statistic-content').innerText()).toBe('1');
    await max.blur();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-invalid.png') });
    // The list of problems names where each one is.
    await editor().getByTestId('rubric-issues-button').click();
    await expect.poll(() => page.getByTestId('rubric-issues').innerText(), WAIT).toContain('示范带动与经验推广 › 满分：满分 7.3 不是步长 0.5 的整数倍');
    await page.keyboard.press('Escape');

    await typeInto(max, '7.5');
    await message.waitFor({ state: 'detached' });
    await expect.poll(() => editor().getByTestId('rubric-save').isEnabled(), WAIT).toBe(true);
    expect(await total()).toBe(String(rubricTotal(midterm) + 7.5));
  });

  it('moves a criterion with the keyboard, the focus following it', async () => {
    failureShot('move');
    const up = criterionRows().last().getByTestId('criterion-up');
    await up.focus();
    await page.keyboard.press('Enter');
    const titles = async () => Promise.all((await criterionRows().getByTestId('criterion-title').all()).map((input) => input.inputValue()));
    await expect.poll(async () => (await titles()).at(-2), WAIT).toBe('示范带动与经验推广');
    // Still on the same row's "move up" button: Enter again moves it on.
    expect(await page.evaluate(`document.activeElement?.closest('tr')?.querySelector('[data-testid="criterion-title"]')?.value`)).toBe('示范带动与经验推广');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await titles()).at(-3), WAIT).toBe('示范带动与经验推广');
    // And back down to the end with the other button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await titles()).at(-1), WAIT).toBe('示范带动与经验推广');
  });

  it('edits a criterion’s details: bands from the maximum, guidance', async () => {
    failureShot('details');
    const row = criterionRows().last();
    await row.getByTestId('criterion-details-toggle').click();
    const details = editor().getByTestId('criterion-details').last();
    await details.getByTestId('criterion-guidance').fill('经验做法形成制度，在省内推广并被其他城市采用。');
    await details.getByTestId('bands-standard').click();
    await expect.poll(() => details.getByTestId('band-label').count(), WAIT).toBe(4);
    expect(await details.getByTestId('band-min').first().inputValue()).toBe('7');
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-details.png') });
  });

  it('edits the name, the written judgement, the recommendations and the thresholds in the second tab', async () => {
    failureShot('settings');
    await editor().getByRole('tab', { name: /名称、定性评价与结论/ }).click();
    const settings = editor().getByTestId('rubric-settings');
    expect(await settings.getByTestId('rubric-name').inputValue()).toBe('中期评估');
    expect(await settings.getByTestId('qualitative-strengths-title').inputValue()).toBe('主要优势');
    expect(await settings.getByTestId('recommendation-title').first().inputValue()).toBe('进展良好');
    // A recommendation of one's own needs a label: said in its row until it has one.
    await settings.getByTestId('add-recommendation').click();
    const id = settings.getByTestId('recommendation-id').last();
    await expect.poll(() => page.evaluate(`document.activeElement?.getAttribute('data-testid')`), WAIT).toBe('recommendation-id');
    expect(await id.inputValue()).toBe('option-1');
    const missing = settings.getByText('自定义评审结论 option-1 需要名称');
    await missing.waitFor();
    expect(await editor().getByTestId('rubric-save').isDisabled()).toBe(true);
    await settings.getByTestId('recommendation-title').last().fill('暂缓评估');
    await missing.waitFor({ state: 'detached' });
    await typeInto(settings.getByTestId('rubric-disagreement'), '0.25');
    await settings.getByText('即满分的 25%').waitFor();
    await settings.getByTestId('rubric-disagreement').blur();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-settings.png') });
    await editor().getByRole('tab', { name: /评分项/ }).click();
  });

  it('saves; after a reload the rubric is the saved one', async () => {
    failureShot('save');
    await editor().getByTestId('rubric-save').click();
    await editor().waitFor({ state: 'detached' });
    await page.getByText(`已保存评分细则第 1 版（满分 ${rubricTotal(midterm) + 7.5}）`).waitFor();
    await page.reload();
    await page.getByTestId('round-title').getByText(MIDTERM_ROUND).waitFor();
    await openEditor();
    expect(await total()).toBe(String(rubricTotal(midterm) + 7.5));
    expect(await criterionRows().count()).toBe(midtermCriteria + 1);
    expect(await criterionRows().last().getByTestId('criterion-title').inputValue()).toBe('示范带动与经验推广');
    expect(await editor().getByTestId('rubric-version').innerText()).toBe('第 1 版');
    expect(await editor().getByText('未保存').count()).toBe(0);
  });

  it('asks before Cancel throws away unsaved changes', async () => {
    failureShot('cancel');
    await criterionRows().first().getByTestId('criterion-title').fill('创新能力（修订）');
    await editor().getByTestId('rubric-cancel').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title', { hasText: '放弃未保存的修改？' }).waitFor();
    await confirm.getByRole('button', { name: '继续编辑' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await criterionRows().first().getByTestId('criterion-title').inputValue()).toBe('创新能力（修订）');
    // Escape is Cancel too, and asks the same.
    await page.keyboard.press('Escape');
    await confirm.locator('.ant-modal-confirm-title', { hasText: '放弃未保存的修改？' }).waitFor();
    await page.getByTestId('rubric-discard').click();
    await editor().waitFor({ state: 'detached' });
    await openEditor();
    expect(await criterionRows().first().getByTestId('criterion-title').inputValue()).toBe('创新能力');
  });

  it('exports the rubric as JSON that round create --rubric accepts', async () => {
    failureShot('export');
    const [download] = await Promise.all([page.waitForEvent('download'), editor().getByTestId('rubric-export').click()]);
    expect(download.suggestedFilename()).toBe('中期评估.rubric.json');
    exportedFile = path.join(root, download.suggestedFilename());
    await download.saveAs(exportedFile);
    const rubric = RubricSchema.parse(JSON.parse(fs.readFileSync(exportedFile, 'utf8')));
    expect(rubricTotal(rubric)).toBe(rubricTotal(midterm) + 7.5);
    expect(rubric.sections.at(-1)?.criteria.at(-1)).toMatchObject({ id: 'criterion-1', title: '示范带动与经验推广', max: 7.5, step: 0.5 });
    expect(rubric.recommendations).toEqual(['approve', 'revise', 'reject', 'option-1']);
    expect(rubric.recommendationLabels?.['option-1']).toEqual({ title: '暂缓评估' });
    expect(rubric.disagreementThreshold).toBe(0.25);
    // The same file starts a round on the command line (in a data directory of its own).
    const created = cli(path.join(root, 'cli-check'), ['round', 'create', '--name', '命令行检查', '--kind', 'custom', '--rubric', exportedFile]);
    const shown = cli(path.join(root, 'cli-check'), ['rubric', 'show', '--round', String(created.id)]);
    expect(shown).toEqual(rubric);
  });

  it('imports a rubric JSON file into the editor; a broken one is refused with every problem named', async () => {
    failureShot('import');
    const changed = JSON.parse(fs.readFileSync(exportedFile, 'utf8')) as { name: string; sections: { criteria: { id: string; max: number }[] }[] };
    changed.name = '中期评估（第二稿）';
    changed.sections[0]?.criteria.splice(1, 1);
    const good = path.join(root, 'second-draft.json');
    fs.writeFileSync(good, JSON.stringify(changed));
    await editor().getByTestId('rubric-import-input').setInputFiles(good);
    await page.getByText(`已载入“中期评估（第二稿）”（${midtermCriteria} 项，满分 ${rubricTotal(midterm) + 7.5 - 12}）`).waitFor();
    await expect.poll(() => total(), WAIT).toBe(String(rubricTotal(midterm) + 7.5 - 12));
    await editor().getByText('未保存').waitFor();

    const broken = JSON.parse(fs.readFileSync(exportedFile, 'utf8')) as { sections: { criteria: { id: string; max: number }[] }[] };
    const first = broken.sections[0]?.criteria[0];
    if (first === undefined) throw new Error('no criterion');
    first.max = 12.3;
    first.id = 'Innovation Capability';
    const bad = path.join(root, 'broken.json');
    fs.writeFileSync(bad, JSON.stringify(broken));
    await editor().getByTestId('rubric-import-input').setInputFiles(bad);
    const listed = editor().getByTestId('rubric-import-problems');
    await listed.waitFor();
    const text = await listed.innerText();
    expect(text).toContain('一、目标完成情况 › 创新能力 › 满分：满分 12.3 不是步长 0.5 的整数倍');
    expect(text).toContain('一、目标完成情况 › 创新能力 › 编号：编号只能由小写字母、数字和连字符组成');
    expect(await editor().getByText('无法导入 broken.json').count()).toBe(1);
    // Nothing of the broken file was taken: the second draft is still there.
    expect(await total()).toBe(String(rubricTotal(midterm) + 7.5 - 12));
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-import-refused.png') });

    await fs.promises.writeFile(path.join(root, 'not.json'), '{ "format": ');
    await editor().getByTestId('rubric-import-input').setInputFiles(path.join(root, 'not.json'));
    await editor().getByText('无法导入 not.json').waitFor();
    expect(await editor().getByTestId('rubric-import-problems').innerText()).toContain('不是 JSON 文件');
    await editor().getByTestId('rubric-cancel').click();
    await page.getByTestId('rubric-discard').click();
    await editor().waitFor({ state: 'detached' });
  });

  it('starts a new round from the exported file instead of the built-in rubric', async () => {
    failureShot('create-from-file');
    await page.goto(`${shell.origin}/#/rounds`);
    await page.getByTestId('new-round').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('round-name').fill(FROM_FILE_ROUND);
    await dialog.getByTestId('round-rubric-input').setInputFiles(exportedFile);
    await dialog.getByTestId('round-rubric-file').getByText('来自文件 中期评估.rubric.json').waitFor();
    expect(await dialog.getByTestId('round-rubric-summary').innerText()).toBe(`中期评估 · ${midtermCriteria + 1} 项 · 满分 ${rubricTotal(midterm) + 7.5}`);
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-create-from-file.png') });
    await dialog.getByRole('button', { name: /^创\s*建$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('round-table').getByText(FROM_FILE_ROUND).click();
    await page.getByTestId('round-title').getByText(FROM_FILE_ROUND).waitFor();
    await openEditor();
    expect(await total()).toBe(String(rubricTotal(midterm) + 7.5));
    expect(await criterionRows().last().getByTestId('criterion-title').inputValue()).toBe('示范带动与经验推广');
    await editor().getByTestId('rubric-cancel').click();
    await editor().waitFor({ state: 'detached' });
  });

  it('a rubric sent out in a panel package says so, and saving it makes version 2', async () => {
    failureShot('frozen');
    await openRound(frozenRoundId, FROZEN_ROUND);
    await openEditor();
    const banner = editor().getByTestId('rubric-frozen');
    expect(await banner.innerText()).toContain('此评分细则已随评审包发出，保存将生成第 2 版');
    expect(await editor().getByTestId('rubric-save').innerText()).toMatch(/保存为第 2 版/);
    await criterionRows().first().getByTestId('criterion-weight').fill('1.5');
    await expect.poll(() => editor().getByTestId('rubric-save').isEnabled(), WAIT).toBe(true);
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-frozen.png') });
    await editor().getByTestId('rubric-save').click();
    await editor().waitFor({ state: 'detached' });
    await page.getByText('已保存评分细则第 2 版（满分 100）').waitFor();
    await openEditor();
    expect(await editor().getByTestId('rubric-version').innerText()).toBe('第 2 版');
    expect(await editor().getByTestId('rubric-frozen').count()).toBe(0);
    expect(await criterionRows().first().getByTestId('criterion-weight').inputValue()).toBe('1.5');
    await editor().getByTestId('rubric-cancel').click();
    await editor().waitFor({ state: 'detached' });
    // The current version is the new one; version 1 stays as the expert's package carried it (below).
    const current = cli(secretaryData, ['rubric', 'show', '--round', frozenRoundId]) as { sections: { criteria: { weight?: number }[] }[] };
    expect(current.sections[0]?.criteria[0]?.weight).toBe(1.5);
  });

  it('reads in English as well', async () => {
    failureShot('english');
    await openRound(midtermRoundId, MIDTERM_ROUND);
    const switchTo = async (label: string) => {
      const stored = page.waitForResponse((response) => response.url().endsWith('/rpc/settings.set') && response.status() === 200);
      await page.locator('.ant-segmented').getByText(label, { exact: true }).click();
      await stored;
    };
    await switchTo('English');
    await page.getByTestId('open-rubric').getByText('Rubric').waitFor();
    await openEditor();
    await editor().getByText('Total of maxima').waitFor();
    await typeInto(criterionRows().first().getByTestId('criterion-max'), '12.2');
    await editor().getByTestId('criterion-issues').getByText('Maximum: the maximum 12.2 is not a multiple of the step 0.5').waitFor();
    await editor().getByTestId('rubric-issues-button').getByText('1 problem to fix before saving').waitFor();
    await criterionRows().first().getByTestId('criterion-max').blur();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rubric-editor-en.png') });
    await editor().getByTestId('rubric-cancel').click();
    await page.getByTestId('rubric-discard').click();
    await editor().waitFor({ state: 'detached' });
    await switchTo('中文');
    await page.getByTestId('open-rubric').getByText('评分细则').waitFor();
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});

describe('the rubric an expert received', () => {
  let expertShell: WebShellProcess;
  let expertPage: Page;
  const expertProblems: string[] = [];

  beforeAll(async () => {
    expertShell = await spawnWebShell({ dataDir: expertData, env: FAST });
    expertPage = await openAppPage(browser, expertShell.url, expertProblems, { viewport: { width: 1440, height: 960 }, timeoutMs: WAIT.timeout });
  });

  afterAll(async () => {
    await expertShell?.stop();
  });

  it('is shown read only, as the package carried it', async () => {
    onTestFailed(async () => {
      await expertPage?.screenshot({ path: path.join(ARTIFACTS, 'failed-rubric-expert.png') }).catch(() => undefined);
    });
    await expertPage.goto(`${expertShell.origin}/#/round/${expertRoundId}`);
    await expertPage.getByTestId('round-title').getByText(FROZEN_ROUND).waitFor();
    await expertPage.getByTestId('open-rubric').click();
    const dialog = expertPage.getByRole('dialog').filter({ has: expertPage.getByTestId('rubric-dialog') });
    await dialog.getByTestId('rubric-readonly').waitFor();
    expect((await dialog.getByTestId('rubric-total').innerText()).trim()).toContain('100');
    expect(await dialog.getByTestId('rubric-save').count()).toBe(0);
    expect(await dialog.getByTestId('add-criterion').count()).toBe(0);
    expect(await dialog.getByTestId('criterion-title').first().isDisabled()).toBe(true);
    // Version 1, as sent: without the weight the secretary gave version 2.
    expect(await dialog.getByTestId('criterion-weight').first().inputValue()).toBe('');
    // The details open for reading all the same.
    await dialog.getByTestId('criterion-details-toggle').first().click();
    const details = dialog.getByTestId('criterion-details').first();
    await details.getByTestId('band-label').first().waitFor();
    expect(await details.getByTestId('criterion-guidance').isDisabled()).toBe(true);
    expect(await details.getByTestId('bands-add').count()).toBe(0);
    await settledModals(expertPage);
    await expertPage.screenshot({ path: path.join(ARTIFACTS, 'rubric-readonly.png') });
    await dialog.getByTestId('rubric-close').click();
    await dialog.waitFor({ state: 'detached' });
    expect(expertProblems).toEqual([]);
  });
});
