import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR_NAME, DATA_DIR_ENV, dataDirLayout, defaultDataDir, resolveDataDir } from './dataDir';

/**
 * Where the data lives. Every test passes env, platform and home explicitly, so the
 * machine running the tests (its HOME, XDG_CONFIG_HOME, PANEL_REVIEW_DATA_DIR) never leaks in.
 */
const linux = { platform: 'linux' as const, home: '/home/ann' };

describe('resolveDataDir', () => {
  const all = {
    ...linux,
    flag: '/from/flag',
    env: { [DATA_DIR_ENV]: '/from/env', XDG_CONFIG_HOME: '/xdg' },
    electronUserData: '/from/electron',
  };

  it('takes --data-dir over everything else', () => {
    expect(resolveDataDir(all)).toBe('/from/flag');
  });

  it('takes PANEL_REVIEW_DATA_DIR when there is no flag', () => {
    expect(resolveDataDir({ ...all, flag: undefined })).toBe('/from/env');
  });

  it("takes Electron's userData when there is neither flag nor env", () => {
    expect(resolveDataDir({ ...all, flag: undefined, env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/from/electron');
  });

  it('falls back to the computed default last', () => {
    expect(resolveDataDir({ ...linux, env: { XDG_CONFIG_HOME: '/xdg' } })).toBe(`/xdg/${APP_DIR_NAME}`);
    expect(resolveDataDir({ ...linux, env: {} })).toBe(`/home/ann/.config/${APP_DIR_NAME}`);
  });

  it('ignores empty and blank values at every level', () => {
    expect(resolveDataDir({ ...all, flag: '' })).toBe('/from/env');
    expect(resolveDataDir({ ...all, flag: '   ' })).toBe('/from/env');
    expect(resolveDataDir({ ...all, flag: '', env: { [DATA_DIR_ENV]: '' } })).toBe('/from/electron');
    expect(resolveDataDir({ ...all, flag: ' ', env: { [DATA_DIR_ENV]: '\t' }, electronUserData: '' })).toBe(
      `/home/ann/.config/${APP_DIR_NAME}`,
    );
  });

  it('makes a relative choice absolute against the working directory', () => {
    const resolved = resolveDataDir({ ...linux, flag: 'relative/data', env: {} });
    expect(path.isAbsolute(resolved)).toBe(true);
    expect(resolved).toBe(path.resolve(process.cwd(), 'relative/data'));
    expect(resolveDataDir({ ...linux, env: { [DATA_DIR_ENV]: './d/../e' } })).toBe(path.resolve('e'));
  });

  it('keeps non-ASCII and spaced paths as they are', () => {
    expect(resolveDataDir({ ...linux, flag: '/数据/专家 评审', env: {} })).toBe('/数据/专家 评审');
  });
});

describe('defaultDataDir', () => {
  it('uses XDG_CONFIG_HOME on Linux when set', () => {
    expect(defaultDataDir({ ...linux, env: { XDG_CONFIG_HOME: '/srv/config' } })).toBe('/srv/config/Panel Review');
  });

  it('uses ~/.config on Linux when XDG_CONFIG_HOME is unset or empty', () => {
    expect(defaultDataDir({ ...linux, env: {} })).toBe('/home/ann/.config/Panel Review');
    expect(defaultDataDir({ ...linux, env: { XDG_CONFIG_HOME: '' } })).toBe('/home/ann/.config/Panel Review');
  });

  it('ignores PANEL_REVIEW_DATA_DIR (that is resolveDataDir’s job)', () => {
    expect(defaultDataDir({ ...linux, env: { [DATA_DIR_ENV]: '/elsewhere' } })).toBe('/home/ann/.config/Panel Review');
  });

  it('uses ~/Library/Application Support on macOS, whatever XDG says', () => {
    expect(defaultDataDir({ platform: 'darwin', home: '/Users/ann', env: { XDG_CONFIG_HOME: '/xdg' } })).toBe(
      '/Users/ann/Library/Application Support/Panel Review',
    );
  });

  it('uses %APPDATA% on Windows, else the home folder’s AppData\\Roaming', () => {
    expect(defaultDataDir({ platform: 'win32', home: 'C:\\Users\\ann', env: { APPDATA: 'D:\\Roaming' } })).toBe(
      'D:\\Roaming\\Panel Review',
    );
    expect(defaultDataDir({ platform: 'win32', home: 'C:\\Users\\ann', env: {} })).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Panel Review',
    );
  });

  it('treats an empty %APPDATA% as unset on Windows, as XDG_CONFIG_HOME is on Linux', () => {
    expect(defaultDataDir({ platform: 'win32', home: 'C:\\Users\\ann', env: { APPDATA: '' } })).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Panel Review',
    );
  });

  it('is the folder name Electron derives from productName', () => {
    expect(APP_DIR_NAME).toBe('Panel Review');
  });
});

describe('dataDirLayout', () => {
  it('puts the database, blobs, keys, logs and backups inside the data directory', () => {
    const layout = dataDirLayout('/data');
    expect(layout).toEqual({
      root: '/data',
      database: '/data/panel-review.sqlite',
      blobs: '/data/blobs/sha256',
      keys: '/data/keys',
      logs: '/data/logs',
      backups: '/data/backups',
    });
  });
});
