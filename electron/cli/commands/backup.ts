import path from 'node:path';
import { restoreBackup } from '../../core/backup/workspaceBackup';
import { resolveDataDir } from '../../core/store/dataDir';
import type { CliCommand } from '../commandTable';
import { UsageError } from '../usageError';

/**
 * `backup create`, `backup verify`, `backup restore` (additions to CLI.md): the whole
 * workspace — database, documents, sealed keys — to one `.prbackup` file and back. No
 * passphrase: keys travel sealed, as they are stored.
 */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function onePositional(positionals: readonly string[]): string {
  if (positionals.length > 1) throw new UsageError('cli.unexpectedArgument', { arg: positionals[1] ?? '' });
  return path.resolve(positionals[0] ?? '');
}

export const backupCommands: readonly CliCommand[] = [
  {
    words: ['backup', 'create'],
    summaryKey: 'cli.help.backupCreate',
    synopsis: '--out FILE.prbackup',
    options: { out: { type: 'string' } },
    required: ['out'],
    async run({ values }, context) {
      const made = await context.invokeWithProgress('backup.create', { out: path.resolve(text(values.out)) });
      return { json: made, text: context.t('cli.backupCreated', made) };
    },
  },
  {
    words: ['backup', 'verify'],
    summaryKey: 'cli.help.backupVerify',
    synopsis: 'FILE.prbackup',
    options: {},
    positionals: { min: 1, max: 1, name: 'FILE' },
    async run({ positionals }, context) {
      const checked = await context.invokeWithProgress('backup.verify', { file: onePositional(positionals) });
      return { json: checked, text: context.t('cli.backupVerified', checked) };
    },
  },
  {
    words: ['backup', 'restore'],
    summaryKey: 'cli.help.backupRestore',
    synopsis: 'FILE.prbackup [--replace]',
    options: { replace: { type: 'boolean' } },
    positionals: { min: 1, max: 1, name: 'FILE' },
    async run({ values, positionals }, context) {
      // Before any core opens the data directory: the restore replaces it.
      const dataDir = resolveDataDir({ ...(context.flags.dataDir === undefined ? {} : { flag: context.flags.dataDir }), env: context.io.env });
      const restored = await restoreBackup(onePositional(positionals), dataDir, { replace: values.replace === true, now: () => new Date() });
      // Opening it migrates an older backup to this version and checks it once more.
      const { rounds } = await context.invoke('round.list', {});
      const result = { ...restored, rounds: rounds.length, migratedTo: context.core().store.schemaVersion };
      return { json: result, text: context.t(restored.keptAside === null ? 'cli.backupRestored' : 'cli.backupRestoredAside', result) };
    },
  },
];
