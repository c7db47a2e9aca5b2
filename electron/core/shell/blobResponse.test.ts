import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobRequest, type BlobSource, blobResponse } from './blobResponse';

/**
 * The decision both shells share for /blob/<sha256>. The web shell's tests
 * (test/web/blobRange.test.ts) check the same over real HTTP; these cover the cases
 * the Electron shell relies on without a running Electron.
 */
let dir: string;
let source: BlobSource;
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const sha = createHash('sha256').update(bytes).digest('hex');
const missing = 'f'.repeat(64);
const unknown = 'e'.repeat(64);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-blob-'));
  fs.writeFileSync(path.join(dir, sha), bytes);
  fs.writeFileSync(path.join(dir, unknown), bytes);
  const known = new Set([sha, missing]);
  source = { isKnown: (s) => known.has(s), pathOf: (s) => path.join(dir, s) };
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const ask = (request: Partial<BlobRequest>) => blobResponse(source, { method: 'GET', sha256: sha, ...request });

describe('blobResponse', () => {
  it('GET: 200, the whole file, with the headers of a content-addressed PDF', async () => {
    const answer = await ask({});
    expect(answer).toMatchObject({ status: 200, file: path.join(dir, sha), start: 0, end: 999 });
    expect(answer.headers).toEqual({
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/pdf',
      'Content-Length': '1000',
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: `"${sha}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': 'sandbox',
      'Content-Disposition': 'inline',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('GET with a range: 206 with Content-Range', async () => {
    const answer = await ask({ range: 'bytes=100-199' });
    expect(answer).toMatchObject({ status: 206, start: 100, end: 199 });
    expect(answer.headers['Content-Range']).toBe('bytes 100-199/1000');
    expect(answer.headers['Content-Length']).toBe('100');
    expect((await ask({ range: 'bytes=-10' })).headers['Content-Range']).toBe('bytes 990-999/1000');
  });

  it('an unsatisfiable range: 416 with bytes */size, no bytes', async () => {
    const answer = await ask({ range: 'bytes=1000-' });
    expect(answer.status).toBe(416);
    expect(answer.headers['Content-Range']).toBe('bytes */1000');
    expect(answer.file).toBeUndefined();
  });

  it('several ranges or a malformed one: the whole file', async () => {
    expect(await ask({ range: 'bytes=0-1,5-6' })).toMatchObject({ status: 200, start: 0, end: 999 });
    expect(await ask({ range: 'pages=1-2' })).toMatchObject({ status: 200, start: 0, end: 999 });
  });

  it('HEAD: the same status and headers as a plain GET, no bytes, Range ignored', async () => {
    const head = await ask({ method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers).toEqual((await ask({})).headers);
    expect(head.file).toBeUndefined();
    const ranged = await ask({ method: 'HEAD', range: 'bytes=0-9' });
    expect(ranged.status).toBe(200);
    expect(ranged.headers['Content-Length']).toBe('1000');
    expect((await ask({ method: 'HEAD', range: 'bytes=5000-' })).status).toBe(200);
  });

  it.each([`"${sha}"`, `W/"${sha}"`, `"other", "${sha}"`, '*', ` "${sha}" `])('If-None-Match %s: 304 without a body', async (ifNoneMatch) => {
    for (const method of ['GET', 'HEAD']) {
      const answer = await ask({ method, ifNoneMatch, range: 'bytes=0-9' });
      expect(answer.status).toBe(304);
      expect(answer.file).toBeUndefined();
      expect(answer.headers.ETag).toBe(`"${sha}"`);
      expect(answer.headers['Cache-Control']).toContain('immutable');
    }
  });

  it.each(['"other"', sha, `"${sha.toUpperCase()}"`, ''])('If-None-Match %j does not match', async (ifNoneMatch) => {
    expect((await ask({ ifNoneMatch })).status).toBe(200);
  });

  it('If-Range: the range when it names this blob strongly, the whole file otherwise', async () => {
    expect((await ask({ range: 'bytes=0-9', ifRange: `"${sha}"` })).status).toBe(206);
    expect((await ask({ range: 'bytes=0-9', ifRange: `W/"${sha}"` })).status).toBe(200);
    expect((await ask({ range: 'bytes=0-9', ifRange: '"other"' })).status).toBe(200);
    expect((await ask({ range: 'bytes=0-9', ifRange: 'Wed, 21 Oct 2015 07:28:00 GMT' })).status).toBe(200);
  });

  it.each(['', sha.toUpperCase(), sha.slice(1), `${sha}0`, `${sha}/`, `${sha}.pdf`, '..', '%2e%2e', '../../panel-review.sqlite', `..%2f${sha}`, `%${sha.slice(1)}`, ` ${sha.slice(1)}`])(
    'a malformed address %j: 400, nothing looked up',
    async (sha256) => {
      const looked: string[] = [];
      const spy: BlobSource = { isKnown: (s) => (looked.push(s), true), pathOf: (s) => (looked.push(s), path.join(dir, s)) };
      const answer = await blobResponse(spy, { method: 'GET', sha256 });
      expect(answer.status).toBe(400);
      expect(answer.file).toBeUndefined();
      expect(looked).toEqual([]);
      expect(answer.headers['Content-Type']).toMatch(/^text\/plain/);
      expect(answer.headers['X-Content-Type-Options']).toBe('nosniff');
    },
  );

  it('a blob the database does not know: 404, even with its file on disk', async () => {
    expect(fs.existsSync(path.join(dir, unknown))).toBe(true);
    expect((await ask({ sha256: unknown })).status).toBe(404);
  });

  it('a known blob whose file is gone: 404', async () => {
    expect((await ask({ sha256: missing })).status).toBe(404);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('%s: 405 with Allow', async (method) => {
    const answer = await ask({ method });
    expect(answer.status).toBe(405);
    expect(answer.headers.Allow).toBe('GET, HEAD');
  });

  it('an empty file: 200 with Content-Length 0 and nothing to stream', async () => {
    const empty = createHash('sha256').update('').digest('hex');
    fs.writeFileSync(path.join(dir, empty), '');
    const answer = await blobResponse({ isKnown: () => true, pathOf: (s) => path.join(dir, s) }, { method: 'GET', sha256: empty, range: 'bytes=-5' });
    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Length']).toBe('0');
    expect(answer.file).toBeUndefined();
  });
});
