import os from 'node:os';
import path from 'node:path';
import { commands, type Commands } from '../../shared/contract/commands';
import { auditHandlers } from './audit/auditHandlers';
import { resultsHandlers } from './results/resultsHandlers';
import { createResultsRepository } from './results/resultsRepository';
import { createAuditLog } from './audit/auditLog';
import { BlobStore } from './blobs/blobStore';
import { createApplicationRepository } from './documents/applicationRepository';
import { documentHandlers } from './documents/documentHandlers';
import type { PdfEngine } from './documents/pdfEngine';
import { PageSnapshots } from './documents/pageSnapshots';
import { TextIndexer } from './documents/textIndexer';
import { PdfWorkerClient } from './pdf/pdfWorkerClient';
import { searchHandlers } from './search/searchHandlers';
import { EventBus } from './events';
import { identityHandlers } from './identity/identityHandlers';
import { expertHandlers } from './expert/expertHandlers';
import { createMergeRepository } from './merge/mergeRepository';
import { mergeHandlers } from './merge/mergeHandlers';
import { createReceivedPackageRepository } from './expert/receivedPackageRepository';
import { createPanelRepository } from './panel/panelRepository';
import { panelHandlers } from './panel/panelHandlers';
import { IdentityService } from './identity/identityService';
import type { IdentityOptions } from './identity/protector';
import { createRouter, type Handlers, type Router, RunningTasks } from './router';
import { createRoundRepository } from './rounds/roundRepository';
import { rubricHandlers } from './scoring/rubricHandlers';
import { createRubricRepository } from './scoring/rubricRepository';
import { scoringHandlers } from './scoring/scoringHandlers';
import { createScoringRepository } from './scoring/scoringRepository';
import { roundHandlers } from './rounds/roundHandlers';
import { scoreSheetHandlers } from './report/scoreSheet/scoreSheetHandlers';
import { reportHandlers } from './report/reportHandlers';
import { backupHandlers } from './backup/backupHandlers';
import { createReportRepository } from './report/reportRepository';
import { createResultsReader } from './results/resultsReader';
import { createSettingsRepository, settingsHandlers } from './settings/settingsHandlers';
import { openStore, type Store } from './store/openStore';
import { appVersion } from './version';

export interface Core {
  readonly router: Router;
  readonly events: EventBus;
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly indexer: TextIndexer;
  /** First-page pictures, which both shells serve at /snapshot/<sha256>. */
  readonly snapshots: PageSnapshots;
  /** This data directory's identity; features that sign or decrypt call its requireUnlocked(). */
  readonly identity: IdentityService;
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  now?: () => Date;
  /** The PDF engines; by default pdf.js in one worker thread per core (two at most), started on first use. */
  pdfEngines?: readonly PdfEngine[];
  /** The OS keychain (Electron main only) and, for tests, a lower scrypt work factor. */
  identity?: IdentityOptions;
}

/**
 * The back end every shell runs: the store opened and migrated, the feature handlers
 * wired to it, one router in front. Throws AppError when the data directory cannot be used.
 */
export function createCore({ dataDir, now = () => new Date(), pdfEngines, identity: identityOptions = {} }: CoreOptions): Core {
  const store = openStore(dataDir);
  const events = new EventBus();
  const tasks = new RunningTasks();
  const blobs = new BlobStore(store.layout.blobs);
  blobs.sweepTemp();
  let engines = pdfEngines;
  // Text extraction shares a document between the engines; checking a file needs only one.
  const pool = () => (engines ??= Array.from({ length: Math.min(2, os.availableParallelism()) }, () => PdfWorkerClient.start()));
  const pdf = () => pool()[0] as PdfEngine;
  const rounds = createRoundRepository(store.db);
  const rubrics = createRubricRepository(store.db);
  const applications = createApplicationRepository(store.db);
  const snapshots = new PageSnapshots(store.db, blobs);
  const indexer = new TextIndexer(store.db, blobs, pool, events, snapshots);
  const settings = createSettingsRepository(store.db, now);
  const identity = new IdentityService(store.layout.keys, identityOptions, now);
  const audit = createAuditLog(store.db, now);
  const received = createReceivedPackageRepository(store.db);
  const results = createResultsRepository(store.db);
  const handlers: Handlers<Commands> = {
    'app.info': () => ({ version: appVersion, dataDir: store.dataDir, schemaVersion: store.schemaVersion }),
    'task.cancel': ({ taskId }) => ({ cancelled: tasks.cancel(taskId) }),
    ...roundHandlers({ db: store.db, rounds, rubrics, events, now }),
    ...rubricHandlers({ db: store.db, rounds, rubrics, events, now }),
    ...scoringHandlers({ rounds, rubrics, scoring: createScoringRepository(store.db), now }),
    ...settingsHandlers(settings, events),
    ...documentHandlers({
      rounds,
      applications,
      blobs,
      pdf,
      indexer,
      events,
      settings,
      now,
      stagingRoot: path.join(store.dataDir, 'staging'),
    }),
    ...searchHandlers(store.db, rounds),
    ...identityHandlers(identity),
    ...expertHandlers({
      db: store.db,
      rounds,
      applications,
      received,
      rubrics,
      blobs,
      pdf,
      identity,
      indexer,
      events,
      now,
      stagingRoot: path.join(store.dataDir, 'staging'),
    }),
    ...scoreSheetHandlers({ db: store.db, rounds, rubrics, received, language: () => settings.language(), now }),
    ...panelHandlers({ db: store.db, rounds, applications, rubrics, panel: createPanelRepository(store.db), blobs, identity, events, now, audit }),
    ...mergeHandlers({ db: store.db, rounds, rubrics, merge: createMergeRepository(store.db), identity, audit, events, now }),
    ...auditHandlers(audit),
    ...resultsHandlers({ db: store.db, rounds, rubrics, applications, results, audit, events, now }),
    ...reportHandlers({
      db: store.db,
      rounds,
      reader: createResultsReader({ db: store.db, rubrics, applications, results }),
      reports: createReportRepository(store.db),
      audit,
      language: () => settings.language(),
      now,
    }),
    ...backupHandlers({ db: store.db, dataDir: store.dataDir, now }),
  };
  const router = createRouter(commands, handlers, events, tasks);
  return {
    router,
    events,
    store,
    blobs,
    indexer,
    snapshots,
    identity,
    close() {
      // Stop the PDF workers before the database goes, so no page lands on a closed store.
      if (engines === undefined) {
        store.close();
        return Promise.resolve();
      }
      return Promise.allSettled(engines.map((engine) => engine.close())).then(() => store.close());
    },
  };
}
