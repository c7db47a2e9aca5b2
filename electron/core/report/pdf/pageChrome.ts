import type { PDFPage } from 'pdf-lib';
import type { DocumentBuilder } from './documentBuilder';
import { CHROME, COLOR, PAGE, SIZE } from './theme';

/** What the caller says about every page; strings come translated (shared/i18n). */
export interface PageChrome {
  /** Running header, left: the document's title, say. Pages can change it (newPage). */
  header: string;
  /** Running header, right: the round's name, say. */
  headerRight?: string;
  /** "第 3 页 / 共 12 页", "Page 3 of 12". */
  pageLabel: (number: number, total: number) => string;
  /**
   * Set while the document is a draft ("草稿", "DRAFT"): drawn large and diagonally
   * across every page, cover included, and in the header, so that no page of a draft
   * can pass for the final one once separated from the rest.
   */
  draftMark: string | null;
}

interface PageChromeInput {
  chrome: PageChrome;
  header: string;
  showHeaderAndFooter: boolean;
  number: number;
  total: number;
}

const WATERMARK_SIZE = 110;

export function drawPageChrome(builder: DocumentBuilder, page: PDFPage, input: PageChromeInput): void {
  const { chrome } = input;
  const { left, right } = builder.frame;
  if (input.showHeaderAndFooter) {
    const draft = chrome.draftMark === null ? '' : builder.setup.language === 'zh-CN' ? `【${chrome.draftMark}】` : `${chrome.draftMark} · `;
    const headerText = `${draft}${input.header}`;
    builder.drawText(headerText, { x: left, y: CHROME.headerBaseline, size: SIZE.chrome, color: COLOR.muted }, page);
    if (chrome.headerRight !== undefined && chrome.headerRight !== '') {
      const room = right - left - builder.widthOf(headerText, SIZE.chrome) - 24;
      const text = fitText(builder, chrome.headerRight, SIZE.chrome, room);
      builder.drawText(text, { x: right - builder.widthOf(text, SIZE.chrome), y: CHROME.headerBaseline, size: SIZE.chrome, color: COLOR.muted }, page);
    }
    page.drawLine({ start: { x: left, y: CHROME.headerRule }, end: { x: right, y: CHROME.headerRule }, thickness: 0.5, color: COLOR.rule });
    const label = chrome.pageLabel(input.number, input.total);
    builder.drawText(label, { x: (PAGE.width - builder.widthOf(label, SIZE.chrome)) / 2, y: CHROME.footerBaseline, size: SIZE.chrome, color: COLOR.muted }, page);
  }
  if (chrome.draftMark !== null) {
    // Centred on the page along the 45° diagonal: start half the text's length back along it.
    const width = builder.widthOf(chrome.draftMark, WATERMARK_SIZE, 'bold');
    const along = Math.SQRT1_2;
    const x = PAGE.width / 2 - (width / 2) * along + (WATERMARK_SIZE * 0.35) * along;
    const y = PAGE.height / 2 - (width / 2) * along - (WATERMARK_SIZE * 0.35) * along;
    builder.drawText(chrome.draftMark, { x, y, size: WATERMARK_SIZE, weight: 'bold', color: COLOR.watermark, opacity: 0.13, rotate: 45 }, page);
  }
}

/** Cuts text to `room` points with an ellipsis (a header is one line). */
export function fitText(builder: DocumentBuilder, text: string, size: number, room: number): string {
  if (builder.widthOf(text, size) <= room) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && builder.widthOf(`${chars.join('')}…`, size) > room) chars.pop();
  return chars.length === 0 ? '' : `${chars.join('')}…`;
}
