import type { CommandOutput } from '../../../../shared/contract/define';
import type { Commands } from '../../../../shared/contract/commands';
import { documentUrl, snapshotUrl } from '../../../../shared/domain/application';
import { invoke } from '../../api/client';
import { prefetchSnapshot } from '../reader/pageSnapshot';

export type OpenedDocument = CommandOutput<Commands, 'document.open'>;

/** document.open asked at a click, waiting for the reader's route to take it: by digest. */
const opening = new Map<string, Promise<OpenedDocument>>();

/**
 * Starts opening a stored document the moment the user asks for it (a click in the list
 * of documents, a search hit), before the reader's route has rendered: the back end is
 * asked where the reader left it (document.open), its first and last bytes are fetched
 * and parsed by a waiting pdf.js worker meanwhile, and the picture of its first page is
 * fetched and decoded. Without a password: a protected document then fails here and
 * the reader opens it again with its password. The reader's code is already loaded by
 * then (App.tsx prewarms it); if not, this waits for it like the route does.
 */
export function prefetchDocument(sha256: string): void {
  const asked = invoke('document.open', { sha256 });
  // Not taken (the route went elsewhere): nothing waits on it, so no unhandled rejection.
  asked.catch(() => undefined);
  opening.set(sha256, asked);
  setTimeout(() => {
    if (opening.get(sha256) === asked) opening.delete(sha256);
  }, 10_000);
  // The stored picture of page 1 (pageSnapshot.ts), fetched and decoded meanwhile too.
  prefetchSnapshot(snapshotUrl(sha256));
  void import('../reader/pdfjs').then(
    (pdfjs) => pdfjs.prefetchPdf(documentUrl(sha256), null),
    () => undefined,
  );
}

/** document.open for the reader: the answer asked for at the click if there is one, else asked now. */
export function openDocument(sha256: string): Promise<OpenedDocument> {
  const asked = opening.get(sha256);
  opening.delete(sha256);
  return asked ?? invoke('document.open', { sha256 });
}
