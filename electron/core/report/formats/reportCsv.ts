import type { ReportData } from '../../../../shared/domain/report/reportData';
import { summaryTable, type ReportCell } from '../../../../shared/domain/report/reportTables';
import type { Translate } from '../../../../shared/i18n/describeError';

/**
 * 评分汇总表 as CSV (RFC 4180): UTF-8 with a byte-order mark, so Excel on Chinese Windows
 * opens it as UTF-8 rather than GBK; CRLF between records; a field quoted when it holds a
 * comma, a quote, CR or LF, its quotes doubled. A CSV has no place for a mark, so a draft
 * is not marked here (the XLSX, JSON and PDF are).
 *
 * Formula injection (OWASP "CSV injection"): a spreadsheet runs a text field starting with
 * = + - @, tab or CR as a formula, and names and notes come from outside (an applicant
 * called "=HYPERLINK(…)"). Such text is prefixed with ' so it stays text. Numbers are
 * written by us and left alone, so a negative figure still reads as a number.
 */

const BOM = '\ufeff';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Up to six decimals: the figure itself, without the binary noise of sums such as 8.1 + 7.2. */
function csvNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(6))) : '';
}

export function csvField(cell: ReportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return csvNumber(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(records: readonly (readonly ReportCell[])[]): string {
  return records.map((record) => record.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function renderReportCsv(data: ReportData, t: Translate): Uint8Array {
  const table = summaryTable(data, t);
  return new TextEncoder().encode(BOM + csvText([table.columns.map((column) => column.header), ...table.rows]));
}
