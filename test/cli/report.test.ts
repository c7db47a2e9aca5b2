import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, scoredRound } from '../../electron/core/report/reportTestKit';
import { parseOneJson, runCli, tempDir } from '../helpers/cli';

/**
 * `report --round R --format xlsx|csv|json|pdf --out FILE [--draft]` through the built
 * `panel-review`, on the worked round of reportTestKit.ts (real keys, bundles merged by
 * the core): `{ file }` plus sha256, bytes, format, draft and the open count; refused
 * (exit 1, one line on stderr, `{ ok: false, error }`, no file) while flags are open,
 * unless --draft; usage errors exit 2.
 */

let root: string;
let data: string;
let roundId: string;
let appOf: Map<string, string>;

type Run = ReturnType<typeof runCli>;
const cli = (...args: string[]): Run => runCli(['--data-dir', data, '--json', '--lang', 'en', ...args]);
function ok(run: Run): Record<string, unknown> {
  expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
  return parseOneJson(run.stdout);
}
const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  root = tempDir('panel-review-cli-report-');
  const round = await scoredRound(root);
  ({ appOf } = round);
  roundId = round.panel.roundId;
  data = path.join(root, 'data');
  await round.panel.core.close();
}, 60_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('report by CLI', () => {
  it('refuses a final report while flags are open: exit 1, one line, the code, no file', () => {
    const out = path.join(root, 'final.xlsx');
    const run = cli('report', '--round', roundId, '--format', 'xlsx', '--out', out);
    expect(run.status, run.stderr).toBe(1);
    expect(parseOneJson(run.stdout)).toMatchObject({ ok: false, error: { code: 'FLAGS_WITHOUT_NOTES', details: { count: 3 } } });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('3 disagreement flag(s)');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('writes a draft with --draft and prints { file, sha256, bytes, format, draft, openFlags, missingCharacters }', () => {
    const out = path.join(root, 'draft.xlsx');
    const written = ok(cli('report', '--round', roundId, '--format', 'xlsx', '--out', out, '--draft'));
    expect(written).toEqual({ file: out, format: 'xlsx', sha256: sha256Of(out), bytes: fs.statSync(out).size, draft: true, openFlags: 3, missingCharacters: [] });
  });

  it('says so in Chinese without --json', () => {
    const out = path.join(root, '草稿.csv');
    const run = runCli(['--data-dir', data, 'report', '--round', roundId, '--format', 'csv', '--out', out, '--draft']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`已写出报告草稿 ${out}（csv，`);
    expect(run.stdout).toContain('尚有 3 个分歧标记未处理');
  });

  it('exits 2 on a format it does not know or a missing --out, and 1 on a missing folder', () => {
    expect(cli('report', '--round', roundId, '--format', 'docx', '--out', path.join(root, 'x.docx')).status).toBe(2);
    expect(cli('report', '--round', roundId, '--format', 'csv').status).toBe(2);
    const missing = cli('report', '--round', roundId, '--format', 'csv', '--out', path.join(root, 'no-such-folder', 'x.csv'), '--draft');
    expect(missing.status).toBe(1);
    expect(parseOneJson(missing.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(missing.stderr).toContain('does not exist');
  });

  it('once every flag is noted, writes the final report in xlsx, csv and json; json is results --json plus report', async () => {
    const results = ok(cli('results', '--round', roundId)) as { applications: { id: string; flags: { criterionId: string | null }[] }[] };
    for (const application of results.applications) {
      for (const flag of application.flags) {
        const target = flag.criterionId === null ? ['--total'] : ['--criterion', flag.criterionId];
        ok(cli('flag', 'note', '--round', roundId, '--app', application.id, ...target, '--note', '经合议，保留独立判断'));
      }
    }
    const files = Object.fromEntries((['xlsx', 'csv', 'json', 'pdf'] as const).map((format) => [format, path.join(root, `评分汇总表.${format}`)]));
    for (const [format, out] of Object.entries(files)) {
      expect(ok(cli('report', '--round', roundId, '--format', format, '--out', out))).toMatchObject({ file: out, format, draft: false, openFlags: 0, sha256: sha256Of(out) });
    }
    const { report, ...rest } = JSON.parse(fs.readFileSync(files.json ?? '', 'utf8')) as Record<string, unknown>;
    expect(rest).toEqual(ok(cli('results', '--round', roundId)));
    expect(report).toMatchObject({ draft: false, round: { id: roundId } });
    const records = parseCsv(fs.readFileSync(files.csv ?? '').subarray(3).toString('utf8'));
    // --lang en: the headers are English.
    expect(records[0]?.slice(0, 4)).toEqual(['Rank', 'Tied', 'Application id', 'City']);
    expect(records.slice(1).map((record) => [record[3], record[0], record[1]])).toEqual([
      ['宁波市', '1', ''],
      ['成都市', '2', 'tied'],
      ['株洲市', '2', 'tied'],
      ['泉州市', '4', ''],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(files.xlsx ?? '');
    expect(workbook.getWorksheet('Summary of scores')?.getCell('A1').value).toBe('2026年试点城市实施方案评审 · Summary of scores');
    // The PDF says the same in English headings, with the cities' and experts' Chinese names extractable.
    const pdf = execFileSync('pdftotext', ['-raw', files.pdf ?? '', '-'], { encoding: 'utf8' });
    for (const expected of ['Summary of expert review opinions', '1. Results', '宁波市', '泉州市', '张三', '李四', '王五', '6. Signatures']) expect(pdf).toContain(expected);
    expect(pdf).not.toContain('DRAFT');
    expect(appOf.size).toBe(4);
  });

  it('records every export in the audit log, whose chain holds', () => {
    const listed = ok(cli('audit', 'list', '--round', roundId)) as { entries: { action: string; detail: Record<string, unknown> }[] };
    const exports = listed.entries.filter((entry) => entry.action === 'report.export');
    expect(exports.map((entry) => [entry.detail.format, entry.detail.draft])).toEqual([
      ['pdf', false],
      ['json', false],
      ['csv', false],
      ['xlsx', false],
      ['csv', true],
      ['xlsx', true],
    ]);
    expect(ok(cli('audit', 'verify'))).toMatchObject({ ok: true });
  });
});
