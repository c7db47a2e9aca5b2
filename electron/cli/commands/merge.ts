import path from 'node:path';
import type { BundleImportResult, ExpertReturn } from '../../../shared/domain/merge';
import { describeError, type Translate } from '../../../shared/i18n/describeError';
import type { CliCommand } from '../commandTable';
import { unlockIdentity } from '../passphrase';

/** The secretary's merge: `bundle import` (CLI.md) and `returns` (an addition: how far each expert's returns are). */

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Why a file was rejected or changed nothing, in the CLI's language. */
function reasonText(t: Translate, result: BundleImportResult): string | undefined {
  if (result.status === 'rejected' && result.code !== undefined) {
    return describeError(t, { code: result.code, message: result.reason ?? '', ...(result.details === undefined ? {} : { details: result.details }) });
  }
  if (result.status === 'unchanged' && result.unchanged !== undefined) {
    return t(`merge.unchanged.${result.unchanged}`, { revision: result.revision, mergedRevision: result.mergedRevision });
  }
  return result.reason;
}

function resultLine(t: Translate, result: BundleImportResult, reason: string | undefined): string {
  switch (result.status) {
    case 'accepted':
      return t('cli.bundleAccepted', { file: result.file, name: result.expertName, fingerprint: result.fingerprint, revision: result.revision, applications: result.applications });
    case 'unchanged':
      return t('cli.bundleUnchanged', { file: result.file, reason });
    case 'rejected':
      return t('cli.bundleRejected', { file: result.file, reason });
  }
}

function returnLine(t: Translate, expert: ExpertReturn): string {
  const status = t(`merge.returnStatus.${expert.status}`);
  return expert.revision === null
    ? t('cli.returnsLineNone', { status, name: expert.name, fingerprint: expert.fingerprint, assigned: expert.assigned })
    : t('cli.returnsLine', { status, name: expert.name, fingerprint: expert.fingerprint, done: expert.done, assigned: expert.assigned, revision: expert.revision, receivedAt: expert.receivedAt });
}

export const mergeCommands: readonly CliCommand[] = [
  {
    words: ['bundle', 'import'],
    summaryKey: 'cli.help.bundleImport',
    synopsis: '--round R FILE…',
    options: { round: { type: 'string' } },
    required: ['round'],
    positionals: { min: 1, name: 'FILE…' },
    async run({ values, positionals }, context) {
      const roundId = text(values.round);
      // Refusals that need no key come before the passphrase prompt (an unknown round…).
      await context.invoke('returns.status', { roundId });
      await unlockIdentity(context);
      const { results } = await context.invokeWithProgress('bundle.import', { roundId, files: positionals.map((file) => path.resolve(file)) });
      const { t } = context;
      const shown = results.map((result) => {
        const reason = reasonText(t, result);
        // Under --json too, `reason` is in the CLI's language, as an error's `message` is.
        return { result: reason === undefined ? result : { ...result, reason }, line: resultLine(t, result, reason) };
      });
      const rejected = results.filter((result) => result.status === 'rejected').length;
      return {
        json: { results: shown.map(({ result }) => result) },
        text: shown.map(({ line }) => line).join('\n'),
        ...(rejected === 0 ? {} : { refused: { refusal: t('cli.bundlesRefused', { count: rejected }) } }),
      };
    },
  },
  {
    words: ['returns'],
    summaryKey: 'cli.help.returns',
    synopsis: '--round R',
    options: { round: { type: 'string' } },
    required: ['round'],
    async run({ values }, { invoke, t }) {
      const result = await invoke('returns.status', { roundId: text(values.round) });
      const lines = result.experts.map((expert) => returnLine(t, expert));
      return { json: result, text: lines.length === 0 ? t('cli.noExperts', { round: result.roundId }) : lines.join('\n') };
    },
  },
];
