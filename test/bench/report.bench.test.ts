import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { RUBRIC_FORMAT, type Rubric } from '../../shared/domain/rubric';
import type { ReportExportOutput } from '../../shared/domain/report/reportExport';
import type { ApplicationReview } from '../../shared/domain/scoreBundle';
import { ok } from '../../electron/core/expert/expertTestKit';
import { conflictReview, importFiles, setUpPanel, writeBundle, type TestPanel } from '../../electron/core/merge/mergeTestKit';
import { renderOpinionSummary } from '../../electron/core/report/pdf/reportPdf';
import { opinionSummaryFixture, prose } from '../../electron/core/report/pdf/summaryFixtures';
import { median, report, timeCommandMs, timeMs } from './benchKit';

/**
 * Issue 8, benchmark: the opinion summary PDF (专家评审意见汇总) for 100 applications ×
 * 15 experts, each expert writing about 200 characters of strengths and 140 of issues
 * per application plus comments on some scores. Timed three times in this process
 * (the first run also reads and parses the two 10 MB fonts); pages per second over the
 * median. Baseline in the same run: poppler's pdftotext reading the produced file,
 * i.e. how long a stock tool takes just to extract the text we lay out.
 */

const APPLICATIONS = 100;
const EXPERTS = 15;
const RUNS = 3;

