import type { DocumentBuilder } from './documentBuilder';
import { boxStats, niceScale, type Scale, symmetricScale } from './chartScale';
import { fitText } from './pageChrome';
import { COLOR, SIZE } from './theme';
import { paragraph } from './typeset';

/**
 * Vector charts drawn with pdf-lib's lines and rectangles (sharp at any zoom, text
 * extractable, no raster images). Both charts are horizontal: one row per application
 * or expert, labelled on the left, so that Chinese names stay readable for 100
 * applications and a long chart simply continues on the next page with its axis.
 */

interface RowChart<Row> {
  rows: readonly Row[];
  label: (row: Row) => string;
  scale: Scale;
  axisLabel: string;
  /** Draws one row's marks; `at(value)` maps a value to x, `middle` is the row's centre line. */
  drawRow: (row: Row, at: (value: number) => number, middle: number, rowHeight: number) => void;
  /** A vertical line to emphasise (zero for deviations). */
  emphasise?: number;
  /** Tick labels carry a sign (deviations). */
  signedTicks?: boolean;
  /** Room kept at both ends of the plot for labels beside the marks. */
  inset?: number;
}

const ROW_HEIGHT = 15;
const LABEL_WIDTH = 128;
const AXIS_HEIGHT = 30;
const MIN_ROWS_ON_PAGE = 3;

function drawRowChart<Row>(builder: DocumentBuilder, chart: RowChart<Row>): void {
  const plotLeft = builder.frame.left + LABEL_WIDTH;
  const plotRight = builder.frame.right - 12;
  const inset = chart.inset ?? 0;
  const { min, max } = chart.scale;
  const at = (value: number) => plotLeft + inset + ((value - min) / (max - min)) * (plotRight - plotLeft - 2 * inset);
  let next = 0;
  while (next < chart.rows.length) {
    const fits = Math.floor((builder.room - AXIS_HEIGHT - 6) / ROW_HEIGHT);
    if (fits < Math.min(MIN_ROWS_ON_PAGE, chart.rows.length - next)) {
      builder.newPage();
      continue;
    }
    const chunk = chart.rows.slice(next, next + fits);
    next += chunk.length;
    const top = builder.y - 4;
    const bottom = top - chunk.length * ROW_HEIGHT;
    for (const tick of chart.scale.ticks) {
      const x = at(tick);
      builder.page.drawLine({ start: { x, y: bottom }, end: { x, y: top }, thickness: 0.4, color: COLOR.gridLine });
    }
    if (chart.emphasise !== undefined) {
      const x = at(chart.emphasise);
      builder.page.drawLine({ start: { x, y: bottom - 2 }, end: { x, y: top }, thickness: 1, color: COLOR.ink });
    }
    chunk.forEach((row, index) => {
      const middle = top - (index + 0.5) * ROW_HEIGHT;
      if (index % 2 === 1) builder.page.drawRectangle({ x: builder.frame.left, y: middle - ROW_HEIGHT / 2, width: builder.frame.width, height: ROW_HEIGHT, color: COLOR.zebraFill, opacity: 0.6 });
      const label = fitText(builder, chart.label(row), SIZE.small, LABEL_WIDTH - 8);
      builder.drawText(label, { x: plotLeft - 6 - builder.widthOf(label, SIZE.small), y: middle - SIZE.small * 0.35, size: SIZE.small });
      chart.drawRow(row, at, middle, ROW_HEIGHT);
    });
    // Axis: base line, ticks, tick labels, axis title.
    builder.page.drawLine({ start: { x: at(min), y: bottom }, end: { x: at(max), y: bottom }, thickness: 0.8, color: COLOR.ink });
    for (const tick of chart.scale.ticks) {
      const x = at(tick);
      builder.page.drawLine({ start: { x, y: bottom }, end: { x, y: bottom - 3 }, thickness: 0.8, color: COLOR.ink });
      const text = tickLabel(tick, chart.scale, chart.signedTicks === true);
      builder.drawText(text, { x: x - builder.widthOf(text, SIZE.small) / 2, y: bottom - 12, size: SIZE.small, color: COLOR.muted });
    }
    const title = chart.axisLabel;
    builder.drawText(title, { x: (plotLeft + plotRight) / 2 - builder.widthOf(title, SIZE.small) / 2, y: bottom - 24, size: SIZE.small, color: COLOR.muted });
    builder.y = bottom - AXIS_HEIGHT;
  }
}

/** As many decimals as the step has (0.25 → "0.25", never a rounded "0.3"), a true minus, optionally a plus. */
export function tickLabel(value: number, scale: Scale, signed: boolean): string {
  const step = (scale.ticks[1] ?? scale.max) - (scale.ticks[0] ?? scale.min);
  const decimals = Math.min(4, (String(Number(step.toFixed(6))).split('.')[1] ?? '').length);
  const text = Math.abs(value).toFixed(decimals);
  if (Number(text) === 0) return '0';
  return value < 0 ? `−${text}` : signed ? `+${text}` : text;
}

