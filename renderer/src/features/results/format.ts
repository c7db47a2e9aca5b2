/**
 * Figures as the dashboard shows them: at most two decimals (the JSON keeps them
 * unrounded), and an en dash where there is no figure (too few experts, a recusal).
 */
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });

export const NO_FIGURE = '–';

export function formatFigure(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_FIGURE;
  // -0.001 rounds to "-0": say 0.
  const text = twoDecimals.format(value);
  return text === '-0' ? '0' : text;
}

/** A difference with its sign, for leniency: "+1.5", "-0.33", "0". */
export function formatSigned(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_FIGURE;
  const text = formatFigure(value);
  return value > 0 && text !== '0' ? `+${text}` : text;
}
