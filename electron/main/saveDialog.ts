import path from 'node:path';
import { type App, BrowserWindow, type Dialog, type IpcMain } from 'electron';
import { z } from 'zod';
import { IPC_CHOOSE_SAVE_PATH } from '../../shared/contract/bridge';
import { isTrustedSender } from './policy';

/** The renderer's request, checked: a bare file name (no directories), one filter of plain extensions. */
const SavePathRequestSchema = z
  .object({
    suggestedName: z.string().min(1).max(255),
    filterName: z.string().min(1).max(100),
    extensions: z.array(z.string().regex(/^[a-z0-9]{1,16}$/)).min(1).max(4),
  })
  .strict();

/**
 * The OS save dialog for exports the back end writes itself (scores.export): the renderer
 * suggests a name, the person picks the place, the renderer gets the path or null.
 */
export function bridgeSaveDialog(ipcMain: IpcMain, app: App, dialog: Dialog): () => void {
  ipcMain.handle(IPC_CHOOSE_SAVE_PATH, async (event, request: unknown): Promise<string | null> => {
    const frame = event.senderFrame;
    if (frame === null || !isTrustedSender(frame.url, frame.parent === null)) return null;
    const parsed = SavePathRequestSchema.safeParse(request);
    if (!parsed.success) return null;
    const { suggestedName, filterName, extensions } = parsed.data;
    // Only the name's last part counts: a suggestion cannot point the dialog elsewhere.
    const name = path.basename(suggestedName.replace(/\\/g, '/'));
    const options = { defaultPath: path.join(app.getPath('documents'), name), filters: [{ name: filterName, extensions }] };
    const window = BrowserWindow.fromWebContents(event.sender);
    const answer = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
    return answer.canceled || answer.filePath === undefined || answer.filePath === '' ? null : answer.filePath;
  });
  return () => ipcMain.removeHandler(IPC_CHOOSE_SAVE_PATH);
}
