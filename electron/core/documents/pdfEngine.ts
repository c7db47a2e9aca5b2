import type { PdfInfo } from '../pdf/inspectPdf';

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
  close(): Promise<void>;
}
