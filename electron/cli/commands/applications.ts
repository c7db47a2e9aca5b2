import type { DocKind } from '../../../shared/domain/application';
import type { CliCommand } from '../commandTable';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const applicationCommands: readonly CliCommand[] = [
  {
    words: ['app', 'import'],
    summaryKey: 'cli.help.appImport',
    synopsis:
      '--round R [--city C] [--province P] [--applicant A] [--doc-kind plan|form|opinion|other] [--password P] PATH…',
    options: {
      round: { type: 'string' },
      city: { type: 'string' },
      province: { type: 'string' },
      applicant: { type: 'string' },
      'doc-kind': { type: 'string' },
      password: { type: 'string' },
    },
    required: ['round'],
    positionals: { min: 1, name: 'PATH…' },
    async run({ values, positionals }, { invokeWithProgress, t }) {
      const result = await invokeWithProgress('application.import', {
        roundId: text(values.round) ?? '',
        city: text(values.city),
        province: text(values.province),
        applicant: text(values.applicant),
        ...(values['doc-kind'] === undefined ? {} : { docKind: text(values['doc-kind']) as DocKind }),
        ...(values.password === undefined ? {} : { password: text(values.password) }),
        paths: positionals,
      });
      const city = text(values.city);
      const lines = [
        t('cli.appImported', { id: result.id, where: city === undefined ? '' : `（${city}）`, count: result.documents.length }),
        ...result.documents.map((doc) =>
          t('cli.docLine', {
            kind: t(`docKind.${doc.kind}`),
            name: doc.name,
            pages: doc.pages,
            sha: doc.sha256.slice(0, 12),
            status: t(`cli.docStatus.${doc.status}`),
          }),
        ),
        ...result.skipped.map((s) => t('cli.skippedLine', { name: s.name, reason: t(`cli.skipReason.${s.reason}`) })),
      ];
      return { json: result, text: lines.join('\n') };
    },
  },
  {
    words: ['app', 'list'],
    summaryKey: 'cli.help.appList',
    synopsis: '--round R',
    options: { round: { type: 'string' } },
    required: ['round'],
    async run({ values }, { invoke, t }) {
      const round = text(values.round) ?? '';
      const { applications } = await invoke('application.list', { roundId: round });
      const none = t('cli.notGiven');
      const lines = applications.flatMap((app) => [
        t('cli.applicationLine', {
          id: app.id,
          city: app.city ?? none,
          province: app.province ?? none,
          applicant: app.applicant ?? none,
          count: app.documents.length,
        }),
        ...app.documents.map((doc) =>
          t('cli.documentLine', {
            kind: t(`docKind.${doc.kind}`),
            name: doc.name,
            pages: doc.pages,
            text: t(`cli.textStatus.${doc.textStatus}`, { done: doc.textPages, pages: doc.pages }),
          }),
        ),
      ]);
      return {
        json: { applications },
        text: applications.length === 0 ? t('cli.noApplications', { round }) : lines.join('\n'),
      };
    },
  },
  {
    words: ['app', 'update'],
    summaryKey: 'cli.help.appUpdate',
    synopsis: '--app A [--city C] [--province P] [--applicant A]',
    options: { app: { type: 'string' }, city: { type: 'string' }, province: { type: 'string' }, applicant: { type: 'string' } },
    required: ['app'],
    async run({ values }, { invoke, t }) {
      // Only the flags given change; an empty value clears the field.
      const app = await invoke('application.update', {
        applicationId: text(values.app) ?? '',
        ...(values.city === undefined ? {} : { city: text(values.city) }),
        ...(values.province === undefined ? {} : { province: text(values.province) }),
        ...(values.applicant === undefined ? {} : { applicant: text(values.applicant) }),
      });
      const none = t('cli.notGiven');
      return {
        json: app,
        text: t('cli.applicationLine', { id: app.id, city: app.city ?? none, province: app.province ?? none, applicant: app.applicant ?? none, count: app.documents.length }),
      };
    },
  },
];
