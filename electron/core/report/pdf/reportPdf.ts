import { createTranslator } from '../../i18n';
import { DocumentBuilder, type RenderedPdf } from './documentBuilder';
import type { ReportFontBytes } from './fontLocator';
import type { OpinionSummary } from './opinionSummary';
import { drawApplications } from './reportApplication';
import { drawAgreement, drawReceipts, drawSignatures } from './reportClosing';
import { reportContext } from './reportContext';
import { drawCover } from './reportCover';
import { drawResultsSummary, drawScoreCharts } from './reportResults';

/**
 * 专家评审意见汇总 as PDF, the document the panel signs (issue 8, point 4).
 *
 * Why pdf-lib with fontkit rather than printing an HTML page with Chromium: the CLI runs
 * in plain Node on reviewers' laptops, where no browser is guaranteed, and the CLI and
 * the app must produce the same PDF from the same data. pdf-lib is pure JavaScript and
 * deterministic. The details of the stack (upstream fontkit 2 through an adapter, Noto
 * Sans SC always subset, our own CJK line breaking, vector charts and QR codes) are in
 * fontkitAdapter.ts, fontFiles.ts and textLayout.ts; README.md, "PDF reports", sums up.
 *
 * Page order: cover; 一 results table; 二 charts; 三 one section per application, each
 * from a new page; 四 agreement; 五 bundle receipts; 六 signatures.
 */

export interface RenderOptions {
  /** Characters the font has no glyph for (they print as empty boxes): for the caller's log. */
  onMissingCharacters?: (characters: string[]) => void;
  /** Other font files than the shipped ones (tests). */
  fonts?: ReportFontBytes;
}

export async function renderOpinionSummary(summary: OpinionSummary, options: RenderOptions = {}): Promise<RenderedPdf> {
  const t = createTranslator(summary.language);
  const title = t('reportPdf.title');
  const builder = await DocumentBuilder.create({
    language: summary.language,
    metadata: {
      title: `${title} · ${summary.round.name}`,
      subject: t('reportPdf.subject', { round: summary.round.name }),
      keywords: [title, summary.round.name, t(`roundKind.${summary.round.kind}`)],
      createdAt: new Date(summary.generatedAt),
      producer: summary.producer,
    },
    chrome: {
      header: title,
      headerRight: summary.round.name,
      pageLabel: (number, total) => t('reportPdf.pageLabel', { number, total }),
      draftMark: summary.draft ? t('reportPdf.draftMark') : null,
    },
    documentKey: `opinion-summary\u0000${summary.round.id}\u0000${summary.generatedAt}`,
    ...(options.fonts !== undefined ? { fonts: options.fonts } : {}),
  });
  const context = reportContext(builder, summary, t);
  drawCover(context);
  drawResultsSummary(context);
  drawScoreCharts(context);
  drawApplications(context);
  drawAgreement(context);
  drawReceipts(context);
  drawSignatures(context);
  const rendered = await builder.finish();
  if (rendered.missingCharacters.length > 0) options.onMissingCharacters?.(rendered.missingCharacters);
  return rendered;
}
