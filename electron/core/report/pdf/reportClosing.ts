import type { ReportContext } from './reportContext';
import { SIGNATURE_ROW_HEIGHT, drawSignatureLines, type Signer } from './signatures';
import { formatCoefficient, formatDateTime } from './summaryFormat';
import { drawTable } from './table';
import { COLOR, SIZE } from './theme';
import { bold, gap, heading, paragraph, regular } from './typeset';

/**
 * The closing sections: 四、专家组一致性 (Kendall's W and Krippendorff's alpha, each
 * explained in a line), 五、评分包收据 (which bundle of which expert the figures come
 * from), and 六、专家组签字 (the chair and every member).
 */

export function drawAgreement(context: ReportContext): void {
  const { builder, summary, t } = context;
  builder.newPage();
  heading(builder, t('reportPdf.section.agreement'), 1);
  paragraph(builder, t('reportPdf.agreement.intro'), { size: SIZE.table, color: COLOR.muted, justify: false });
  const value = (coefficient: number | null) => (coefficient === null ? t('reportPdf.agreement.notComputable') : formatCoefficient(coefficient));
  const colon = summary.language === 'zh-CN' ? '：' : ': ';
  const entries = [
    { name: t('reportPdf.agreement.kendall'), value: value(summary.agreement.kendallW), note: t('reportPdf.agreement.kendallNote', { count: summary.agreement.kendallApplications }) },
    { name: t('reportPdf.agreement.alpha'), value: value(summary.agreement.krippendorffAlpha), note: t('reportPdf.agreement.alphaNote') },
  ];
  for (const entry of entries) {
    paragraph(builder, [bold(`${entry.name}${colon}`), regular(entry.value)], { justify: false, spaceAfter: 1 });
    paragraph(builder, entry.note, { size: SIZE.table, color: COLOR.muted, x: builder.frame.left + 12, width: builder.frame.width - 12, justify: summary.language === 'zh-CN', spaceAfter: 8 });
  }
}

export function drawReceipts(context: ReportContext): void {
  const { builder, summary, t } = context;
  gap(builder, 10);
  heading(builder, t('reportPdf.section.receipts'), 1);
  if (summary.receipts.length === 0) {
    paragraph(builder, t('reportPdf.receipts.empty'), { color: COLOR.muted });
    return;
  }
  paragraph(builder, t('reportPdf.receipts.intro'), { size: SIZE.table, color: COLOR.muted, justify: false });
  drawTable(
    builder,
    [
      { header: t('reportPdf.receipts.expert'), share: 1 },
      { header: t('reportPdf.receipts.revision'), width: 36, align: 'center' },
      { header: t('reportPdf.receipts.sha256'), width: 178 },
      { header: t('reportPdf.receipts.receivedAt'), width: 76, align: 'center' },
    ],
    summary.receipts.map((receipt) => [
      `${context.expertNumber(receipt.fingerprint)}  ${context.expert(receipt.fingerprint).name}`,
      String(receipt.revision),
      receipt.sha256,
      formatDateTime(receipt.receivedAt),
    ]),
    { size: SIZE.small },
  );
}

export function drawSignatures(context: ReportContext): void {
  const { builder, summary, t } = context;
  const chair = summary.chair === null ? null : context.expert(summary.chair);
  const signers: Signer[] = [
    { role: t('reportPdf.signatures.chair'), name: chair?.name ?? '', ...(chair?.affiliation ? { note: chair.affiliation } : {}) },
    ...summary.experts
      .filter((expert) => expert.fingerprint !== summary.chair)
      .map((expert): Signer => ({ role: t('reportPdf.signatures.member'), name: expert.name, ...(expert.affiliation ? { note: expert.affiliation } : {}) })),
  ];
  // The panel signs one sheet where it can: the section moves whole to a new page when it fits on one.
  const height = 80 + signers.length * SIGNATURE_ROW_HEIGHT;
  if (height > builder.room && height <= builder.frame.top - builder.frame.bottom) builder.newPage();
  else gap(builder, 10);
  heading(builder, t('reportPdf.section.signatures'), 1, { keepWith: 2 * SIGNATURE_ROW_HEIGHT });
  paragraph(builder, t('reportPdf.signatures.intro'), { justify: false, spaceAfter: 6 });
  drawSignatureLines(builder, signers, { signature: t('reportPdf.signatures.signature'), date: t('reportPdf.signatures.date') });
}
