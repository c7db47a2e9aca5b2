import type ExcelJS from 'exceljs';
import type { ReportData } from '../../../../shared/domain/report/reportData';
import { reportSheets, type ReportSheet } from '../../../../shared/domain/report/reportSheets';
import type { ReportCell, ReportColumn } from '../../../../shared/domain/report/reportTables';
import type { Translate } from '../../../../shared/i18n/describeError';
import { columnWidth, headerFooterText, numberFormat, sheetName } from './xlsxLayout';

/**
 * The report as an XLSX workbook (exceljs): 评分汇总表, one sheet per criterion, 分歧标记,
 * 专家组一致性, 评分包回执 — reportSheets() in order. Each sheet: a title row (round and
 * sheet, 草稿 on a draft), a line saying what the figures are, the draft notice, then the
 * table with its header row frozen and repeated on every printed page; A4 landscape,
 * one page wide. Numbers are stored unrounded and shown through number formats, so a
 * reader's own formulas see the exact figures.
 */

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECF2' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF9AA5B1' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** A4 (paperSize 9 in SpreadsheetML); margins in inches. */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};

const pad = (n: number) => String(n).padStart(2, '0');
function localTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export async function renderReportXlsx(data: ReportData, t: Translate): Promise<Uint8Array> {
  // Loaded on first use: exceljs takes about 0.3 s to load, which every other CLI command would pay.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const producer = `Panel Review ${data.appVersion}`;
  const generatedAt = new Date(data.generatedAt);
  workbook.creator = producer;
  workbook.lastModifiedBy = producer;
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  workbook.title = `${data.round.name} · ${t('reportTable.sheet.summary')}`;
  workbook.subject = data.round.name;
  workbook.keywords = data.draft ? t('reportTable.draftMark') : '';
  const subtitle = t('reportTable.subtitle', {
    kind: t(`roundKind.${data.round.kind}`),
    method: t(`method.${data.results.officialMethod}`),
    rubric: data.language === 'en' ? (data.rubric.nameEn ?? data.rubric.name) : data.rubric.name,
    version: data.rubricVersion,
    generatedAt: localTime(data.generatedAt),
    producer,
  });
  const draftNotice = !data.draft
    ? null
    : data.results.openFlags > 0
      ? t('reportTable.draftNotice', { count: data.results.openFlags })
      : t('reportTable.draftNoticeGeneric');
  const taken = new Set<string>();
  for (const sheet of reportSheets(data, t)) {
    addSheet(workbook, sheet, { name: sheetName(sheet.name, taken), round: data.round.name, subtitle, draftNotice, draftMark: data.draft ? t('reportTable.draftMark') : null, t });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

interface SheetContext {
  name: string;
  round: string;
  subtitle: string;
  draftNotice: string | null;
  draftMark: string | null;
  t: Translate;
}

function addSheet(workbook: ExcelJS.Workbook, sheet: ReportSheet, context: SheetContext): void {
  const { columns, rows } = sheet.table;
  const width = Math.max(columns.length, 3);
  const worksheet = workbook.addWorksheet(context.name);
  const banner = (text: string, font: Partial<ExcelJS.Font>) => {
    const row = worksheet.addRow([text]);
    row.font = font;
    row.alignment = { vertical: 'middle', wrapText: false };
    if (width > 1) worksheet.mergeCells(row.number, 1, row.number, width);
    return row;
  };
  const title = context.t(context.draftMark === null ? 'reportTable.titleLine' : 'reportTable.titleLineDraft', { round: context.round, heading: sheet.heading });
  banner(title, { bold: true, size: 14 }).height = 24;
  banner(context.subtitle, { size: 9, color: { argb: 'FF555555' } });
  if (context.draftNotice !== null) banner(context.draftNotice, { bold: true, color: { argb: 'FFC00000' } });
  for (const fact of sheet.facts) {
    const row = worksheet.addRow([fact.label, null, fact.value]);
    worksheet.mergeCells(row.number, 1, row.number, 2);
    row.getCell(1).alignment = { wrapText: true, vertical: 'middle' };
    const format = numberFormat(fact.format);
    if (typeof fact.value === 'number' && format !== undefined) row.getCell(3).numFmt = format;
    row.getCell(3).alignment = { horizontal: 'left' };
  }
  if (sheet.facts.length > 0) worksheet.addRow([]);

  const header = worksheet.addRow(columns.map((column) => column.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const cells of rows) addDataRow(worksheet, columns, cells);
  if (rows.length === 0) worksheet.addRow([context.t('reportTable.noRows')]);

  columns.forEach((column, index) => {
    worksheet.getColumn(index + 1).width = columnWidth(column, rows.map((cells) => cells[index] ?? null));
  });
  // The application's name stays in view while scrolling across many experts.
  const cityColumn = columns.findIndex((column) => column.key === 'city');
  worksheet.views = [{ state: 'frozen', xSplit: cityColumn + 1, ySplit: header.number, topLeftCell: `${columnLetter(cityColumn + 2)}${header.number + 1}`, activeCell: 'A1' }];
  worksheet.pageSetup = { ...PAGE_SETUP, printTitlesRow: `${header.number}:${header.number}` };
  const mark = context.draftMark === null ? '' : `&R&B${headerFooterText(context.draftMark)}&B`;
  const footer = headerFooterText(context.t('reportTable.pageFooter'), 60).replace(/&&([PN])/g, '&$1');
  worksheet.headerFooter = {
    oddHeader: `&L${headerFooterText(context.round)}&C${headerFooterText(sheet.heading, 40)}${mark}`,
    oddFooter: `&C${footer}${mark}`,
  };
}

function addDataRow(worksheet: ExcelJS.Worksheet, columns: readonly ReportColumn[], cells: readonly ReportCell[]): void {
  const row = worksheet.addRow(cells.map((cell) => cell ?? null));
  columns.forEach((column, index) => {
    const cell = row.getCell(index + 1);
    const value = cells[index] ?? null;
    cell.border = BOX;
    if (column.format === 'wrap') {
      cell.alignment = { wrapText: true, vertical: 'top' };
      return;
    }
    const format = numberFormat(column.format, column.decimals);
    if (format === undefined) {
      cell.alignment = { vertical: 'top' };
    } else if (typeof value === 'number') {
      cell.numFmt = format;
      cell.alignment = { horizontal: 'right', vertical: 'top' };
    } else {
      // 回避, — in a column of figures: centred, so they read as markers, not as text data.
      cell.alignment = { horizontal: 'center', vertical: 'top' };
    }
  });
}

function columnLetter(position: number): string {
  let letters = '';
  for (let n = position; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
