import type { Results } from '../../../shared/domain/results';
import type { TieBreak } from '../../../shared/domain/statistics';
import type { CliCommand } from '../commandTable';
import type { CliContext } from '../context';
import { UsageError } from '../usageError';

/** `results` (CLI.md) and the secretary's decisions about them (additions): method set, flag note, tie decide. */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `median,fewerRejects,criterion:c3,decision` → a tie-break chain; the core's schema checks the rest. */
function tieBreakList(value: string): TieBreak[] {
  return value.split(',').map((part) => {
    const [kind, criterionId] = part.trim().split(':');
    if (kind === 'criterion') {
      if (criterionId === undefined || criterionId === '') throw new UsageError('cli.badTieBreaks');
      return { kind: 'criterion', criterionId };
    }
    if (kind === 'median' || kind === 'mean' || kind === 'fewerRejects' || kind === 'decision') return { kind };
    throw new UsageError('cli.badTieBreaks');
  });
}

const figure = (value: number | null): string => (value === null ? '–' : String(Math.round(value * 100) / 100));

function resultsText(results: Results, t: CliContext['t']): string {
  const lines = [t('cli.resultsHeader', { method: t(`method.${results.method}`), official: t(`method.${results.officialMethod}`) })];
  for (const application of results.applications) {
    const open = application.flags.filter((flag) => flag.note === null).length;
    lines.push(
      t('cli.resultsLine', {
        rank: application.rank === null ? '–' : `${application.rank}${application.tied ? '=' : ''}`,
        id: application.id,
        city: application.city ?? '',
        value: figure(application.value),
        n: application.n,
        mean: figure(application.total.mean),
        median: figure(application.total.median),
        sd: figure(application.total.sd),
        flags: application.flags.length === 0 ? '' : t('cli.resultsFlags', { count: application.flags.length, open }),
      }),
    );
  }
  lines.push(t('cli.resultsAgreement', { w: figure(results.agreement.kendallW), alpha: figure(results.agreement.krippendorffAlpha) }));
  return lines.join('\n');
}

export const resultsCommands: readonly CliCommand[] = [
  {
    words: ['results'],
    summaryKey: 'cli.help.results',
    synopsis: '--round R [--method official|mean|trimmed|median|zscore]',
    options: { round: { type: 'string' }, method: { type: 'string' } },
    required: ['round'],
    async run({ values }, { invoke, t }) {
      const results = await invoke('results.show', {
        roundId: text(values.round),
        ...(values.method === undefined ? {} : { method: text(values.method) as Results['method'] }),
      });
      return { json: results, text: resultsText(results, t) };
    },
  },
  {
    words: ['method', 'set'],
    summaryKey: 'cli.help.methodSet',
    synopsis: '--round R [--method mean|trimmed|median] [--tie-breaks median,fewerRejects,criterion:ID,decision] [--reason T]',
    options: { round: { type: 'string' }, method: { type: 'string' }, 'tie-breaks': { type: 'string' }, reason: { type: 'string' } },
    required: ['round'],
    async run({ values }, { invoke, t }) {
      if (values.method === undefined && values['tie-breaks'] === undefined) throw new UsageError('cli.methodSetHow');
      const config = await invoke('method.set', {
        roundId: text(values.round),
        ...(values.method === undefined ? {} : { officialMethod: text(values.method) as 'mean' }),
        ...(values['tie-breaks'] === undefined ? {} : { tieBreaks: tieBreakList(text(values['tie-breaks'])) }),
        ...(values.reason === undefined ? {} : { reason: text(values.reason) }),
      });
      const chain = config.tieBreaks.map((step) => (step.kind === 'criterion' ? `criterion:${step.criterionId}` : step.kind)).join(', ');
      return { json: config, text: t('cli.methodSaved', { method: t(`method.${config.officialMethod}`), chain }) };
    },
  },
  {
    words: ['flag', 'note'],
    summaryKey: 'cli.help.flagNote',
    synopsis: '--round R --app A (--criterion C | --total) --note T [--consensus]',
    options: {
      round: { type: 'string' },
      app: { type: 'string' },
      criterion: { type: 'string' },
      total: { type: 'boolean' },
      note: { type: 'string' },
      consensus: { type: 'boolean' },
    },
    required: ['round', 'app', 'note'],
    async run({ values }, { invoke, t }) {
      if ((values.criterion === undefined) === (values.total !== true)) throw new UsageError('cli.flagNoteWhich');
      const result = await invoke('flag.note', {
        roundId: text(values.round),
        applicationId: text(values.app),
        criterionId: values.total === true ? null : text(values.criterion),
        outcome: values.consensus === true ? 'consensus' : 'note',
        note: text(values.note),
      });
      return { json: result, text: t('cli.flagNoted') };
    },
  },
  {
    words: ['tie', 'decide'],
    summaryKey: 'cli.help.tieDecide',
    synopsis: '--round R --apps FIRST,SECOND,… --reason T',
    options: { round: { type: 'string' }, apps: { type: 'string' }, reason: { type: 'string' } },
    required: ['round', 'apps', 'reason'],
    async run({ values }, { invoke, t }) {
      const applicationIds = text(values.apps).split(',').map((id) => id.trim());
      if (applicationIds.some((id) => id === '')) throw new UsageError('cli.badAppList');
      const result = await invoke('tie.decide', { roundId: text(values.round), applicationIds, reason: text(values.reason) });
      return { json: result, text: t('cli.tieDecided', { apps: applicationIds.join(' > ') }) };
    },
  },
];
