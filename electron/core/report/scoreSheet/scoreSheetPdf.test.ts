import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScoreSheetApplication, ScoreSheetData } from '../../../../shared/domain/report/scoreSheet';
import { tempDirs } from '../../panel/panelTestKit';
import { pdfFonts, pdfText, qpdfCheck } from '../pdf/pdfTestKit';
import { renderScoreSheetPdf } from './scoreSheetPdf';
import { keepPages, scanQrCodes, squeeze } from './scoreSheetTestKit';

/**
 * The layout alone, on data made here rather than gathered from a store: the cases a
 * real round rarely has at once — an undeclared application, an unscored criterion, a
 * targets table, a custom recommendation, rare characters in names, a hash with "ff"
 * in it (a ligature would break both extraction and comparison by eye).
 */

const temp = tempDirs('panel-review-scoresheet-pdf-');
afterAll(() => temp.cleanup());

const HASH = `ff${'0123456789abcdef'.repeat(3)}fffe0011223344556677`.slice(0, 64);

const scored: ScoreSheetApplication = {
  position: 1,
  applicationId: 'ap000000aa',
  sourceApplicationId: 'ap00000001',
  city: '喆堃市',
  province: null,
  applicant: '喆堃市工业和信息化局',
  coi: { kind: 'none' },
  criteria: [
    { id: 'innovation', section: '一、目标完成情况', title: '创新能力', max: 10, value: 7.5, comment: '研发投入强度未达目标。', targets: [
      { indicator: '规模以上制造业研发经费内部支出占主营业务收入比重', unit: '%', better: 'higher', target: 1.5, actual: 1.32 },
      { indicator: '单位工业增加值能耗下降', unit: '%', better: 'higher', target: 18, actual: null },
    ] },
    { id: 'quality', section: '一、目标完成情况', title: '质量效益', max: 10, value: null, comment: '', targets: [] },
  ],
  total: null,
  scored: 1,
  maxTotal: 20,
  strengths: '',
  issues: '建议加快“两化融合”贯标。',
  recommendation: '继续试点（限期整改）',
};

const undeclared: ScoreSheetApplication = {
  ...scored,
  position: 2,
  applicationId: 'ap000000ab',
  sourceApplicationId: 'ap00000002',
  city: null,
  applicant: '昇珺犇装备制造有限公司',
  coi: null,
  criteria: [],
  scored: 0,
  recommendation: null,
  issues: '',
};

const data: ScoreSheetData = {
  language: 'zh-CN',
  round: { id: 'rd00000001', sourceRoundId: 'rd0123456z', name: '2026年试点城市中期评估', kind: 'midterm' },
  rubric: { name: '中期评估', strengthsTitle: '主要成效', issuesTitle: '主要问题与改进建议' },
  expert: { name: '欧阳喆', affiliation: null, fingerprint: `SHA256:${'A'.repeat(43)}` },
  secretary: { name: '王秘书', fingerprint: `SHA256:${'B'.repeat(43)}` },
  packageId: 'pk0123456z',
  manifestSha256: 'ab'.repeat(32),
  bundle: { revision: 3, sha256: HASH, exportedAt: '2026-11-23T08:00:00.000Z' },
  draft: null,
  generatedAt: '2026-11-23T09:30:00.000Z',
  applications: [scored, undeclared],
};

describe('renderScoreSheetPdf', () => {
  it('prints rare characters, targets, dashes for what is not scored, and a hash with "ff" as it is', async () => {
    const rendered = await renderScoreSheetPdf(data);
    expect(rendered.missingCharacters).toEqual([]);
    const file = path.join(temp.make(), 'sheet.pdf');
    fs.writeFileSync(file, rendered.bytes);
    expect(qpdfCheck(file).ok).toBe(true);
    expect(pdfFonts(file).every((font) => font.embedded && font.subset && font.unicode)).toBe(true);

    const text = pdfText(file);
    expect(text).toContain(HASH);
    const flat = squeeze(text);
    for (const expected of [
      '欧阳喆',
      '1.喆堃市',
      '申报单位：喆堃市工业和信息化局',
      '2.昇珺犇装备制造有限公司',
      '目标完成情况',
      '规模以上制造业研发经费内部支出占主营业务收入比重：目标1.5%，实际1.32%，完成88%',
      '单位工业增加值能耗下降：目标18%，实际—',
      '质量效益10—',
      '已评1/2项，不计合计',
      '主要成效：未填写',
      '主要问题与改进建议：建议加快“两化融合”贯标。',
      '评审结论：继续试点（限期整改）',
      '尚未声明（评分包不含此申报材料的评审）',
      '第3版',
    ]) {
      expect(flat, expected).toContain(squeeze(expected));
    }
    expect(scanQrCodes(file)).toEqual([HASH]);
    keepPages(file, 'edge-cases');
  });

  it('is the same bytes for the same data', async () => {
    const [a, b] = await Promise.all([renderScoreSheetPdf(data), renderScoreSheetPdf(data)]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});
