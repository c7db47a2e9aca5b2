import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { tempDir } from '../helpers/cli';
import { corpusFile } from '../helpers/corpus';
import { type Cli, cliWithPassphrase } from '../helpers/panelSetup';
import { REPO_ROOT, type WebShellProcess, spawnWebShell } from '../helpers/webShell';

/**
 * The secretary's 专家与分配 area through the real UI in Chromium, on the web shell: two
 * experts enrolled from their key cards (each fingerprint shown in full and confirmed
 * first; a forged card refused), 李's city recorded, which flags a conflict with the
 * 宁波 application; a decision recorded (allow with a reason), assignments toggled by
 * mouse and keyboard, automatic assignment, a recusal that removes an assignment, the
 * confirmation before changing a sent package, and removing an expert.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 60_000 } as const;
const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const ROUND = '2026年“中国制造2025”试点城市实施方案评审';

let root: string;
let cli: Cli;
let secretaryData: string;
let roundId: string;
let apps: { ningbo: string; quanzhou: string; chengdu: string };
let li: { card: string; fingerprint: string };
let wang: { card: string; fingerprint: string };
let forged: string;
let browser: Browser;
let shell: WebShellProcess;
let page: Page;
const problems: string[] = [];

function expertCard(name: string, affiliation: string): { card: string; fingerprint: string } {
  const data = path.join(root, `expert-${name}`);
  const made = cli(data, ['keygen', '--name', name, '--affiliation', affiliation]);
  const card = path.join(root, `${name}.prkey`);
  cli(data, ['key', 'card', '--out', card]);
  return { card, fingerprint: String(made.fingerprint) };
}

beforeAll(async () => {
  root = tempDir('panel-review-experts-e2e-');
  const passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, 'correct horse battery staple\n');
  cli = cliWithPassphrase(passFile);
  secretaryData = path.join(root, 'secretary');
  cli(secretaryData, ['keygen', '--name', '王秘书', '--affiliation', '工业和信息化部规划司']);
  roundId = String(cli(secretaryData, ['round', 'create', '--name', ROUND, '--kind', 'plan-review']).id);
  const importApp = (city: string, province: string, applicant: string, pdf: string) =>
    String(cli(secretaryData, ['app', 'import', '--round', roundId, '--city', city, '--province', province, '--applicant', applicant, corpusFile(pdf)]).id);
  apps = {
    ningbo: importApp('宁波市', '浙江省', '宁波市人民政府', 'annots-pdfcomment.pdf'),
    quanzhou: importApp('泉州市', '福建省', '泉州市人民政府', 'cjk-cns1-prospectus.pdf'),
    chengdu: importApp('成都市', '四川省', '成都市经济和信息化局', 'annots-pdfcomment.pdf'),
  };
  li = expertCard('李专家', '宁波大学');
  wang = expertCard('王专家', '中国工程院');
  forged = path.join(root, '伪造.prkey');
  fs.writeFileSync(forged, fs.readFileSync(wang.card, 'utf8').replace('王专家', '汪专家'));

  shell = await spawnWebShell({ dataDir: secretaryData, env: FAST });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1440, height: 1100 }, timeoutMs: WAIT.timeout });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-experts-${name}`);

/** In-page: every modal has finished its zoom-in (a string: the CSP allows no eval, and this file has no DOM types). */
const MODALS_SETTLED = `[...document.querySelectorAll('.ant-modal')].every((modal) => getComputedStyle(modal).opacity === '1' && getComputedStyle(modal).transform === 'none')`;
async function settledModals(): Promise<void> {
  await expect.poll(() => page.evaluate(MODALS_SETTLED), WAIT).toBe(true);
}

const section = (): Locator => page.getByTestId('experts-section');
const cell = (expert: { fingerprint: string }, app: string): Locator => page.getByTestId(`cell-${expert.fingerprint}-${app}`);
const box = (expert: { fingerprint: string }, app: string): Locator => cell(expert, app).locator('input[type=checkbox]');
const count = async (app: string): Promise<string> => (await page.getByTestId(`matrix-count-${app}`).innerText()).trim();

