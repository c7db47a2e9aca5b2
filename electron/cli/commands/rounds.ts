import type { Round } from '../../../shared/domain/round';
import type { CliCommand } from '../commandTable';
import { readRubricFile } from './rubricFile';

function stringValue(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export const roundCommands: readonly CliCommand[] = [
  {
    words: ['round', 'create'],
    summaryKey: 'cli.help.roundCreate',
    synopsis: '--name N --kind plan-review|midterm|assessment|custom [--rubric FILE]',
    options: { name: { type: 'string' }, kind: { type: 'string' }, rubric: { type: 'string' } },
    required: ['name', 'kind'],
    async run({ values }, { invoke, t }) {
      const rubric = values.rubric === undefined ? undefined : readRubricFile(stringValue(values.rubric));
      // Values go to the core unchecked: the contract's schema is the one place that validates them.
      const round = await invoke('round.create', {
        name: stringValue(values.name),
        kind: stringValue(values.kind) as Round['kind'],
        ...(rubric === undefined ? {} : { rubric }),
      });
      return {
        json: round,
        text: t('cli.roundCreated', { id: round.id, name: round.name, kind: t(`roundKind.${round.kind}`) }),
      };
    },
  },
  {
    words: ['round', 'list'],
    summaryKey: 'cli.help.roundList',
    synopsis: '',
    options: {},
    async run(_args, { invoke, t }) {
      const { rounds } = await invoke('round.list', {});
      const lines = rounds.map((r) => `${r.id}  ${r.name} · ${t(`roundKind.${r.kind}`)} · ${t(`role.${r.role}`)}`);
      return {
        json: { rounds },
        text: rounds.length === 0 ? t('cli.noRounds') : [t('cli.roundsHeader'), ...lines].join('\n'),
      };
    },
  },
];
