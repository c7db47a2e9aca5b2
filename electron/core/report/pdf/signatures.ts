import type { DocumentBuilder } from './documentBuilder';
import { fitText } from './pageChrome';
import { COLOR, SIZE } from './theme';

/**
 * Lines to sign on paper: one row per signer with role, printed name, a line for the
 * signature and one for the date. Rows never split from each other's page half-way: a
 * row moves to the next page whole.
 */

export interface Signer {
  /** 评审组长, 评审专家, Expert… */
  role: string;
  name: string;
  /** Printed small under the name (the affiliation). */
  note?: string;
}

/** With their punctuation: "签字：", "Signature:". */
export interface SignatureLabels {
  signature: string;
  date: string;
}

export const SIGNATURE_ROW_HEIGHT = 40;

export function drawSignatureLines(builder: DocumentBuilder, signers: readonly Signer[], labels: SignatureLabels): void {
  const { left, right } = builder.frame;
  const roleWidth = 64;
  const nameWidth = 132;
  const dateLineWidth = 92;
  for (const signer of signers) {
    builder.ensureRoom(SIGNATURE_ROW_HEIGHT);
    const baseline = builder.y - SIGNATURE_ROW_HEIGHT + 14;
    builder.drawText(fitText(builder, signer.role, SIZE.body, roleWidth - 6), { x: left, y: baseline, size: SIZE.body, weight: 'bold' });
    builder.drawText(fitText(builder, signer.name, SIZE.body, nameWidth - 6), { x: left + roleWidth, y: baseline, size: SIZE.body });
    if (signer.note !== undefined && signer.note !== '') {
      builder.drawText(fitText(builder, signer.note, SIZE.small, nameWidth - 6), { x: left + roleWidth, y: baseline - 11, size: SIZE.small, color: COLOR.muted });
    }
    let x = left + roleWidth + nameWidth;
    x += builder.drawText(labels.signature, { x, y: baseline, size: SIZE.body });
    const dateLabel = labels.date;
    const dateStart = right - dateLineWidth - builder.widthOf(dateLabel, SIZE.body);
    builder.page.drawLine({ start: { x: x + 2, y: baseline - 3 }, end: { x: dateStart - 14, y: baseline - 3 }, thickness: 0.6, color: COLOR.ink });
    builder.drawText(dateLabel, { x: dateStart, y: baseline, size: SIZE.body });
    builder.page.drawLine({ start: { x: right - dateLineWidth, y: baseline - 3 }, end: { x: right, y: baseline - 3 }, thickness: 0.6, color: COLOR.ink });
    builder.y -= SIGNATURE_ROW_HEIGHT;
  }
}
