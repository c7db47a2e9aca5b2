import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ReportDataSchema, type ReportData } from '../../../shared/domain/report/reportData';
import type { Rubric } from '../../../shared/domain/rubric';
import { createApplicationRepository } from '../documents/applicationRepository';
import { ok } from '../expert/expertTestKit';
import { TEST_RUBRIC, type TestPanel } from '../merge/mergeTestKit';
import { tempDirs } from '../panel/panelTestKit';
import { createResultsReader } from '../results/resultsReader';
import { createResultsRepository } from '../results/resultsRepository';
import { createRoundRepository, requireSecretaryRound } from '../rounds/roundRepository';
import { createRubricRepository } from '../scoring/rubricRepository';
import { gatherReportData } from './gatherReportData';
import { bodyText, pdfFonts, qpdfCheck, squash } from './pdf/pdfTestKit';
import { createReportRepository } from './reportRepository';
import { exportReport, parseCsv, scoredRound, type Sheet } from './reportTestKit';

/**
 * Issue 8's edge rounds — no bundle returned, one expert, ties, very long Chinese
 * comments — and criterion titles Excel would refuse as sheet names, and English: each
 * gives a valid file in every format, read back.
 */

const temp = tempDirs('panel-review-report-edges-');
const panels: TestPanel[] = [];
afterEach(async () => {
  for (const panel of panels.splice(0)) await panel.core.close();
});
afterAll(() => temp.cleanup());

interface ReadBack {
  workbook: ExcelJS.Workbook;
  csv: string[][];
  json: Record<string, unknown> & { report: { draft: boolean; bundles: unknown[] }; applications: { rank: number | null; tied: boolean }[] };
  /** The PDF's text (pdftotext -raw), after qpdf found the file sound and every font embedded. */
  pdf: string;
}

/** Every format written and read back; `draft` when the round has open flags. */
async function everyFormat(panel: TestPanel, options: { draft?: boolean; language?: 'zh-CN' | 'en' } = {}): Promise<ReadBack> {
  const dir = fs.mkdtempSync(path.join(panel.dir, 'out-'));
  const input = { ...(options.draft === true ? { draft: true } : {}), ...(options.language === undefined ? {} : { language: options.language }) };
  await exportReport(panel, { format: 'xlsx', out: path.join(dir, 'r.xlsx'), ...input });
  await exportReport(panel, { format: 'csv', out: path.join(dir, 'r.csv'), ...input });
  await exportReport(panel, { format: 'json', out: path.join(dir, 'r.json'), ...input });
  await exportReport(panel, { format: 'pdf', out: path.join(dir, 'r.pdf'), ...input });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(dir, 'r.xlsx'));
  const csvBytes = fs.readFileSync(path.join(dir, 'r.csv'));
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = parseCsv(csvBytes.subarray(3).toString('utf8'));
  for (const record of csv) expect(record).toHaveLength(csv[0]?.length ?? 0);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')) as ReadBack['json'];
  const pdfFile = path.join(dir, 'r.pdf');
  const check = qpdfCheck(pdfFile);
  expect(check.ok, check.output).toBe(true);
  for (const font of pdfFonts(pdfFile)) expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
  const english = options.language === 'en';
  const chrome = {
    header: english ? 'Summary of expert review opinions' : '专家评审意见汇总',
    headerRight: (json.report as unknown as { round: { name: string } }).round.name,
    draftMark: json.report.draft ? (english ? 'DRAFT' : '草稿') : null,
  };
  return { workbook, csv, json, pdf: bodyText(pdfFile, chrome) };
}

function reportData(panel: TestPanel): ReportData {
  const db = panel.db;
  const rounds = createRoundRepository(db);
  const reader = createResultsReader({ db, rubrics: createRubricRepository(db), applications: createApplicationRepository(db), results: createResultsRepository(db) });
  const data = gatherReportData(db, reader, createReportRepository(db), requireSecretaryRound(rounds, panel.roundId), {
    language: 'zh-CN',
    draft: true,
    generatedAt: '2026-12-01T08:00:00.000Z',
    appVersion: '0.1.0',
  });
  return ReportDataSchema.parse(data);
}

