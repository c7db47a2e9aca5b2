import type Database from 'better-sqlite3';
import type { Commands } from '../../../shared/contract/commands';
import type { Handlers } from '../router';
import { createBackup, verifyBackup } from './workspaceBackup';

/**
 * `backup.create` and `backup.verify` over the open store. Restoring is not a command of
 * a running core — it replaces the data directory the core has open — so the shells run
 * `restoreBackup` before they open one (`panel-review backup restore`).
 */
export function backupHandlers(deps: { db: Database.Database; dataDir: string; now: () => Date }): Pick<Handlers<Commands>, 'backup.create' | 'backup.verify'> {
  return {
    'backup.create': (input) => createBackup({ dataDir: deps.dataDir, db: deps.db, out: input.out, now: deps.now }),
    'backup.verify': (input) => verifyBackup(input.file),
  };
}