it('report pdf: 100 applications × 15 experts, pages per second vs pdftotext', async () => {
  const summary = opinionSummaryFixture({ applications: APPLICATIONS, experts: EXPERTS, opinionLength: 200 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-report-'));
  try {
    const times: number[] = [];
    let bytes: Uint8Array = new Uint8Array();
    let pages = 0;
    for (let run = 0; run < RUNS; run += 1) {
      times.push(
        await timeMs(async () => {
          const rendered = await renderOpinionSummary(summary);
          bytes = rendered.bytes;
          pages = rendered.pages;
        }),
      );
    }
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, bytes);
    const extract = median(Array.from({ length: RUNS }, () => timeCommandMs('pdftotext', ['-raw', file, '/dev/null'])));
    const check = median(Array.from({ length: RUNS }, () => timeCommandMs('qpdf', ['--check', file])));
    const renderMs = median(times);
    const pagesPerSecond = pages / (renderMs / 1000);
    const pdftotextPagesPerSecond = pages / (extract / 1000);
    report({
      name: 'report-pdf',
      ratioMeaning: 'opinion summary PDF pages/s (render and save, 100 applications × 15 experts) ÷ pdftotext -raw pages/s on the same file',
      ratio: pagesPerSecond / pdftotextPagesPerSecond,
      target: '≥ 20 pages/s (ratio informative)',
      met: pagesPerSecond >= 20,
      figures: {
        applications: APPLICATIONS,
        experts: EXPERTS,
        pages,
        bytes: bytes.byteLength,
        renderMedianMs: Math.round(renderMs),
        renderFirstMs: Math.round(times[0] ?? 0),
        pagesPerSecond: Number(pagesPerSecond.toFixed(1)),
        pdftotextMedianMs: Math.round(extract),
        pdftotextPagesPerSecond: Number(pdftotextPagesPerSecond.toFixed(1)),
        qpdfCheckMedianMs: Math.round(check),
      },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Issue 8, benchmark, end to end: every format of `report.export` — gathering the round
 * in one read transaction, computing the results, rendering, writing the file whole and
 * appending its audit entry — on a real secretary data directory of 100 applications ×
 * 15 experts × 8 criteria, merged from bundles sealed with real keys (about 200
 * characters of strengths and 140 of issues per review, comments on some criteria, a
 * recusal now and then, flags left open, so the report is a draft). Baseline in the
 * same run: `results.show` on the same round, i.e. computing the figures every format
 * prints; each format's ratio says how many times that the whole export costs.
 */
const E2E_EXPERTS = 15;
const E2E_CRITERIA = Array.from({ length: 8 }, (_, c) => `c${c + 1}`);
const E2E_RUBRIC: Rubric = {
  format: RUBRIC_FORMAT,
  name: '试点示范城市实施方案评分细则',
  sections: [
    { id: 'basis', title: '一、基础条件', criteria: E2E_CRITERIA.slice(0, 2).map((id, c) => ({ id, title: ['产业基础', '创新能力'][c] ?? id, max: 15, step: 0.5 })) },
    { id: 'plan', title: '二、实施方案', criteria: E2E_CRITERIA.slice(2).map((id, c) => ({ id, title: `实施方案评分项 ${c + 1}`, max: 10, step: 0.5 })) },
  ],
  qualitative: [{ id: 'strengths', title: '主要优势' }, { id: 'issues', title: '主要问题与修改建议' }],
  recommendations: ['approve', 'revise', 'reject'],
  disagreementThreshold: 0.3,
  trimThreshold: 5,
};

function e2eReview(applicationId: string, e: number, a: number): ApplicationReview {
  if ((a * 7 + e) % 29 === 0) return conflictReview(applicationId, '本人曾参与该市实施方案的编制咨询。');
  return {
    applicationId,
    coi: { kind: 'none' },
    scores: E2E_CRITERIA.map((criterionId, c) => ({
      criterionId,
      value: Math.min(c < 2 ? 15 : 10, ((e * 5 + a * 3 + c * 7) % 19) / 2 + (c < 2 ? 5 : 0)),
      comment: (a + e + c) % 4 === 0 ? prose(40 + c * 10, a + e) : '',
    })),
    opinion: { strengths: prose(200, a + e), issues: prose(140, a + e + 2), recommendation: (['approve', 'revise', 'reject'] as const)[(a + e) % 5 === 0 ? 2 : (a + e) % 3 === 0 ? 1 : 0] ?? 'approve' },
    evidence: [],
    targets: [],
  };
}

it('report export, every format: 100 applications × 15 experts, end to end vs results.show', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-bench-report-e2e-'));
  const panel: TestPanel = await setUpPanel(dir, { experts: E2E_EXPERTS, applications: APPLICATIONS, rubric: E2E_RUBRIC });
  try {
    const files: string[] = [];
    for (const [e, expert] of panel.experts.entries()) {
      files.push(await writeBundle(panel, expert, `expert-${e}.prscores`, { reviews: panel.applicationIds.map((id, a) => e2eReview(id, e, a)) }));
    }
    const merged = await importFiles(panel, files);
    if (merged.some((result) => result.status !== 'accepted')) throw new Error(`not accepted: ${JSON.stringify(merged.find((result) => result.status !== 'accepted'))}`);
    const resultsTimes: number[] = [];
    for (let run = 0; run < RUNS; run += 1) resultsTimes.push(await timeMs(() => ok(panel.core.router.dispatch('results.show', { roundId: panel.roundId }))));
    const results = median(resultsTimes);
    const figures: Record<string, number | string> = { applications: APPLICATIONS, experts: E2E_EXPERTS, criteria: E2E_CRITERIA.length, resultsShowMedianMs: Math.round(results) };
    let slowest = 0;
    let pdfPages = 0;
    let pdfMs = 0;
    for (const format of ['xlsx', 'csv', 'json', 'pdf'] as const) {
      const times: number[] = [];
      let written: ReportExportOutput | undefined;
      for (let run = 0; run < RUNS; run += 1) {
        const out = path.join(dir, `report-${run}.${format}`);
        times.push(await timeMs(async () => (written = await ok<ReportExportOutput>(panel.core.router.dispatch('report.export', { roundId: panel.roundId, format, out, draft: true })))));
      }
      const ms = median(times);
      slowest = Math.max(slowest, ms);
      figures[`${format}MedianMs`] = Math.round(ms);
      figures[`${format}Bytes`] = written?.bytes ?? 0;
      figures[`${format}RatioToResults`] = Number((ms / results).toFixed(1));
      if (format === 'pdf') {
        pdfMs = ms;
        const info = spawnSync('pdfinfo', [path.join(dir, 'report-0.pdf')], { encoding: 'utf8' }).stdout;
        pdfPages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
      }
    }
    figures.pdfPages = pdfPages;
    figures.pdfPagesPerSecond = Number((pdfPages / (pdfMs / 1000)).toFixed(1));
    report({
      name: 'report-export',
      ratioMeaning: 'the slowest format’s whole report.export (gather, render, write, audit) ÷ results.show on the same 100 × 15 round; per-format figures beside it',
      ratio: slowest / results,
      target: 'every format ≤ 30 s (slowestMs), the PDF ≥ 20 pages/s',
      met: slowest <= 30_000 && pdfPages / (pdfMs / 1000) >= 20,
      figures: { ...figures, slowestMs: Math.round(slowest) },
    });
  } finally {
    await panel.core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
