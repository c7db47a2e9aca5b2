import { AppError } from '../errors';

const PREFIX = 'SHA256:';
/** How many candidates an ambiguity error names: enough to pick from, short enough for one line. */
const SHOWN = 5;

/**
 * The one enrolled fingerprint that `given` names (CLI.md: the fingerprint or a unique
 * prefix of it). People copy `SHA256:3kFq…` or type only the first characters after
 * the colon, so a prefix is matched against both spellings.
 */
export function resolveFingerprint(given: string, enrolled: readonly string[], roundId: string): string {
  const exact = enrolled.find((fingerprint) => fingerprint === given);
  if (exact !== undefined) return exact;
  const matches = enrolled.filter((fingerprint) => fingerprint.startsWith(given) || fingerprint.slice(PREFIX.length).startsWith(given));
  const [only, ...others] = matches;
  if (only === undefined) {
    throw new AppError('EXPERT_NOT_FOUND', `round ${roundId} has no expert whose fingerprint starts with ${given}`, { fingerprint: given, roundId });
  }
  if (others.length > 0) {
    const shown = matches.slice(0, SHOWN).join(', ') + (matches.length > SHOWN ? ', …' : '');
    throw new AppError('EXPERT_AMBIGUOUS', `${given} matches ${matches.length} experts of round ${roundId}`, {
      fingerprint: given,
      roundId,
      count: matches.length,
      matches: shown,
    });
  }
  return only;
}
