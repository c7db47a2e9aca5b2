import type { z } from 'zod';
import type { Conflict, StalePackageSchema } from '../../../shared/domain/expert';
import type { CliCommand } from '../commandTable';
import type { CliContext } from '../context';
import { UsageError } from '../usageError';

/**
 * Who reviews what, on the command line: CLI.md's `assign` (by expert, or `--auto N`),
 * and beyond it `conflict decide` and `conflict list`.
 */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `--apps a,b,c`: ids separated by commas, none empty. */
function applicationList(value: string): string[] {
  const ids = value.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new UsageError('cli.badAppList');
  return ids;
}

/** `--auto N`: a whole number 1..100 (the core checks the range again). */
function perApplication(value: string): number {
  if (!/^\d{1,3}$/.test(value.trim())) throw new UsageError('cli.badAuto');
  const n = Number(value.trim());
  if (n < 1 || n > 100) throw new UsageError('cli.badAuto');
  return n;
}

/** The reminder after a change of assignments: who needs a new package. */
function staleLines(t: CliContext['t'], stale: readonly z.infer<typeof StalePackageSchema>[]): string[] {
  if (stale.length === 0) return [];
  return [t('cli.staleHeader'), ...stale.map((expert) => t('cli.staleLine', { name: expert.name, fingerprint: expert.fingerprint, at: expert.exportedAt }))];
}

export function conflictLine(t: CliContext['t'], conflict: Conflict, names: ReadonlyMap<string, string>, cities: ReadonlyMap<string, string | null>): string {
  const bases = conflict.bases.length === 0 ? t('cli.conflictBasis.none') : conflict.bases.map((basis) => t(`cli.conflictBasis.${basis}`)).join(t('errors.listSeparator'));
  return t('cli.conflictLine', {
    name: names.get(conflict.fingerprint) ?? '',
    fingerprint: conflict.fingerprint,
    applicationId: conflict.applicationId,
    city: cities.get(conflict.applicationId) ?? t('cli.notGiven'),
    bases: conflict.matched.length > 0 ? `${bases} [${conflict.matched.join(' / ')}]` : bases,
    decision: t(`cli.conflictDecision.${conflict.decision ?? 'none'}`, { reason: conflict.reason ?? '' }),
  });
}

/** Expert names and application cities, for lines that name both. */
async function namesAndCities(context: CliContext, roundId: string) {
  const [{ experts }, { applications }] = await Promise.all([context.invoke('expert.list', { roundId }), context.invoke('application.list', { roundId })]);
  return {
    names: new Map(experts.map((expert) => [expert.fingerprint, expert.name])),
    cities: new Map(applications.map((application) => [application.id, application.city])),
  };
}

export const assignmentCliCommands: readonly CliCommand[] = [
  {
    words: ['assign'],
    summaryKey: 'cli.help.assign',
    synopsis: '--round R (--expert FPR --apps ID,… | --auto N)',
    options: { round: { type: 'string' }, expert: { type: 'string' }, apps: { type: 'string' }, auto: { type: 'string' } },
    required: ['round'],
    async run({ values }, context) {
      const { invoke, t } = context;
      const roundId = text(values.round);
      if (values.auto !== undefined) {
        if (values.expert !== undefined || values.apps !== undefined) throw new UsageError('cli.assignHow');
        const n = perApplication(text(values.auto));
        const result = await invoke('assignment.auto', { roundId, perApplication: n });
        const { names } = await namesAndCities(context, roundId);
        const lines = result.added.map((a) => t('cli.autoLine', { applicationId: a.applicationId, name: names.get(a.fingerprint) ?? '', fingerprint: a.fingerprint }));
        return {
          json: result,
          text: [t('cli.autoAssigned', { n, count: result.added.length }), ...lines, ...staleLines(t, result.stalePackages)].join('\n'),
        };
      }
      if (values.expert === undefined || values.apps === undefined) throw new UsageError('cli.assignHow');
      const result = await invoke('assignment.set', { roundId, fingerprint: text(values.expert), applicationIds: applicationList(text(values.apps)) });
      const fingerprint = result.assignments[0]?.fingerprint ?? text(values.expert);
      const apps = result.assignments.map((a) => a.applicationId);
      const lines = [t('cli.assigned', { fingerprint, count: apps.length, apps: apps.join(', ') })];
      if (result.conflicts.length > 0) {
        const { names, cities } = await namesAndCities(context, roundId);
        lines.push(t('cli.conflictsAllowed'), ...result.conflicts.map((conflict) => `  ${conflictLine(t, conflict, names, cities)}`));
      }
      return { json: result, text: [...lines, ...staleLines(t, result.stalePackages)].join('\n') };
    },
  },
  {
    words: ['conflict', 'decide'],
    summaryKey: 'cli.help.conflictDecide',
    synopsis: '--round R --expert FPR --app A (--recuse [--reason T] | --allow REASON)',
    options: { round: { type: 'string' }, expert: { type: 'string' }, app: { type: 'string' }, recuse: { type: 'boolean' }, allow: { type: 'string' }, reason: { type: 'string' } },
    required: ['round', 'expert', 'app'],
    async run({ values }, { invoke, t }) {
      const recuse = values.recuse === true;
      const allow = values.allow === undefined ? undefined : text(values.allow);
      if (recuse === (allow !== undefined) || (allow !== undefined && values.reason !== undefined)) throw new UsageError('cli.conflictHow');
      const reason = recuse ? (values.reason === undefined ? undefined : text(values.reason)) : allow;
      const result = await invoke('conflict.decide', {
        roundId: text(values.round),
        fingerprint: text(values.expert),
        applicationId: text(values.app),
        decision: recuse ? 'recuse' : 'allow',
        ...(reason === undefined ? {} : { reason }),
      });
      const { fingerprint, applicationId } = result.conflict;
      const line = recuse
        ? t(result.unassigned ? 'cli.conflictRecusedUnassigned' : 'cli.conflictRecused', { fingerprint, applicationId })
        : t('cli.conflictAllowed', { fingerprint, applicationId, reason: result.conflict.reason ?? '' });
      return { json: result, text: [line, ...staleLines(t, result.stalePackages)].join('\n') };
    },
  },
  {
    words: ['conflict', 'list'],
    summaryKey: 'cli.help.conflictList',
    synopsis: '--round R',
    options: { round: { type: 'string' } },
    required: ['round'],
    async run({ values }, context) {
      const roundId = text(values.round);
      const { conflicts } = await context.invoke('conflict.list', { roundId });
      if (conflicts.length === 0) return { json: { conflicts }, text: context.t('cli.noConflicts') };
      const { names, cities } = await namesAndCities(context, roundId);
      return { json: { conflicts }, text: conflicts.map((conflict) => conflictLine(context.t, conflict, names, cities)).join('\n') };
    },
  },
];
