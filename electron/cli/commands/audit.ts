import type { CliCommand } from '../commandTable';
import { UsageError } from '../usageError';

/** `audit verify` (CLI.md) and `audit list` (an addition): the secretary's audit log. */
export const auditCommands: readonly CliCommand[] = [
  {
    words: ['audit', 'verify'],
    summaryKey: 'cli.help.auditVerify',
    synopsis: '',
    options: {},
    async run(_args, { invoke, t }) {
      // A broken chain is refused (exit 1, AUDIT_CHAIN_BROKEN naming the row).
      const result = await invoke('audit.verify', {});
      return { json: result, text: result.entries === 0 ? t('cli.auditEmpty') : t('cli.auditOk', { entries: result.entries, head: result.head ?? '' }) };
    },
  },
  {
    words: ['audit', 'list'],
    summaryKey: 'cli.help.auditList',
    synopsis: '[--round R] [--limit N]',
    options: { round: { type: 'string' }, limit: { type: 'string' } },
    async run({ values }, { invoke, t }) {
      const limit = values.limit === undefined ? 200 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('cli.badLimit');
      const result = await invoke('audit.list', { ...(typeof values.round === 'string' ? { roundId: values.round } : {}), limit });
      const lines = result.entries.map((entry) =>
        t('cli.auditLine', { seq: entry.seq, at: entry.at, action: entry.action, round: entry.roundId ?? '-', detail: JSON.stringify(entry.detail) }),
      );
      return { json: result, text: lines.length === 0 ? t('cli.auditEmpty') : lines.join('\n') };
    },
  },
];
