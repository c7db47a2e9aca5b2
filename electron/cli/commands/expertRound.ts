import path from 'node:path';
import readline from 'node:readline';
import type { PanelInspectOutput } from '../../../shared/domain/expertRound';
import { AppError } from '../../core/errors';
import type { CliCommand } from '../commandTable';
import type { CliContext } from '../context';
import { unlockIdentity } from '../passphrase';
import { UsageError } from '../usageError';

/** The expert's commands of CLI.md (`panel import`, `scores export`) and the secretary's `bundle verify`. */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A person is there to answer: both ends are a terminal. */
function interactive(context: CliContext): boolean {
  return process.stdin.isTTY === true && context.io.isTTY;
}

/** One line from the terminal; only "y" or "yes" (any case) is a yes. */
function askYesNo(question: string): Promise<boolean> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    prompt.question(question, (answer) => {
      // Before close(): its 'close' event would otherwise answer "no" first.
      resolve(/^\s*(y|yes)\s*$/i.test(answer));
      prompt.close();
    });
    // Ctrl+D or a closed terminal: no answer is no.
    prompt.on('close', () => resolve(false));
  });
}

function summary(context: CliContext, inspected: PanelInspectOutput): string {
  const { secretary } = inspected;
  return context.t('cli.panelSummary', {
    round: inspected.round.name,
    kind: context.t(`roundKind.${inspected.round.kind}`),
    applications: inspected.applications,
    documents: inspected.documents,
    megabytes: (inspected.bytes / (1024 * 1024)).toFixed(1),
    name: secretary.name,
    affiliation: secretary.affiliation === null ? '' : context.t('cli.secretaryAffiliation', { affiliation: secretary.affiliation }),
    fingerprint: secretary.fingerprint,
  });
}

/**
 * On a terminal, a secretary key not seen before for this round is shown and must be
 * confirmed before anything is stored; the confirmed fingerprint is then pinned, so the
 * import refuses a file swapped in meanwhile. Returns the fingerprint to expect, if any.
 */
async function confirmSecretary(context: CliContext, file: string): Promise<string | undefined> {
  const inspected = await context.invoke('panel.inspect', { file });
  // Refusals (another expert's package, a changed key) come from the import itself, with their codes.
  if (!inspected.forThisIdentity || inspected.secretaryKnown !== 'new') return undefined;
  context.io.stderr(summary(context, inspected));
  context.io.stderr(context.t('cli.panelNewSecretary'));
  if (!(await askYesNo(context.t('cli.panelConfirm')))) throw new AppError('CANCELLED', 'the secretary key was not confirmed; nothing was imported');
  return inspected.secretary.fingerprint;
}

export const expertRoundCommands: readonly CliCommand[] = [
  {
    words: ['panel', 'import'],
    summaryKey: 'cli.help.panelImport',
    synopsis: '[--expect-secretary FPR] FILE',
    options: { 'expect-secretary': { type: 'string' } },
    positionals: { min: 1, max: 1, name: 'FILE' },
    async run({ values, positionals }, context) {
      if (positionals.length > 1) throw new UsageError('cli.unexpectedArgument', { arg: positionals[1] ?? '' });
      const file = path.resolve(positionals[0] ?? '');
      await unlockIdentity(context);
      const given = values['expect-secretary'] === undefined ? undefined : text(values['expect-secretary']);
      const expectSecretary = given ?? (interactive(context) ? await confirmSecretary(context, file) : undefined);
      const result = await context.invokeWithProgress('panel.import', { file, ...(expectSecretary === undefined ? {} : { expectSecretary }) });
      const { roundId, applications, secretaryFingerprint: fingerprint } = result;
      const lines =
        result.status === 'unchanged'
          ? [context.t('cli.panelUnchanged', { roundId })]
          : [context.t('cli.panelImported', { roundId, applications, fingerprint })];
      // Trust on first use without a person to ask: say loudly which key was trusted.
      if (result.secretaryKnown === 'new' && expectSecretary === undefined) {
        const note = context.t('cli.panelFirstTrust', { fingerprint });
        if (context.flags.json) context.io.stderr(note);
        else lines.push(note);
      }
      return { json: result, text: lines.join('\n') };
    },
  },
  {
    words: ['scores', 'export'],
    summaryKey: 'cli.help.scoresExport',
    synopsis: '--round R --out FILE',
    options: { round: { type: 'string' }, out: { type: 'string' } },
    required: ['round', 'out'],
    async run({ values }, context) {
      await unlockIdentity(context);
      const result = await context.invoke('scores.export', { roundId: text(values.round), outFile: path.resolve(text(values.out)) });
      return { json: result, text: context.t('cli.scoresExported', result) };
    },
  },
  {
    words: ['bundle', 'verify'],
    summaryKey: 'cli.help.bundleVerify',
    synopsis: 'FILE',
    options: {},
    positionals: { min: 1, max: 1, name: 'FILE' },
    async run({ positionals }, context) {
      if (positionals.length > 1) throw new UsageError('cli.unexpectedArgument', { arg: positionals[1] ?? '' });
      await unlockIdentity(context);
      const result = await context.invoke('bundle.verify', { file: path.resolve(positionals[0] ?? '') });
      return { json: result, text: context.t('cli.bundleVerified', { ...result, name: result.expertName }) };
    },
  },
];
