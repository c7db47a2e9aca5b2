import { documentUrl, snapshotUrl } from '../../../../shared/domain/application';
import { prefetchSnapshot } from '../reader/pageSnapshot';

/**
 * Starts opening a stored document the moment the user asks for it (a click in the list
 * of documents, a search hit), before the reader's route has rendered: its first and last
 * bytes are fetched and parsed by a waiting pdf.js worker meanwhile, and the picture of
 * its first page is fetched and decoded. Without a password:
 * a protected document then fails here and the reader opens it again with its password.
 * The reader's code is already loaded by then (App.tsx prewarms it); if not, this waits
 * for it like the route does.
 */
export function prefetchDocument(sha256: string): void {
  // The stored picture of page 1 (pageSnapshot.ts), fetched and decoded meanwhile too.
  prefetchSnapshot(snapshotUrl(sha256));
  void import('../reader/pdfjs').then(
    (pdfjs) => pdfjs.prefetchPdf(documentUrl(sha256), null),
    () => undefined,
  );
}
