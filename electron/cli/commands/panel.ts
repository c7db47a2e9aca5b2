import fs from 'node:fs';
import path from 'node:path';
import { AppError, errorCodeOf, messageOf } from '../../core/errors';
import { KEY_CARD_MAX_BYTES } from '../../core/identity/keyCard';
import type { CliCommand } from '../commandTable';
import type { Expert } from '../../../shared/domain/expert';
import type { CliContext } from '../context';
import { unlockIdentity } from '../passphrase';
import { UsageError } from '../usageError';

/**
 * The secretary's panel commands of CLI.md: expert add and panel export, and beyond it
 * expert list, expert set and expert remove. Assignment and conflicts: assignments.ts.
 */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `--city X`: given (an empty value clears it) or left out. */
const optional = (value: unknown): { given: true; value: string } | { given: false } =>
  value === undefined ? { given: false } : { given: true, value: text(value) };

function packageLine(t: CliContext['t'], expert: Expert): string {
  if (expert.package === null) return t('cli.packageNone');
  return t(expert.package.stale ? 'cli.packageStale' : 'cli.packageCurrent', { at: expert.package.exportedAt });
}

/** The lines `expert list` prints for one expert. */
export function expertLines(t: CliContext['t'], expert: Expert): string[] {
  const none = t('cli.notGiven');
  return [
    t('cli.expertLine', {
      fingerprint: expert.fingerprint,
      name: expert.name,
      affiliation: affiliationSuffix(t, expert.affiliation),
      count: expert.applicationIds.length,
    }),
    t('cli.expertPlaceLine', { city: expert.city ?? none, province: expert.province ?? none, package: packageLine(t, expert) }),
  ];
}

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

export function affiliationSuffix(t: CliContext['t'], affiliation: string | null): string {
  return affiliation === null ? '' : t('cli.affiliationSuffix', { affiliation });
}

export const panelCommands: readonly CliCommand[] = [
  {
    words: ['expert', 'add'],
    summaryKey: 'cli.help.expertAdd',
    synopsis: '--round R [--city C] [--province P] CARD…',
    options: { round: { type: 'string' }, city: { type: 'string' }, province: { type: 'string' } },
    required: ['round'],
    positionals: { min: 1, name: 'CARD…' },
    async run({ values, positionals }, { invoke, t }) {
      const cards = positionals.map(readCard);
      const city = optional(values.city);
      const province = optional(values.province);
      const { experts } = await invoke('expert.add', {
        roundId: text(values.round),
        cards,
        ...(city.given ? { city: city.value } : {}),
        ...(province.given ? { province: province.value } : {}),
      });
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
      return { json: { experts }, text: experts.length === 0 ? t('cli.noExperts', { round }) : experts.flatMap((expert) => expertLines(t, expert)).join('\n') };
    },
  },
  {
    words: ['expert', 'set'],
    summaryKey: 'cli.help.expertSet',
    synopsis: '--round R --expert FPR [--name N] [--affiliation A] [--city C] [--province P]',
    options: { round: { type: 'string' }, expert: { type: 'string' }, name: { type: 'string' }, affiliation: { type: 'string' }, city: { type: 'string' }, province: { type: 'string' } },
    required: ['round', 'expert'],
    async run({ values }, { invoke, t }) {
      // Only the options given change; an empty value clears affiliation, city or province.
      const fields = (['name', 'affiliation', 'city', 'province'] as const).filter((field) => values[field] !== undefined);
      if (fields.length === 0) throw new UsageError('cli.expertSetNothing');
      const expert = await invoke('expert.update', {
        roundId: text(values.round),
        fingerprint: text(values.expert),
        ...Object.fromEntries(fields.map((field) => [field, text(values[field])])),
      });
      const updated = t('cli.expertUpdated', { name: expert.name, affiliation: affiliationSuffix(t, expert.affiliation), fingerprint: expert.fingerprint });
      return { json: expert, text: [updated, ...expertLines(t, expert)].join('\n') };
    },
  },
  {
    words: ['expert', 'remove'],
    summaryKey: 'cli.help.expertRemove',
    synopsis: '--round R --expert FPR',
    options: { round: { type: 'string' }, expert: { type: 'string' } },
    required: ['round', 'expert'],
    async run({ values }, { invoke, t }) {
      const removed = await invoke('expert.remove', { roundId: text(values.round), fingerprint: text(values.expert) });
      return { json: removed, text: t('cli.expertRemoved', { ...removed, assignments: removed.assignments.length }) };
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
