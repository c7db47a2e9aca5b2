import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ReportData } from '../../shared/domain/report/reportData';
import type { ReportExportOutput, ReportFileFormat } from '../../shared/domain/report/reportExport';
import { rubricCriteria, rubricTotal, type Rubric } from '../../shared/domain/rubric';
import { rubricTemplate } from '../../shared/domain/rubricTemplates';
import type { ApplicationReview } from '../../shared/domain/scoreBundle';
import { createApplicationRepository } from '../../electron/core/documents/applicationRepository';
import { ok } from '../../electron/core/expert/expertTestKit';
import { createTranslator } from '../../electron/core/i18n';
import { conflictReview, type TestPanel } from '../../electron/core/merge/mergeTestKit';
import { renderReport } from '../../electron/core/report/exportReport';
import { gatherReportData } from '../../electron/core/report/gatherReportData';
import { prose } from '../../electron/core/report/pdf/summaryFixtures';
import { summaryFromReport } from '../../electron/core/report/pdf/summaryFromReport';
import { createReportRepository } from '../../electron/core/report/reportRepository';
import { createResultsReader } from '../../electron/core/results/resultsReader';
import { createResultsRepository } from '../../electron/core/results/resultsRepository';
import { createRoundRepository, requireSecretaryRound } from '../../electron/core/rounds/roundRepository';
import { createRubricRepository } from '../../electron/core/scoring/rubricRepository';
import { appVersion } from '../../electron/core/version';
import { median, report, timeCommandMs, timeMs } from './benchKit';
import { mergeAll, sealedRound } from './benchRound';

/**
 * Issue 8, benchmark: the report of one realistic round in every format. The round is
 * made the real way once (benchRound, as the merge benchmark does; not timed): a
 * secretary's data directory, 100 applications × 15 experts × the 8 criteria of the
 * built-in plan-review rubric, one bundle per expert sealed with the expert's real keys
 * and merged by `bundle.import`. Each review carries about 200 characters of Chinese
 * strengths and 140 of issues, a comment of 30–120 characters on about a third of the
 * criteria; about 3 % of the sheets are recusals (a conflict the expert declares in the
 * bundle; the secretary recuses nobody before assigning); now and then an expert is far
 * off the panel (disagreement flags), and every other flag is noted — the rest stay
 * open, so the report is exported as a draft.
 *
 * Per format (xlsx, csv, json, pdf), median of three runs each, in this order:
 *   gather  — gatherReportData: the round read in one transaction and the results
 *             computed (the same work for every format, timed again beside each);
 *   render  — renderReport(format, data, t) on that data (the PDF's first run also loads
 *             and parses the CJK fonts: renderFirstMs);
 *   export  — the whole `report.export` through the router: input checked, gather,
 *             render, SHA-256, the file written whole and its audit entry, output checked.
 *
 * Baselines, measured in the same run on the file the export wrote (no timed assertions;
 * `met` only records whether the target held here):
 *   xlsx — exceljs reading the workbook back: the same library parsing the same sheets,
 *          so the ratio says what writing costs against reading;
 *   csv, json — `gzip -c` of the file: a stock tool doing real work on every byte once,
 *          process start included (like the other benchmarks' sha256sum). The CSV is the
 *          summary table alone (~14 KB), so its gzip is mostly process start: the ratio
 *          there only says rendering costs less than launching a tool;
 *   pdf — poppler's `pdftotext -raw` on the file: pages per second rendering ÷ pages per
 *          second a stock tool takes just to extract the text we laid out.
 * `results.show` on the same round is measured beside each (gatherRatioToResultsShow):
 * what reading everything a report prints costs over computing the figures alone.
 *
 * Targets, for a secretary's laptop: the whole export ≤ 5 s for xlsx, csv and json; the
 * PDF ≥ 20 pages/s over the whole export; any format ≤ 30 s.
 */

const APPLICATIONS = 100;
const EXPERTS = 15;
const RUNS = 3;
const RUBRIC: Rubric = rubricTemplate('plan-review');
const CRITERIA = rubricCriteria(RUBRIC).map(({ criterion }) => criterion);
const MAX_TOTAL = rubricTotal(RUBRIC);
const t = createTranslator('zh-CN');

