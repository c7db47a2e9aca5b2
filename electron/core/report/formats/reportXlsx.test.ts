import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPanel } from '../../merge/mergeTestKit';
import { tempDirs } from '../../panel/panelTestKit';
import { exportReport, noteEveryFlag, scoredRound } from '../reportTestKit';

/**
 * The XLSX report of the worked round (reportTestKit.ts), read back with exceljs: the
 * figures worked out by hand in every cell that shows them, not just that sheets exist;
 * frozen header rows, A4 landscape one page wide with the header row repeated, number
 * formats from the rubric's steps, and the draft marked where a reader cannot miss it.
 */

const temp = tempDirs('panel-review-report-xlsx-');
let panel: TestPanel;
let appOf: Map<string, string>;
let bundleOf: Map<string, string>;
let dir: string;

beforeAll(async () => {
  dir = temp.make();
  ({ panel, appOf, bundleOf } = await scoredRound(dir));
}, 60_000);
afterAll(async () => {
  await panel.core.close();
  temp.cleanup();
});

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (found === undefined) throw new Error(`no sheet ${name}; have ${workbook.worksheets.map((w) => w.name).join(', ')}`);
  return found;
}

const values = (row: ExcelJS.Row, from = 1, to = row.cellCount): unknown[] => Array.from({ length: to - from + 1 }, (_, i) => row.getCell(from + i).value ?? null);

/** The data rows of a sheet whose header is at `headerRow`, keyed by the 申报编号 column. */
function rowsById(worksheet: ExcelJS.Worksheet, headerRow: number): Map<string, ExcelJS.Row> {
  const idColumn = values(worksheet.getRow(headerRow)).indexOf('申报编号') + 1;
  const rows = new Map<string, ExcelJS.Row>();
  for (let n = headerRow + 1; n <= worksheet.rowCount; n += 1) rows.set(String(worksheet.getRow(n).getCell(idColumn).value), worksheet.getRow(n));
  return rows;
}

