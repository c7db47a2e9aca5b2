import type { AppEvent } from './events';
import type { Result } from './errors';

export interface InvokeOptions {
  /** Set by the caller of a long command so it can cancel it with `task.cancel`. */
  taskId?: string;
}

/**
 * What the Electron preload puts on `window.panelReview`: two functions, nothing else.
 * The web shell offers the same over HTTP; the renderer's client hides the difference.
 */
export interface PanelReviewBridge {
  invoke(command: string, input: unknown, options?: InvokeOptions): Promise<Result<unknown>>;
  on(listener: (event: AppEvent) => void): () => void;
}

/** IPC channel names, shared by main and preload so they cannot drift apart. */
export const IPC_INVOKE = 'panel-review:invoke';
export const IPC_EVENT = 'panel-review:event';
