import { documentUrl } from '../../../../shared/domain/application';

/**
 * Starts opening a stored document the moment the user asks for it (a click in the list
 * of documents, a search hit), before the reader's route has rendered: its first and last
 * bytes are fetched and parsed by a waiting pdf.js worker meanwhile. Without a password:
 * a protected document then fails here and the reader opens it again with its password.
 * The reader's code is already loaded by then (App.tsx prewarms it); if not, this waits
 * for it like the route does.
 */
export function prefetchDocument(sha256: string): void {
  void import('../reader/pdfjs').then(
    (pdfjs) => pdfjs.prefetchPdf(documentUrl(sha256), null),
    () => undefined,
  );
}
