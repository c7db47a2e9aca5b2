import type { Language } from '../../../../shared/domain/language';

/**
 * How figures read in the printed summary: aggregates to two decimals, scores as the
 * expert gave them, a true minus sign, a dash for "no figure" (never 0). Kept apart from
 * the layout so that tests compute what to expect the same way.
 */

export const NO_FIGURE = '—';

const minus = (text: string) => text.replace(/^-/, '−');

/** An aggregate (mean, median, SD…): two decimals. */
export function formatAggregate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_FIGURE;
  return minus(value.toFixed(2));
}

/** A score as people write it: 17.5, 18 (never 17.500000000000004 from a sum of steps). */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_FIGURE;
  return minus(String(Number(value.toFixed(4))));
}

/** A deviation with its sign: +1.3, −0.7. */
export function formatSigned(value: number): string {
  const text = Math.abs(value).toFixed(1);
  if (Number(text) === 0) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}

/** A coefficient (Kendall's W, alpha): three decimals. */
export function formatCoefficient(value: number): string {
  return minus(value.toFixed(3));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The date of an ISO time, on this machine's clock: 2025年3月4日, or 2025-03-04 in English. */
export function formatDate(iso: string, language: Language): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return language === 'zh-CN' ? `${at.getFullYear()}年${at.getMonth() + 1}月${at.getDate()}日` : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Date and time to the minute, on this machine's clock. */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
