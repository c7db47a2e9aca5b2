import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../test/helpers/cli';
import type { OpinionSummary } from './opinionSummary';
import { bodyText, compareGrey, decodeGreyPng, encodeGreyPng, pdfFonts, pdfInfo, pdfPageCount, pdfText, qpdfCheck, renderGrey, renderPagePng, squash, writeTemp } from './pdfTestKit';
import { renderOpinionSummary } from './reportPdf';
import { opinionSummaryFixture } from './summaryFixtures';
import { formatAggregate, formatDateTime } from './summaryFormat';

/**
 * The opinion summary end to end, read back with poppler and qpdf: every heading, name
 * and comment extractable in order, fonts embedded as subsets with ToUnicode, the edge
 * cases of issue 8 (no bundles, one expert, ties, very long comments) valid, English as
 * well as Chinese, and the summary page pinned by a reference image.
 */

const RESULTS_DIR = path.join(repoRoot, 'test-results', 'report');
const REFERENCE = path.join(import.meta.dirname, 'reportPdf.summaryPage.png');
const VISUAL_DPI = 100;
/** Share of pixels that may differ (anti-aliasing of another poppler build); a moved line is far more. */
const VISUAL_TOLERANCE = 0.002;

async function render(summary: OpinionSummary): Promise<{ file: string; bytes: Uint8Array; missing: string[] }> {
  let missing: string[] = [];
  const rendered = await renderOpinionSummary(summary, { onMissingCharacters: (characters) => (missing = characters) });
  return { file: writeTemp(rendered.bytes), bytes: rendered.bytes, missing };
}

const chromeOf = (summary: OpinionSummary) => ({
  header: summary.language === 'zh-CN' ? '专家评审意见汇总' : 'Summary of expert review opinions',
  headerRight: summary.round.name,
  draftMark: summary.draft ? (summary.language === 'zh-CN' ? '草稿' : 'DRAFT') : null,
});

/** Each string must appear after the previous one in the extracted text. */
function expectInOrder(text: string, strings: readonly string[]): void {
  let from = 0;
  for (const expected of strings) {
    const at = text.indexOf(squash(expected), from);
    expect(at, `missing or out of order: ${expected.slice(0, 40)}`).toBeGreaterThanOrEqual(0);
    from = at + squash(expected).length;
  }
}

function expectValid(file: string): void {
  const check = qpdfCheck(file);
  expect(check.ok, check.output).toBe(true);
  for (const font of pdfFonts(file)) expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
  expect(renderGrey(file, pdfPageCount(file), 20).warnings).toBe('');
}

