import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { describeError } from '../../shared/i18n/describeError';
import { createCore, type Core } from '../core/core';
import { isAppError, messageOf } from '../core/errors';
import { blobSourceOf } from '../core/shell/blobResponse';
import { resolveDataDir } from '../core/store/dataDir';
import { createTranslator, languageFromEnv } from '../core/i18n';
import { handleAppProtocol, registerAppScheme } from './appProtocol';
import { hardenApp, hardenSession } from './hardening';
import { bridgeIpc } from './ipc';
import { bridgeSaveDialog } from './saveDialog';
import { APP_ENTRY_URL } from './policy';
import { safeStorageProtector } from './safeStorageProtector';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');

registerAppScheme(protocol);
hardenApp(app);

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the first window instead of opening the store twice.
  app.quit();
} else {
  let core: Core | undefined;

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window !== undefined) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.whenReady().then(() => {
    const dataDirFlag = process.argv.find((arg) => arg.startsWith('--data-dir='))?.slice('--data-dir='.length);
    try {
      core = createCore({
        dataDir: resolveDataDir({ flag: dataDirFlag, electronUserData: app.getPath('userData') }),
        identity: { protector: safeStorageProtector() },
      });
    } catch (error) {
      const t = createTranslator(languageFromEnv(process.env));
      const message = isAppError(error) ? describeError(t, error.toCommandError()) : messageOf(error);
      dialog.showErrorBox(t('app.title'), message);
      app.exit(1);
      return;
    }
    // Text extraction cut short by a quit or crash continues in the background.
    core.indexer.resumePending().catch((error: unknown) => console.error('resuming text extraction failed', error));
    hardenSession(session.defaultSession);
    handleAppProtocol(protocol, rendererDir, blobSourceOf(core), core.snapshots);
    bridgeIpc(ipcMain, core, () => BrowserWindow.getAllWindows());
    bridgeSaveDialog(ipcMain, app, dialog);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  }, (error: unknown) => {
    console.error('startup failed', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void core?.close());
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: '专家评审 Panel Review',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
}
