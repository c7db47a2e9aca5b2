import type { ScoreSheetData } from '../../../../shared/domain/report/scoreSheet';
import type { Translate } from '../../../../shared/i18n/describeError';
import { createTranslator } from '../../i18n';
import { appVersion } from '../../version';
import { DocumentBuilder, type RenderedPdf } from '../pdf/documentBuilder';
import type { ReportFontBytes } from '../pdf/fontLocator';
import { drawSignatureLines } from '../pdf/signatures';
import { COLOR, LEADING, SIZE } from '../pdf/theme';
import { heading, layoutRuns, paragraph, regular } from '../pdf/typeset';
import { drawApplication } from './scoreSheetApplication';
import { drawScoreSheetHeader } from './scoreSheetHeader';

/**
 * The expert's score sheet as an A4 PDF (issue 8, point 5), on the report foundation in
 * ../pdf/: the header block with the bundle's hash and QR code, every application in the
 * package's order, and at the end the expert's confirmation that the sheet is that
 * bundle, with lines for signature and date. Every page's running header names the
 * bundle revision and the start of its hash, so a page separated from the rest still
 * says which bundle it belongs to. A draft carries 草稿 across every page (the
 * foundation's watermark and header mark), no QR code and no signature line.
 */
export async function renderScoreSheetPdf(data: ScoreSheetData, fonts?: ReportFontBytes): Promise<RenderedPdf> {
  const t = createTranslator(data.language);
  const { bundle } = data;
  const builder = await DocumentBuilder.create({
    language: data.language,
    metadata: {
      title: `${t('scoreSheet.labelled', { label: t('scoreSheet.title') })}${data.expert.name}`,
      subject: t('scoreSheet.subject', { round: data.round.name, expert: data.expert.name }),
      author: data.expert.name,
      keywords: bundle === null ? [data.round.sourceRoundId] : [data.round.sourceRoundId, `r${bundle.revision}`, bundle.sha256],
      createdAt: new Date(data.generatedAt),
      producer: `Panel Review ${appVersion}`,
    },
    chrome: {
      header: t('scoreSheet.title'),
      headerRight: bundle === null ? t('scoreSheet.headerDraft') : t('scoreSheet.headerBundle', { revision: bundle.revision, short: bundle.sha256.slice(0, 16) }),
      pageLabel: (number, total) => t('scoreSheet.pageLabel', { number, total }),
      draftMark: data.draft === null ? null : t('scoreSheet.draftMark'),
    },
    documentKey: `${data.round.id}\u0000${data.generatedAt}`,
    ...(fonts === undefined ? {} : { fonts }),
  });
  builder.newPage();
  drawScoreSheetHeader(builder, data, t);
  for (const application of data.applications) drawApplication(builder, data, application, t);
  if (bundle === null) drawDraftNotice(builder, t);
  else drawConfirmation(builder, data, bundle, t);
  return builder.finish();
}

/** The confirmation and the signature line stay on one page: the statement is what is signed. */
function drawConfirmation(builder: DocumentBuilder, data: ScoreSheetData, bundle: NonNullable<ScoreSheetData['bundle']>, t: Translate): void {
  const statement = t('scoreSheet.confirm', { revision: bundle.revision, sha256: bundle.sha256 });
  const lines = layoutRuns(builder, [regular(statement)], SIZE.body, builder.frame.width, builder.frame.width - 2 * SIZE.body).length;
  const height = SIZE.heading2 * LEADING.heading + 24 + lines * SIZE.body * LEADING.body + 8 + 56;
  builder.ensureRoom(height);
  heading(builder, t('scoreSheet.confirmTitle'), 2, { keepWith: height - SIZE.heading2 * LEADING.heading - 18 });
  paragraph(builder, statement, { indent: 2, spaceAfter: 8 });
  const { expert } = data;
  drawSignatureLines(builder, [{ role: t('scoreSheet.expert'), name: expert.name, ...(expert.affiliation === null ? {} : { note: expert.affiliation }) }], {
    signature: t('scoreSheet.signature'),
    date: t('scoreSheet.date'),
  });
}

function drawDraftNotice(builder: DocumentBuilder, t: Translate): void {
  paragraph(builder, t('scoreSheet.draftNotice'), { color: COLOR.warning, justify: false });
}
