import type { Color } from 'pdf-lib';
import type { DocumentBuilder } from './documentBuilder';
import type { FontWeight } from './fontFiles';
import { type Line, type TextSpan, wrapSpans } from './textLayout';
import { COLOR, LEADING, SIZE } from './theme';

/**
 * Flowing text on a DocumentBuilder: paragraphs that wrap (textLayout.ts) and continue
 * on the next page, justified Chinese lines, headings kept with what follows them, and
 * runs of bold inside a line ("主要优势：" before the expert's words).
 */

export type Run = TextSpan<FontWeight>;

export const regular = (text: string): Run => ({ text, style: 'regular' });
export const bold = (text: string): Run => ({ text, style: 'bold' });

/** Where the baseline sits in a line box: the CJK em box (−0.12…0.88 em) centred in it. */
export function baselineIn(lineBottom: number, lineHeight: number, size: number): number {
  return lineBottom + (lineHeight - size) / 2 + size * 0.12;
}

export function layoutRuns(builder: DocumentBuilder, runs: readonly Run[], size: number, width: number, firstLineWidth?: number): Line<FontWeight>[] {
  const measure = (text: string, weight: FontWeight) => builder.widthOf(text, size, weight);
  return wrapSpans(runs, measure, width, firstLineWidth === undefined ? {} : { firstLineWidth });
}

export interface LineStyle {
  x: number;
  baseline: number;
  size: number;
  color?: Color;
  /** Spread the line to its room (not the last line of a paragraph). */
  justify?: boolean;
  align?: 'left' | 'center' | 'right';
}

/** Largest extra space per character that still looks like justified text, not letter-spacing. */
const MAX_JUSTIFY_SPACING = 0.5;

/** Draws one laid-out line, its runs of each weight one after another. */
export function drawLine(builder: DocumentBuilder, line: Line<FontWeight>, style: LineStyle): void {
  const characters = line.tokens.reduce((count, token) => count + Array.from(token.text).length, 0);
  const slack = line.room - line.width;
  let spacing = 0;
  if (style.justify === true && !line.last && characters > 1 && slack > 0.01) {
    spacing = slack / (characters - 1);
    if (spacing > style.size * MAX_JUSTIFY_SPACING) spacing = 0;
  }
  let x = style.align === 'center' ? style.x + slack / 2 : style.align === 'right' ? style.x + slack : style.x;
  let index = 0;
  while (index < line.tokens.length) {
    const weight = line.tokens[index]?.style ?? 'regular';
    let text = '';
    while (index < line.tokens.length && line.tokens[index]?.style === weight) {
      text += line.tokens[index]?.text ?? '';
      index += 1;
    }
    const drawn = builder.drawText(text, { x, y: style.baseline, size: style.size, weight, color: style.color ?? COLOR.ink, characterSpacing: spacing });
    x += drawn;
  }
}

export interface ParagraphOptions {
  size?: number;
  /** Line height as a multiple of the size. */
  leading?: number;
  /** Left edge and width; the builder's frame by default. */
  x?: number;
  width?: number;
  /** First-line indent in ems (首行缩进 is 2). */
  indent?: number;
  color?: Color;
  justify?: boolean;
  spaceAfter?: number;
}

/** A paragraph (newlines make several) flowing down the page and onto new ones. */
export function paragraph(builder: DocumentBuilder, content: string | readonly Run[], options: ParagraphOptions = {}): void {
  const size = options.size ?? SIZE.body;
  const lineHeight = size * (options.leading ?? LEADING.body);
  const x = options.x ?? builder.frame.left;
  const width = options.width ?? builder.frame.width;
  const indent = (options.indent ?? 0) * size;
  const runs = typeof content === 'string' ? [regular(content)] : content;
  for (const line of layoutRuns(builder, runs, size, width, indent > 0 ? width - indent : undefined)) {
    builder.ensureRoom(lineHeight);
    builder.y -= lineHeight;
    const dx = line.first ? indent : 0;
    drawLine(builder, line, { x: x + dx, baseline: baselineIn(builder.y, lineHeight, size), size, justify: options.justify ?? true, ...(options.color !== undefined ? { color: options.color } : {}) });
  }
  builder.y -= options.spaceAfter ?? size * 0.5;
}

export type HeadingLevel = 1 | 2 | 3;

const HEADING: Record<HeadingLevel, { size: number; before: number; after: number; color: Color }> = {
  1: { size: SIZE.heading1, before: 14, after: 8, color: COLOR.accent },
  2: { size: SIZE.heading2, before: 12, after: 6, color: COLOR.accent },
  3: { size: SIZE.heading3, before: 8, after: 4, color: COLOR.ink },
};

/**
 * A heading, wrapped if long, never alone at the bottom of a page: it moves to the next
 * page unless `keepWith` points (two body lines by default) fit below it.
 */
export function heading(builder: DocumentBuilder, text: string, level: HeadingLevel, options: { keepWith?: number } = {}): void {
  const style = HEADING[level];
  const lineHeight = style.size * LEADING.heading;
  const lines = layoutRuns(builder, [bold(text)], style.size, builder.frame.width);
  const height = style.before + lines.length * lineHeight + style.after;
  const keepWith = options.keepWith ?? SIZE.body * LEADING.body * 2;
  const atTop = builder.pageCount > 0 && builder.y >= builder.frame.top - 1e-6;
  if (!builder.ensureRoom(height + keepWith) && !atTop) builder.y -= style.before;
  for (const line of lines) {
    builder.y -= lineHeight;
    drawLine(builder, line, { x: builder.frame.left, baseline: baselineIn(builder.y, lineHeight, style.size), size: style.size, color: style.color });
  }
  if (level === 1) {
    builder.page.drawLine({ start: { x: builder.frame.left, y: builder.y - 3 }, end: { x: builder.frame.right, y: builder.y - 3 }, thickness: 0.8, color: COLOR.accent });
  }
  builder.y -= style.after;
}

/** Vertical space, unless at the top of a page (where it would only push content down). */
export function gap(builder: DocumentBuilder, height: number): void {
  if (builder.y < builder.frame.top - 1e-6) builder.y -= Math.min(height, builder.room);
}

export interface DefinitionOptions {
  labelWidth: number;
  size?: number;
  x?: number;
  width?: number;
  spaceAfter?: number;
}

/**
 * Label and value pairs, labels in a column of their own (a cover's 评审类型 …, 生成日期 …);
 * a long value wraps under itself, not under its label.
 */
export function definitionList(builder: DocumentBuilder, pairs: readonly (readonly [string, string])[], options: DefinitionOptions): void {
  const size = options.size ?? SIZE.body;
  const lineHeight = size * LEADING.body;
  const x = options.x ?? builder.frame.left;
  const width = options.width ?? builder.frame.width;
  for (const [label, value] of pairs) {
    const lines = layoutRuns(builder, [regular(value)], size, width - options.labelWidth);
    lines.forEach((line, index) => {
      builder.ensureRoom(lineHeight);
      builder.y -= lineHeight;
      const baseline = baselineIn(builder.y, lineHeight, size);
      if (index === 0) builder.drawText(label, { x, y: baseline, size, weight: 'bold', color: COLOR.muted });
      drawLine(builder, line, { x: x + options.labelWidth, baseline, size });
    });
    builder.y -= options.spaceAfter ?? 2;
  }
}
