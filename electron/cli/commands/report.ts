import path from 'node:path';
import { ReportFileFormatSchema } from '../../../shared/domain/report/reportExport';
import type { CliCommand } from '../commandTable';
import { UsageError } from '../usageError';

/** `report` (CLI.md "Secretary"): a report of the round written to a file. */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const reportCommands: readonly CliCommand[] = [
  {
    words: ['report'],
    summaryKey: 'cli.help.report',
    synopsis: '--round R --format xlsx|csv|json|pdf --out FILE [--draft]',
    options: { round: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, draft: { type: 'boolean' } },
    required: ['round', 'format', 'out'],
    // No passphrase: a report is made from the store alone; nothing is signed or decrypted.
    async run({ values }, context) {
      const format = ReportFileFormatSchema.safeParse(values.format);
      if (!format.success) throw new UsageError('cli.badReportFormat');
      const result = await context.invokeWithProgress('report.export', {
        roundId: text(values.round),
        format: format.data,
        out: path.resolve(text(values.out)),
        ...(values.draft === true ? { draft: true } : {}),
        // The report's language follows --lang when given, else the app's setting.
        ...(context.flags.lang === undefined ? {} : { language: context.flags.lang }),
      });
      const line = result.draft ? context.t('cli.reportDraftWritten', result) : context.t('cli.reportWritten', result);
      const missing = result.missingCharacters.length === 0 ? [] : [context.t('cli.reportMissingCharacters', { count: result.missingCharacters.length, characters: result.missingCharacters.join(' ') })];
      return { json: result, text: [line, ...missing].join('\n') };
    },
  },
];
