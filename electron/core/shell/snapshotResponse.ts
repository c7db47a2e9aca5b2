import { SHA256_PATTERN } from '../blobs/blobStore';
import type { StoredSnapshot } from '../documents/pageSnapshots';

/** Where the answer looks: the first-page pictures of this core (PageSnapshots). */
export interface SnapshotSource {
  get(sha256: string): StoredSnapshot | undefined;
}

export type SnapshotStatus = 200 | 204 | 400 | 405;

export interface SnapshotResponse {
  status: SnapshotStatus;
  headers: Record<string, string>;
  /** The picture (GET 200 only). */
  body?: Buffer;
  text?: string;
}

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The answer to `GET|HEAD /snapshot/<sha256>`, the same in both shells: the picture of a
 * stored PDF's first page (pageSnapshots.ts) with the page's size in PDF points in
 * X-Page-Width-Pt / X-Page-Height-Pt and its number in X-Page-Number, so the reader can
 * lay it out where pdf.js will draw the page, and X-Outline (1 when the PDF has bookmarks,
 * whose panel narrows the pages). No picture (not drawn yet, could not be
 * drawn, or no such blob) is 204, not 404: the reader asks at every open, and a missing
 * picture is normal, not an error for the console. Not cached: a 204 now may be a
 * picture once the document is indexed.
 */
export function snapshotResponse(source: SnapshotSource, request: { method: string; sha256: string }): SnapshotResponse {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return { status: 405, headers: { ...COMMON_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, text: 'Method not allowed' };
  }
  if (!SHA256_PATTERN.test(request.sha256)) {
    return { status: 400, headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }, text: 'Bad snapshot address' };
  }
  const snapshot = source.get(request.sha256);
  if (snapshot === undefined) return { status: 204, headers: { ...COMMON_HEADERS, 'Cache-Control': 'no-store' } };
  return {
    status: 200,
    headers: {
      ...COMMON_HEADERS,
      'Cache-Control': 'no-cache',
      'Content-Type': snapshot.mime,
      'Content-Length': String(snapshot.image.length),
      'X-Page-Number': String(snapshot.page),
      'X-Page-Width-Pt': String(snapshot.widthPt),
      'X-Page-Height-Pt': String(snapshot.heightPt),
      'X-Outline': snapshot.outline ? '1' : '0',
    },
    ...(request.method === 'GET' ? { body: snapshot.image } : {}),
  };
}
