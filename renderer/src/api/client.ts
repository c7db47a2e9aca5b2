import type { PanelReviewBridge, InvokeOptions, SavePathRequest } from '../../../shared/contract/bridge';
import type { CommandName, Commands } from '../../../shared/contract/commands';
import type { CommandInput, CommandOutput } from '../../../shared/contract/define';
import type { CommandError } from '../../../shared/contract/errors';
import type { AppEvent } from '../../../shared/contract/events';
import { httpBridge } from './httpBridge';

declare global {
  interface Window {
    /** Put there by the Electron preload; absent in the web shell. */
    panelReview?: PanelReviewBridge<File>;
  }
}

/** The one way the renderer reaches the back end. It cannot tell which transport carries it. */
const bridge: PanelReviewBridge<File> = window.panelReview ?? httpBridge;
export const transport: 'desktop' | 'web' = window.panelReview !== undefined ? 'desktop' : 'web';

/** A command the back end refused; `error.code` is stable and translated by the UI. */
export class ApiError extends Error {
  readonly error: CommandError;
  constructor(error: CommandError) {
    super(error.message);
    this.name = 'ApiError';
    this.error = error;
  }
}

export async function invoke<N extends CommandName>(
  command: N,
  input: CommandInput<Commands, N>,
  options?: InvokeOptions,
): Promise<CommandOutput<Commands, N>> {
  const result = await bridge.invoke(command, input, options);
  if (!result.ok) throw new ApiError(result.error);
  return result.value as CommandOutput<Commands, N>;
}

/** A dropped or picked file as a path the back end can import. */
export function stageFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<string> {
  return bridge.stageFile(file, onProgress);
}

/** Whether this shell can ask for a save path (the desktop's save dialog); else exports are downloads. */
export const canChooseSavePath = bridge.chooseSavePath !== undefined;

/** The path the person chose in the save dialog, or null when they cancelled it (or there is none). */
export async function chooseSavePath(request: SavePathRequest): Promise<string | null> {
  return bridge.chooseSavePath === undefined ? null : bridge.chooseSavePath(request);
}

export function onAppEvent(listener: (event: AppEvent) => void): () => void {
  return bridge.on(listener);
}

export function toCommandError(error: unknown): CommandError {
  if (error instanceof ApiError) return error.error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, details: { detail: message } };
}
