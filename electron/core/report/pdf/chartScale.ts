/**
 * The numbers behind the charts (pure): round axis ticks and box-plot statistics.
 */

export interface Scale {
  min: number;
  max: number;
  ticks: number[];
}

/** 1, 2, 2.5 or 5 times a power of ten: steps people read off an axis without effort. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** An axis covering [low, high] with about `count` round ticks; a flat range still gets width. */
export function niceScale(low: number, high: number, count = 6): Scale {
  let from = Math.min(low, high);
  let to = Math.max(low, high);
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    from = 0;
    to = 1;
  }
  if (to - from < 1e-9) {
    const pad = Math.abs(from) > 0 ? Math.abs(from) * 0.1 : 1;
    from -= pad;
    to += pad;
  }
  const step = niceStep((to - from) / Math.max(1, count - 1));
  const min = Math.floor(from / step + 1e-9) * step;
  const max = Math.ceil(to / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let value = min; value <= max + step * 1e-6; value += step) ticks.push(Number(value.toFixed(10)));
  return { min, max, ticks };
}

/** An axis centred on zero, for deviations (an expert's leniency). */
export function symmetricScale(values: readonly number[], count = 7): Scale {
  const largest = Math.max(0, ...values.map((value) => Math.abs(value)));
  const scale = niceScale(-largest, largest, count);
  const edge = Math.max(Math.abs(scale.min), Math.abs(scale.max));
  return niceScale(-edge, edge, count);
}

export interface BoxStats {
  n: number;
  q1: number;
  median: number;
  q3: number;
  /** Whisker ends: the most extreme values within 1.5 × IQR of the box (Tukey). */
  low: number;
  high: number;
  outliers: number[];
}

/** Linear-interpolation quantile of sorted values (the default of R and NumPy). */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const lower = sorted[below] ?? NaN;
  const upper = sorted[above] ?? NaN;
  return lower + (upper - lower) * (position - below);
}

export function boxStats(values: readonly number[]): BoxStats | null {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = sorted.filter((value) => value >= q1 - fence - 1e-9 && value <= q3 + fence + 1e-9);
  return {
    n: sorted.length,
    q1,
    median: quantile(sorted, 0.5),
    q3,
    low: inside[0] ?? q1,
    high: inside.at(-1) ?? q3,
    outliers: sorted.filter((value) => value < q1 - fence - 1e-9 || value > q3 + fence + 1e-9),
  };
}
