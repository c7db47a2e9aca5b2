import { isOnStep, type Criterion } from '../../../../shared/domain/rubric';

export type ScoreInputProblem = { key: 'scoreInvalidNumber' } | { key: 'scoreOutOfRange'; max: number } | { key: 'scoreOffStep'; step: number };

/** Plain decimals only, as typed: "18", "17.5", ".5"; a comma is taken for the point (Chinese IMEs). */
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * What a typed score means: null for an empty field (no score), a number on the
 * criterion's scale, or why it is not one. Never clamps: 25 on a 20-point criterion is
 * shown as wrong, not quietly saved as 20.
 */
export function parseScore(text: string, criterion: Criterion): { value: number | null } | { problem: ScoreInputProblem } {
  const trimmed = text.trim().replace(/[，,。]/g, '.').replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
  if (trimmed === '') return { value: null };
  if (!DECIMAL.test(trimmed)) return { problem: trimmed.startsWith('-') ? { key: 'scoreOutOfRange', max: criterion.max } : { key: 'scoreInvalidNumber' } };
  const value = Number(trimmed);
  if (value > criterion.max) return { problem: { key: 'scoreOutOfRange', max: criterion.max } };
  if (!isOnStep(value, criterion.step)) return { problem: { key: 'scoreOffStep', step: criterion.step } };
  return { value };
}

/** The next value on the step from `value` (↑/↓ keys), held to 0..max. */
export function stepScore(value: number | null, criterion: Criterion, direction: 1 | -1): number {
  if (value === null) return direction > 0 ? 0 : criterion.max;
  const steps = Math.round(value / criterion.step) + direction;
  return Math.min(Math.max(steps * criterion.step, 0), criterion.max);
}

export function formatScore(value: number | null): string {
  return value === null ? '' : String(Math.round(value * 1e6) / 1e6);
}
