import type { ScoreSheetData } from '../../../../shared/domain/report/scoreSheet';
import type { Translate } from '../../../../shared/i18n/describeError';
import type { DocumentBuilder } from '../pdf/documentBuilder';
import { drawQrCode } from '../pdf/qrCode';
import { COLOR, LEADING, SIZE } from '../pdf/theme';
import { baselineIn, drawLine, gap, layoutRuns, paragraph, regular } from '../pdf/typeset';
import { formatDateTime } from './scoreSheetFormat';

/**
 * The first page's top: title, the round, and who and what the sheet is about — the
 * expert with their key fingerprint, the panel package, and the score bundle it
 * matches, with the bundle's SHA-256 in full on one line and as a QR code beside it,
 * so the secretary can compare the signed paper with the file received by eye or by
 * scanner. A draft shows where it stands instead, and no QR code.
 */

const INFO_SIZE = 9.5;
/** About 34 mm: scans reliably off an office printer at 45 modules (version 7, level M). */
const QR_SIZE = 98;
const QR_GAP = 14;

interface InfoRow {
  label: string;
  value: string;
  /** The row's value on one line, shrunk to fit (the hash: a broken hash is hard to compare). */
  oneLine?: boolean;
  color?: typeof COLOR.ink;
}

export function drawScoreSheetHeader(builder: DocumentBuilder, data: ScoreSheetData, t: Translate): void {
  const { frame } = builder;
  const title = t('scoreSheet.title');
  const titleWidth = builder.widthOf(title, SIZE.title, 'bold');
  builder.y -= SIZE.title * LEADING.heading;
  builder.drawText(title, { x: frame.left + (frame.width - titleWidth) / 2, y: builder.y + SIZE.title * 0.2, size: SIZE.title, weight: 'bold', color: COLOR.accent });
  gap(builder, 6);
  for (const line of layoutRuns(builder, [regular(data.round.name)], SIZE.subtitle, frame.width)) {
    builder.y -= SIZE.subtitle * LEADING.heading;
    drawLine(builder, line, { x: frame.left, baseline: baselineIn(builder.y, SIZE.subtitle * LEADING.heading, SIZE.subtitle), size: SIZE.subtitle, align: 'center' });
  }
  gap(builder, 14);

  const top = builder.y;
  const bundle = data.bundle;
  const valueRight = bundle === null ? frame.right : frame.right - QR_SIZE - QR_GAP;
  drawInfoRows(builder, infoRows(data, t), valueRight);
  if (bundle !== null) {
    drawQrCode(builder.page, bundle.sha256, { x: frame.right - QR_SIZE, y: top - QR_SIZE, size: QR_SIZE, errorCorrection: 'M' });
    const caption = t('scoreSheet.qrCaption');
    const width = builder.widthOf(caption, SIZE.small);
    builder.drawText(caption, { x: frame.right - QR_SIZE / 2 - width / 2, y: top - QR_SIZE - SIZE.small - 1, size: SIZE.small, color: COLOR.muted });
    builder.y = Math.min(builder.y, top - QR_SIZE - SIZE.small - 6);
  }
  builder.page.drawLine({ start: { x: frame.left, y: builder.y - 4 }, end: { x: frame.right, y: builder.y - 4 }, thickness: 0.8, color: COLOR.accent });
  builder.y -= 10;
  paragraph(builder, summary(data, t), { size: INFO_SIZE, color: COLOR.muted, justify: false, spaceAfter: 4 });
}

function infoRows(data: ScoreSheetData, t: Translate): InfoRow[] {
  const { expert, bundle, draft } = data;
  const rows: InfoRow[] = [
    { label: t('scoreSheet.expert'), value: expert.affiliation === null ? expert.name : t('scoreSheet.withNote', { name: expert.name, note: expert.affiliation }) },
    { label: t('scoreSheet.fingerprint'), value: expert.fingerprint, oneLine: true },
    { label: t('scoreSheet.rubric'), value: data.rubric.name },
    { label: t('scoreSheet.package'), value: data.packageId },
    { label: t('scoreSheet.secretary'), value: data.secretary.name },
  ];
  if (bundle !== null) {
    rows.push({ label: t('scoreSheet.bundle'), value: t('scoreSheet.bundleValue', { revision: bundle.revision, exportedAt: formatDateTime(bundle.exportedAt) }) });
    rows.push({ label: t('scoreSheet.bundleSha256'), value: bundle.sha256, oneLine: true });
  } else if (draft !== null) {
    const key = draft.state === 'current' ? 'draftCurrent' : draft.state === 'changed' ? 'draftChanged' : 'draftNotExported';
    rows.push({ label: t('scoreSheet.bundle'), value: t(`scoreSheet.${key}`, { revision: draft.lastRevision ?? '' }), color: COLOR.warning });
  }
  rows.push({ label: t('scoreSheet.generatedAt'), value: formatDateTime(data.generatedAt) });
  return rows;
}

/** Label column as wide as the widest label; values wrap beside it (or shrink to one line). */
function drawInfoRows(builder: DocumentBuilder, rows: readonly InfoRow[], right: number): void {
  const left = builder.frame.left;
  const lineHeight = INFO_SIZE * 1.55;
  const labelWidth = Math.max(...rows.map((row) => builder.widthOf(row.label, INFO_SIZE, 'bold'))) + 12;
  const valueWidth = right - left - labelWidth;
  for (const row of rows) {
    const fitted = row.oneLine === true ? Math.min(INFO_SIZE, (valueWidth - 1) / Math.max(1e-6, builder.widthOf(row.value, 1))) : INFO_SIZE;
    const lines = layoutRuns(builder, [regular(row.value)], fitted, valueWidth);
    builder.ensureRoom(lines.length * lineHeight);
    builder.drawText(row.label, { x: left, y: baselineIn(builder.y - lineHeight, lineHeight, INFO_SIZE), size: INFO_SIZE, weight: 'bold', color: COLOR.muted });
    for (const line of lines) {
      builder.y -= lineHeight;
      drawLine(builder, line, { x: left + labelWidth, baseline: baselineIn(builder.y, lineHeight, fitted), size: fitted, color: row.color ?? COLOR.ink });
    }
  }
}

function summary(data: ScoreSheetData, t: Translate): string {
  const { applications } = data;
  const scoring = applications.filter((application) => application.coi?.kind === 'none');
  return t('scoreSheet.summary', {
    count: applications.length,
    scoring: scoring.length,
    complete: scoring.filter((application) => application.total !== null).length,
    conflicts: applications.filter((application) => application.coi?.kind === 'conflict').length,
    undeclared: applications.filter((application) => application.coi === null).length,
  });
}
