import type { Result } from '../../../shared/contract/errors';
import type { ReportExportInput, ReportExportOutput } from '../../../shared/domain/report/reportExport';
import type { Rubric } from '../../../shared/domain/rubric';
import type { ApplicationReview } from '../../../shared/domain/scoreBundle';
import { ok } from '../expert/expertTestKit';
import { conflictReview, importFiles, setUpPanel, TEST_DOCUMENT, TEST_RUBRIC, writeBundle, type TestPanel } from '../merge/mergeTestKit';

/**
 * Test-only: secretary rounds with real keys, real bundles and a real merge (mergeTestKit),
 * scored as given here, for the report tests to read back against figures worked out by
 * hand. The app never imports it.
 */

/** TEST_RUBRIC (goals 20 step 0.5, measures 10 step 1, indicators 10 step 0.5) trimmed from 3 experts. */
export const WORKED_RUBRIC: Rubric = { ...TEST_RUBRIC, trimThreshold: 3 };

export type Sheet = { scores: [number, number, number]; recommendation: 'approve' | 'revise' | 'reject'; comment?: string } | 'conflict';

export const WORKED_CITIES = ['宁波市', '泉州市', '成都市', '株洲市'] as const;

/**
 * The round of test/e2e/results.e2e.test.ts, worked by hand there:
 *
 *            张三                 李四                   王五
 *   宁波市   18  9  8 = 35 同意   17  8 8.5 = 33.5 同意   12 6 2 = 20 修改后同意
 *   泉州市   10  6  5 = 21 不同意 17  8  7  = 32   同意   conflict declared
 *   成都市   15  7  8 = 30 修改   16  8  8  = 32   同意   17 8 9 = 34 同意
 *   株洲市   17  8  9 = 34 同意   15  7  8  = 30   修改   16 8 8 = 32 同意
 *
 * Trimmed means (official): 宁波市 33.5 (rank 1), 成都市 = 株洲市 32 (same median, no
 * 不同意: tied at 2), 泉州市 26.5 (two experts: the mean; rank 4). Flags, all open:
 * 宁波市 indicators (spread 6.5 > 3) and total (15 > 12), 泉州市 goals (7 > 6).
 */
export const WORKED_SHEETS: Record<string, Sheet[]> = {
  张三: [
    { scores: [18, 9, 8], recommendation: 'approve' },
    { scores: [10, 6, 5], recommendation: 'reject' },
    { scores: [15, 7, 8], recommendation: 'revise' },
    { scores: [17, 8, 9], recommendation: 'approve' },
  ],
  李四: [
    { scores: [17, 8, 8.5], recommendation: 'approve' },
    { scores: [17, 8, 7], recommendation: 'approve' },
    { scores: [16, 8, 8], recommendation: 'approve' },
    { scores: [15, 7, 8], recommendation: 'revise' },
  ],
  王五: [
    { scores: [12, 6, 2], recommendation: 'revise' },
    'conflict',
    { scores: [17, 8, 9], recommendation: 'approve' },
    { scores: [16, 8, 8], recommendation: 'approve' },
  ],
};

export interface ScoredRound {
  panel: TestPanel;
  /** The secretary's application id per city, in the order given. */
  appOf: Map<string, string>;
  /** Each expert's bundle file, as received. */
  bundleOf: Map<string, string>;
}

export interface ScoredRoundOptions {
  /** Sheets per expert name (张三, 李四, 王五, 赵六 in that order); default the worked round. */
  sheets?: Record<string, Sheet[]>;
  rubric?: Rubric;
  /** Experts who return nothing: their bundles are not imported. */
  notReturned?: readonly string[];
  /** Strengths written by every expert on every application (the long-opinion case). */
  strengths?: string;
}

