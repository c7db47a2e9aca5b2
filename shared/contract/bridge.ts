import type { AppEvent } from './events';
import type { Result } from './errors';

export interface InvokeOptions {
  /** Set by the caller of a long command so it can cancel it with `task.cancel`. */
  taskId?: string;
}

/** What the desktop's save dialog offers: a suggested file name and one filter. */
export interface SavePathRequest {
  suggestedName: string;
  /** The filter's label, in the UI's language, e.g. "评分包". */
  filterName: string;
  /** Without the dot, e.g. ["prscores"]. */
  extensions: string[];
}

/**
 * What the Electron preload puts on `window.panelReview`: four functions, nothing else.
 * The web shell offers the same over HTTP; the renderer's client hides the difference.
 * `F` is the DOM's File, which this pure layer cannot name.
 */
export interface PanelReviewBridge<F = unknown> {
  invoke(command: string, input: unknown, options?: InvokeOptions): Promise<Result<unknown>>;
  on(listener: (event: AppEvent) => void): () => void;
  /**
   * A file the user dropped or picked, as a path the back end can read: on the desktop
   * the file's own path; in the web shell an upload into the data directory's staging
   * area (a browser never reveals local paths).
   */
  stageFile(file: F, onProgress?: (sent: number, total: number) => void): Promise<string>;
  /**
   * Where the back end should write a file the user exports: on the desktop the path the
   * OS save dialog answers (null when cancelled). Absent in the web shell, where a browser
   * cannot name a path: there the file comes back as bytes and is downloaded.
   */
  chooseSavePath?(request: SavePathRequest): Promise<string | null>;
}

/** IPC channel names, shared by main and preload so they cannot drift apart. */
export const IPC_INVOKE = 'panel-review:invoke';
export const IPC_EVENT = 'panel-review:event';
export const IPC_CHOOSE_SAVE_PATH = 'panel-review:choose-save-path';
