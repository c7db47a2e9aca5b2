import { contextBridge, ipcRenderer, type IpcRendererEvent, webUtils } from 'electron';
import { IPC_CHOOSE_SAVE_PATH, IPC_EVENT, IPC_INVOKE, type PanelReviewBridge } from '../../shared/contract/bridge';
import type { AppEvent } from '../../shared/contract/events';

type DroppedFile = Parameters<typeof webUtils.getPathForFile>[0];

/** The renderer's only door to the back end: invoke a command, listen to events, name a dropped file, ask where to save one. */
const bridge: PanelReviewBridge<DroppedFile> = {
  invoke: (command, input, options) => ipcRenderer.invoke(IPC_INVOKE, command, input, options),
  on(listener) {
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => void ipcRenderer.removeListener(IPC_EVENT, forward);
  },
  // The file is already on disk: its path is all the back end needs, no copy through IPC.
  stageFile: async (file) => webUtils.getPathForFile(file),
  // The main process shows the dialog and checks the request; the renderer only learns the chosen path.
  chooseSavePath: (request) => ipcRenderer.invoke(IPC_CHOOSE_SAVE_PATH, request),
};

contextBridge.exposeInMainWorld('panelReview', bridge);