function reviewOf(applicationId: string, sheet: Sheet, strengths: string): ApplicationReview {
  if (sheet === 'conflict') return conflictReview(applicationId, '本人曾参与该市实施方案的编制');
  const [goals, measures, indicators] = sheet.scores;
  return {
    applicationId,
    coi: { kind: 'none' },
    scores: [
      { criterionId: 'goals', value: goals, comment: sheet.comment ?? '目标明确，量化指标较完整。' },
      { criterionId: 'measures', value: measures, comment: '' },
      { criterionId: 'indicators', value: indicators, comment: '主要指标基本达到预期。' },
    ],
    opinion: { strengths, issues: '资金测算依据不足，建议补充分年度投入计划。', recommendation: sheet.recommendation },
    evidence: [{ criterionId: 'goals', sha256: TEST_DOCUMENT.sha256, page: 1, rects: [[72, 700, 320, 716]], quote: '到 2025 年，制造业增加值占比达到 35%。' }],
    targets: [{ criterionId: 'indicators', indicator: '研发经费支出占比', unit: '%', better: 'higher', target: 2.5, actual: 2.6 }],
  };
}

/** A secretary's round under `dir` with every expert's bundle sealed and (unless not returned) merged. */
export async function scoredRound(dir: string, options: ScoredRoundOptions = {}): Promise<ScoredRound> {
  const sheets = options.sheets ?? WORKED_SHEETS;
  const names = Object.keys(sheets);
  const cities = (sheets[names[0] ?? ''] ?? []).length;
  const panel = await setUpPanel(dir, { experts: names.length, applications: cities, rubric: options.rubric ?? WORKED_RUBRIC });
  const appOf = new Map<string, string>(
    (panel.db.prepare('SELECT id, city FROM application WHERE round_id = ? ORDER BY created_at').all(panel.roundId) as { id: string; city: string }[]).map((row) => [row.city, row.id]),
  );
  const bundleOf = new Map<string, string>();
  for (const expert of panel.experts) {
    const reviews = panel.applicationIds.map((id, i) => reviewOf(id, sheets[expert.name]?.[i] ?? 'conflict', options.strengths ?? `${expert.name}：产业基础较好，重点领域突出。`));
    const file = await writeBundle(panel, expert, `${expert.name}.prscores`, { reviews });
    bundleOf.set(expert.name, file);
    if (options.notReturned?.includes(expert.name) !== true) {
      const [result] = await importFiles(panel, [file]);
      if (result?.status !== 'accepted') throw new Error(`bundle of ${expert.name} not merged: ${JSON.stringify(result)}`);
    }
  }
  return { panel, appOf, bundleOf };
}

export function exportReport(panel: TestPanel, input: Omit<ReportExportInput, 'roundId'> & { roundId?: string }): Promise<ReportExportOutput> {
  return ok<ReportExportOutput>(panel.core.router.dispatch('report.export', { roundId: panel.roundId, ...input }));
}

export async function refusal(answer: Promise<Result<unknown>>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const settled = await answer;
  if (settled.ok) throw new Error(`expected a refusal, got ${JSON.stringify(settled.value)}`);
  return settled.error;
}

/** Notes every open flag of the round, so a final report can be written. */
export async function noteEveryFlag(panel: Pick<TestPanel, 'core' | 'roundId'>): Promise<void> {
  const results = await ok<{ applications: { id: string; flags: { criterionId: string | null; note: string | null }[] }[] }>(
    panel.core.router.dispatch('results.show', { roundId: panel.roundId }),
  );
  for (const application of results.applications) {
    for (const flag of application.flags.filter((entry) => entry.note === null)) {
      await ok(panel.core.router.dispatch('flag.note', { roundId: panel.roundId, applicationId: application.id, criterionId: flag.criterionId, note: '经专家组合议，保留各位专家的独立判断。' }));
    }
  }
}

/** RFC 4180 records of a CSV file's text (after its BOM): quoted fields, doubled quotes, CRLF. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const character = text[i] as string;
    if (quoted) {
      if (character === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      record.push(field);
      field = '';
    } else if (character === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += character;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}
