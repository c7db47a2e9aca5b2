import type { Commands } from '../../../shared/contract/commands';
import { documentUrl } from '../../../shared/domain/application';
import { AppError, isAppError } from '../errors';
import type { EventBus } from '../events';
import type { Handlers } from '../router';
import { requireRound, type RoundRepository } from '../rounds/roundRepository';
import type { ApplicationRepository } from './applicationRepository';
import { importApplication, type ImportDeps } from './importApplication';
import type { TextIndexer } from './textIndexer';
import type { SettingsRepository } from '../settings/settingsHandlers';

export interface DocumentDeps extends ImportDeps {
  rounds: RoundRepository;
  applications: ApplicationRepository;
  indexer: TextIndexer;
  events: EventBus;
  settings: SettingsRepository;
}

/** The reading position of a document, kept per data directory (the web shell's origin changes each launch). */
const positionKey = (sha256: string) => `reader.page.${sha256}`;

export function documentHandlers(deps: DocumentDeps): Pick<
  Handlers<Commands>,
  'application.import' | 'application.list' | 'application.update' | 'document.update' | 'document.open' | 'document.savePosition'
> {
  const requireApplication = (id: string) => {
    const app = deps.applications.getApplication(id);
    if (app === undefined) throw new AppError('NOT_FOUND', `no application ${id}`, { what: id });
    return app;
  };
  return {
    'application.update': ({ applicationId, city, province, applicant }) => {
      const current = requireApplication(applicationId);
      deps.applications.updateApplication(applicationId, {
        city: city === undefined ? current.city : city,
        province: province === undefined ? current.province : province,
        applicant: applicant === undefined ? current.applicant : applicant,
      });
      deps.events.emit({ type: 'changed', entity: 'applications' });
      return requireApplication(applicationId);
    },
    'document.update': ({ applicationId, sha256, kind }) => {
      requireApplication(applicationId);
      if (!deps.applications.updateDocumentKind(applicationId, sha256, kind)) {
        throw new AppError('NOT_FOUND', `application ${applicationId} has no document ${sha256}`, { what: sha256 });
      }
      deps.events.emit({ type: 'changed', entity: 'applications' });
      return requireApplication(applicationId);
    },
    'application.import': async (input, context) => {
      requireRound(deps.rounds, input.roundId);
      const result = await importApplication(deps, input, context);
      deps.events.emit({ type: 'changed', entity: 'applications' });
      // CLI.md: import returns when the text is indexed. The documents are already
      // committed, so a cancel here only stops indexing; it resumes at next start.
      try {
        await deps.indexer.index(
          result.documents.map((d) => d.sha256),
          { signal: context.signal, progress: (done, total) => context.progress('text', done, total) },
        );
      } catch (error) {
        if (!(isAppError(error) && error.code === 'CANCELLED')) throw error;
      }
      return result;
    },
    'document.open': ({ sha256 }) => {
      const blob = deps.applications.blobForReader(sha256);
      if (blob === undefined) throw new AppError('NOT_FOUND', `no document ${sha256}`, { what: sha256 });
      const saved = deps.settings.getJson(positionKey(sha256));
      const lastPage = typeof saved === 'number' && Number.isInteger(saved) && saved >= 1 && saved <= blob.pages ? saved : null;
      return { ...blob, url: documentUrl(sha256), lastPage };
    },
    'document.savePosition': ({ sha256, page }) => {
      if (deps.applications.blobForReader(sha256) === undefined) throw new AppError('NOT_FOUND', `no document ${sha256}`, { what: sha256 });
      deps.settings.setJson(positionKey(sha256), page);
      return { saved: true };
    },
    'application.list': ({ roundId }) => {
      requireRound(deps.rounds, roundId);
      return { applications: deps.applications.listApplications(roundId) };
    },
  };
}
