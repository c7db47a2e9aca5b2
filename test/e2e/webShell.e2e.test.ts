import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page} from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { REPO_ROOT, type WebShellProcess, httpRequest, spawnWebShell, tempDataDir } from '../helpers/webShell';

/**
 * End to end through the web shell: the built renderer and the real core, in Debian's
 * Chromium, against `panel-review serve` on a temp data directory. Creates a round in
 * Chinese, checks validation and the keyboard shortcut, switches to English, then
 * restarts the server on the same data directory and checks that both survived.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const ROUND_NAME = '2026年中国制造2025试点城市实施方案评审';
const WAIT = { timeout: 30_000 } as const;
/** antd puts a space between the two characters of a two-character Chinese button label. */
const CREATE_BUTTON = /^创\s*建$/;

let browser: Browser;
let dataDir: string;
let shell: WebShellProcess | undefined;
let context: BrowserContext | undefined;
let page: Page;
/** console errors, page errors and CSP violations seen in any page. */
const pageProblems: string[] = [];

async function openApp(url: string): Promise<Page> {
  await context?.close();
  // A fresh context each time: no cookie or storage carries over, only the data directory.
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const opened = await context.newPage();
  opened.setDefaultTimeout(WAIT.timeout);
  opened.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  opened.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  await opened.goto(url, { waitUntil: 'domcontentloaded' });
  // The token link traded for a cookie and redirected to /: the address bar has no token.
  expect(new URL(opened.url()).search).toBe('');
  await opened.getByTestId('round-table').waitFor(WAIT);
  return opened;
}

function screenshot(name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

function saveScreenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    await page?.screenshot({ path: path.join(ARTIFACTS, `failed-${name}.png`), fullPage: true }).catch(() => undefined);
  });
}

