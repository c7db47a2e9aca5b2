import fs from 'node:fs';
import path from 'node:path';
import { AppError, errorCodeOf, messageOf } from '../../core/errors';
import { KEY_CARD_MAX_BYTES } from '../../core/identity/keyCard';
import type { CliCommand } from '../commandTable';
import type { CliContext } from '../context';
import { unlockIdentity } from '../passphrase';
import { UsageError } from '../usageError';

/** The secretary's panel commands of CLI.md: expert add, assign, panel export (and expert list). */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Read up front, so a missing or oversized file is refused before the data directory is opened. */
function readCard(file: string): { fileName: string; content: string } {
  try {
    // One byte over the limit is enough for readKeyCard to refuse it with its own reason.
    const content = fs.statSync(file).size > KEY_CARD_MAX_BYTES ? 'x'.repeat(KEY_CARD_MAX_BYTES + 1) : fs.readFileSync(file, 'utf8');
    return { fileName: file, content };
  } catch (error) {
    throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: errorCodeOf(error) ?? messageOf(error) });
  }
}

function affiliationSuffix(t: CliContext['t'], affiliation: string | null): string {
  return affiliation === null ? '' : t('cli.affiliationSuffix', { affiliation });
}

/** `--apps a,b,c`: ids separated by commas, none empty. */
function applicationList(value: string): string[] {
  const ids = value.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new UsageError('cli.badAppList');
  return ids;
}

export const panelCommands: readonly CliCommand[] = [
  {
    words: ['expert', 'add'],
    summaryKey: 'cli.help.expertAdd',
    synopsis: '--round R CARD…',
    options: { round: { type: 'string' } },
    required: ['round'],
    positionals: { min: 1, name: 'CARD…' },
    async run({ values, positionals }, { invoke, t }) {
      const cards = positionals.map(readCard);
      const { experts } = await invoke('expert.add', { roundId: text(values.round), cards });
      const lines = experts.map((expert) =>
        t('cli.expertEnrolled', {
          status: t(`cli.enrolmentStatus.${expert.status}`),
          name: expert.name,
          affiliation: affiliationSuffix(t, expert.affiliation),
          fingerprint: expert.fingerprint,
        }),
      );
      return { json: { experts }, text: [...lines, t('cli.checkFingerprints')].join('\n') };
    },
  },
  {
    words: ['expert', 'list'],
    summaryKey: 'cli.help.expertList',
    synopsis: '--round R',
    options: { round: { type: 'string' } },
    required: ['round'],
    async run({ values }, { invoke, t }) {
      const round = text(values.round);
      const { experts } = await invoke('expert.list', { roundId: round });
      const lines = experts.map((expert) =>
        t('cli.expertLine', {
          fingerprint: expert.fingerprint,
          name: expert.name,
          affiliation: affiliationSuffix(t, expert.affiliation),
          count: expert.applicationIds.length,
        }),
      );
      return { json: { experts }, text: experts.length === 0 ? t('cli.noExperts', { round }) : lines.join('\n') };
    },
  },
  {
    words: ['assign'],
    summaryKey: 'cli.help.assign',
    synopsis: '--round R (--expert FPR --apps ID,… | --auto N)',
    options: { round: { type: 'string' }, expert: { type: 'string' }, apps: { type: 'string' }, auto: { type: 'string' } },
    required: ['round'],
    async run({ values }, { invoke, t }) {
      // Automatic assignment avoids flagged conflicts, which come with issue 7.
      if (values.auto !== undefined) throw new UsageError('cli.autoNotYet');
      if (values.expert === undefined || values.apps === undefined) throw new UsageError('cli.assignHow');
      const result = await invoke('assignment.set', {
        roundId: text(values.round),
        fingerprint: text(values.expert),
        applicationIds: applicationList(text(values.apps)),
      });
      const fingerprint = result.assignments[0]?.fingerprint ?? text(values.expert);
      const apps = result.assignments.map((a) => a.applicationId);
      return { json: result, text: t('cli.assigned', { fingerprint, count: apps.length, apps: apps.join(', ') }) };
    },
  },
  {
    words: ['panel', 'export'],
    summaryKey: 'cli.help.panelExport',
    synopsis: '--round R --out DIR',
    options: { round: { type: 'string' }, out: { type: 'string' } },
    required: ['round', 'out'],
    async run({ values }, context) {
      const roundId = text(values.round);
      // Refusals that need no key come before the passphrase prompt: nobody types a
      // passphrase to hear that the round is unknown or nothing is assigned.
      const { experts } = await context.invoke('expert.list', { roundId });
      if (!experts.some((expert) => expert.applicationIds.length > 0)) {
        throw new AppError('PANEL_NOTHING_ASSIGNED', `no expert of round ${roundId} has applications assigned`, { roundId });
      }
      await unlockIdentity(context);
      const { files } = await context.invokeWithProgress('panel.export', { roundId, outDir: path.resolve(text(values.out)) });
      const lines = files.map((file) =>
        context.t('cli.panelLine', { name: file.name, fingerprint: file.fingerprint, apps: file.applicationIds.length, file: file.file }),
      );
      return { json: { files }, text: [context.t('cli.panelsExported', { count: files.length }), ...lines].join('\n') };
    },
  },
];
