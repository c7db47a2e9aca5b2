import { DECIMAL_TEXT } from '../../../shared/domain/scoring';
import { AppError } from '../../core/errors';
import type { CliCommand } from '../commandTable';
import { UsageError } from '../usageError';

/** The expert's scripted scoring (CLI.md "Expert"): the same commands, and checks, as the sheet. */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');


function scoreValue(given: string): number {
  const trimmed = given.trim();
  if (!DECIMAL_TEXT.test(trimmed)) throw new AppError('SCORE_NOT_NUMBER', `${given} is not a number`, { value: given });
  return Number(trimmed);
}

export const scoringCommands: readonly CliCommand[] = [
  {
    words: ['coi', 'declare'],
    summaryKey: 'cli.help.coiDeclare',
    synopsis: '--round R --app A (--none | --conflict REASON)',
    options: { round: { type: 'string' }, app: { type: 'string' }, none: { type: 'boolean' }, conflict: { type: 'string' } },
    required: ['round', 'app'],
    async run({ values }, { invoke, t }) {
      const none = values.none === true;
      const conflict = values.conflict === undefined ? undefined : text(values.conflict);
      if (none === (conflict !== undefined)) throw new UsageError('cli.coiOneOf', {});
      const result = await invoke('coi.declare', {
        roundId: text(values.round),
        applicationId: text(values.app),
        coi: conflict === undefined ? { kind: 'none' } : { kind: 'conflict', reason: conflict },
      });
      const line = result.coi.kind === 'none' ? t('cli.coiNone', result) : t('cli.coiConflict', { ...result, reason: result.coi.reason });
      return { json: { applicationId: result.applicationId, coi: result.coi, cleared: result.cleared }, text: line };
    },
  },
  {
    words: ['score', 'set'],
    summaryKey: 'cli.help.scoreSet',
    synopsis: '--round R --app A --criterion C --value V [--comment T]',
    options: { round: { type: 'string' }, app: { type: 'string' }, criterion: { type: 'string' }, value: { type: 'string' }, comment: { type: 'string' } },
    required: ['round', 'app', 'criterion', 'value'],
    async run({ values }, { invoke, t }) {
      const value = scoreValue(text(values.value));
      const result = await invoke('score.set', {
        roundId: text(values.round),
        applicationId: text(values.app),
        criterionId: text(values.criterion),
        value,
        ...(values.comment === undefined ? {} : { comment: text(values.comment) }),
      });
      return { json: result, text: t('cli.scoreSaved', { criterion: text(values.criterion), value }) };
    },
  },
  {
    words: ['opinion', 'set'],
    summaryKey: 'cli.help.opinionSet',
    synopsis: '--round R --app A [--strengths T] [--issues T] [--recommendation approve|revise|reject]',
    options: { round: { type: 'string' }, app: { type: 'string' }, strengths: { type: 'string' }, issues: { type: 'string' }, recommendation: { type: 'string' } },
    required: ['round', 'app'],
    async run({ values }, { invoke, t }) {
      if (values.strengths === undefined && values.issues === undefined && values.recommendation === undefined) throw new UsageError('cli.opinionNothing', {});
      const result = await invoke('opinion.set', {
        roundId: text(values.round),
        applicationId: text(values.app),
        ...(values.strengths === undefined ? {} : { strengths: text(values.strengths) }),
        ...(values.issues === undefined ? {} : { issues: text(values.issues) }),
        ...(values.recommendation === undefined ? {} : { recommendation: text(values.recommendation) }),
      });
      return { json: result, text: t('cli.opinionSaved', {}) };
    },
  },
];