async function openRound(): Promise<void> {
  await page.goto(`${shell.origin}/#/round/${roundId}/experts`);
  await page.getByTestId('round-title').getByText(ROUND).waitFor();
  await section().waitFor();
}

describe('experts and assignment in the UI (secretary)', () => {
  it('enrols two experts from key cards after each fingerprint is confirmed, and refuses a forged card', async () => {
    failureShot('enrol');
    await openRound();
    expect(await section().innerText()).toContain('本轮还没有登记专家');
    await section().getByTestId('enrol-experts').click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('enrol-drop') });
    await dialog.locator('input[type=file]').setInputFiles(forged);
    expect(await dialog.getByTestId('enrol-error').innerText()).toContain('伪造.prkey');

    await dialog.locator('input[type=file]').setInputFiles([li.card, wang.card]);
    const first = dialog.getByTestId('enrol-card-0');
    const second = dialog.getByTestId('enrol-card-1');
    expect((await first.getByTestId('identity-fingerprint').innerText()).trim()).toBe(li.fingerprint);
    expect((await second.getByTestId('identity-fingerprint').innerText()).trim()).toBe(wang.fingerprint);
    expect(await first.innerText()).toContain('宁波大学');
    const enrol = dialog.getByTestId('enrol-start');
    expect(await enrol.isDisabled()).toBe(true);
    await dialog.getByTestId('enrol-confirm-0').click();
    expect(await enrol.isDisabled()).toBe(true);
    await dialog.getByTestId('enrol-confirm-1').click();
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'experts-enrol.png') });
    await enrol.click();
    await dialog.waitFor({ state: 'hidden' });
    const table = page.getByTestId('experts-table');
    await table.getByText('王专家').waitFor();
    expect(await table.innerText()).toContain('李专家');
  });

  it('records 李\u2019s city, which flags a conflict with 宁波 that needs a decision before assigning', async () => {
    failureShot('conflict');
    // No place recorded yet: nothing flagged.
    expect(await cell(li, apps.ningbo).getAttribute('data-state')).toBe('none');
    await page.getByTestId('edit-expert-李专家').click();
    const city = page.getByTestId('edit-expert-city');
    await city.fill('宁波');
    await page.getByTestId('edit-expert-province').fill('浙江省');
    await page.getByTestId('edit-expert-province').press('Enter');
    await expect.poll(() => cell(li, apps.ningbo).getAttribute('data-state'), WAIT).toBe('undecided');
    expect(await cell(wang, apps.ningbo).getAttribute('data-state')).toBe('none');
    expect(await page.getByTestId('experts-table').innerText()).toContain('浙江省');

    await page.getByTestId(`conflict-${li.fingerprint}-${apps.ningbo}`).hover();
    const tooltip = page.locator('.ant-tooltip:visible');
    await expect.poll(() => tooltip.innerText(), WAIT).toContain('同城市、同省份');
    expect(await tooltip.innerText()).toContain('宁波 / 浙江省');

    // Ticking a flagged pair opens the decision instead of assigning.
    await box(li, apps.ningbo).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('decide-intro') });
    await dialog.waitFor();
    expect(await dialog.getByTestId('decide-intro').innerText()).toContain('同城市、同省份');
    expect(await box(li, apps.ningbo).isChecked()).toBe(false);
    await dialog.getByTestId('decide-allow').click();
    const record = dialog.getByRole('button', { name: '记录决定' });
    expect(await record.isDisabled()).toBe(true);
    await dialog.getByTestId('decide-reason').fill('专家已调离宁波多年，与申报单位无业务往来');
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'experts-decide.png') });
    await record.click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => cell(li, apps.ningbo).getAttribute('data-state'), WAIT).toBe('allow');
  });

  it('toggles assignments by mouse and keyboard, then tops every application up automatically', async () => {
    failureShot('assign');
    await box(li, apps.ningbo).click();
    await expect.poll(() => count(apps.ningbo), WAIT).toBe('1 位专家');
    await box(wang, apps.quanzhou).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => count(apps.quanzhou), WAIT).toBe('1 位专家');
    expect(await page.getByTestId(`matrix-load-${li.fingerprint}`).innerText()).toBe('1');

    const n = page.getByTestId('auto-n');
    await n.fill('2');
    await page.getByTestId('auto-assign').click();
    for (const app of Object.values(apps)) await expect.poll(() => count(app), WAIT).toBe('2 位专家');
    for (const expert of [li, wang]) expect(await page.getByTestId(`matrix-load-${expert.fingerprint}`).innerText()).toBe('3');
    // Settle tooltips and messages, then look at the whole area.
    await page.mouse.move(0, 0);
    await section().scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    await section().screenshot({ path: path.join(ARTIFACTS, 'experts-matrix.png') });
    const listed = cli(secretaryData, ['expert', 'list', '--round', roundId]) as { experts: { applicationIds: string[] }[] };
    expect(listed.experts.map((e) => e.applicationIds.length)).toEqual([3, 3]);
  });

  it('asks before changing a sent package, recuses with the assignment removed, and marks the package for re-export', async () => {
    failureShot('recuse');
    fs.mkdirSync(path.join(root, 'panels'));
    cli(secretaryData, ['panel', 'export', '--round', roundId, '--out', path.join(root, 'panels')]);
    // The CLI is another process: the page learns of its export by reloading.
    await page.reload();
    await section().waitFor();
    await expect.poll(() => page.getByTestId(`package-${li.fingerprint}`).getAttribute('data-state'), WAIT).toBe('current');

    await page.getByTestId(`conflict-${li.fingerprint}-${apps.ningbo}`).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('decide-intro') });
    await dialog.getByTestId('decide-recuse').click();
    expect(await dialog.innerText()).toContain('回避将取消这项分配');
    await dialog.getByRole('button', { name: '记录决定' }).click();
    // A closing confirmation stays in the page while it fades: only the visible one counts.
    const confirm = page.locator('.ant-modal-confirm:visible');
    await confirm.locator('.ant-modal-confirm-title', { hasText: '已导出评审包，修改后需重新导出并发送' }).waitFor();
    await confirm.getByRole('button', { name: '仍然修改' }).click();
    await expect.poll(() => confirm.count(), WAIT).toBe(0);
    await expect.poll(() => cell(li, apps.ningbo).getAttribute('data-state'), WAIT).toBe('recuse');
    expect(await box(li, apps.ningbo).isChecked()).toBe(false);
    expect(await box(li, apps.ningbo).isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId(`package-${li.fingerprint}`).getAttribute('data-state'), WAIT).toBe('stale');
    expect(await page.getByTestId('stale-notice').innerText()).toContain('李专家');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    await section().screenshot({ path: path.join(ARTIFACTS, 'experts-recused.png') });

    // Declining the confirmation changes nothing.
    await box(wang, apps.chengdu).click();
    await confirm.locator('.ant-modal-confirm-title', { hasText: '已导出评审包，修改后需重新导出并发送' }).waitFor();
    await confirm.getByRole('button', { name: '取 消' }).click();
    await expect.poll(() => confirm.count(), WAIT).toBe(0);
    expect(await box(wang, apps.chengdu).isChecked()).toBe(true);
    expect(await page.getByTestId(`package-${wang.fingerprint}`).getAttribute('data-state')).toBe('current');
  });

  it('removes an expert only after a confirmation that says what is lost', async () => {
    failureShot('remove');
    await page.getByTestId('remove-expert-王专家').click();
    const losses = page.getByTestId('remove-expert-losses');
    expect(await losses.innerText()).toContain('3 项分配');
    expect(await losses.innerText()).toContain('评分包将不再被接受');
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'experts-remove.png') });
    await page.locator('.ant-modal-confirm:visible').getByRole('button', { name: '删除专家' }).click();
    await page.getByTestId('experts-table').getByText('王专家').waitFor({ state: 'detached' });
    const listed = cli(secretaryData, ['expert', 'list', '--round', roundId]) as { experts: { name: string }[] };
    expect(listed.experts.map((e) => e.name)).toEqual(['李专家']);
    expect(cli(secretaryData, ['audit', 'verify'])).toMatchObject({ ok: true });
    expect(problems).toEqual([]);
  });
});