const cell = (worksheet: ExcelJS.Worksheet | undefined, address: string) => worksheet?.getCell(address).value;

describe('edge rounds give a valid report in every format', () => {
  it('no bundle returned: every expert’s cell owed (—), nothing ranked, no receipts, no draft needed', async () => {
    const { panel } = await scoredRound(temp.make(), { notReturned: ['张三', '李四', '王五'] });
    panels.push(panel);
    const { workbook, csv, json, pdf } = await everyFormat(panel);
    expect(json.report.bundles).toEqual([]);
    // Every application's section says nobody has reviewed it yet; no receipt is listed.
    expect(pdf.split('尚未收到本项的评分。').length - 1).toBe(4);
    expect(json.applications.map((application) => application.rank)).toEqual([null, null, null, null]);
    expect(csv.slice(1).map((record) => record.slice(6, 10))).toEqual(Array.from({ length: 4 }, () => ['—', '—', '—', '0']));
    const receipts = workbook.getWorksheet('评分包回执');
    expect(cell(receipts, 'A3')).toBe('专家');
    expect(cell(receipts, 'A4')).toBe('（无）');
    expect(cell(workbook.getWorksheet('专家组一致性'), 'C3')).toBe('数据不足，无法计算');
    expect(reportData(panel).bundles).toEqual([]);
  });

  it('one expert: totals and ranks, agreement not computable', async () => {
    const sheets: Record<string, Sheet[]> = {
      张三: [
        { scores: [18, 9, 8], recommendation: 'approve' },
        { scores: [10, 6, 5], recommendation: 'reject' },
      ],
    };
    const { panel } = await scoredRound(temp.make(), { sheets });
    panels.push(panel);
    const { workbook, csv, json, pdf } = await everyFormat(panel);
    expect(pdf).toContain('张三：产业基础较好，重点领域突出。');
    expect(csv[0]?.slice(6, 8)).toEqual(['张三', '有效评分人数']);
    expect(csv.slice(1).map((record) => [record[0], record[6], record[10]])).toEqual([
      ['1', '35', '35'],
      ['2', '21', '21'],
    ]);
    expect(json.applications.map((application) => application.rank)).toEqual([1, 2]);
    expect(cell(workbook.getWorksheet('专家组一致性'), 'C3')).toBe('数据不足，无法计算');
  });

  it('ties: two applications with the same figures share a rank, 并列', async () => {
    const same: Sheet = { scores: [16, 8, 8], recommendation: 'approve' };
    const { panel } = await scoredRound(temp.make(), { sheets: { 张三: [same, same, { scores: [10, 5, 5], recommendation: 'revise' }], 李四: [same, same, same] } });
    panels.push(panel);
    const { workbook, csv, json, pdf } = await everyFormat(panel);
    expect(pdf.split('并列').length - 1).toBeGreaterThanOrEqual(2);
    expect(json.applications.map((application) => [application.rank, application.tied])).toEqual([
      [1, true],
      [1, true],
      [3, false],
    ]);
    expect(csv.slice(1).map((record) => record.slice(0, 2))).toEqual([
      ['1', '并列'],
      ['1', '并列'],
      ['3', ''],
    ]);
    const summary = workbook.getWorksheet('评分汇总表');
    expect([cell(summary, 'A4'), cell(summary, 'B4'), cell(summary, 'A5'), cell(summary, 'B5')]).toEqual([1, '并列', 1, '并列']);
  });

  it('very long Chinese comments and notes: kept whole in the report data, and every file valid', async () => {
    const long = '建议进一步细化人才培养体系的考核方式，补充政策保障措施的资金来源。'.repeat(160).slice(0, 5000);
    const sheets: Record<string, Sheet[]> = {
      张三: [{ scores: [18, 9, 8], recommendation: 'approve', comment: long }, { scores: [10, 6, 5], recommendation: 'reject', comment: long }],
      李四: [{ scores: [11, 8, 8.5], recommendation: 'approve', comment: long }, { scores: [17, 8, 7], recommendation: 'approve' }],
    };
    const { panel, appOf } = await scoredRound(temp.make(), { sheets, strengths: long });
    panels.push(panel);
    const note = long.slice(0, 4000);
    await ok(panel.core.router.dispatch('flag.note', { roundId: panel.roundId, applicationId: appOf.get('宁波市'), criterionId: 'goals', note }));
    const data = reportData(panel);
    const ningbo = data.reviews.find((entry) => entry.applicationId === appOf.get('宁波市'));
    expect(ningbo?.reviews.map((review) => [review.expertName, review.strengths.length, review.scores[0]?.comment.length])).toEqual([
      ['张三', 5000, 5000],
      ['李四', 5000, 5000],
    ]);
    const { workbook, pdf } = await everyFormat(panel, { draft: true });
    // The PDF carries them whole too, across pages: every expert's strengths and the note.
    expect(pdf.split(squash(long)).length - 1).toBeGreaterThanOrEqual(4);
    expect(pdf).toContain(squash(note));
    const flags = workbook.getWorksheet('分歧标记');
    const noted = flags?.getRows(5, flags.rowCount - 4)?.find((row) => row.getCell(8).value === note);
    expect(noted?.getCell(8).alignment).toMatchObject({ wrapText: true });
  });

  it('criterion titles Excel refuses in sheet names become valid, distinct names', async () => {
    const rubric: Rubric = {
      ...TEST_RUBRIC,
      trimThreshold: 3,
      sections: [
        {
          id: 'plan',
          title: '实施方案',
          criteria: [
            { id: 'goals', title: '目标/任务[核心]: 是否*明确?', max: 20, step: 0.5 },
            { id: 'measures', title: '目标/任务[核心]: 是否*明确?', max: 10, step: 1 },
            { id: 'indicators', kind: 'targets', title: `'评分汇总表'${'很长的标题'.repeat(10)}`, max: 10, step: 0.5 },
          ],
        },
      ],
    };
    const { panel } = await scoredRound(temp.make(), { rubric, sheets: { 张三: [{ scores: [18, 9, 8], recommendation: 'approve' }] } });
    panels.push(panel);
    const { workbook } = await everyFormat(panel);
    const names = workbook.worksheets.map((worksheet) => worksheet.name);
    expect(names).toEqual(['评分汇总表', '目标／任务［核心］： 是否＊明确？', '目标／任务［核心］： 是否＊明确？(2)', expect.stringMatching(/^’评分汇总表’很长的标题/), '分歧标记', '专家组一致性', '评分包回执']);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\']/);
    }
  });

  it('in English: headers, sheet names and markers', async () => {
    const { panel } = await scoredRound(temp.make());
    panels.push(panel);
    const { workbook, csv, pdf } = await everyFormat(panel, { draft: true, language: 'en' });
    expect(pdf).toContain(squash('1. Results'));
    expect(pdf).toContain(squash('6. Signatures'));
    // The rubric has no English titles: its criteria keep their Chinese ones.
    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual(['Summary of scores', '目标', '措施', '指标', 'Disagreement flags', 'Panel agreement', 'Bundle receipts']);
    expect(cell(workbook.getWorksheet('Summary of scores'), 'A1')).toBe('2026年试点城市实施方案评审 · Summary of scores (DRAFT)');
    expect(csv[0]?.slice(0, 4)).toEqual(['Rank', 'Tied', 'Application id', 'City']);
    expect(csv.find((record) => record[3] === '泉州市')?.[8]).toBe('recused');
  });
});