/** A deterministic number in [0, 1) from small integers: the same round every run. */
function unit(...seeds: number[]): number {
  let h = 0x9e3779b9;
  for (const seed of seeds) {
    h = Math.imul(h ^ (seed + 0x7f4a7c15), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 2 ** 32;
}

/** On the 0.5 step, within 0..max. */
function onStep(value: number, max: number): number {
  return Math.min(max, Math.max(0, Math.round(value * 2) / 2));
}

/**
 * Expert `e` on application `a`: the application's quality, the expert's leniency, noise
 * per criterion, and 2 % of the time an expert far below the panel (a flag). About one
 * sheet in 31 is a declared conflict.
 */
function review(applicationId: string, e: number, a: number): ApplicationReview {
  if ((a * 7 + e) % 31 === 0) return conflictReview(applicationId, '本人曾参与该市实施方案的编制咨询，申请回避。');
  const quality = 0.55 + 0.35 * unit(a, 1);
  const leniency = (unit(e, 2) - 0.5) * 0.12;
  const outlier = unit(a, e, 3) < 0.02 ? -0.3 : 0;
  const scores = CRITERIA.map((criterion, c) => ({
    criterionId: criterion.id,
    value: onStep(criterion.max * (quality + leniency + outlier + (unit(a, e, c, 4) - 0.5) * 0.16), criterion.max),
    comment: unit(a, e, c, 5) < 0.33 ? prose(30 + Math.floor(unit(a, e, c, 6) * 90), a + e + c) : '',
  }));
  const share = scores.reduce((sum, score) => sum + score.value, 0) / MAX_TOTAL;
  return {
    applicationId,
    coi: { kind: 'none' },
    scores,
    opinion: {
      strengths: prose(190 + Math.floor(unit(a, e, 7) * 30), a + e),
      issues: prose(130 + Math.floor(unit(a, e, 8) * 25), a + e + 2),
      recommendation: share >= 0.78 ? 'approve' : share >= 0.62 ? 'revise' : 'reject',
    },
    evidence: [],
    targets: [],
  };
}

interface Flags {
  total: number;
  noted: number;
}

/** Notes every other open flag, as a secretary part way through the panel's discussion. */
async function noteEveryOtherFlag(panel: TestPanel): Promise<Flags> {
  const results = await ok<{ applications: { id: string; flags: { criterionId: string | null; note: string | null }[] }[] }>(
    panel.core.router.dispatch('results.show', { roundId: panel.roundId }),
  );
  const open = results.applications.flatMap((application) => application.flags.filter((flag) => flag.note === null).map((flag) => ({ applicationId: application.id, criterionId: flag.criterionId })));
  let noted = 0;
  for (const [index, flag] of open.entries()) {
    if (index % 2 !== 0) continue;
    await ok(panel.core.router.dispatch('flag.note', { roundId: panel.roundId, ...flag, note: '经专家组合议，该项分歧系对指标口径理解不同所致，保留各位专家的独立判断。' }));
    noted += 1;
  }
  return { total: open.length, noted };
}

let root = '';
let panel: TestPanel | undefined;
let gather: () => ReportData = () => {
  throw new Error('the round is not set up');
};
const round: Record<string, number> = {};

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-report-'));
  const start = process.hrtime.bigint();
  const sealed = await sealedRound(root, { experts: EXPERTS, applications: APPLICATIONS, rubric: RUBRIC, review });
  panel = sealed.panel;
  await mergeAll(panel, sealed.files);
  const flags = await noteEveryOtherFlag(panel);
  const { db, roundId } = panel;
  const reader = createResultsReader({ db, rubrics: createRubricRepository(db), applications: createApplicationRepository(db), results: createResultsRepository(db) });
  const reports = createReportRepository(db);
  const secretaryRound = requireSecretaryRound(createRoundRepository(db), roundId);
  gather = () => gatherReportData(db, reader, reports, secretaryRound, { language: 'zh-CN', draft: true, generatedAt: '2026-12-01T08:00:00.000Z', appVersion });
  const data = gather();
  const reviews = data.reviews.flatMap((application) => application.reviews);
  Object.assign(round, {
    applications: APPLICATIONS,
    experts: EXPERTS,
    criteria: CRITERIA.length,
    declaredConflicts: reviews.filter((entry) => entry.coi === 'conflict').length,
    criterionComments: reviews.reduce((sum, entry) => sum + entry.scores.filter((score) => score.comment !== '').length, 0),
    flags: flags.total,
    flagsNoted: flags.noted,
    openFlags: data.results.openFlags,
    bundleBytes: sealed.bundleBytes,
    reportDataJsonChars: JSON.stringify(data).length,
    setUpMs: Math.round(Number(process.hrtime.bigint() - start) / 1e6),
  });
}, 600_000);

