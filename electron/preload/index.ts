import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type PanelReviewBridge } from '../../shared/contract/bridge';
import type { AppEvent } from '../../shared/contract/events';

/** The renderer's only door to the back end: invoke a command, listen to events. */
const bridge: PanelReviewBridge = {
  invoke: (command, input, options) => ipcRenderer.invoke(IPC_INVOKE, command, input, options),
  on(listener) {
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => void ipcRenderer.removeListener(IPC_EVENT, forward);
  },
};

contextBridge.exposeInMainWorld('panelReview', bridge);
