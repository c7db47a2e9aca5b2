import type { PdfInfo } from '../pdf/inspectPdf';
import type { PageSnapshot, SnapshotOptions } from '../pdf/renderSnapshot';

/**
 * What the import pipeline needs from pdf.js. The app and the CLI use the worker-thread
 * engine (parsing never blocks the event loop); tests may pass the in-process functions.
 */
export interface PdfEngine {
  inspect(file: string, options: { displayName: string; password?: string }): Promise<PdfInfo>;
  extract(
    file: string,
    options: {
      password?: string;
      fromPage?: number;
      toPage?: number;
      signal?: AbortSignal;
      onPage: (page: number, text: string) => void | Promise<void>;
    },
  ): Promise<{ pages: number }>;
  /** A picture of one page for the reader to show at once (renderSnapshot.ts); engines without a canvas leave it out. */
  snapshot?(file: string, options: SnapshotOptions): Promise<PageSnapshot>;
  close(): Promise<void>;
}
