import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOneJson, runCli } from '../helpers/cli';
import { corpus, corpusFile } from '../helpers/corpus';
import { httpRequest, sessionCookieFrom, spawnWebShell, tempDataDir, type WebShellProcess } from '../helpers/webShell';

/**
 * GET /blob/<sha256> of the real web shell: the stored PDFs the renderer's pdf.js reads
 * with HTTP Range. A real corpus PDF is imported through the CLI first, then `serve`
 * runs on the same data directory.
 */

const PDF = 'cjk-cns1-prospectus.pdf';
let dataDir: string;
let shell: WebShellProcess;
let cookie: string;
/** Known before the import, from the corpus manifest: the test table below names it. */
const sha = corpus.find((entry) => entry.file === PDF)?.sha256 ?? '';
let file: Buffer;
let size: number;
let orphan: string;

interface BinaryReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One raw request, the body kept as bytes. */
function request(requestPath: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET'): Promise<BinaryReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: shell.port, method, path: requestPath, headers: { Host: `127.0.0.1:${shell.port}`, ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${requestPath}: no answer within 15 s`)));
    req.on('error', reject);
    req.end();
  });
}

const authed = (requestPath: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET') => request(requestPath, { Cookie: cookie, ...headers }, method);
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

beforeAll(async () => {
  dataDir = tempDataDir('panel-review-blob-');
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, '--json', ...args]);
  const round = cli('round', 'create', '--name', 'x', '--kind', 'custom');
  expect(round.status, round.stderr).toBe(0);
  const imported = cli('app', 'import', '--round', String(parseOneJson(round.stdout).id), corpusFile(PDF));
  expect(imported.status, imported.stderr).toBe(0);
  const documents = parseOneJson(imported.stdout).documents as { sha256: string }[];
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  expect(documents.map((doc) => doc.sha256)).toEqual([sha]);
  file = fs.readFileSync(corpusFile(PDF));
  size = file.length;

  // A file in the blob store that no database row names (as a crash between the copy and the commit leaves).
  const stray = randomBytes(4096);
  orphan = sha256Of(stray);
  fs.mkdirSync(path.join(dataDir, 'blobs', 'sha256', orphan.slice(0, 2)), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'blobs', 'sha256', orphan.slice(0, 2), orphan), stray);

  shell = await spawnWebShell({ dataDir });
  cookie = sessionCookieFrom(await httpRequest({ port: shell.port, path: `/?token=${encodeURIComponent(shell.token)}` }));
}, 90_000);

