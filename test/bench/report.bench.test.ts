import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { renderOpinionSummary } from '../../electron/core/report/pdf/reportPdf';
import { opinionSummaryFixture } from '../../electron/core/report/pdf/summaryFixtures';
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
