import { rubricTotal } from '../../../shared/domain/rubric';
import type { CliCommand } from '../commandTable';
import { readRubricFile } from './rubricFile';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const rubricCommands: readonly CliCommand[] = [
  {
    words: ['rubric', 'show'],
    summaryKey: 'cli.help.rubricShow',
    synopsis: '--round R',
    options: { round: { type: 'string' } },
    required: ['round'],
    async run({ values }, { invoke, t }) {
      const shown = await invoke('rubric.show', { roundId: text(values.round) });
      const { rubric } = shown;
      const lines = [
        t('cli.rubricHeader', { name: rubric.name, version: shown.version, total: rubricTotal(rubric), state: t(shown.frozen ? 'cli.rubricFrozen' : 'cli.rubricOpen') }),
        ...rubric.sections.flatMap((section) => [
          section.title,
          ...section.criteria.map((criterion) => `  ${criterion.id}  ${criterion.title} · 0–${criterion.max} / ${criterion.step}`),
        ]),
      ];
      // The JSON is exactly the rubric, so it can be edited and given back to --rubric.
      return { json: rubric, text: lines.join('\n') };
    },
  },
  {
    words: ['rubric', 'set'],
    summaryKey: 'cli.help.rubricSet',
    synopsis: '--round R FILE',
    options: { round: { type: 'string' } },
    required: ['round'],
    positionals: { min: 1, max: 1, name: 'FILE' },
    async run({ values, positionals }, { invoke, t }) {
      const rubric = readRubricFile(positionals[0] ?? '');
      const saved = await invoke('rubric.set', { roundId: text(values.round), rubric });
      return {
        json: { roundId: saved.roundId, version: saved.version, frozen: saved.frozen },
        text: t('cli.rubricSaved', { name: saved.rubric.name, version: saved.version, total: rubricTotal(saved.rubric) }),
      };
    },
  },
];
