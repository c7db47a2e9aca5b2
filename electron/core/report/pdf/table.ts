import type { Color } from 'pdf-lib';
import type { DocumentBuilder } from './documentBuilder';
import { type Line, cleanText, tokenize } from './textLayout';
import type { FontWeight } from './fontFiles';
import { COLOR, LEADING, SIZE } from './theme';
import { type Run, baselineIn, bold, drawLine, layoutRuns, regular } from './typeset';

/**
 * Tables that flow: cells wrap (Chinese and Latin alike), the header row repeats on
 * every page the table reaches, alternate rows are shaded, and a row taller than what
 * is left of a page (a long comment in a cell) is split between pages rather than
 * pushed off the bottom edge.
 */

export type Align = 'left' | 'center' | 'right';

export interface TableColumn {
  header: string;
  /** Width in points; or `share` of the width the fixed columns leave (default share 1). */
  width?: number;
  share?: number;
  align?: Align;
}

/**
 * `continued`: what the cell says where its row goes on after a page break (the
 * criterion's title with （续）), rather than an empty cell beside the rest of a long
 * comment.
 */
export type TableCell =
  | string
  | { runs: readonly Run[]; align?: Align; color?: Color; continued?: string }
  | { text: string; weight?: FontWeight; align?: Align; color?: Color; continued?: string };

export interface TableOptions {
  size?: number;
  padding?: number;
  x?: number;
  width?: number;
  zebra?: boolean;
  spaceAfter?: number;
  /** A row needs at least this many of its lines on a page before it may split. */
  minSplitLines?: number;
}

interface LaidCell {
  lines: Line<FontWeight>[];
  /** What the cell shows where its row goes on after a page break; none: its own remaining lines. */
  continued?: Line<FontWeight>[];
  align: Align;
  color: Color;
}

/** Column widths in points: fixed ones as given, the rest share what is left. */
export function columnWidths(columns: readonly TableColumn[], total: number): number[] {
  const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
  const shares = columns.reduce((sum, column) => sum + (column.width === undefined ? (column.share ?? 1) : 0), 0);
  const left = Math.max(0, total - fixed);
  const widths = columns.map((column) => column.width ?? (shares === 0 ? 0 : (left * (column.share ?? 1)) / shares));
  const sum = widths.reduce((a, b) => a + b, 0);
  return sum > total + 1e-6 ? widths.map((width) => (width * total) / sum) : widths;
}

function runsOf(cell: TableCell): readonly Run[] {
  if (typeof cell === 'string') return [regular(cell)];
  if ('runs' in cell) return cell.runs;
  return [cell.weight === 'bold' ? bold(cell.text) : regular(cell.text)];
}

export function drawTable(builder: DocumentBuilder, columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[], options: TableOptions = {}): void {
  const size = options.size ?? SIZE.table;
  const padding = options.padding ?? 4;
  const lineHeight = size * LEADING.table;
  const x0 = options.x ?? builder.frame.left;
  const widths = columnWidths(columns, options.width ?? builder.frame.width);
  // A shared column is never narrower than its header's longest word ("Recommendations"):
  // it takes the room from the other shared columns.
  const minimum = columns.map((column) => Math.max(...tokenize(cleanText(column.header)).map((unit) => builder.widthOf(unit, size, 'bold'))) + 2 * padding);
  columns.forEach((column, index) => {
    const lacking = (minimum[index] ?? 0) - (widths[index] ?? 0);
    if (column.width !== undefined || lacking <= 0) return;
    const donors = columns.map((other, k) => (other.width === undefined && k !== index ? Math.max(0, (widths[k] ?? 0) - (minimum[k] ?? 0)) : 0));
    const spare = donors.reduce((a, b) => a + b, 0);
    const taken = Math.min(lacking, spare);
    if (taken <= 0) return;
    donors.forEach((donor, k) => (widths[k] = (widths[k] ?? 0) - (donor / spare) * taken));
    widths[index] = (widths[index] ?? 0) + taken;
  });
  const minSplit = options.minSplitLines ?? 2;

  const layoutRow = (cells: readonly TableCell[], header: boolean): LaidCell[] =>
    columns.map((column, index) => {
      const cell = cells[index] ?? '';
      const runs = header ? [bold(column.header)] : runsOf(cell);
      const own = typeof cell === 'object' ? cell : undefined;
      const width = Math.max(1, (widths[index] ?? 0) - 2 * padding);
      const lines = layoutRuns(builder, runs, size, width);
      return {
        lines,
        ...(!header && own?.continued !== undefined ? { continued: layoutRuns(builder, [regular(own.continued)], size, width) } : {}),
        align: (header ? 'center' : own?.align) ?? column.align ?? 'left',
        color: own?.color ?? COLOR.ink,
      };
    });

  /** Draws lines [from, from + count) of every cell as one band of the row. */
  const drawBand = (cells: LaidCell[], from: number, count: number, fill: Color | undefined, middle: boolean) => {
    const height = count * lineHeight + 2 * padding;
    const top = builder.y;
    let x = x0;
    cells.forEach((cell, index) => {
      const width = widths[index] ?? 0;
      builder.page.drawRectangle({ x, y: top - height, width, height, borderColor: COLOR.rule, borderWidth: 0.4, ...(fill !== undefined ? { color: fill } : {}) });
      // A cell still printing its own lines goes on with them; one already done says again what the row is.
      const again = from > 0 && cell.continued !== undefined && from >= cell.lines.length;
      const shown = again ? (cell.continued ?? []).slice(0, count) : cell.lines.slice(from, from + count);
      // A short cell in an unsplit row sits in the middle of it.
      const offset = middle ? ((count - shown.length) * lineHeight) / 2 : 0;
      const color = again ? COLOR.muted : cell.color;
      shown.forEach((line, k) => {
        const lineBottom = top - padding - offset - (k + 1) * lineHeight;
        drawLine(builder, line, { x: x + padding, baseline: baselineIn(lineBottom, lineHeight, size), size, align: cell.align, color });
      });
      x += width;
    });
    builder.y -= height;
  };

  const header = layoutRow([], true);
  const headerLines = Math.max(1, ...header.map((cell) => cell.lines.length));
  const headerHeight = headerLines * lineHeight + 2 * padding;
  const drawHeader = () => drawBand(header, 0, headerLines, COLOR.headerFill, true);

  const firstRowLines = rows.length === 0 ? 0 : Math.min(minSplit, Math.max(1, ...layoutRow(rows[0] ?? [], false).map((cell) => cell.lines.length)));
  builder.ensureRoom(headerHeight + firstRowLines * lineHeight + 2 * padding);
  drawHeader();

  rows.forEach((row, rowIndex) => {
    const cells = layoutRow(row, false);
    const total = Math.max(1, ...cells.map((cell) => cell.lines.length));
    const fill = options.zebra !== false && rowIndex % 2 === 1 ? COLOR.zebraFill : undefined;
    let from = 0;
    while (from < total) {
      const left = total - from;
      const fits = Math.floor((builder.room - 2 * padding + 1e-6) / lineHeight);
      if (fits >= left) {
        drawBand(cells, from, left, fill, from === 0);
        from = total;
      } else if (fits >= Math.min(minSplit, left) && fits > 0) {
        drawBand(cells, from, fits, fill, false);
        from += fits;
        builder.newPage();
        drawHeader();
      } else {
        builder.newPage();
        drawHeader();
      }
    }
  });
  builder.y -= options.spaceAfter ?? 8;
}