afterAll(async () => {
  await shell?.stop();
  if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /blob/<sha256>', () => {
  it('without a Range: 200, exactly the stored bytes, with the headers of an immutable PDF', async () => {
    const reply = await authed(`/blob/${sha}`);
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(size);
    expect(sha256Of(reply.body)).toBe(sha);
    expect(reply.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(size),
      'accept-ranges': 'bytes',
      'cache-control': 'private, max-age=31536000, immutable',
      etag: `"${sha}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'content-disposition': 'inline',
    });
    expect(reply.headers['content-range']).toBeUndefined();
  });

  it('the bearer header works as well as the cookie', async () => {
    const reply = await request(`/blob/${sha}`, { Authorization: `Bearer ${shell.token}`, Range: 'bytes=0-3' });
    expect(reply.status).toBe(206);
    expect(reply.body.toString('latin1')).toBe('%PDF');
  });

  it('Range bytes=0-99: 206, the first 100 bytes', async () => {
    const reply = await authed(`/blob/${sha}`, { Range: 'bytes=0-99' });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes 0-99/${size}`);
    expect(reply.headers['content-length']).toBe('100');
    expect(reply.body.equals(file.subarray(0, 100))).toBe(true);
  });

  it('Range bytes=-500 (suffix): 206, the last 500 bytes', async () => {
    const reply = await authed(`/blob/${sha}`, { Range: 'bytes=-500' });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes ${size - 500}-${size - 1}/${size}`);
    expect(reply.body.equals(file.subarray(size - 500))).toBe(true);
  });

  it('Range bytes=100- (open end): 206, everything from byte 100', async () => {
    const reply = await authed(`/blob/${sha}`, { Range: 'bytes=100-' });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes 100-${size - 1}/${size}`);
    expect(reply.headers['content-length']).toBe(String(size - 100));
    expect(reply.body.equals(file.subarray(100))).toBe(true);
  });

  it('an end past the file is clamped', async () => {
    const reply = await authed(`/blob/${sha}`, { Range: `bytes=${size - 10}-${size * 10}` });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(reply.body.equals(file.subarray(size - 10))).toBe(true);
  });

  it('Range bytes=999999999-: 416 with Content-Range bytes */size and no PDF bytes', async () => {
    const reply = await authed(`/blob/${sha}`, { Range: 'bytes=999999999-' });
    expect(reply.status).toBe(416);
    expect(reply.headers['content-range']).toBe(`bytes */${size}`);
    expect(reply.body.includes(Buffer.from('%PDF'))).toBe(false);
  });

  it('several ranges: 200 with the whole file', async () => {
    const reply = await authed(`/blob/${sha}`, { Range: 'bytes=0-1,5-6' });
    expect(reply.status).toBe(200);
    expect(sha256Of(reply.body)).toBe(sha);
  });

  it('a Range header in another unit or malformed: 200 with the whole file', async () => {
    for (const range of ['pages=1-2', 'bytes=a-b', 'bytes=-']) {
      const reply = await authed(`/blob/${sha}`, { Range: range });
      expect(reply.status, range).toBe(200);
      expect(reply.body.length, range).toBe(size);
    }
  });

  it('many concurrent ranges, as pdf.js asks for them, each come back right', async () => {
    const chunk = 16_384;
    const starts = Array.from({ length: Math.ceil(size / chunk) }, (_, i) => i * chunk);
    const replies = await Promise.all(starts.map((start) => authed(`/blob/${sha}`, { Range: `bytes=${start}-${start + chunk - 1}` })));
    replies.forEach((reply, i) => {
      const start = starts[i] ?? 0;
      expect(reply.status).toBe(206);
      expect(reply.body.equals(file.subarray(start, start + chunk))).toBe(true);
    });
    expect(sha256Of(Buffer.concat(replies.map((reply) => reply.body)))).toBe(sha);
  });

  it('HEAD: 200 with the length and no body; Range is ignored for HEAD', async () => {
    const head = await authed(`/blob/${sha}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(size));
    expect(head.headers['accept-ranges']).toBe('bytes');
    expect(head.headers.etag).toBe(`"${sha}"`);
    expect(head.body.length).toBe(0);
    const ranged = await authed(`/blob/${sha}`, { Range: 'bytes=0-9' }, 'HEAD');
    expect(ranged.status).toBe(200);
    expect(ranged.headers['content-length']).toBe(String(size));
  });

  it('If-None-Match with its ETag: 304 with no body', async () => {
    const reply = await authed(`/blob/${sha}`, { 'If-None-Match': `"${sha}"` });
    expect(reply.status).toBe(304);
    expect(reply.body.length).toBe(0);
    expect(reply.headers.etag).toBe(`"${sha}"`);
    expect((await authed(`/blob/${sha}`, { 'If-None-Match': `W/"${sha}"`, Range: 'bytes=0-9' })).status).toBe(304);
    expect((await authed(`/blob/${sha}`, { 'If-None-Match': '"something-else"' })).status).toBe(200);
  });

  it('If-Range with its ETag honours the Range; with another validator it sends the whole file', async () => {
    expect((await authed(`/blob/${sha}`, { Range: 'bytes=0-9', 'If-Range': `"${sha}"` })).status).toBe(206);
    const stale = await authed(`/blob/${sha}`, { Range: 'bytes=0-9', 'If-Range': '"an-older-version"' });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(size);
  });

  it('a client that goes away mid-file does not disturb the server', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: shell.port, path: `/blob/${sha}`, headers: { Host: `127.0.0.1:${shell.port}`, Cookie: cookie }, agent: false },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.end();
    });
    const after = await authed(`/blob/${sha}`, { Range: 'bytes=0-99' });
    expect(after.status).toBe(206);
    expect(shell.stderr()).not.toMatch(/blob failed|request failed/);
  });
});

describe('GET /blob/<sha256>: refusals', () => {
  it('without a token: 401 and no PDF bytes', async () => {
    const reply = await request(`/blob/${sha}`, { Range: 'bytes=0-99' });
    expect(reply.status).toBe(401);
    expect(reply.body.includes(Buffer.from('%PDF'))).toBe(false);
    expect((await request(`/blob/${sha}`, { Cookie: `panel-review-${shell.port}=${shell.token.slice(0, -2)}xx` })).status).toBe(401);
    expect((await request(`/blob/${sha}`, {}, 'HEAD')).status).toBe(401);
  });

  it('a foreign Host, even with the cookie: 403 (DNS rebinding)', async () => {
    const reply = await authed(`/blob/${sha}`, { Host: `evil.example:${shell.port}` });
    expect(reply.status).toBe(403);
    expect(reply.body.includes(Buffer.from('%PDF'))).toBe(false);
  });

  it('a well-formed digest the store does not hold: 404', async () => {
    expect((await authed(`/blob/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('a file present in blobs/ but not in the database: 404', async () => {
    expect(fs.existsSync(path.join(dataDir, 'blobs', 'sha256', orphan.slice(0, 2), orphan))).toBe(true);
    const reply = await authed(`/blob/${orphan}`);
    expect(reply.status).toBe(404);
    expect(reply.body.length).toBeLessThan(100);
  });

  it('other methods: 405', async () => {
    expect((await authed(`/blob/${sha}`, { Origin: shell.origin }, 'POST')).status).toBe(405);
    expect((await authed(`/blob/${sha}`, {}, 'DELETE')).status).toBe(405);
  });

  const sqlitePaths = [
    '/blob/../../panel-review.sqlite',
    '/blob/../panel-review.sqlite',
    '/blob/%2e%2e',
    '/blob/%2e%2e/%2e%2e/panel-review.sqlite',
    '/blob/%2E%2E/panel-review.sqlite',
    '/blob/..%2f..%2fpanel-review.sqlite',
    '/blob/..%2F..%2F..%2Fpanel-review.sqlite',
    '/blob/..%5c..%5cpanel-review.sqlite',
    '/blob/..\\..\\panel-review.sqlite',
    `/blob/${sha}/../../../panel-review.sqlite`,
    `/blob/${sha}/..%2f..%2f..%2fpanel-review.sqlite`,
    `/blob/${sha}%00`,
    `/blob/${sha}%2f`,
    `/blob/${sha.toUpperCase()}`,
    `/blob/${sha}.pdf`,
    `/blob/sha256/${sha.slice(0, 2)}/${sha}`,
    `/blob/%${sha.slice(1)}`,
    '/blob/panel-review.sqlite',
    '/blob/',
    '/blob',
  ];

  it.each(sqlitePaths)('%s: 400 or 404, never the database or a PDF', async (requestPath) => {
    const reply = await authed(requestPath);
    expect([400, 404]).toContain(reply.status);
    expect(reply.body.includes(SQLITE_MAGIC)).toBe(false);
    expect(reply.body.includes(Buffer.from('%PDF'))).toBe(false);
  });

  it.each(['/panel-review.sqlite', '/../panel-review.sqlite', `/blobs/sha256/${sha.slice(0, 2)}/${sha}`, `/blobs/sha256/${sha.slice(0, 2)}/${sha}.pdf`])(
    '%s outside /blob/ never reaches the data directory either',
    async (requestPath) => {
      const reply = await authed(requestPath);
      expect(reply.body.includes(SQLITE_MAGIC)).toBe(false);
      expect(reply.body.includes(Buffer.from('%PDF'))).toBe(false);
    },
  );
});

describe('GET /snapshot/<sha256> (the picture of page 1 drawn at import)', () => {
  it('200: a WebP picture of the page, with its size in points and its number', async () => {
    const reply = await authed(`/snapshot/${sha}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/webp');
    expect(reply.body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(reply.body.subarray(8, 12).toString('latin1')).toBe('WEBP');
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    expect(reply.headers['x-page-number']).toBe('1');
    // The prospectus has no bookmarks.
    expect(reply.headers['x-outline']).toBe('0');
    // The prospectus's first page, as pdfinfo -f 1 -l 1 reports its size.
    const pdfinfo = spawnSync('pdfinfo', ['-f', '1', '-l', '1', corpusFile(PDF)], { encoding: 'utf8' }).stdout;
    const [, width, height] = /Page\s+1 size:\s+([\d.]+) x ([\d.]+) pts/.exec(pdfinfo) ?? [];
    expect(Number(reply.headers['x-page-width-pt'])).toBeCloseTo(Number(width), 0);
    expect(Number(reply.headers['x-page-height-pt'])).toBeCloseTo(Number(height), 0);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('HEAD: the same headers, no body', async () => {
    const reply = await authed(`/snapshot/${sha}`, {}, 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['x-page-number']).toBe('1');
    expect(reply.body.length).toBe(0);
  });

  it('no picture for a digest the store does not hold: 204 with no body (the reader then waits for pdf.js)', async () => {
    const reply = await authed(`/snapshot/${orphan}`);
    expect(reply.status).toBe(204);
    expect(reply.body.length).toBe(0);
  });

  it.each([`/snapshot/${sha.toUpperCase()}`, `/snapshot/${sha}/../x`, '/snapshot/', `/snapshot/..%2f..%2fpanel-review.sqlite`])('%s: 400, nothing from the data directory', async (requestPath) => {
    const reply = await authed(requestPath);
    expect(reply.status).toBe(400);
    expect(reply.body.includes(SQLITE_MAGIC)).toBe(false);
  });

  it('without a token: 401 and no picture; other methods: 405', async () => {
    const anonymous = await request(`/snapshot/${sha}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.includes(Buffer.from('WEBP'))).toBe(false);
    expect((await authed(`/snapshot/${sha}`, {}, 'DELETE')).status).toBe(405);
  });
});