describe('the opinion summary of a full round (zh-CN)', async () => {
  const summary = opinionSummaryFixture({ applications: 6, experts: 7, longComment: 5000, ties: true });
  const { file, bytes, missing } = await render(summary);

  it('is a valid PDF with both fonts embedded as subsets with ToUnicode', () => {
    expectValid(file);
    expect(new Set(pdfFonts(file).map((font) => font.name.replace(/^[A-Z]{6}\+/, '')))).toEqual(new Set(['NotoSansSC-Bold', 'NotoSansSC-Regular']));
    expect(missing).toEqual([]);
  });

  it('gives back every heading, name, figure and opinion through pdftotext -raw, in order', () => {
    const text = bodyText(file, chromeOf(summary));
    const expected: string[] = ['专家评审意见汇总', summary.round.name, '实施方案评审', '去掉最高最低分后的平均分', summary.rubric.name];
    expected.push(...summary.experts.map((expert) => expert.name));
    expected.push('一、评审结果汇总', '排名申报材料有效评分正式得分平均分中位数标准差推荐意见分歧');
    for (const application of summary.applications) expected.push(application.name, formatAggregate(application.value));
    expected.push('二、评分分布', '图 1', '图 2', '三、逐项评审意见');
    for (const application of summary.applications) {
      expected.push(application.name);
      for (const review of application.reviews) {
        const name = summary.experts.find((expert) => expert.fingerprint === review.fingerprint)?.name ?? '';
        expected.push(name);
        if (review.coi === 'conflict') expected.push(`回避（利益冲突：${review.coiReason ?? ''}）`);
        else expected.push(`主要优势：${review.strengths}`, `主要问题与修改建议：${review.issues}`);
      }
    }
    expected.push('四、专家组一致性', 'Kendall 和谐系数 W：0.623', 'Krippendorff α（区间尺度）：0.482', '五、评分包收据');
    for (const receipt of summary.receipts) expected.push(receipt.sha256, formatDateTime(receipt.receivedAt));
    expected.push('六、专家组签字', `评审组长${summary.experts[0]?.name ?? ''}`, '签字：', '日期：');
    expectInOrder(text, expected);
    // The 5000-character comment really spans pages.
    const long = summary.applications.flatMap((application) => application.reviews).find((review) => review.strengths.length >= 5000);
    expect(long).toBeDefined();
  });

  it('shows tied applications sharing a rank as 并列', () => {
    const summaryPage = squash(pdfText(file, { first: 2, last: 2 }));
    expect(summaryPage).toContain(squash(`并列 1${summary.applications[0]?.name ?? ''}`));
    expect(summaryPage).toContain(squash(`并列 1${summary.applications[1]?.name ?? ''}`));
  });

  it('marks a draft on every page and says why on the cover', () => {
    expect(summary.draft).toBe(true);
    const pages = pdfPageCount(file);
    for (let page = 1; page <= pages; page += 1) expect(squash(pdfText(file, { first: page, last: page })), `page ${page}`).toContain('草稿');
    expect(squash(pdfText(file, { first: 1, last: 1 }))).toContain(squash(`尚有 ${summary.openFlags} 个分歧标记`));
  });

  it('numbers pages 第 x 页 / 共 y 页 after the cover, and sets the metadata from the data', () => {
    const pages = pdfPageCount(file);
    expect(pdfText(file, { first: 1, last: 1 })).not.toContain('第 1 页');
    expect(pdfText(file, { first: pages, last: pages })).toContain(`第 ${pages} 页 / 共 ${pages} 页`);
    const info = pdfInfo(file);
    expect(info.Title).toBe(`专家评审意见汇总 · ${summary.round.name}`);
    expect(info.Producer).toBe('Panel Review 0.1.0');
    expect(info.CreationDate).toMatch(/^2025-06-18T12:00:00/);
  });

  it('is byte for byte the same when rendered again', async () => {
    const again = await renderOpinionSummary(summary);
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('leaves pictures of its pages in test-results/report/ for people to look at', () => {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    for (const name of fs.readdirSync(RESULTS_DIR)) if (name.startsWith('opinion-summary-')) fs.rmSync(path.join(RESULTS_DIR, name));
    fs.copyFileSync(file, path.join(RESULTS_DIR, 'opinion-summary.pdf'));
    const pages = pdfPageCount(file);
    for (const page of [1, 2, 3, 4, 5, pages - 1, pages]) {
      expect(fs.existsSync(renderPagePng(file, page, path.join(RESULTS_DIR, `opinion-summary-p${String(page).padStart(2, '0')}`)))).toBe(true);
    }
  });
});

describe('edge cases of issue 8 each give a valid report', () => {
  it('a round with no bundles returned yet', async () => {
    const summary = opinionSummaryFixture({ applications: 3, experts: 5, returned: false, draft: true });
    const { file } = await render(summary);
    expectValid(file);
    const text = bodyText(file, chromeOf(summary));
    expectInOrder(text, ['一、评审结果汇总', summary.applications[0]?.name ?? '', '尚无有效评分，无法绘制。', '尚未收到本项的评分。', '数据不足，无法计算', '尚未收回任何评分包。', '六、专家组签字']);
  });

  it('a panel of one expert', async () => {
    const summary = opinionSummaryFixture({ applications: 2, experts: 1 });
    const { file } = await render(summary);
    expectValid(file);
    expectInOrder(bodyText(file, chromeOf(summary)), ['欧阳明（组长）', '专家 1 欧阳明', '数据不足，无法计算', '评审组长欧阳明']);
  });

  it('a round with no applications at all', async () => {
    const summary = opinionSummaryFixture({ applications: 0, experts: 3 });
    const { file } = await render(summary);
    expectValid(file);
    expect(bodyText(file, chromeOf(summary))).toContain('本轮次尚无申报材料。');
  });

  it('very long Chinese comments from every expert', async () => {
    const summary = opinionSummaryFixture({ applications: 2, experts: 4, opinionLength: 3000, longComment: 12000 });
    const { file } = await render(summary);
    expectValid(file);
    const text = bodyText(file, chromeOf(summary));
    for (const review of summary.applications.flatMap((application) => application.reviews)) {
      if (review.coi === 'none') expect(text).toContain(squash(review.strengths));
    }
  });

  it('names the characters the font lacks instead of failing', async () => {
    const summary = opinionSummaryFixture({ applications: 1, experts: 2 });
    const first = summary.applications[0]?.reviews[0];
    if (first !== undefined) first.strengths = `表情符号😀与私用区\uE000字符`;
    const { file, missing } = await render(summary);
    expectValid(file);
    expect(missing).toEqual(['😀', '\uE000']);
  });
});

describe('in English', async () => {
  const summary = opinionSummaryFixture({ applications: 3, experts: 4, language: 'en', draft: true });
  const { file } = await render(summary);

  it('uses the English catalog for headings, labels and page numbers', () => {
    expectValid(file);
    const pages = pdfPageCount(file);
    expect(pdfText(file, { first: pages, last: pages })).toContain(`Page ${pages} of ${pages}`);
    expectInOrder(bodyText(file, chromeOf(summary)), ['Summary of expert review opinions', 'Implementation plan review', 'Trimmed mean', '1. Results', 'Rank', '2. Score distribution', 'Figure 1', '3. Opinions by application', 'Main strengths:', '4. Panel agreement', "Kendall’s W", '5. Score bundle receipts', '6. Signatures', 'Panel chair', 'Signature:']);
    expect(pdfInfo(file).Title).toContain('Summary of expert review opinions');
  });
});

describe('visual regression: the summary page', () => {
  /**
   * A fixed final report's results page (page 2) at 100 dpi in grey, against the
   * committed reference. UPDATE_VISUAL=1 rewrites the reference; on a mismatch the
   * actual picture is left in test-results/report/ beside the reference for comparison.
   */
  it('matches the committed reference image', async () => {
    const summary = opinionSummaryFixture({ applications: 12, experts: 9, ties: true, draft: false });
    for (const application of summary.applications) for (const flag of application.flags) flag.note ??= '已核对原始评分，维持原评分。';
    summary.openFlags = 0;
    const { file } = await render(summary);
    const actual = renderGrey(file, 2, VISUAL_DPI);
    expect(actual.warnings).toBe('');
    if (process.env.UPDATE_VISUAL === '1' || !fs.existsSync(REFERENCE)) {
      if (process.env.UPDATE_VISUAL !== '1') throw new Error(`no reference image at ${REFERENCE}: run with UPDATE_VISUAL=1 to create it`);
      fs.writeFileSync(REFERENCE, encodeGreyPng(actual));
    }
    const reference = decodeGreyPng(fs.readFileSync(REFERENCE));
    const difference = compareGrey(actual, reference);
    if (difference.fraction > VISUAL_TOLERANCE) {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(RESULTS_DIR, 'summaryPage.actual.png'), encodeGreyPng(actual));
      fs.copyFileSync(REFERENCE, path.join(RESULTS_DIR, 'summaryPage.reference.png'));
    }
    expect(difference.sameSize).toBe(true);
    expect(difference.fraction, `${difference.differing} pixels differ; pictures in ${RESULTS_DIR}`).toBeLessThanOrEqual(VISUAL_TOLERANCE);
  });
});