async function roundsOnServer(server: WebShellProcess): Promise<{ name: string; kind: string }[]> {
  const reply = await httpRequest({
    port: server.port,
    method: 'POST',
    path: '/rpc/round.list',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', Origin: server.origin },
    body: JSON.stringify({ input: {} }),
  });
  const result = JSON.parse(reply.body) as { ok: boolean; value: { rounds: { name: string; kind: string }[] } };
  expect(result.ok).toBe(true);
  return result.value.rounds;
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = tempDataDir('panel-review-e2e-');
  shell = await spawnWebShell({ dataDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await shell?.stop();
  if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('web shell end to end', () => {
  it('opens from the token link: title 专家评审 and an empty rounds table', async () => {
    saveScreenshotOnFailure('open');
    if (shell === undefined) throw new Error('no server');
    page = await openApp(shell.url);
    await page.getByRole('heading', { name: '专家评审' }).waitFor(WAIT);
    expect(await page.title()).toContain('专家评审');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const table = page.getByTestId('round-table');
    await table.getByText('还没有评审轮次').waitFor(WAIT);
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(0);
    await page.getByText('网页版').waitFor(WAIT);
    await screenshot('rounds-zh-empty.png');
  });

  it('an empty name shows 不能为空 and creates nothing', async () => {
    saveScreenshotOnFailure('validation');
    if (shell === undefined) throw new Error('no server');
    await page.getByTestId('new-round').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('round-name').waitFor(WAIT);
    await dialog.getByRole('button', { name: CREATE_BUTTON }).click();
    await dialog.getByText('不能为空').waitFor(WAIT);
    // Whitespace only is empty too (the schema trims).
    await dialog.getByTestId('round-name').fill('   ');
    await dialog.getByRole('button', { name: CREATE_BUTTON }).click();
    await dialog.getByText('不能为空').waitFor(WAIT);
    expect(await dialog.isVisible()).toBe(true);
    expect(await roundsOnServer(shell)).toEqual([]);
    await dialog.getByRole('button', { name: /^取\s*消$/ }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    expect(await page.getByTestId('round-table').locator('tbody tr.ant-table-row').count()).toBe(0);
  });

  it('Ctrl+N opens the dialog; a Chinese-named 中期评估 round is created and listed', async () => {
    saveScreenshotOnFailure('create');
    if (shell === undefined) throw new Error('no server');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('新建评审轮次').waitFor(WAIT);
    const name = dialog.getByTestId('round-name');
    await name.waitFor(WAIT);
    // The name field has focus when the dialog opens: typing goes straight in.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")'), WAIT).toBe('round-name');
    // Cancel in the previous test reset the form: nothing stale from the blank name typed there.
    expect(await name.inputValue()).toBe('');
    await name.pressSequentially(ROUND_NAME);
    expect(await name.inputValue()).toBe(ROUND_NAME);

    // On a loaded machine a click can land while the dropdown is still sliding in and be
    // lost: open it and pick again until the choice shows (a CI run once timed out here).
    const option = page.locator('.ant-select-dropdown .ant-select-item-option[title="中期评估"]');
    const chosen = dialog.getByTestId('round-kind').locator('.ant-select-content[title="中期评估"]');
    await expect
      .poll(async () => {
        if (await chosen.isVisible()) return true;
        if (!(await option.isVisible())) await dialog.getByTestId('round-kind').click();
        await option.click({ timeout: 5000 }).catch(() => undefined);
        return chosen.isVisible();
      }, WAIT)
      .toBe(true);
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden', ...WAIT });
    await screenshot('create-dialog.png');

    await dialog.getByRole('button', { name: CREATE_BUTTON }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    const row = page.getByTestId('round-table').locator('tbody tr.ant-table-row', { hasText: ROUND_NAME });
    await row.waitFor(WAIT);
    await row.locator('.ant-tag', { hasText: '中期评估' }).waitFor(WAIT);
    await row.getByText('评审秘书').waitFor(WAIT);
    expect(await page.getByTestId('round-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await roundsOnServer(shell)).toMatchObject([{ name: ROUND_NAME, kind: 'midterm' }]);
    await page.getByText(`已创建评审轮次“${ROUND_NAME}”`).waitFor(WAIT);
    await screenshot('rounds-zh.png');
  });

  it('switches to English', async () => {
    saveScreenshotOnFailure('english');
    // Let the Chinese success toast go first, so the English screenshot is all English.
    await page.locator('.ant-message-notice').waitFor({ state: 'hidden', ...WAIT });
    const stored = page.waitForResponse((response) => response.url().endsWith('/rpc/settings.set') && response.status() === 200, WAIT);
    await page.locator('.ant-segmented').getByText('English', { exact: true }).click();
    await stored;
    await page.getByText('Review rounds', { exact: true }).waitFor(WAIT);
    await page.getByTestId('new-round').getByText('New review round').waitFor(WAIT);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Data is not translated; the kind tag is.
    const row = page.getByTestId('round-table').locator('tbody tr.ant-table-row', { hasText: ROUND_NAME });
    await row.waitFor(WAIT);
    expect(await row.locator('.ant-tag').innerText()).not.toBe('中期评估');
    await screenshot('rounds-en.png');
  });

  it('after a restart on the same data directory (new token) the round and English are still there', async () => {
    saveScreenshotOnFailure('restart');
    if (shell === undefined) throw new Error('no server');
    const old = shell;
    await old.stop();
    shell = undefined;
    shell = await spawnWebShell({ dataDir });
    expect(shell.token).not.toBe(old.token);

    page = await openApp(shell.url);
    await page.getByText('Review rounds', { exact: true }).waitFor(WAIT);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const row = page.getByTestId('round-table').locator('tbody tr.ant-table-row', { hasText: ROUND_NAME });
    await row.waitFor(WAIT);
    expect(await page.getByTestId('round-table').locator('tbody tr.ant-table-row').count()).toBe(1);

    // The new server wants its own token: none, or the old one, is 401.
    expect((await httpRequest({ port: shell.port, path: '/' })).status).toBe(401);
    expect((await httpRequest({ port: shell.port, path: '/', headers: { Authorization: `Bearer ${old.token}` } })).status).toBe(401);
    expect((await httpRequest({ port: shell.port, path: `/?token=${old.token}` })).status).toBe(401);
  });

  it('no console errors, page errors or CSP violations along the way', () => {
    expect(pageProblems).toEqual([]);
  });
});
