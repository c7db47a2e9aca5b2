import type { CellFormat, ReportCell, ReportColumn } from '../../../../shared/domain/report/reportTables';

/**
 * What Excel requires of a workbook and what makes one read well in Chinese: valid,
 * distinct sheet names; column widths counting a Han character as two; number formats
 * from the rubric's step; header and footer text with its control character escaped.
 */

/** Excel's limit, counted in UTF-16 units as Excel and exceljs count it. */
export const SHEET_NAME_MAX = 31;

// Excel refuses these in sheet names; their full-width forms read the same in Chinese.
const FORBIDDEN: Record<string, string> = { ':': '：', '?': '？', '*': '＊', '/': '／', '\\': '＼', '[': '［', ']': '］' };

function clip(text: string, max: number): string {
  let out = '';
  for (const character of text) {
    if (out.length + character.length > max) break;
    out += character;
  }
  return out;
}

/**
 * A valid sheet name for `wanted`, distinct (case-insensitively, as Excel compares) from
 * `taken`, which it joins. An apostrophe becomes ’: exceljs quotes sheet names in the
 * print-titles reference without doubling one.
 */
export function sheetName(wanted: string, taken: Set<string>): string {
  let base = wanted
    .replace(/[:?*/\\[\]]/g, (character) => FORBIDDEN[character] ?? '_')
    .replace(/'/g, '’')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  if (base === '') base = 'Sheet';
  // Excel keeps "History" for itself.
  if (base.toLowerCase() === 'history') base = `${base}_`;
  base = clip(base, SHEET_NAME_MAX);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) {
    const suffix = `(${n})`;
    name = clip(base, SHEET_NAME_MAX - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

// East Asian wide and full-width characters: Han, kana, Hangul, CJK punctuation, full-width forms.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** Width in Excel's units (the width of "0"): a wide character counts two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += WIDE.test(character) ? 2 : 1;
  return width;
}

export function numberFormat(format: CellFormat, decimals = 0): string | undefined {
  switch (format) {
    case 'integer':
      return '0';
    case 'score':
      return decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
    case 'aggregate':
      return '0.00';
    case 'coefficient':
      return '0.000';
    case 'deviation':
      return '+0.00;-0.00;0.00';
    case 'text':
    case 'wrap':
      return undefined;
  }
}

/** How a cell reads, for measuring: numbers with the column's decimals. */
export function cellText(cell: ReportCell, column: Pick<ReportColumn, 'format' | 'decimals'>): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  const decimals = column.format === 'score' ? (column.decimals ?? 0) : column.format === 'aggregate' || column.format === 'deviation' ? 2 : column.format === 'coefficient' ? 3 : 0;
  return (column.format === 'deviation' && cell > 0 ? '+' : '') + cell.toFixed(decimals);
}

export const WRAP_WIDTH = 60;
const MIN_WIDTH = 6;
const MAX_WIDTH = 48;
/** A header wraps rather than widen its column past this. */
const HEADER_WIDTH = 16;

/** A width that fits the column's header (wrapped if long) and its widest cell. */
export function columnWidth(column: ReportColumn, cells: readonly ReportCell[]): number {
  if (column.format === 'wrap') return WRAP_WIDTH;
  const widest = cells.reduce<number>((most, cell) => Math.max(most, displayWidth(cellText(cell, column))), 0);
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.min(HEADER_WIDTH, displayWidth(column.header)), widest)) + 2;
}

/** Header and footer text: `&` starts a code there, so a literal one is doubled; Excel allows 255 characters in all. */
export function headerFooterText(text: string, max = 80): string {
  return clip(text, max).replace(/&/g, '&&');
}
