import path from 'node:path';
import type { CliCommand } from '../commandTable';

/** The expert's `scoresheet` (CLI.md "Expert"): the printable score sheet as a PDF. */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const scoreSheetCommands: readonly CliCommand[] = [
  {
    words: ['scoresheet'],
    summaryKey: 'cli.help.scoresheet',
    synopsis: '--round R --out FILE.pdf [--draft]',
    options: { round: { type: 'string' }, out: { type: 'string' }, draft: { type: 'boolean' } },
    required: ['round', 'out'],
    // No passphrase: the sheet is made from the store alone; nothing is signed or decrypted.
    async run({ values }, context) {
      const result = await context.invoke('scoresheet.export', {
        roundId: text(values.round),
        out: path.resolve(text(values.out)),
        ...(values.draft === true ? { draft: true } : {}),
        // The sheet's language follows --lang when given, else the app's setting.
        ...(context.flags.lang === undefined ? {} : { language: context.flags.lang }),
      });
      const line = result.draft ? context.t('cli.scoresheetDraftWritten', result) : context.t('cli.scoresheetWritten', result);
      return { json: result, text: line };
    },
  },
];
