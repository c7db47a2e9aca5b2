import type { ReportContext } from './reportContext';
import { COLOR, PAGE, SIZE } from './theme';
import { formatDate } from './summaryFormat';
import { drawTable } from './table';
import { baselineIn, bold, definitionList, drawLine, gap, layoutRuns, paragraph, regular } from './typeset';

/**
 * The cover: title, round, the facts a reader checks first (kind, date, official
 * method, rubric and its version, how many applications and bundles), the panel with
 * affiliations, and — on a draft — why it is one. No running header or page number.
 */
export function drawCover(context: ReportContext): void {
  const { builder, summary, t } = context;
  builder.newPage({ chrome: false });
  builder.y = PAGE.height - 150;
  centred(context, t('reportPdf.title'), SIZE.title, 'bold');
  builder.y -= 10;
  centred(context, summary.round.name, SIZE.subtitle, 'regular');
  builder.y -= 14;
  builder.page.drawLine({ start: { x: builder.frame.left + 60, y: builder.y }, end: { x: builder.frame.right - 60, y: builder.y }, thickness: 1.2, color: COLOR.accent });
  builder.y -= 28;

  if (summary.draft) {
    const notice = summary.openFlags > 0 ? t('reportPdf.draftNotice', { count: summary.openFlags }) : t('reportPdf.draftNoticeGeneric');
    paragraph(builder, [bold(notice)], { color: COLOR.warning, justify: false, spaceAfter: 14 });
  }

  const count = (n: number) => t('reportPdf.cover.count', { count: n });
  definitionList(
    builder,
    [
      [t('reportPdf.cover.roundKind'), t(`roundKind.${summary.round.kind}`)],
      [t('reportPdf.cover.generatedAt'), formatDate(summary.generatedAt, summary.language)],
      [t('reportPdf.cover.method'), capitalised(t(`method.${summary.officialMethod}`))],
      [t('reportPdf.cover.rubric'), summary.rubric.name],
      [t('reportPdf.cover.rubricVersion'), summary.rubric.version],
      [t('reportPdf.cover.applications'), count(summary.applications.length)],
      [t('reportPdf.cover.bundles'), count(summary.receipts.length)],
    ],
    { labelWidth: summary.language === 'zh-CN' ? 96 : 140, x: builder.frame.left + 40, width: builder.frame.width - 80 },
  );
  gap(builder, 16);
  paragraph(builder, [bold(t('reportPdf.cover.panel'))], { x: builder.frame.left + 40, justify: false, spaceAfter: 4 });
  const chairTag = t('reportPdf.cover.chairTag');
  drawTable(
    builder,
    [
      { header: '#', width: 28, align: 'center' },
      { header: t('reportPdf.cover.expertName'), share: 1 },
      { header: t('reportPdf.cover.affiliation'), share: 2 },
    ],
    summary.experts.map((expert, index) => [String(index + 1), summary.chair === expert.fingerprint ? `${expert.name}${chairTag}` : expert.name, expert.affiliation ?? '—']),
    { x: builder.frame.left + 40, width: builder.frame.width - 80 },
  );
  const producer = t('reportPdf.cover.producer', { producer: summary.producer });
  const lines = layoutRuns(builder, [regular(producer)], SIZE.small, builder.frame.width);
  if (builder.y - lines.length * 14 > builder.frame.bottom) {
    lines.forEach((line, index) => drawLine(builder, line, { x: builder.frame.left, baseline: baselineIn(builder.frame.bottom + (lines.length - index - 1) * 14, 14, SIZE.small), size: SIZE.small, color: COLOR.muted, align: 'center' }));
  }
}

function centred(context: ReportContext, text: string, size: number, weight: 'regular' | 'bold'): void {
  const { builder } = context;
  const lineHeight = size * 1.4;
  for (const line of layoutRuns(builder, [weight === 'bold' ? bold(text) : regular(text)], size, builder.frame.width)) {
    builder.y -= lineHeight;
    drawLine(builder, line, { x: builder.frame.left, baseline: baselineIn(builder.y, lineHeight, size), size, align: 'center', color: weight === 'bold' ? COLOR.accent : COLOR.ink });
  }
}

/** The method catalog is lower case for use inside sentences; a value on its own starts with a capital. */
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
