import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_RUBRIC } from '../../electron/core/merge/mergeTestKit';
import { pdfText } from '../../electron/core/report/pdf/pdfTestKit';
import { scanQrCodes, squeeze } from '../../electron/core/report/scoreSheet/scoreSheetTestKit';
import { corpusFile } from '../helpers/corpus';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';
import { cliWithPassphrase, secretaryAndExpert, sendPanel, type Cli, type Parties } from '../helpers/panelSetup';

/**
 * `scoresheet --round R --out FILE.pdf [--draft]` through the built `panel-review`, as
 * CLI.md names it, on a round the secretary's CLI sent and the expert's CLI scored:
 * refused (exit 1, one line on stderr, `{ ok: false, error }`, no file) before the first
 * `scores export` and after a later change; `{ file, … }` naming the exported bundle,
 * whose SHA-256 the PDF prints and its QR code carries; a draft any time.
 */

const FAST = { PANEL_REVIEW_TEST_SCRYPT_WORK_FACTOR: '1' };
const PASS = 'correct horse battery staple';
const STRENGTHS = '宁波市装备制造业基础雄厚，“两化融合”目标量化具体。';

let root: string;
let passFile: string;
let cli: Cli;
let parties: Parties;
let secretaryRound: string;
let expertRound: string;
let apps: string[];

type Run = ReturnType<typeof runCli>;
const expert = (...args: string[]): Run => runCli(['--data-dir', parties.expertData, '--json', '--lang', 'en', ...args], FAST);

function refused(run: Run, code: string): Record<string, unknown> {
  expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(1);
  const parsed = parseOneJson(run.stdout) as { ok: boolean; error: { code: string; details?: Record<string, unknown> } };
  expect(parsed).toMatchObject({ ok: false, error: { code } });
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return parsed.error.details ?? {};
}

beforeAll(() => {
  root = tempDir('panel-review-cli-scoresheet-');
  passFile = path.join(root, 'pass.txt');
  fs.writeFileSync(passFile, `${PASS}\n`);
  cli = cliWithPassphrase(passFile);
  parties = secretaryAndExpert(cli, root);
  const rubric = path.join(root, 'rubric.json');
  fs.writeFileSync(rubric, JSON.stringify(TEST_RUBRIC));
  secretaryRound = String(cli(parties.secretaryData, ['round', 'create', '--name', '2026年试点城市实施方案评审', '--kind', 'custom', '--rubric', rubric]).id);
  const sent = [
    ['宁波市', 'annots-pdfcomment.pdf'],
    ['泉州市', 'cjk-cns1-prospectus.pdf'],
  ].map(([city = '', pdf = '']) => String(cli(parties.secretaryData, ['app', 'import', '--round', secretaryRound, '--city', city, '--doc-kind', 'plan', corpusFile(pdf)]).id));
  expertRound = sendPanel(cli, parties, secretaryRound, sent, path.join(root, 'packages'));
  apps = (cli(parties.expertData, ['app', 'list', '--round', expertRound]) as { applications: { id: string }[] }).applications.map((app) => app.id);
  const [first = '', second = ''] = apps;
  const score = (args: string[]) => cli(parties.expertData, [...args, '--round', expertRound]);
  score(['coi', 'declare', '--app', first, '--none']);
  score(['score', 'set', '--app', first, '--criterion', 'goals', '--value', '17.5', '--comment', '目标总体明确，但“质量效益”指标缺少基期数据。']);
  score(['score', 'set', '--app', first, '--criterion', 'measures', '--value', '8']);
  score(['score', 'set', '--app', first, '--criterion', 'indicators', '--value', '7']);
  score(['opinion', 'set', '--app', first, '--strengths', STRENGTHS, '--issues', '人才培养措施偏弱。', '--recommendation', 'approve']);
  score(['coi', 'declare', '--app', second, '--conflict', '本人系泉州市人民政府经济顾问']);
}, 180_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('panel-review scoresheet', () => {
  it('is refused before the first export, and writes nothing', () => {
    const dir = path.join(root, 'before');
    fs.mkdirSync(dir);
    const details = refused(expert('scoresheet', '--round', expertRound, '--out', path.join(dir, 'sheet.pdf')), 'SCORESHEET_NOT_EXPORTED');
    expect(details).toMatchObject({ roundId: expertRound });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes the sheet of the exported bundle: its revision, SHA-256 and QR code; refused again after a change; a draft any time', () => {
    const bundle = cli(parties.expertData, ['scores', 'export', '--round', expertRound, '--out', path.join(root, 'scores.prscores')]) as { revision: number; sha256: string };
    const out = path.join(root, 'sheet.pdf');
    const run = expert('scoresheet', '--round', expertRound, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const written = parseOneJson(run.stdout);
    const bytes = fs.readFileSync(out);
    expect(written).toEqual({
      file: out,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      pages: expect.any(Number),
      revision: bundle.revision,
      bundleSha256: bundle.sha256,
      draft: false,
    });
    // --lang en sets the sheet's language too.
    const text = pdfText(out);
    expect(text).toContain(bundle.sha256);
    expect(squeeze(text)).toContain(squeeze(`Score bundle revision ${bundle.revision}`));
    expect(squeeze(text)).toContain(squeeze(STRENGTHS));
    expect(squeeze(text)).toContain('本人系泉州市人民政府经济顾问');
    expect(scanQrCodes(out)).toEqual([bundle.sha256]);

    cli(parties.expertData, ['score', 'set', '--round', expertRound, '--app', apps[0] ?? '', '--criterion', 'measures', '--value', '9']);
    const before = fs.readFileSync(out);
    expect(refused(expert('scoresheet', '--round', expertRound, '--out', out), 'SCORESHEET_STALE')).toMatchObject({ revision: bundle.revision, reason: 'changed' });
    expect(fs.readFileSync(out).equals(before)).toBe(true);

    const draftFile = path.join(root, 'draft.pdf');
    const draft = parseOneJson(expert('scoresheet', '--round', expertRound, '--out', draftFile, '--draft').stdout);
    expect(draft).toMatchObject({ file: draftFile, draft: true, revision: null, bundleSha256: null });
    expect(pdfText(draftFile)).toContain('DRAFT');
  }, 60_000);

  it('says what it wrote in Chinese by default, and refuses a secretary’s round and a missing --out', () => {
    cli(parties.expertData, ['scores', 'export', '--round', expertRound, '--out', path.join(root, 'scores-2.prscores')]);
    const out = path.join(root, '评分表.pdf');
    const text = runCli(['--data-dir', parties.expertData, 'scoresheet', '--round', expertRound, '--out', out], FAST);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^已写出评分表 .*评分表\.pdf（\d+ 页），对应第 2 版评分包\n评分包 SHA-256：[0-9a-f]{64}\n$/);
    expect(squeeze(pdfText(out))).toContain('专家评分表');

    const secretary = runCli(['--data-dir', parties.secretaryData, '--json', 'scoresheet', '--round', secretaryRound, '--out', path.join(root, 'x.pdf')], FAST);
    refused(secretary, 'ROUND_NOT_EXPERT');
    expect(fs.existsSync(path.join(root, 'x.pdf'))).toBe(false);

    const usage = expert('scoresheet', '--round', expertRound);
    expect(usage.status).toBe(2);
    expect(parseOneJson(usage.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  }, 60_000);
});
