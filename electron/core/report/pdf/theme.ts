import { type RGB, rgb } from 'pdf-lib';

/**
 * The look of every printed document: A4 portrait with margins that leave room for
 * binding and a running header and footer, sizes from the Chinese 号 scale (五号 10.5 pt
 * body, 小五 9 pt tables), and a restrained palette that survives a black-and-white
 * printer (everything also reads in grey).
 */
export const PAGE = { width: 595.28, height: 841.89 } as const;

export const MARGIN = { top: 70, bottom: 62, left: 62, right: 56 } as const;

/** Baselines of the running header and footer, from the page's bottom edge. */
export const CHROME = { headerBaseline: PAGE.height - 40, headerRule: PAGE.height - 47, footerBaseline: 32 } as const;

export const SIZE = {
  title: 26,
  subtitle: 15,
  heading1: 15,
  heading2: 12.5,
  heading3: 11,
  body: 10.5,
  table: 9,
  small: 8,
  chrome: 8.5,
} as const;

/** Line height as a multiple of the font size: generous for Chinese body text. */
export const LEADING = { body: 1.65, table: 1.4, heading: 1.3 } as const;

export const COLOR: Record<'ink' | 'muted' | 'accent' | 'rule' | 'gridLine' | 'headerFill' | 'zebraFill' | 'boxFill' | 'boxStroke' | 'median' | 'positive' | 'negative' | 'watermark' | 'warning', RGB> = {
  ink: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.42, 0.44, 0.48),
  accent: rgb(0.09, 0.2, 0.42),
  rule: rgb(0.55, 0.58, 0.63),
  gridLine: rgb(0.86, 0.87, 0.89),
  headerFill: rgb(0.88, 0.91, 0.95),
  zebraFill: rgb(0.96, 0.965, 0.975),
  boxFill: rgb(0.8, 0.87, 0.96),
  boxStroke: rgb(0.2, 0.32, 0.58),
  median: rgb(0.75, 0.18, 0.15),
  positive: rgb(0.3, 0.5, 0.78),
  negative: rgb(0.85, 0.5, 0.35),
  watermark: rgb(0.75, 0.2, 0.2),
  warning: rgb(0.7, 0.25, 0.1),
};
