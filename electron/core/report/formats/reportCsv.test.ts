import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../expert/expertTestKit';
import type { TestPanel } from '../../merge/mergeTestKit';
import { tempDirs } from '../../panel/panelTestKit';
import { exportReport, parseCsv, scoredRound } from '../reportTestKit';
import { csvField, csvText } from './reportCsv';

/**
 * The CSV summary read back as a spreadsheet would: UTF-8 with a BOM, RFC 4180 records
 * (CRLF, quoted commas, quotes and line breaks), Chinese intact, and text that a
 * spreadsheet would run as a formula made inert — while the figures stay numbers.
 */

describe('csvField', () => {
  it('quotes commas, quotes, CR and LF, doubling quotes', () => {
    expect(csvField('宁波市')).toBe('宁波市');
    expect(csvField('福建省, 海西')).toBe('"福建省, 海西"');
    expect(csvField('“中国制造2025” "试点"')).toBe('"“中国制造2025” ""试点"""');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField(null)).toBe('');
  });

  it('prefixes text that starts like a formula (= + - @ tab CR), and only text', () => {
    expect(csvField('=HYPERLINK("http://evil.example","点我")')).toBe(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvField('\t制表')).toBe("'\t制表");
    expect(csvField('\r回车')).toBe(`"'\r回车"`);
    expect(csvField('—')).toBe('—');
    expect(csvField(-0.75)).toBe('-0.75');
    expect(csvField(-2)).toBe('-2');
    // The binary noise of decimal sums is not a figure anyone gave.
    expect(csvField(8.1 + 7.2)).toBe('15.3');
  });

  it('ends every record with CRLF', () => {
    expect(csvText([['a', 1], [null, -1]])).toBe('a,1\r\n,-1\r\n');
  });
});

const temp = tempDirs('panel-review-report-csv-');
let panel: TestPanel;
let appOf: Map<string, string>;
let dir: string;

beforeAll(async () => {
  dir = temp.make();
  ({ panel, appOf } = await scoredRound(dir));
  const update = (city: string, fields: Record<string, string>) =>
    ok(panel.core.router.dispatch('application.update', { applicationId: appOf.get(city), ...fields }));
  await update('宁波市', { province: '浙江省', applicant: '=HYPERLINK("http://evil.example","点我")' });
  await update('泉州市', { province: '福建省, "海西"\n经济区', applicant: '+1' });
  await update('成都市', { applicant: '-2' });
  await update('株洲市', { applicant: '@SUM(A1:A2)' });
  const lisi = panel.experts[1]?.fingerprint;
  await ok(panel.core.router.dispatch('expert.update', { roundId: panel.roundId, fingerprint: lisi, name: '李四, "老李"' }));
}, 60_000);
afterAll(async () => {
  await panel.core.close();
  temp.cleanup();
});

describe('the CSV summary of the worked round', () => {
  let bytes: Buffer;
  let records: string[][];
  beforeAll(async () => {
    const out = path.join(dir, '评分汇总表.csv');
    await exportReport(panel, { format: 'csv', out, draft: true });
    bytes = fs.readFileSync(out);
    records = parseCsv(bytes.subarray(3).toString('utf8'));
  });

  it('is UTF-8 with a BOM and CRLF records of equal length', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').endsWith('\r\n')).toBe(true);
    expect(records).toHaveLength(5);
    for (const record of records) expect(record).toHaveLength(19);
  });

  it('has the documented columns, in the round’s language, expert names quoted as needed', () => {
    expect(records[0]).toEqual([
      '排名', '并列', '申报编号', '城市', '省份', '申报单位', '张三', '李四, "老李"', '王五',
      '有效评分人数', '正式得分（去掉最高最低分后的平均分）', '平均分', '中位数', '标准差', '同意', '修改后同意', '不同意', '分歧标记', '未处理分歧',
    ]);
  });

  it('keeps the figures as numbers and neutralises formula-like text', () => {
    const byId = new Map(records.slice(1).map((record) => [record[2], record]));
    expect(byId.get(appOf.get('宁波市'))).toEqual([
      '1', '', appOf.get('宁波市'), '宁波市', '浙江省', `'=HYPERLINK("http://evil.example","点我")`, '35', '33.5', '20',
      '3', '33.5', '29.5', '33.5', String(Number(Math.sqrt(68.25).toFixed(6))), '2', '1', '0', '2', '2',
    ]);
    expect(byId.get(appOf.get('泉州市'))?.slice(0, 9)).toEqual(['4', '', appOf.get('泉州市'), '泉州市', '福建省, "海西"\n经济区', "'+1", '21', '32', '回避']);
    expect(byId.get(appOf.get('成都市'))?.slice(0, 6)).toEqual(['2', '并列', appOf.get('成都市'), '成都市', '', "'-2"]);
    expect(byId.get(appOf.get('株洲市'))?.[5]).toBe("'@SUM(A1:A2)");
    // Every cell a spreadsheet would read as a formula starts with the inert quote instead.
    for (const record of records) for (const cell of record) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });

  it('carries no draft mark (a CSV has no place for one)', () => {
    expect(bytes.toString('utf8')).not.toContain('草稿');
  });
});