export interface BoxPlotRow {
  label: string;
  values: readonly number[];
}

export interface BoxPlotOptions {
  axisLabel: string;
  /** The axis may not go beyond this range (0 and the rubric's maximum total). */
  limits?: { min: number; max: number };
}

/**
 * Box plot of each row's values (every expert's total for one application): box from
 * the first to the third quartile, median line, whiskers to the furthest values within
 * 1.5 IQR, outliers as circles; a single value shows as its median line alone.
 */
export function drawBoxPlot(builder: DocumentBuilder, rows: readonly BoxPlotRow[], options: BoxPlotOptions): void {
  const all = rows.flatMap((row) => [...row.values]);
  let scale = niceScale(Math.min(...all, Infinity), Math.max(...all, -Infinity));
  if (all.length === 0) scale = niceScale(options.limits?.min ?? 0, options.limits?.max ?? 100);
  if (options.limits !== undefined) scale = niceScale(Math.max(scale.min, options.limits.min), Math.min(scale.max, options.limits.max));
  drawRowChart(builder, {
    rows,
    label: (row) => row.label,
    scale,
    axisLabel: options.axisLabel,
    drawRow: (row, at, middle, rowHeight) => {
      const stats = boxStats(row.values);
      if (stats === null) return;
      const half = rowHeight * 0.3;
      const page = builder.page;
      page.drawLine({ start: { x: at(stats.low), y: middle }, end: { x: at(stats.q1), y: middle }, thickness: 0.7, color: COLOR.boxStroke });
      page.drawLine({ start: { x: at(stats.q3), y: middle }, end: { x: at(stats.high), y: middle }, thickness: 0.7, color: COLOR.boxStroke });
      for (const end of [stats.low, stats.high]) {
        page.drawLine({ start: { x: at(end), y: middle - half * 0.6 }, end: { x: at(end), y: middle + half * 0.6 }, thickness: 0.7, color: COLOR.boxStroke });
      }
      page.drawRectangle({ x: at(stats.q1), y: middle - half, width: Math.max(0.01, at(stats.q3) - at(stats.q1)), height: 2 * half, color: COLOR.boxFill, borderColor: COLOR.boxStroke, borderWidth: 0.7 });
      page.drawLine({ start: { x: at(stats.median), y: middle - half - 1 }, end: { x: at(stats.median), y: middle + half + 1 }, thickness: 1.6, color: COLOR.median });
      for (const value of stats.outliers) page.drawCircle({ x: at(value), y: middle, size: 1.8, borderColor: COLOR.ink, borderWidth: 0.6 });
    },
  });
}

export interface BarRow {
  label: string;
  /** Null: no figure (an expert with no complete totals); the row stays, empty. */
  value: number | null;
}

export interface DivergingBarOptions {
  axisLabel: string;
  format: (value: number) => string;
}

/** Bars from a zero axis (an expert's mean total minus the panel's), positive one colour, negative another. */
export function drawDivergingBars(builder: DocumentBuilder, rows: readonly BarRow[], options: DivergingBarOptions): void {
  const values = rows.map((row) => row.value).filter((value): value is number => value !== null);
  const scale = symmetricScale(values);
  drawRowChart(builder, {
    rows,
    label: (row) => row.label,
    scale,
    axisLabel: options.axisLabel,
    emphasise: 0,
    signedTicks: true,
    inset: 28,
    drawRow: (row, at, middle, rowHeight) => {
      if (row.value === null) return;
      const zero = at(0);
      const end = at(row.value);
      const half = rowHeight * 0.3;
      builder.page.drawRectangle({ x: Math.min(zero, end), y: middle - half, width: Math.max(0.5, Math.abs(end - zero)), height: 2 * half, color: row.value >= 0 ? COLOR.positive : COLOR.negative });
      const text = options.format(row.value);
      const width = builder.widthOf(text, SIZE.small);
      const x = row.value >= 0 ? end + 3 : end - 3 - width;
      builder.drawText(text, { x, y: middle - SIZE.small * 0.35, size: SIZE.small, color: COLOR.muted });
    },
  });
}

/**
 * A chart's caption (图 1 …) above it, and room for the chart: the whole chart when it
 * fits on one page (a short chart is never split), else at least a few of its rows.
 * `extra`: what else goes between caption and chart (a note).
 */
export function chartCaption(builder: DocumentBuilder, text: string, rows: number, extra = 0): void {
  const caption = SIZE.body * 2 + extra;
  const whole = caption + rows * ROW_HEIGHT + AXIS_HEIGHT + 10;
  const page = builder.frame.top - builder.frame.bottom;
  builder.ensureRoom(whole <= page ? whole : caption + MIN_ROWS_ON_PAGE * ROW_HEIGHT + AXIS_HEIGHT);
  paragraph(builder, text, { size: SIZE.body, justify: false, spaceAfter: 2 });
}
