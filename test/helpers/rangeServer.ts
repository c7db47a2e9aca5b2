import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { RENDERER_HEADERS } from '../../electron/core/shell/csp';
import { contentTypeOf, resolveStaticPath } from '../../electron/core/shell/staticFiles';

/**
 * Test helper: a loopback HTTP server for the built renderer (out/renderer, with the
 * shells' real CSP and headers) plus PDFs under /corpus/<name> with single-range
 * Range support, the way the shells serve /blob/<sha256>. It counts the bytes it
 * sends for each PDF, so a test can tell range loading from a whole-file download.
 */

export interface PdfRequest {
  path: string;
  range: string | null;
  status: number;
  /** Body bytes handed to the socket (an aborted response counts what left before the abort). */
  bytes: number;
}

export interface RangeServer {
  readonly origin: string;
  /** Every PDF request since start (or the last reset), in order. */
  pdfRequests(): PdfRequest[];
  /** Total body bytes sent for one PDF path since start (or the last reset). */
  pdfBytes(urlPath: string): number;
  reset(): void;
  close(): Promise<void>;
}

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = SINGLE_RANGE.exec(header.trim());
  if (match === null) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') return { start: Math.max(0, size - Number(last)), end: size - 1 };
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

export async function startRangeServer({ rendererDir, pdfDir }: { rendererDir: string; pdfDir: string }): Promise<RangeServer> {
  let requests: PdfRequest[] = [];

  const servePdf = (req: http.IncomingMessage, res: http.ServerResponse, urlPath: string) => {
    const name = decodeURIComponent(urlPath.slice('/corpus/'.length));
    const file = path.join(pdfDir, path.basename(name));
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const range = parseRange(req.headers.range, size);
    const record: PdfRequest = { path: urlPath, range: req.headers.range ?? null, status: 200, bytes: 0 };
    requests.push(record);
    const headers = { 'Content-Type': 'application/pdf', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (range === 'unsatisfiable') {
      record.status = 416;
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    record.status = range === null ? 200 : 206;
    res.writeHead(record.status, {
      ...headers,
      'Content-Length': end - start + 1,
      ...(range === null ? {} : { 'Content-Range': `bytes ${start}-${end}/${size}` }),
    });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file, { start, end, highWaterMark: 16 * 1024 });
    stream.on('data', (chunk) => {
      record.bytes += chunk.length;
    });
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  };

  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (urlPath.startsWith('/corpus/')) return servePdf(req, res, urlPath);
    const file = resolveStaticPath(rendererDir, urlPath);
    if (file === null || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { ...RENDERER_HEADERS, 'Content-Type': contentTypeOf(file), 'Content-Length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    pdfRequests: () => [...requests],
    pdfBytes: (urlPath) => requests.filter((r) => r.path === urlPath).reduce((sum, r) => sum + r.bytes, 0),
    reset: () => {
      requests = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
