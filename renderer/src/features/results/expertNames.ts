import type { ExpertReturn } from '../../../../shared/domain/merge';
import type { Results } from '../../../../shared/domain/results';

export interface ExpertNames {
  /** Column order: enrolment (as returns.status lists them), then any expert only the results know. */
  order: readonly string[];
  name(fingerprint: string): string;
  /** Only the experts whose returns have been merged: the matrix and charts are about them. */
  scoring: readonly string[];
  returns: readonly ExpertReturn[];
}

/**
 * Results name experts by key fingerprint; people know them by name. The names come from
 * returns.status (one read for the whole round); an expert removed since merging keeps
 * the start of their fingerprint.
 */
export function expertNames(returns: readonly ExpertReturn[], results: Results | null): ExpertNames {
  const names = new Map(returns.map((expert) => [expert.fingerprint, expert.name]));
  const inResults = results?.experts.map((expert) => expert.fingerprint) ?? [];
  const order = [...returns.map((expert) => expert.fingerprint), ...inResults.filter((fingerprint) => !names.has(fingerprint))];
  const returned = new Set(inResults);
  return {
    order,
    name: (fingerprint) => names.get(fingerprint) ?? `${fingerprint.slice(0, 15)}…`,
    scoring: order.filter((fingerprint) => returned.has(fingerprint)),
    returns,
  };
}