afterAll(async () => {
  await panel?.core.close();
  if (root !== '') fs.rmSync(root, { recursive: true, force: true });
});

/** RUNS timings of `run`, one after the other. */
async function times(run: () => unknown): Promise<number[]> {
  const taken: number[] = [];
  for (let index = 0; index < RUNS; index += 1) taken.push(await timeMs(run));
  return taken;
}

interface Measured {
  data: ReportData;
  rendered: Uint8Array;
  /** The file the first export wrote. */
  file: string;
  figures: Record<string, number | string>;
  exportMs: number;
}

/** gather, render and the whole export, three runs each, with results.show and memory beside them. */
async function measure(format: ReportFileFormat): Promise<Measured> {
  if (panel === undefined) throw new Error('the round is not set up');
  const { core, roundId } = panel;
  let gathered: ReportData | undefined;
  const gatherTimes = await times(() => (gathered = gather()));
  if (gathered === undefined) throw new Error('nothing gathered');
  const data = gathered;
  let rendered: Uint8Array = new Uint8Array();
  const renderTimes = await times(async () => (rendered = await renderReport(format, data, t)));
  const exportTimes: number[] = [];
  let written: ReportExportOutput | undefined;
  for (let run = 0; run < RUNS; run += 1) {
    const out = path.join(root, `report-${run}.${format}`);
    exportTimes.push(await timeMs(async () => (written = await ok<ReportExportOutput>(core.router.dispatch('report.export', { roundId, format, out, draft: true })))));
  }
  const resultsTimes = await times(() => ok(core.router.dispatch('results.show', { roundId })));
  const gatherMs = median(gatherTimes);
  const renderMs = median(renderTimes);
  const exportMs = median(exportTimes);
  const resultsMs = median(resultsTimes);
  const scratch = path.join(root, `scratch.${format}`);
  const writeTimes = await times(() => {
    const fd = fs.openSync(scratch, 'w');
    try {
      fs.writeFileSync(fd, rendered);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
  return {
    data,
    rendered,
    file: path.join(root, `report-0.${format}`),
    exportMs,
    figures: {
      ...round,
      gatherMedianMs: Math.round(gatherMs),
      gatherFirstMs: Math.round(gatherTimes[0] ?? 0),
      renderMedianMs: Math.round(renderMs),
      renderFirstMs: Math.round(renderTimes[0] ?? 0),
      exportMedianMs: Math.round(exportMs),
      exportFirstMs: Math.round(exportTimes[0] ?? 0),
      // Input and output checks, SHA-256, the write and the audit entry: a difference of
      // medians of separate runs, so on a busy machine it can come out below zero.
      exportOverheadMs: Math.round(exportMs - gatherMs - renderMs),
      // Of which writing the bytes and fsyncing them, alone.
      writeFsyncMedianMs: round1(median(writeTimes)),
      bytes: written?.bytes ?? 0,
      renderedBytes: rendered.byteLength,
      resultsShowMedianMs: Math.round(resultsMs),
      gatherRatioToResultsShow: Number((gatherMs / resultsMs).toFixed(1)),
      heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      // Peak resident set of this test process so far (it only grows; formats run in order xlsx, csv, json, pdf).
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
  };
}

const round1 = (value: number) => Number(value.toFixed(1));
const round2 = (value: number) => Number(value.toFixed(2));

describe('report, 100 applications × 15 experts × 8 criteria, merged from real bundles', () => {
  it('xlsx: gather, render, export vs exceljs reading the workbook back', async () => {
    const measured = await measure('xlsx');
    const readBack = median(await times(() => new ExcelJS.Workbook().xlsx.readFile(measured.file)));
    const renderMs = Number(measured.figures.renderMedianMs);
    report({
      name: 'report-xlsx',
      ratioMeaning: 'renderReport("xlsx") ÷ exceljs reading the same workbook back (medians of 3), 100 × 15 × 8 round; the target is on the whole report.export (exportMedianMs)',
      ratio: renderMs / readBack,
      target: 'report.export ≤ 5000 ms (exportMedianMs); ratio informative',
      met: measured.exportMs <= 5000,
      figures: { ...measured.figures, exceljsReadMedianMs: Math.round(readBack) },
    });
  });

  for (const format of ['csv', 'json'] as const) {
    it(`${format}: gather, render, export vs gzip -c of the file`, async () => {
      const measured = await measure(format);
      const gzip = median(Array.from({ length: RUNS }, () => timeCommandMs('gzip', ['-c', measured.file])));
      const renderMs = Number(measured.figures.renderMedianMs);
      report({
        name: `report-${format}`,
        ratioMeaning: `renderReport("${format}") ÷ gzip -c of the file report.export wrote (medians of 3), 100 × 15 × 8 round; the target is on the whole report.export (exportMedianMs)`,
        ratio: renderMs / gzip,
        target: 'report.export ≤ 5000 ms (exportMedianMs); ratio informative',
        met: measured.exportMs <= 5000,
        figures: { ...measured.figures, gzipMedianMs: round1(gzip) },
      });
    });
  }

  it('pdf: gather, render, export, pages per second vs pdftotext', async () => {
    const measured = await measure('pdf');
    const pagesOf = (file: string) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1] ?? 0);
    const renderedFile = path.join(root, 'rendered.pdf');
    fs.writeFileSync(renderedFile, measured.rendered);
    const pages = pagesOf(measured.file);
    // Building the summary from the report data, apart from laying it out.
    const summaryMs = median(await times(() => summaryFromReport(measured.data, t)));
    const extract = median(Array.from({ length: RUNS }, () => timeCommandMs('pdftotext', ['-raw', measured.file, '/dev/null'])));
    const check = median(Array.from({ length: RUNS }, () => timeCommandMs('qpdf', ['--check', measured.file])));
    const renderMs = Number(measured.figures.renderMedianMs);
    const renderPagesPerSecond = pages / (renderMs / 1000);
    const exportPagesPerSecond = pages / (measured.exportMs / 1000);
    const pdftotextPagesPerSecond = pages / (extract / 1000);
    report({
      name: 'report-pdf',
      ratioMeaning: 'renderReport("pdf") pages/s ÷ pdftotext -raw pages/s on the file report.export wrote (medians of 3), 100 × 15 × 8 round; the targets are on the whole report.export',
      ratio: renderPagesPerSecond / pdftotextPagesPerSecond,
      target: '≥ 20 pages/s over the whole report.export (exportPagesPerSecond) and ≤ 30000 ms (exportMedianMs); ratio informative',
      met: exportPagesPerSecond >= 20 && measured.exportMs <= 30_000,
      figures: {
        ...measured.figures,
        pages,
        renderedPages: pagesOf(renderedFile),
        summaryFromReportMedianMs: round1(summaryMs),
        renderPagesPerSecond: round1(renderPagesPerSecond),
        exportPagesPerSecond: round1(exportPagesPerSecond),
        pdftotextMedianMs: Math.round(extract),
        pdftotextPagesPerSecond: round1(pdftotextPagesPerSecond),
        qpdfCheckMedianMs: Math.round(check),
        msPerPage: round2(measured.exportMs / pages),
      },
    });
  });
});
