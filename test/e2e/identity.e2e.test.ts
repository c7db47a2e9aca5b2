import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';
import { REPO_ROOT, type WebShellProcess, spawnWebShell, tempDataDir } from '../helpers/webShell';

/**
 * An expert's first run through the real UI in Chromium, on the web shell (no OS
 * keychain, so a passphrase): the explanation, passphrase checks, creating the identity,
 * the fingerprint held against stock ssh-keygen, the key card download checked with
 * ssh-keygen -Y verify, lock and unlock, and a reload.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 30_000 } as const;
const PASSPHRASE = 'correct horse battery staple';
const NAME = '张三';
const AFFILIATION = '某某大学智能制造研究院';
const have = (tool: string, args: string[]) => spawnSync(tool, args).error === undefined;
const haveSsh = have('ssh-keygen', ['-?']);
const haveAge = have('age-keygen', ['--version']);

let browser: Browser;
let shell: WebShellProcess;
let page: Page;
let dataDir: string;
let workDir: string;
let shownFingerprint = '';
const problems: string[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  workDir = tempDir('panel-review-identity-e2e-');
  // Keys sealed with scrypt work factor 1: the test hook, so the KDF takes no time here.
  shell = await spawnWebShell({ dataDir, env: { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' } });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1280, height: 900 }, timeoutMs: WAIT.timeout, acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  for (const dir of [dataDir, workDir]) if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-identity-${name}`);

/** The form error shown under a field (antd's explain line). */
function fieldError(testId: string) {
  return page.locator('.ant-form-item').filter({ has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
}

describe('identity in the UI', () => {
  it('explains on first run what the identity is, on the rounds page and on the identity page', async () => {
    failureShot('first-run');
    const explainer = page.getByTestId('identity-explainer');
    await explainer.waitFor();
    const text = await explainer.textContent();
    for (const words of ['签名密钥', '加密密钥', '不会以未加密的形式离开本机', '密钥卡', '评审秘书', '指纹']) expect(text).toContain(words);
    await page.screenshot({ path: path.join(ARTIFACTS, 'identity-first-run-rounds.png') });

    // The header entry is a real button: keyboard focus and Enter open the page.
    await page.getByTestId('nav-identity').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash, WAIT).toBe('#/identity');
    await page.getByTestId('identity-create-name').waitFor();
    expect(await page.getByTestId('identity-explainer').textContent()).toContain('签名密钥');
    // The web shell has no OS keychain: the passphrase is asked for at once.
    await page.getByTestId('identity-create-passphrase').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'identity-first-run.png'), fullPage: true });
  });

  it('refuses a too-short passphrase and a mismatched repetition inline', async () => {
    failureShot('passphrase-checks');
    await page.getByTestId('identity-create-name').fill(NAME);
    await page.getByTestId('identity-create-affiliation').fill(AFFILIATION);
    await page.getByTestId('identity-create-passphrase').fill('short');
    await page.getByTestId('identity-create-passphrase-repeat').fill('short');
    await page.getByTestId('identity-create-submit').click();
    await expect.poll(() => fieldError('identity-create-passphrase').textContent(), WAIT).toBe('口令太短：至少需要 8 个字符');

    await page.getByTestId('identity-create-passphrase').fill(PASSPHRASE);
    await page.getByTestId('identity-create-passphrase-repeat').fill(`${PASSPHRASE}!`);
    await page.getByTestId('identity-create-submit').click();
    await expect.poll(() => fieldError('identity-create-passphrase-repeat').textContent(), WAIT).toBe('两次输入的口令不一致');
    // The length error goes once the passphrase is long enough (after antd's fade-out).
    await expect.poll(() => fieldError('identity-create-passphrase').count(), WAIT).toBe(0);
    // Nothing was created.
    expect(await page.getByTestId('identity-details').count()).toBe(0);
  });

  it('creates the identity and shows its fingerprint exactly as ssh-keygen -l prints it', async () => {
    failureShot('create');
    await page.getByTestId('identity-create-passphrase-repeat').fill(PASSPHRASE);
    await page.getByTestId('identity-create-submit').click();
    const details = page.getByTestId('identity-details');
    await details.waitFor();
    shownFingerprint = (await page.getByTestId('identity-fingerprint').innerText()).trim();
    expect(shownFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const groups = await page.getByTestId('identity-fingerprint-groups').getByRole('listitem').allInnerTexts();
    // "SHA256:" then groups of four, which read back to the same string.
    expect(groups.map((g) => g.split('\n')[0]).join('')).toBe(shownFingerprint);
    expect(await details.textContent()).toContain(AFFILIATION);
    expect(await page.getByTestId('identity-lock-state').textContent()).toBe('已解锁');
    expect(await page.getByTestId('identity-explainer').count()).toBe(0);
    // A clean picture: without the "created" toast over the header.
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'identity-page.png'), fullPage: true });

    const out = path.join(workDir, 'cli.prkey');
    const written = runCli(['--data-dir', dataDir, '--json', 'key', 'card', '--out', out]);
    expect(written.status, written.stderr).toBe(0);
    expect(parseOneJson(written.stdout).fingerprint).toBe(shownFingerprint);
    if (!haveSsh) return;
    const card = JSON.parse(fs.readFileSync(out, 'utf8')) as { sshPublicKey: string };
    const pub = path.join(workDir, 'card.pub');
    fs.writeFileSync(pub, `${card.sshPublicKey}\n`);
    const printed = spawnSync('ssh-keygen', ['-l', '-f', pub], { encoding: 'utf8' });
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout.split(' ')[1]).toBe(shownFingerprint);
    expect(await page.getByTestId('identity-ssh-public-key').innerText()).toBe(card.sshPublicKey);
  });

  it('downloads the key card, a self-signed panel-review/key-card@1 that stock ssh-keygen verifies', async () => {
    failureShot('key-card');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('identity-download-key-card').click()]);
    expect(download.suggestedFilename()).toMatch(/^张三-[A-Za-z0-9_-]{8}\.prkey$/);
    const file = path.join(workDir, download.suggestedFilename());
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    // The same bytes the CLI writes.
    expect(text).toBe(fs.readFileSync(path.join(workDir, 'cli.prkey'), 'utf8'));
    const card = JSON.parse(text) as Record<string, unknown>;
    expect(card).toMatchObject({ format: 'panel-review/key-card@1', name: NAME, affiliation: AFFILIATION });
    expect(card.sshPublicKey).toMatch(/^ssh-ed25519 /);
    if (!haveSsh) return;
    const { signature, ...body } = card;
    const sig = path.join(workDir, 'card.sig');
    fs.writeFileSync(sig, String(signature));
    const allowed = path.join(workDir, 'allowed_signers');
    fs.writeFileSync(allowed, `expert ${String(card.sshPublicKey)}\n`);
    // The body's keys in sorted order, no spaces: the canonical form the signature covers.
    const canonical = JSON.stringify(Object.fromEntries(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1))));
    const verified = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', allowed, '-I', 'expert', '-n', 'panel-review-key-card', '-s', sig], {
      input: Buffer.from(canonical, 'utf8'),
      encoding: 'utf8',
    });
    expect(verified.status, verified.stderr).toBe(0);
  });

  it('locks, refuses a wrong passphrase with a translated message, and unlocks with the right one', async () => {
    failureShot('lock-unlock');
    await page.getByTestId('identity-lock').click();
    await expect.poll(() => page.getByTestId('identity-lock-state').textContent(), WAIT).toBe('已锁定');

    await page.getByTestId('identity-unlock').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('identity-unlock-passphrase').fill('wrong passphrase');
    await dialog.getByTestId('identity-unlock-passphrase').press('Enter');
    await expect.poll(() => fieldError('identity-unlock-passphrase').textContent(), WAIT).toBe('私钥口令不正确。');
    expect(await page.getByTestId('identity-lock-state').textContent()).toBe('已锁定');

    await dialog.getByTestId('identity-unlock-passphrase').fill(PASSPHRASE);
    // The modal's OK button submits the form natively (form= attribute), as a mouse user does.
    await dialog.locator('.ant-modal-footer button[type=submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('identity-lock-state').textContent(), WAIT).toBe('已解锁');
  });

  it('exports the private keys after saying what that means, as files stock ssh-keygen and age read', async () => {
    failureShot('export-private');
    await page.getByTestId('identity-export-private').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('任何拿到它们的人都可以冒用您的名义签名');
    await dialog.getByRole('button', { name: '我明白，导出' }).click();
    const buttons = dialog.getByTestId('identity-export-files').getByRole('button');
    await expect.poll(() => buttons.count(), WAIT).toBe(2);
    const saved: string[] = [];
    for (const button of await buttons.all()) {
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      const file = path.join(workDir, download.suggestedFilename());
      await download.saveAs(file);
      saved.push(file);
    }
    const [sshFile = '', ageFile = ''] = saved;
    expect(path.basename(sshFile)).toMatch(/^张三-.{8}-id_ed25519$/);
    expect(path.basename(ageFile)).toMatch(/^张三-.{8}-age-identity\.txt$/);
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: /^关\s*闭$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    if (!haveSsh || !haveAge) return;
    fs.chmodSync(sshFile, 0o600);
    const publicKey = spawnSync('ssh-keygen', ['-y', '-f', sshFile], { encoding: 'utf8' });
    expect(publicKey.status, publicKey.stderr).toBe(0);
    expect(publicKey.stdout.split(' ').slice(0, 2).join(' ').trim()).toBe(await page.getByTestId('identity-ssh-public-key').innerText());
    const recipient = spawnSync('age-keygen', ['-y', ageFile], { encoding: 'utf8' });
    expect(recipient.stdout.trim()).toBe(await page.getByTestId('identity-age-recipient').innerText());
  });

  it('keeps the identity across a reload', async () => {
    failureShot('reload');
    await page.reload();
    await page.getByTestId('identity-details').waitFor();
    expect((await page.getByTestId('identity-fingerprint').innerText()).trim()).toBe(shownFingerprint);
    // And the rounds page no longer asks for one.
    await page.goto(`${shell.origin}/#/rounds`);
    await page.getByTestId('round-table').waitFor();
    expect(await page.getByTestId('identity-explainer').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!haveSsh || !haveAge)('importing existing keys in the UI', () => {
  let importShell: WebShellProcess;
  let importPage: Page;
  let keysDir: string;

  beforeAll(async () => {
    keysDir = tempDir('panel-review-identity-import-');
    importShell = await spawnWebShell({ env: { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' } });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    importPage = await context.newPage();
    importPage.setDefaultTimeout(WAIT.timeout);
    await importPage.goto(importShell.url);
    await importPage.goto(`${importShell.origin}/#/identity`);
  });

  afterAll(async () => {
    await importShell?.stop();
    if (keysDir !== undefined) fs.rmSync(keysDir, { recursive: true, force: true });
  });

  it('refuses a damaged key with a translated message, then adopts ssh-keygen and age-keygen keys chosen as files', async () => {
    onTestFailed(async () => {
      await importPage?.screenshot({ path: path.join(ARTIFACTS, 'failed-identity-import.png'), fullPage: true }).catch(() => undefined);
    });
    const ssh = path.join(keysDir, 'id_ed25519');
    const age = path.join(keysDir, 'age.txt');
    expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'li@laptop', '-f', ssh]).status).toBe(0);
    expect(spawnSync('age-keygen', ['-o', age]).status).toBe(0);
    const stockPrint = spawnSync('ssh-keygen', ['-l', '-f', `${ssh}.pub`], { encoding: 'utf8' }).stdout.split(' ')[1];

    await importPage.getByTestId('identity-import').getByText('导入已有密钥').click();
    await importPage.getByTestId('identity-import-name').fill('李四');
    await importPage.getByTestId('identity-import-ssh').fill('-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----\n');
    await importPage.getByTestId('identity-import-age-file').setInputFiles(age);
    await expect.poll(() => importPage.getByTestId('identity-import-age').inputValue(), WAIT).toContain('AGE-SECRET-KEY-1');
    await importPage.getByTestId('identity-import-passphrase').fill(PASSPHRASE);
    await importPage.getByTestId('identity-import-passphrase-repeat').fill(PASSPHRASE);
    await importPage.getByTestId('identity-import-submit').click();
    const error = importPage.getByTestId('identity-import-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('密钥无效或已损坏');
    expect(await error.textContent()).not.toMatch(/KEY_INVALID/);

    await importPage.getByTestId('identity-import-ssh-file').setInputFiles(ssh);
    await expect.poll(() => importPage.getByTestId('identity-import-ssh').inputValue(), WAIT).toBe(fs.readFileSync(ssh, 'utf8'));
    await importPage.getByTestId('identity-import-submit').click();
    await importPage.getByTestId('identity-details').waitFor();
    expect((await importPage.getByTestId('identity-fingerprint').innerText()).trim()).toBe(stockPrint);
    expect(await importPage.getByTestId('identity-age-recipient').innerText()).toBe(spawnSync('age-keygen', ['-y', age], { encoding: 'utf8' }).stdout.trim());
  });
});