describe('the draft XLSX of the worked round', () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    const out = path.join(dir, '评分汇总表-草稿.xlsx');
    await exportReport(panel, { format: 'xlsx', out, draft: true });
    workbook = await readWorkbook(out);
  });

  it('has the sheets of issue 8 in order: summary, one per criterion, flags, agreement, receipts', () => {
    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual(['评分汇总表', '目标', '措施', '指标', '分歧标记', '专家组一致性', '评分包回执']);
  });

  it('says 草稿 in the title row, in a notice with the open count, and in the printed header and footer', () => {
    const summary = sheet(workbook, '评分汇总表');
    expect(summary.getCell('A1').value).toBe('2026年试点城市实施方案评审 · 评分汇总表（草稿）');
    expect(String(summary.getCell('A2').value)).toContain('正式统计方法：去掉最高最低分后的平均分');
    expect(String(summary.getCell('A2').value)).toContain('评分细则“合并测试细则”第 1 版');
    expect(summary.getCell('A3').value).toBe('草稿：尚有 3 个分歧标记未经评审秘书处理，本表不得作为正式评审结论。');
    for (const worksheet of workbook.worksheets) {
      expect(worksheet.headerFooter.oddHeader, worksheet.name).toContain('草稿');
      expect(worksheet.headerFooter.oddFooter, worksheet.name).toContain('第 &P 页，共 &N 页');
    }
  });

  it('puts the hand-worked totals, figures, ranks and tallies in the summary', () => {
    const summary = sheet(workbook, '评分汇总表');
    expect(values(summary.getRow(4))).toEqual([
      '排名', '并列', '申报编号', '城市', '省份', '申报单位', '张三', '李四', '王五',
      '有效评分人数', '正式得分（去掉最高最低分后的平均分）', '平均分', '中位数', '标准差', '同意', '修改后同意', '不同意', '分歧标记', '未处理分歧',
    ]);
    const rows = rowsById(summary, 4);
    const row = (city: string) => values(rows.get(appOf.get(city) ?? '') as ExcelJS.Row, 1, 19);
    const [ningbo, quanzhou, chengdu, zhuzhou] = ['宁波市', '泉州市', '成都市', '株洲市'].map(row);
    expect(ningbo).toEqual([1, null, appOf.get('宁波市'), '宁波市', null, null, 35, 33.5, 20, 3, 33.5, 29.5, 33.5, expect.closeTo(Math.sqrt(68.25), 9), 2, 1, 0, 2, 2]);
    expect(chengdu).toEqual([2, '并列', appOf.get('成都市'), '成都市', null, null, 30, 32, 34, 3, 32, 32, 32, 2, 2, 1, 0, 0, 0]);
    expect(zhuzhou).toEqual([2, '并列', appOf.get('株洲市'), '株洲市', null, null, 34, 30, 32, 3, 32, 32, 32, 2, 2, 1, 0, 0, 0]);
    // 王五 declared a conflict: 回避, and two complete totals, below the trim threshold: the mean.
    expect(quanzhou).toEqual([4, null, appOf.get('泉州市'), '泉州市', null, null, 21, 32, '回避', 2, 26.5, 26.5, 26.5, expect.closeTo(11 / Math.SQRT2, 9), 1, 0, 1, 1, 1]);
    // Rank order: 宁波市 first, 泉州市 last.
    expect(summary.getRow(5).getCell(4).value).toBe('宁波市');
    expect(summary.getRow(8).getCell(4).value).toBe('泉州市');
  });

  it('freezes the header rows (and the columns naming the application), prints A4 landscape one page wide with the header repeated', () => {
    const summary = sheet(workbook, '评分汇总表');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, xSplit: 4 });
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' });
    for (const worksheet of workbook.worksheets) {
      expect(worksheet.views[0]?.state, worksheet.name).toBe('frozen');
      expect(worksheet.pageSetup.printTitlesRow, worksheet.name).toMatch(/^(\d+):\1$/);
      expect(worksheet.pageSetup.paperSize, worksheet.name).toBe(9);
    }
  });

  it('formats numbers by what they are: totals on the rubric’s step, aggregates to two decimals, counts whole', () => {
    const summary = sheet(workbook, '评分汇总表');
    const ningbo = summary.getRow(5);
    expect(ningbo.getCell(7).numFmt).toBe('0.0');
    expect(ningbo.getCell(10).numFmt).toBe('0');
    expect(ningbo.getCell(11).numFmt).toBe('0.00');
    expect(ningbo.getCell(14).numFmt).toBe('0.00');
    expect(sheet(workbook, '措施').getRow(5).getCell(7).numFmt).toBe('0');
    expect(sheet(workbook, '目标').getRow(5).getCell(7).numFmt).toBe('0.0');
    // Columns fit their Chinese text: a Han character counts two.
    expect(summary.getColumn(4).width).toBeGreaterThanOrEqual(8);
    expect(summary.getColumn(11).width).toBeLessThanOrEqual(20);
  });

  it('gives each criterion its scores per expert and its figures', () => {
    const goals = sheet(workbook, '目标');
    expect(goals.getCell('A1').value).toBe('2026年试点城市实施方案评审 · 目标（满分 20，步长 0.5）（草稿）');
    const rows = rowsById(goals, 4);
    const header = values(goals.getRow(4));
    const at = (city: string, column: string) => rows.get(appOf.get(city) ?? '')?.getCell(header.indexOf(column) + 1).value;
    expect(['张三', '李四', '王五'].map((expert) => at('宁波市', expert))).toEqual([18, 17, 12]);
    expect(['张三', '李四', '王五'].map((expert) => at('泉州市', expert))).toEqual([10, 17, '回避']);
    expect(at('泉州市', '有效评分人数')).toBe(2);
    expect(at('泉州市', '平均分')).toBe(13.5);
    expect(at('泉州市', '分歧标记')).toBe('未处理');
    expect(at('宁波市', '分歧标记')).toBeNull();
    const indicators = rowsById(sheet(workbook, '指标'), 4);
    expect(indicators.get(appOf.get('宁波市') ?? '')?.getCell(header.indexOf('李四') + 1).value).toBe(8.5);
  });

  it('lists the flags, the agreement and the bundle receipts', () => {
    const flags = sheet(workbook, '分歧标记');
    expect(values(flags.getRow(4))).toEqual(['排名', '申报编号', '申报材料', '评分项', '极差', '阈值', '处理结果', '评审秘书意见']);
    expect([5, 6, 7].map((n) => values(flags.getRow(n), 3, 8))).toEqual([
      ['宁波市', '指标', 6.5, 3, '未处理', null],
      ['宁波市', '总分', 15, 12, '未处理', null],
      ['泉州市', '目标', 7, 6, '未处理', null],
    ]);
    const agreement = sheet(workbook, '专家组一致性');
    expect(agreement.getCell('A4').value).toBe('Kendall 和谐系数 W');
    expect(typeof agreement.getCell('C4').value).toBe('number');
    expect(agreement.getCell('C4').numFmt).toBe('0.000');
    expect(agreement.getCell('C5').value).toBe(3);
    const leniencyHeader = 8;
    expect(values(agreement.getRow(leniencyHeader), 1, 1)).toEqual(['专家']);
    expect([1, 2, 3].map((n) => agreement.getRow(leniencyHeader + n).getCell(1).value)).toEqual(['张三', '李四', '王五']);
    expect(agreement.getRow(leniencyHeader + 1).getCell(7).numFmt).toBe('+0.00;-0.00;0.00');
    const receipts = sheet(workbook, '评分包回执');
    const sha = (name: string) => createHash('sha256').update(fs.readFileSync(bundleOf.get(name) ?? '')).digest('hex');
    expect([5, 6, 7].map((n) => values(receipts.getRow(n), 1, 4))).toEqual(
      ['张三', '李四', '王五'].map((name) => [name, panel.experts.find((expert) => expert.name === name)?.fingerprint, 1, sha(name)]),
    );
    expect([5, 6, 7].map((n) => values(receipts.getRow(n), 7, 8))).toEqual([
      [4, 4],
      [4, 4],
      [4, 4],
    ]);
  });
});

describe('the final XLSX', () => {
  it('carries no draft mark and shows each flag’s note', async () => {
    await noteEveryFlag(panel);
    const out = path.join(dir, '评分汇总表.xlsx');
    await exportReport(panel, { format: 'xlsx', out });
    const workbook = await readWorkbook(out);
    const summary = sheet(workbook, '评分汇总表');
    expect(summary.getCell('A1').value).toBe('2026年试点城市实施方案评审 · 评分汇总表');
    expect(summary.views[0]).toMatchObject({ ySplit: 3 });
    expect(summary.pageSetup.printTitlesRow).toBe('3:3');
    for (const worksheet of workbook.worksheets) expect(worksheet.headerFooter.oddHeader ?? '').not.toContain('草稿');
    const flags = sheet(workbook, '分歧标记');
    expect(values(flags.getRow(4), 7, 8)).toEqual(['已备注', '经专家组合议，保留各位专家的独立判断。']);
    expect(flags.getRow(4).getCell(8).alignment).toMatchObject({ wrapText: true });
  });
});
