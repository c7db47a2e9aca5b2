import { commands, type Commands } from '../../shared/contract/commands';
import { EventBus } from './events';
import { createRouter, type Handlers, type Router, RunningTasks } from './router';
import { createRoundRepository } from './rounds/roundRepository';
import { roundHandlers } from './rounds/roundHandlers';
import { createSettingsRepository, settingsHandlers } from './settings/settingsHandlers';
import { openStore, type Store } from './store/openStore';
import { appVersion } from './version';

export interface Core {
  readonly router: Router;
  readonly events: EventBus;
  readonly store: Store;
  close(): void;
}

export interface CoreOptions {
  dataDir: string;
  now?: () => Date;
}

/**
 * The back end every shell runs: the store opened and migrated, the feature handlers
 * wired to it, one router in front. Throws AppError when the data directory cannot be used.
 */
export function createCore({ dataDir, now = () => new Date() }: CoreOptions): Core {
  const store = openStore(dataDir);
  const events = new EventBus();
  const tasks = new RunningTasks();
  const handlers: Handlers<Commands> = {
    'app.info': () => ({ version: appVersion, dataDir: store.dataDir, schemaVersion: store.schemaVersion }),
    'task.cancel': ({ taskId }) => ({ cancelled: tasks.cancel(taskId) }),
    ...roundHandlers({ rounds: createRoundRepository(store.db), events, now }),
    ...settingsHandlers(createSettingsRepository(store.db, now), events),
  };
  const router = createRouter(commands, handlers, events, tasks);
  return { router, events, store, close: () => store.close() };
}
