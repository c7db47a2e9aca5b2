import type { BrowserWindow, IpcMain } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type InvokeOptions } from '../../shared/contract/bridge';
import type { Result } from '../../shared/contract/errors';
import type { Core } from '../core/core';
import { isTrustedSender } from './policy';

/**
 * One IPC handler in front of the core router. ipcMain.handle keeps only an error's
 * message, so results always travel as data; the sender's frame is checked first.
 */
export function bridgeIpc(ipcMain: IpcMain, core: Core, windows: () => BrowserWindow[]): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, command: unknown, input: unknown, options: unknown): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    if (frame === null || !isTrustedSender(frame.url, frame.parent === null)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from an untrusted frame' } };
    }
    if (typeof command !== 'string') return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: 'command must be a string' } };
    const taskId = typeof options === 'object' && options !== null && 'taskId' in options ? (options as InvokeOptions).taskId : undefined;
    return core.router.dispatch(command, input, typeof taskId === 'string' ? { taskId } : {});
  });
  const unsubscribe = core.events.subscribe((event) => {
    for (const window of windows()) window.webContents.send(IPC_EVENT, event);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
