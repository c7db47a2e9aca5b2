import { describe, expect, it } from 'vitest';
import { computeResults } from '../results/computeResults';
import type { MergedReviewDetail } from '../results/reviewDetail';
import { RubricSchema, type Rubric } from '../rubric';
import { rubricTemplate } from '../rubricTemplates';
import { DEFAULT_TIE_BREAKS } from '../statistics';
import { buildReportData, openFlagsByApplication, type ReportSources } from './buildReportData';
import { ReportDataSchema } from './reportData';
import { criterionTable, summaryTable } from './reportTables';

/**
 * Who sits in which cell of the report's tables, worked by hand. Criteria a (max 10,
 * step 0.5) and b (max 20, step 1); a custom recommendation 'defer' labelled 暂缓.
 *
 *        E1 (张三)        E2 (李四)             E3 (张三, same name)
 *   A1   8 + 16 = 24     9 + (no b): —          assigned, not returned: —
 *   A2   conflict: 回避   not assigned: empty    recused by the secretary: 回避
 */

const fpr = (n: number) => `SHA256:${String(n).repeat(43)}`;
const [E1, E2, E3] = [fpr(1), fpr(2), fpr(3)];
const [A1, A2] = ['ap00000001', 'ap00000002'];

const rubric: Rubric = RubricSchema.parse({
  ...rubricTemplate('custom'),
  sections: [{ id: 's1', title: '方案质量', criteria: [{ id: 'a', title: '目标', max: 10, step: 0.5 }, { id: 'b', title: '任务', max: 20, step: 1 }] }],
  recommendations: ['approve', 'defer'],
  recommendationLabels: { defer: { title: '暂缓', titleEn: 'Defer' } },
  disagreementThreshold: 0.3,
  trimThreshold: 3,
});

const results = computeResults({
  roundId: 'rd00000001',
  rubric,
  officialMethod: 'mean',
  method: 'official',
  tieBreaks: [...DEFAULT_TIE_BREAKS],
  applications: [
    { id: A1, city: '宁波市', province: '浙江省', applicant: null },
    { id: A2, city: null, province: null, applicant: '某某经信局' },
  ],
  reviews: [
    { fingerprint: E1, applicationId: A1, conflict: false, scores: [{ criterionId: 'a', value: 8 }, { criterionId: 'b', value: 16 }], recommendation: 'defer' },
    { fingerprint: E2, applicationId: A1, conflict: false, scores: [{ criterionId: 'a', value: 9 }], recommendation: 'approve' },
    { fingerprint: E1, applicationId: A2, conflict: true, scores: [], recommendation: null },
  ],
  notes: [],
  decisions: [],
});

function detail(fingerprint: string, expertName: string, coi: 'none' | 'conflict', scores: MergedReviewDetail['scores']): MergedReviewDetail {
  return { fingerprint, expertName, revision: 1, bundleSha256: 'a'.repeat(64), receivedAt: '2026-12-01T08:00:00.000Z', coi, coiReason: coi === 'conflict' ? '原工作单位' : null, scores, strengths: '', issues: '', recommendation: null, evidence: [], targets: [] };
}

const sources: ReportSources = {
  round: { id: 'rd00000001', name: '试点评审', kind: 'custom', createdAt: '2026-11-01T08:00:00.000Z' },
  rubric,
  rubricVersion: 2,
  results,
  experts: [
    { fingerprint: E1, name: '张三', affiliation: '同济大学', city: null, province: null },
    { fingerprint: E2, name: '李四', affiliation: null, city: null, province: null },
    { fingerprint: E3, name: '张三', affiliation: '浙江大学', city: null, province: null },
  ],
  assignments: [
    { applicationId: A1, fingerprint: E1 },
    { applicationId: A1, fingerprint: E2 },
    { applicationId: A1, fingerprint: E3 },
    { applicationId: A2, fingerprint: E1 },
  ],
  recusals: [{ applicationId: A2, fingerprint: E3, reason: null }],
  reviews: new Map([
    [A1, [detail(E1, '张三', 'none', [{ criterionId: 'a', value: 8, comment: '' }, { criterionId: 'b', value: 16, comment: '' }]), detail(E2, '李四', 'none', [{ criterionId: 'a', value: 9, comment: '' }])]],
    [A2, [detail(E1, '张三', 'conflict', [])]],
  ]),
  bundles: [],
  auditHead: null,
  generatedAt: '2026-12-01T08:00:00.000Z',
  appVersion: '0.1.0',
  language: 'zh-CN',
  draft: false,
};

