import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Result } from '../../shared/contract/errors';
import type { Core } from '../core/core';
import { blobResponse, blobSourceOf } from '../core/shell/blobResponse';
import { snapshotResponse } from '../core/shell/snapshotResponse';
import { RENDERER_HEADERS } from '../core/shell/csp';
import { contentTypeOf, resolveStaticPath } from '../core/shell/staticFiles';
import { bearerToken, isAllowedHost, isAllowedOrigin, readCookie, sessionCookieName, tokenMatches } from './security';
import { openUploadArea } from './uploads';

/** The web shell binds here and nowhere else. */
export const LOOPBACK = '127.0.0.1';
const MAX_RPC_BODY = 1024 * 1024;
const HEARTBEAT_MS = 25_000;

export interface WebShellOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface WebShell {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The loopback web shell: the built renderer and the core's router over HTTP, for a
 * browser on this machine. Order of checks on every request: Host (DNS rebinding),
 * token (cookie or bearer), then Origin for POST.
 */
export async function startWebShell({ core, rendererDir, port = 0, token = randomBytes(32).toString('base64url') }: WebShellOptions): Promise<WebShell> {
  const sseClients = new Set<http.ServerResponse>();
  let boundPort = port;
  const blobs = blobSourceOf(core);
  const uploads = openUploadArea(path.join(core.store.dataDir, 'staging', 'uploads'));

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('web shell request failed', error);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, boundPort)) return sendText(res, 403, 'Forbidden host');
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${boundPort}`);
    const cookieName = sessionCookieName(boundPort);

    if (req.method === 'GET' && url.searchParams.has('token')) {
      if (!tokenMatches(url.searchParams.get('token') ?? undefined, token)) return unauthorized(res);
      // Trade the token in the link for a cookie, and take it out of the address bar and history.
      res.writeHead(303, {
        Location: '/',
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const given = readCookie(req.headers.cookie, cookieName) ?? bearerToken(req.headers.authorization);
    if (!tokenMatches(given, token)) return unauthorized(res);

    // Blob addresses are taken from the raw request path: the URL parser would turn
    // /blob/%2e%2e into / (the renderer) instead of refusing it.
    const rawPath = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (rawPath === '/blob' || rawPath.startsWith('/blob/')) return serveBlob(req, res, rawPath.slice('/blob/'.length));
    if (rawPath.startsWith('/snapshot/')) {
      const answer = snapshotResponse(core.snapshots, { method: req.method ?? 'GET', sha256: rawPath.slice('/snapshot/'.length) });
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? (req.method === 'HEAD' ? undefined : answer.text));
      return;
    }

    if (req.method === 'POST' && url.pathname.startsWith('/rpc/')) {
      if (!isAllowedOrigin(req.headers.origin, boundPort)) return sendText(res, 403, 'Forbidden origin');
      return rpc(req, res, decodeURIComponent(url.pathname.slice('/rpc/'.length)));
    }
    if (req.method === 'POST' && url.pathname === '/upload') {
      if (!isAllowedOrigin(req.headers.origin, boundPort)) return sendText(res, 403, 'Forbidden origin');
      return upload(req, res, url.searchParams.get('name'));
    }
    if (req.method === 'GET' && url.pathname === '/events') return events(req, res);
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(req, res, url.pathname);
    return sendText(res, 405, 'Method not allowed');
  }

  async function rpc(req: http.IncomingMessage, res: http.ServerResponse, command: string): Promise<void> {
    // A JSON content type cannot be sent by a plain HTML form: one more bar against cross-site posts.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, transportError('content type must be application/json'));
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, MAX_RPC_BODY));
    } catch (error) {
      return sendJson(res, 400, transportError(`bad request body: ${error instanceof Error ? error.message : String(error)}`));
    }
    const envelope = (typeof body === 'object' && body !== null ? body : {}) as { input?: unknown; taskId?: unknown };
    const taskId = typeof envelope.taskId === 'string' ? envelope.taskId : undefined;
    const result = await core.router.dispatch(command, envelope.input, taskId === undefined ? {} : { taskId });
    sendJson(res, 200, result);
  }

  /** A stored PDF, with HTTP Range: the answer is decided by the core, shared with app://. */
  async function serveBlob(req: http.IncomingMessage, res: http.ServerResponse, sha256: string): Promise<void> {
    const answer = await blobResponse(blobs, {
      method: req.method ?? 'GET',
      sha256,
      range: req.headers.range,
      ifNoneMatch: req.headers['if-none-match'],
      ifRange: singleHeader(req.headers['if-range']),
    });
    res.writeHead(answer.status, answer.headers);
    if (answer.file === undefined) {
      res.end(req.method === 'HEAD' ? undefined : answer.text);
      return;
    }
    try {
      await pipeline(fs.createReadStream(answer.file, { start: answer.start, end: answer.end }), res);
    } catch (error) {
      // pdf.js cancels range requests it no longer needs: a client going away is normal.
      res.destroy();
      if (!isClientGone(error)) console.error('web shell: streaming a blob failed', error);
    }
  }

  /** POST /upload?name=…: one file into the staging area, answered with its server-side path. */
  async function upload(req: http.IncomingMessage, res: http.ServerResponse, name: string | null): Promise<void> {
    const outcome = await uploads.receive(req, name);
    if (outcome.kind === 'aborted') {
      res.destroy();
      return;
    }
    if (outcome.kind === 'refused') {
      // The rest of the body is not read: close the connection once the answer is out.
      res.setHeader('Connection', 'close');
      return sendJson(res, outcome.status, transportError(outcome.message));
    }
    sendJson(res, 200, { ok: true, value: { path: outcome.path } });
  }

  function events(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    const unsubscribe = core.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      sseClients.delete(res);
    });
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    const file = resolveStaticPath(rendererDir, pathname);
    if (file === null) return sendText(res, 400, 'Bad path');
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return sendText(res, 404, 'Not found');
    }
    if (!stat.isFile()) return sendText(res, 404, 'Not found');
    res.writeHead(200, {
      ...RENDERER_HEADERS,
      'Content-Type': contentTypeOf(file),
      'Content-Length': stat.size,
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${boundPort}/?token=${token}`,
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sseClients) client.end();
        server.closeAllConnections();
        server.close(() => {
          uploads.close();
          resolve();
        });
      }),
  };
}

/** A header Node may hand over as a list when it was sent more than once. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function isClientGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}

function unauthorized(res: http.ServerResponse): void {
  sendText(
    res,
    401,
    '未授权：请使用启动时显示的完整链接（含令牌）。\nUnauthorized: open the full link (with its token) printed at start.',
  );
}

function transportError(message: string): Result<never> {
  return { ok: false, error: { code: 'TRANSPORT', message, details: { detail: message } } };
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(value));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
