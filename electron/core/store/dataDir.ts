import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError, errorCodeOf, messageOf } from '../errors';

/** The folder name Electron derives userData from (package.json productName). */
export const APP_DIR_NAME = 'Panel Review';
export const DATA_DIR_ENV = 'PANEL_REVIEW_DATA_DIR';

export interface DataDirSources {
  /** `--data-dir` on the command line. */
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Electron's app.getPath('userData'), when running inside Electron. */
  electronUserData?: string | undefined;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * Where Electron would put userData for this app, computed without Electron so the
 * CLI and the web shell open the same data as the desktop app by default.
 */
export function defaultDataDir(sources: DataDirSources = {}): string {
  const env = sources.env ?? process.env;
  const platform = sources.platform ?? process.platform;
  const home = sources.home ?? os.homedir();
  if (platform === 'win32') {
    return path.win32.join(nonEmpty(env.APPDATA) ?? path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  const configHome = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, APP_DIR_NAME);
}

/** `--data-dir`, else PANEL_REVIEW_DATA_DIR, else Electron's userData, else the same place computed. */
export function resolveDataDir(sources: DataDirSources = {}): string {
  const env = sources.env ?? process.env;
  const chosen =
    nonEmpty(sources.flag) ?? nonEmpty(env[DATA_DIR_ENV]) ?? nonEmpty(sources.electronUserData) ?? defaultDataDir(sources);
  return path.resolve(chosen);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The data directory's layout of DESIGN.md. */
export function dataDirLayout(dataDir: string) {
  return {
    root: dataDir,
    database: path.join(dataDir, 'panel-review.sqlite'),
    blobs: path.join(dataDir, 'blobs', 'sha256'),
    keys: path.join(dataDir, 'keys'),
    logs: path.join(dataDir, 'logs'),
    backups: path.join(dataDir, 'backups'),
  };
}

/**
 * Creates the data directory if needed and proves it writable before anything is
 * opened, so a read-only or impossible location gets a clear error instead of an
 * SQLite failure halfway through. Root passes permission checks, so write a probe.
 */
export function ensureDataDir(dataDir: string): void {
  try {
    makeDirectories(dataDir);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
      throw new AppError('STORE_READ_ONLY', `data directory ${dataDir} is read-only`, { path: dataDir, reason: code });
    }
    throw new AppError('DATA_DIR_UNAVAILABLE', `cannot create data directory ${dataDir}: ${messageOf(error)}`, {
      path: dataDir,
      reason: code ?? messageOf(error),
    });
  }
  if (!fs.statSync(dataDir).isDirectory()) {
    throw new AppError('DATA_DIR_UNAVAILABLE', `${dataDir} is not a directory`, { path: dataDir, reason: 'ENOTDIR' });
  }
  const probe = path.join(dataDir, `.write-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    throw new AppError('STORE_READ_ONLY', `data directory ${dataDir} is not writable: ${messageOf(error)}`, {
      path: dataDir,
      reason: errorCodeOf(error) ?? messageOf(error),
    });
  }
}

/**
 * mkdir -p, one level at a time. Node's own `recursive: true` spins forever where mkdir
 * answers ENOENT under an existing parent (as in /proc); this fails instead.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const directory of missing) fs.mkdirSync(directory, { mode: 0o700 });
}