/** A stand-in translator: the key, with the parameters a header needs. */
const t = (key: string, params?: Record<string, unknown>) => (key === 'reportTable.recused' ? '回避' : key === 'reportTable.tied' ? '并列' : params?.defaultValue !== undefined ? `${key}|${String(params.defaultValue)}` : key);

describe('buildReportData', () => {
  it('keeps the results as they are, with every application’s reviews in their order', () => {
    const data = ReportDataSchema.parse(buildReportData(sources));
    expect(data.results).toEqual(results);
    expect(data.reviews.map((entry) => [entry.applicationId, entry.reviews.map((review) => review.fingerprint)])).toEqual([
      [A1, [E1, E2]],
      [A2, [E1]],
    ]);
    expect(data).toMatchObject({ format: 'panel-review/report@1', rubricVersion: 2, draft: false, round: { name: '试点评审' } });
  });

  it('refuses results ranked by another method than the official one', () => {
    expect(() => buildReportData({ ...sources, results: { ...results, method: 'median' } })).toThrow(/official method/);
  });

  it('counts the open flags per application', () => {
    expect(openFlagsByApplication(results)).toEqual([]);
  });
});

describe('summaryTable', () => {
  const table = summaryTable(buildReportData(sources), t);

  it('has stable column keys: application, each expert, figures, each recommendation, flags', () => {
    expect(table.columns.map((column) => column.key)).toEqual([
      'rank', 'tied', 'applicationId', 'city', 'province', 'applicant',
      `expert:${E1}`, `expert:${E2}`, `expert:${E3}`,
      'n', 'official', 'mean', 'median', 'sd', 'recommendation:approve', 'recommendation:defer', 'flags', 'openFlags',
    ]);
    // Two experts called 张三 are told apart by their fingerprints.
    expect(table.columns.slice(6, 9).map((column) => column.header)).toEqual(['张三 11111111', '李四', '张三 33333333']);
    expect(table.columns.slice(14, 16).map((column) => column.header)).toEqual(['recommendation.approve|approve', '暂缓']);
    expect(table.columns[6]).toMatchObject({ format: 'score', decimals: 1 });
  });

  it('puts a total, 回避, — or nothing in each expert’s cell', () => {
    expect(table.rows).toEqual([
      // The tally counts every recommendation given, complete total or not: 李四 approve, 张三 defer.
      [1, null, A1, '宁波市', '浙江省', null, 24, '—', '—', 1, 24, 24, 24, null, 1, 1, 0, 0],
      [null, null, A2, null, null, '某某经信局', '回避', null, '回避', 0, null, null, null, null, 0, 0, 0, 0],
    ]);
  });
});

describe('criterionTable', () => {
  it('shows each expert’s score on the criterion, and the criterion’s figures', () => {
    const [a] = rubric.sections[0]?.criteria ?? [];
    const table = criterionTable(buildReportData(sources), a as NonNullable<typeof a>, t);
    const expertCells = table.rows.map((row) => row.slice(6, 9));
    expect(expertCells).toEqual([
      [8, 9, '—'],
      ['回避', null, '回避'],
    ]);
    expect(table.rows[0]?.slice(9, 16)).toEqual([2, 8.5, 8.5, Math.SQRT1_2, 8, 9, 8.5]);
  });
});
