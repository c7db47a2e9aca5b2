import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Protocol } from 'electron';
import { blobResponse, type BlobSource } from '../core/shell/blobResponse';
import { RENDERER_HEADERS } from '../core/shell/csp';
import { snapshotResponse, type SnapshotSource } from '../core/shell/snapshotResponse';
import { contentTypeOf, resolveStaticPath } from '../core/shell/staticFiles';
import { APP_HOST, APP_SCHEME } from './policy';

/** Must run before app 'ready': app:// is a standard, secure origin with fetch. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer on app://panel-review/ through the same traversal-safe
 * resolver as the web shell, with the same CSP. Never file://. Stored PDFs are at
 * app://panel-review/blob/<sha256>, answered (Range, 206, 416, 304…) by the same core
 * function as the web shell's /blob/<sha256>, and streamed, never read whole; first-page
 * pictures at app://panel-review/snapshot/<sha256>, as the web shell's /snapshot/<sha256>.
 */
export function handleAppProtocol(protocol: Protocol, rendererDir: string, blobs: BlobSource, snapshots: SnapshotSource): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    if (url.pathname === '/blob' || url.pathname.startsWith('/blob/')) return serveBlob(blobs, request, url.pathname.slice('/blob/'.length));
    if (url.pathname.startsWith('/snapshot/')) {
      const answer = snapshotResponse(snapshots, { method: request.method, sha256: url.pathname.slice('/snapshot/'.length) });
      return new Response(answer.body ?? (request.method === 'HEAD' || answer.status === 204 ? null : (answer.text ?? null)), { status: answer.status, headers: answer.headers });
    }
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (file === null) return new Response('Bad path', { status: 400 });
    try {
      const body = await fs.readFile(file);
      return new Response(body, { headers: { ...RENDERER_HEADERS, 'Content-Type': contentTypeOf(file) } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

async function serveBlob(blobs: BlobSource, request: Request, sha256: string): Promise<Response> {
  const answer = await blobResponse(blobs, {
    method: request.method,
    sha256,
    range: request.headers.get('range') ?? undefined,
    ifNoneMatch: request.headers.get('if-none-match') ?? undefined,
    ifRange: request.headers.get('if-range') ?? undefined,
  });
  const init = { status: answer.status, headers: answer.headers };
  if (answer.file === undefined) {
    // 304 and HEAD answers have no body.
    return new Response(answer.status === 304 || request.method === 'HEAD' ? null : (answer.text ?? null), init);
  }
  const bytes = createReadStream(answer.file, { start: answer.start, end: answer.end });
  return new Response(Readable.toWeb(bytes) as ReadableStream<Uint8Array>, init);
}
