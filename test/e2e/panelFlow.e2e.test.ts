import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelMember } from '../../shared/domain/panelPackage';
import { writeTestPackage } from '../../electron/core/expert/expertTestKit';
import { documentFromFile, makeMember } from '../../electron/core/panel/panelTestKit';
import { launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';
import { corpusFile } from '../helpers/corpus';
import { REPO_ROOT, type WebShellProcess, spawnWebShell } from '../helpers/webShell';

/**
 * The expert's side of a panel through the real UI in Chromium, on the web shell: a
 * secretary made with the CLI (keygen, round, two applications, the expert enrolled
 * from the key card, assigned, panel export); the expert imports the package after
 * checking the secretary's fingerprint against stock ssh-keygen, reads a document,
 * sees a second import change nothing and a package signed by another key refused, and
 * exports the score bundle, which the secretary's CLI verifies.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 60_000 } as const;
const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const PASSPHRASE = 'correct horse battery staple';
const ROUND_NAME = '2026年“中国制造2025”试点城市实施方案评审';
const haveSsh = spawnSync('ssh-keygen', ['-?']).error === undefined;

interface Party {
  data: string;
  card: string;
  fingerprint: string;
  sshPublicKey: string;
  ageRecipient: string;
}

let root: string;
let passFile: string;
let secretary: Party;
let expert: Party;
let panelFile: string;
let forgedFile: string;
let expertRoundId = '';
/** The score bundle the expert downloaded, by its file's SHA-256: what the signed score sheet must name. */
let bundleSha256 = '';
let browser: Browser;
let shell: WebShellProcess;
let page: Page;
const problems: string[] = [];

function cli(data: string, args: string[]): Record<string, unknown> {
  const run = runCli(['--data-dir', data, '--passphrase-file', passFile, '--json', ...args], FAST);
  if (run.status !== 0) throw new Error(`panel-review ${args.join(' ')} failed: ${run.stdout} ${run.stderr}`);
  return parseOneJson(run.stdout);
}

function makeParty(name: string, affiliation: string): Party {
  const dir = fs.mkdtempSync(path.join(root, 'party-'));
  const data = path.join(dir, 'data');
  const made = cli(data, ['keygen', '--name', name, '--affiliation', affiliation]);
  const card = path.join(dir, 'card.prkey');
  cli(data, ['key', 'card', '--out', card]);
  return { data, card, fingerprint: String(made.fingerprint), sshPublicKey: String(made.sshPublicKey), ageRecipient: String(made.ageRecipient) };
}

/** What stock `ssh-keygen -l` prints for a key card's public key. */
function stockFingerprint(party: Party): string {
  const pub = path.join(root, `${party.fingerprint.slice(7, 15).replace(/[/+]/g, '_')}.pub`);
  fs.writeFileSync(pub, `${party.sshPublicKey}\n`);
  const printed = spawnSync('ssh-keygen', ['-l', '-f', pub], { encoding: 'utf8' });
  if (printed.status !== 0) throw new Error(printed.stderr);
  return printed.stdout.split(' ')[1] ?? '';
}

beforeAll(async () => {
  root = tempDir('panel-review-panel-e2e-');
  passFile = path.join(root, 'passphrase.txt');
  fs.writeFileSync(passFile, `${PASSPHRASE}\n`);
  secretary = makeParty('王秘书', '工业和信息化部规划司');
  expert = makeParty('张三', '同济大学');
  const roundId = String(cli(secretary.data, ['round', 'create', '--name', ROUND_NAME, '--kind', 'plan-review']).id);
  const apps = [
    ['宁波市', 'cjk-cns1-prospectus.pdf'],
    ['泉州市', 'annots-pdfcomment.pdf'],
  ].map(([city = '', pdf = '']) => String(cli(secretary.data, ['app', 'import', '--round', roundId, '--city', city, '--doc-kind', 'plan', corpusFile(pdf)]).id));
  cli(secretary.data, ['expert', 'add', '--round', roundId, expert.card]);
  cli(secretary.data, ['assign', '--round', roundId, '--expert', expert.fingerprint, '--apps', apps.join(',')]);
  const out = path.join(root, 'panels');
  fs.mkdirSync(out);
  const exported = cli(secretary.data, ['panel', 'export', '--round', roundId, '--out', out]) as { files: { file: string }[] };
  panelFile = exported.files[0]?.file ?? '';

  // The same round, for the same expert, signed by a key that is not the secretary's.
  const impostor = await makeMember('王秘书');
  const me: PanelMember = { name: '张三', affiliation: '同济大学', fingerprint: expert.fingerprint, sshPublicKey: expert.sshPublicKey, ageRecipient: expert.ageRecipient };
  const documents = ['cjk-cns1-prospectus.pdf', 'annots-pdfcomment.pdf'].map((pdf) => documentFromFile(corpusFile(pdf)));
  forgedFile = (await writeTestPackage({ secretary: impostor, expert: me, documents, roundId, roundName: ROUND_NAME, packageId: 'pk0123459z', outPath: path.join(root, 'forged.prpanel') })).file;

  shell = await spawnWebShell({ dataDir: expert.data, env: FAST });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1280, height: 1000 }, timeoutMs: WAIT.timeout, acceptDownloads: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-panel-${name}`);

/** Modals finish their zoom-in before a screenshot. */
async function settledModals(): Promise<void> {
  // A string, run in the page: this file is type-checked without the DOM's types.
  await page.waitForFunction(`[...document.querySelectorAll('.ant-modal')].every((modal) => getComputedStyle(modal).opacity === '1' && getComputedStyle(modal).transform === 'none')`);
}

/** Opens the import dialog on the rounds page and hands it a file, as a picked file. */
async function chooseInImportDialog(file: string): Promise<void> {
  await page.goto(`${shell.origin}/#/rounds`);
  await page.getByTestId('import-panel').click();
  await page.getByRole('dialog').locator('input[type=file]').setInputFiles(file);
}

describe('panel package and score bundle in the UI (expert)', () => {
  it('verifies the package, shows the secretary fingerprint as ssh-keygen prints it, and imports only after it is confirmed', async () => {
    failureShot('import');
    await chooseInImportDialog(panelFile);
    // The keys are locked after a start: the unlock dialog comes first, then inspect goes on.
    const passphrase = page.getByTestId('identity-unlock-passphrase');
    await passphrase.fill(PASSPHRASE);
    await passphrase.press('Enter');
    const verification = page.getByTestId('panel-verification');
    await verification.waitFor();

    const shown = (await verification.getByTestId('identity-fingerprint').innerText()).trim();
    expect(shown).toBe(secretary.fingerprint);
    if (haveSsh) expect(shown).toBe(stockFingerprint(secretary));
    expect(await verification.getByTestId('panel-round-name').innerText()).toBe(ROUND_NAME);
    expect(await verification.getByTestId('panel-secretary-name').innerText()).toBe('王秘书');
    expect(await verification.getByTestId('panel-contents').innerText()).toMatch(/^2 份申报材料，2 个文件，共 [\d.]+ (KB|MB)$/);
    const checks = await verification.getByTestId('panel-checks').innerText();
    expect(checks).toContain('评审秘书的签名有效');
    expect(checks).toContain('全部 2 个文件的 SHA-256 与签名清单一致');
    expect(await page.getByTestId('panel-first-use').innerText()).toContain('通过电话或纸面');
    const start = page.getByTestId('panel-import-start');
    expect(await start.isDisabled()).toBe(true);
    // A clean picture: without the toasts over the header.
    await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-inspect.png'), fullPage: true });

    await page.getByTestId('panel-confirm-fingerprint').check();
    await expect.poll(() => start.isEnabled(), WAIT).toBe(true);
    await start.click();
    await expect.poll(() => new URL(page.url()).hash, WAIT).toMatch(/^#\/round\/[0-9a-z]{10}$/);
    expertRoundId = new URL(page.url()).hash.split('/')[2] ?? '';
    expect(await page.getByTestId('round-title').innerText()).toBe(ROUND_NAME);
    const table = page.getByTestId('applications-table');
    await table.getByText('宁波市').waitFor();
    await table.getByText('泉州市').waitFor();
    expect(await page.getByTestId('import-application').count()).toBe(0);
    await page.getByTestId('export-scores').waitFor();
    await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-expert-round.png'), fullPage: true });
  });

  it('opens a document of the expert round in the reader', async () => {
    failureShot('reader');
    await page.getByTestId('applications-table').getByRole('button', { name: 'cjk-cns1-prospectus.pdf' }).click();
    await page.locator('[data-testid="pdf-reader"][data-state="ready"]').waitFor();
    expect(new URL(page.url()).hash).toContain(`#/read/${expertRoundId}/`);
  });

  it('says the same package again was imported before and changes nothing', async () => {
    failureShot('again');
    await chooseInImportDialog(panelFile);
    await page.getByTestId('panel-verification').waitFor();
    expect(await page.getByTestId('panel-already-imported').innerText()).toContain('已经导入过');
    expect(await page.getByTestId('panel-trusted').innerText()).toContain('与此前是同一位评审秘书');
    await page.getByTestId('panel-import-start').click();
    await page.locator('.ant-message-notice').filter({ hasText: '这个评审包已经导入过，内容未改变' }).waitFor();
    await expect.poll(() => new URL(page.url()).hash, WAIT).toBe(`#/round/${expertRoundId}`);
    const { rounds } = parseOneJson(runCli(['--data-dir', expert.data, '--json', 'round', 'list'], FAST).stdout) as { rounds: unknown[] };
    expect(rounds).toHaveLength(1);
  });

  it('refuses, in red, a package of the same round signed by another key', async () => {
    failureShot('forged');
    await chooseInImportDialog(forgedFile);
    const refusal = page.getByTestId('panel-refusal');
    await refusal.waitFor();
    const text = await refusal.innerText();
    expect(text).toContain('危险：此评审包由另一把密钥签名，已拒绝导入');
    expect(text).toContain(secretary.fingerprint);
    expect(await refusal.getAttribute('class')).toContain('ant-alert-error');
    expect(await page.getByTestId('panel-import-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('panel-first-use').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-refused.png'), fullPage: true });
    await page.getByTestId('panel-import-cancel').click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('exports the score bundle as a download whose hash is shown, and the secretary verifies it', async () => {
    failureShot('export');
    await page.goto(`${shell.origin}/#/round/${expertRoundId}`);
    await page.getByTestId('export-scores').click();
    expect(await page.getByTestId('scores-export-notice').innerText()).toContain('本轮共有 2 份申报材料');
    // Nothing scored yet: both are named, and the export is still allowed (a partial return).
    const unfinished = await page.getByTestId('scores-export-unfinished').innerText();
    expect(unfinished).toContain('有 2 份申报材料尚未评完');
    expect(unfinished).toContain('宁波市：尚未作利益冲突声明');
    expect(unfinished).toContain('泉州市：尚未作利益冲突声明');
    await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'scores-export-notice.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('scores-export-start').click()]);
    const file = path.join(root, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/-张三-r1\.prscores$/);
    const result = page.getByTestId('scores-export-result');
    await result.waitFor();
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    bundleSha256 = sha256;
    expect((await page.getByTestId('scores-export-sha256').innerText()).trim()).toBe(sha256);
    expect(await page.getByTestId('scores-export-revision').innerText()).toBe('1');
    expect(await page.getByTestId('scores-export-file').innerText()).toBe(download.suggestedFilename());
    expect(await result.innerText()).toContain('0 / 2 份申报材料有评审记录');
    // A clean picture: without the toasts over the header.
    await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
    await settledModals();
    await page.screenshot({ path: path.join(ARTIFACTS, 'scores-export-result.png'), fullPage: true });

    const verified = cli(secretary.data, ['bundle', 'verify', file]);
    expect(verified).toMatchObject({ fingerprint: expert.fingerprint, revision: 1, sha256, expertName: '张三' });
    await page.getByTestId('scores-export-close').click();
    expect(problems).toEqual([]);
  });

  it('prints the score sheet of that bundle as a PDF naming its hash, and a draft that names none', async () => {
    failureShot('scoresheet');
    await page.getByTestId('print-scoresheet').click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('scoresheet-save') });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('只能为最近一次导出的评分包打印');
    // Once the modal has zoomed in to its full width.
    await expect.poll(async () => (await dialog.boundingBox())?.width ?? 0, WAIT).toBeGreaterThanOrEqual(680);
    await dialog.screenshot({ path: path.join(ARTIFACTS, 'scoresheet-dialog.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('scoresheet-save').click()]);
    const file = path.join(root, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/-张三-.*\.pdf$/);
    expect((await page.getByTestId('scoresheet-sha256').innerText()).trim()).toBe(bundleSha256);
    expect(await page.getByTestId('scoresheet-revision').innerText()).toBe('1');
    const text = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).stdout;
    expect(text.replace(/\s+/g, '')).toContain(bundleSha256);
    expect(text).toContain('宁波市');
    expect(text).not.toContain('草稿');
    await page.getByTestId('scoresheet-close').click();

    // A draft: for checking, marked 草稿, naming no bundle.
    await page.getByTestId('print-scoresheet').click();
    const [draft] = await Promise.all([page.waitForEvent('download'), page.getByTestId('scoresheet-draft').click()]);
    const draftFile = path.join(root, `draft-${draft.suggestedFilename()}`);
    await draft.saveAs(draftFile);
    const draftText = spawnSync('pdftotext', ['-raw', draftFile, '-'], { encoding: 'utf8' }).stdout;
    expect(draftText).toContain('草稿');
    expect(draftText.replace(/\s+/g, '')).not.toContain(bundleSha256);
    await page.getByTestId('scoresheet-close').click();
    expect(problems).toEqual([]);
  });
});
