import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_UPLOAD_NAME, MAX_UPLOAD_BYTES, openUploadArea, sanitizeUploadName, type UploadArea } from '../../electron/serve/uploads';
import { corpus, corpusFile } from '../helpers/corpus';
import { type HttpReply, httpRequest, sessionCookieFrom, spawnWebShell, tempDataDir, type WebShellProcess } from '../helpers/webShell';

/**
 * POST /upload of the real web shell: a browser cannot name local paths, so the web
 * shell's import takes files as uploads into <dataDir>/staging/uploads and imports the
 * server-side paths it hands back.
 */

let shell: WebShellProcess;
let cookie: string;
let uploadsRoot: string;

const PDF = 'report-cjk-proposal.pdf';
const pdfEntry = corpus.find((entry) => entry.file === PDF);
const CHINESE_NAME = '实施方案 (终稿).pdf';

interface UploadOptions {
  name?: string | null;
  body?: Buffer;
  headers?: http.OutgoingHttpHeaders;
  port?: number;
}

/** POST /upload with the cookie, Origin and content type a browser would send; override any. */
function upload({ name = 'x.pdf', body = Buffer.from('%PDF-1.4\n'), headers = {}, port = shell.port }: UploadOptions = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const query = name === null ? '' : `?name=${encodeURIComponent(name)}`;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/upload${query}`,
        headers: {
          Host: `127.0.0.1:${port}`,
          Cookie: cookie,
          Origin: `http://127.0.0.1:${port}`,
          'Content-Type': 'application/octet-stream',
          'Content-Length': body.length,
          ...headers,
        },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

function uploadedPath(reply: HttpReply): string {
  expect(reply.status, reply.body).toBe(200);
  const parsed = JSON.parse(reply.body) as { ok: boolean; value: { path: string } };
  expect(parsed.ok).toBe(true);
  return parsed.value.path;
}

function rpc(command: string, input: unknown): Promise<HttpReply> {
  return httpRequest({
    port: shell.port,
    method: 'POST',
    path: `/rpc/${command}`,
    headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: shell.origin },
    body: JSON.stringify({ input }),
  });
}

/** Every file and folder under the staging area, relative to it. */
function uploadEntries(root = uploadsRoot): string[] {
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).map(String).sort() : [];
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  shell = await spawnWebShell();
  cookie = sessionCookieFrom(await httpRequest({ port: shell.port, path: `/?token=${encodeURIComponent(shell.token)}` }));
  uploadsRoot = path.join(shell.dataDir, 'staging', 'uploads');
}, 60_000);

afterAll(async () => {
  await shell?.stop();
});

describe('POST /upload', () => {
  it('stores a PDF under a Chinese name in staging/uploads, and application.import takes that path', async () => {
    const bytes = fs.readFileSync(corpusFile(PDF));
    const stored = uploadedPath(await upload({ name: CHINESE_NAME, body: bytes }));

    expect(path.dirname(path.dirname(stored))).toBe(uploadsRoot);
    expect(path.basename(stored)).toBe(CHINESE_NAME);
    expect(path.basename(path.dirname(stored))).toMatch(/^[0-9a-f]{32}$/);
    expect(sha256Of(fs.readFileSync(stored))).toBe(pdfEntry?.sha256);
    if (process.platform !== 'win32') {
      expect(fs.statSync(path.dirname(stored)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(uploadsRoot).mode & 0o777).toBe(0o700);
      expect(fs.statSync(stored).mode & 0o077).toBe(0);
    }

    const round = JSON.parse((await rpc('round.create', { name: '2026年试点城市实施方案评审', kind: 'plan-review' })).body) as { ok: boolean; value: { id: string } };
    expect(round.ok).toBe(true);
    const imported = await rpc('application.import', { roundId: round.value.id, city: '宁波市', province: '浙江省', paths: [stored] });
    expect(imported.status).toBe(200);
    const result = JSON.parse(imported.body) as { ok: boolean; value: { documents: { sha256: string; name: string; pages: number; status: string }[] } };
    expect(result).toMatchObject({
      ok: true,
      value: { documents: [{ sha256: pdfEntry?.sha256, name: CHINESE_NAME, pages: pdfEntry?.pages, status: 'imported' }] },
    });

    // The imported document is then readable at the URL document.open names.
    const opened = JSON.parse((await rpc('document.open', { sha256: pdfEntry?.sha256 })).body) as { ok: boolean; value: { url: string } };
    expect(opened.value.url).toBe(`/blob/${pdfEntry?.sha256}`);
    const head = await httpRequest({ port: shell.port, method: 'HEAD', path: opened.value.url, headers: { Cookie: cookie } });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(bytes.length));
  }, 60_000);

  it('the same name twice: two separate files', async () => {
    const first = uploadedPath(await upload({ name: 'same.pdf', body: Buffer.from('one') }));
    const second = uploadedPath(await upload({ name: 'same.pdf', body: Buffer.from('two') }));
    expect(first).not.toBe(second);
    expect(fs.readFileSync(first, 'utf8')).toBe('one');
    expect(fs.readFileSync(second, 'utf8')).toBe('two');
  });

  it.each([
    ['../../evil.pdf', 'evil.pdf'],
    ['../../../../../../tmp/evil.pdf', 'evil.pdf'],
    ['..\\..\\evil.pdf', 'evil.pdf'],
    ['C:\\Windows\\System32\\evil.pdf', 'evil.pdf'],
    ['/etc/passwd', 'passwd'],
    ['..', FALLBACK_UPLOAD_NAME],
    ['../', FALLBACK_UPLOAD_NAME],
    ['', FALLBACK_UPLOAD_NAME],
    ['.hidden.pdf', 'hidden.pdf'],
    ['a\u0000b\r\n.pdf', 'ab.pdf'],
    ['evil\u202Efdp.exe', 'evilfdp.exe'],
    ['name:stream.pdf', 'namestream.pdf'],
  ])('the name %j lands inside staging/uploads as %j', async (name, expected) => {
    const before = fs.readdirSync(path.dirname(shell.dataDir));
    const stored = uploadedPath(await upload({ name }));
    expect(path.dirname(path.dirname(stored))).toBe(uploadsRoot);
    expect(path.basename(stored)).toBe(expected);
    expect(fs.existsSync(stored)).toBe(true);
    expect(fs.existsSync(path.join(shell.dataDir, 'evil.pdf'))).toBe(false);
    expect(fs.existsSync(path.join(shell.dataDir, 'staging', 'evil.pdf'))).toBe(false);
    expect(fs.readdirSync(path.dirname(shell.dataDir))).toEqual(before);
  });

  it('no name at all: upload.pdf', async () => {
    expect(path.basename(uploadedPath(await upload({ name: null })))).toBe(FALLBACK_UPLOAD_NAME);
  });

  it('a very long Chinese name is cut to fit a file system, keeping .pdf', async () => {
    const stored = uploadedPath(await upload({ name: `${'评'.repeat(300)}.pdf` }));
    const name = path.basename(stored);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(Array.from(name).length).toBeLessThanOrEqual(200);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(240);
  });

  it('without a token: 401 and nothing written', async () => {
    const before = uploadEntries();
    const reply = await upload({ headers: { Cookie: '' } });
    expect(reply.status).toBe(401);
    const wrong = await upload({ headers: { Cookie: `panel-review-${shell.port}=${shell.token.slice(0, -2)}xx` } });
    expect(wrong.status).toBe(401);
    expect(uploadEntries()).toEqual(before);
  });

  it('the bearer header works as well as the cookie', async () => {
    expect(uploadedPath(await upload({ headers: { Cookie: '', Authorization: `Bearer ${shell.token}` } }))).toContain(uploadsRoot);
  });

  it('a foreign Origin or Host: 403 and nothing written', async () => {
    const before = uploadEntries();
    expect((await upload({ headers: { Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await upload({ headers: { Origin: 'null' } })).status).toBe(403);
    expect((await upload({ headers: { Origin: `http://127.0.0.1:${shell.port + 1}` } })).status).toBe(403);
    expect((await upload({ headers: { Host: `evil.example:${shell.port}` } })).status).toBe(403);
    expect(uploadEntries()).toEqual(before);
  });

  it.each(['application/pdf', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json', ''])(
    'content type %j: 415 and nothing written',
    async (type) => {
      const before = uploadEntries();
      const reply = await upload({ headers: { 'Content-Type': type } });
      expect(reply.status).toBe(415);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
      expect(uploadEntries()).toEqual(before);
    },
  );

  it('application/octet-stream with parameters or in capitals is accepted', async () => {
    uploadedPath(await upload({ headers: { 'Content-Type': 'Application/Octet-Stream; charset=binary' } }));
  });

  it('a declared length over 2 GiB: 413 before a byte is stored', async () => {
    const before = uploadEntries();
    const reply = await new Promise<HttpReply>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: shell.port,
          method: 'POST',
          path: '/upload?name=big.pdf',
          headers: {
            Host: `127.0.0.1:${shell.port}`,
            Cookie: cookie,
            Origin: shell.origin,
            'Content-Type': 'application/octet-stream',
            'Content-Length': MAX_UPLOAD_BYTES + 1,
          },
          agent: false,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        },
      );
      req.on('error', reject);
      // Send a little and wait: the answer must come from the header alone.
      req.write(Buffer.alloc(1024));
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
    expect(uploadEntries()).toEqual(before);
  });

  it('an upload the client aborts midway leaves no partial file', async () => {
    const before = new Set(fs.readdirSync(uploadsRoot));
    const req = http.request({
      host: '127.0.0.1',
      port: shell.port,
      method: 'POST',
      path: `/upload?name=${encodeURIComponent('中断.pdf')}`,
      headers: {
        Host: `127.0.0.1:${shell.port}`,
        Cookie: cookie,
        Origin: shell.origin,
        'Content-Type': 'application/octet-stream',
        'Content-Length': 10 * 1024 * 1024,
      },
      agent: false,
    });
    req.on('error', () => undefined);
    req.write(randomBytes(256 * 1024));
    // The partial file exists on the server...
    const fresh = () => fs.readdirSync(uploadsRoot).filter((name) => !before.has(name));
    const partial = () => fresh().flatMap((dir) => fs.readdirSync(path.join(uploadsRoot, dir)).map((name) => path.join(uploadsRoot, dir, name)));
    await waitFor(() => partial().some((file) => fs.statSync(file, { throwIfNoEntry: false })?.size !== undefined && fs.statSync(file).size > 0), 'the partial upload on disk');
    expect(path.basename(partial()[0] ?? '')).toBe('中断.pdf');
    // ...until the client goes away.
    req.destroy();
    await waitFor(() => fresh().length === 0, 'the partial upload to be removed');
    // The server is still fine.
    uploadedPath(await upload());
  });

  it('the token never appears on stderr', () => {
    expect(shell.stderr()).not.toContain(shell.token);
  });
});

describe('upload folders over the life of a server', () => {
  it('stale folders (over 24 h old) are swept at start, recent ones kept; a launch’s own are removed when it stops', async () => {
    const dataDir = tempDataDir('panel-review-uploads-');
    try {
      const root = path.join(dataDir, 'staging', 'uploads');
      const stale = path.join(root, 'a'.repeat(32));
      const recent = path.join(root, 'b'.repeat(32));
      for (const dir of [stale, recent]) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'x.pdf'), 'x');
      }
      const day = 24 * 60 * 60;
      const now = Date.now() / 1000;
      fs.utimesSync(stale, now - day - 3600, now - day - 3600);
      fs.utimesSync(recent, now - 3600, now - 3600);

      const second = await spawnWebShell({ dataDir });
      try {
        expect(fs.existsSync(stale)).toBe(false);
        expect(fs.existsSync(recent)).toBe(true);
        const secondCookie = sessionCookieFrom(await httpRequest({ port: second.port, path: `/?token=${encodeURIComponent(second.token)}` }));
        const reply = await upload({ port: second.port, headers: { Cookie: secondCookie } });
        const stored = uploadedPath(reply);
        expect(fs.existsSync(stored)).toBe(true);
        await second.stop();
        expect(fs.existsSync(path.dirname(stored))).toBe(false);
        expect(fs.readdirSync(root)).toEqual(['b'.repeat(32)]);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the upload area in process', () => {
  let root: string;
  let area: UploadArea;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    root = path.join(tempDataDir('panel-review-upload-area-'), 'uploads');
    area = openUploadArea(root, { maxBytes: 64 * 1024 });
    server = http.createServer((req, res) => {
      void area.receive(req, new URL(req.url ?? '/', 'http://x').searchParams.get('name')).then((outcome) => {
        if (outcome.kind === 'aborted') return void res.destroy();
        res.writeHead(outcome.kind === 'stored' ? 200 : outcome.status, outcome.kind === 'refused' ? { Connection: 'close' } : {});
        res.end(JSON.stringify(outcome));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(() => {
    area.close();
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  /** A chunked upload (no Content-Length): the cap must hold while reading. */
  function chunked(chunks: Buffer[]): Promise<{ status: number; body: string } | 'reset'> {
    return new Promise((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/?name=c.pdf', headers: { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' }, agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', () => resolve('reset'));
        },
      );
      req.on('error', () => resolve('reset'));
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  it('a chunked upload within the cap is stored whole', async () => {
    const chunks = [randomBytes(30_000), randomBytes(30_000)];
    const reply = await chunked(chunks);
    expect(reply).not.toBe('reset');
    if (reply === 'reset') return;
    expect(reply.status).toBe(200);
    const outcome = JSON.parse(reply.body) as { path: string; bytes: number };
    expect(outcome.bytes).toBe(60_000);
    expect(fs.readFileSync(outcome.path).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('a chunked upload over the cap is refused with 413 while streaming, and nothing is kept', async () => {
    const reply = await chunked([randomBytes(40_000), randomBytes(40_000)]);
    // The answer goes out while the client may still be sending; a reset is then what it sees.
    if (reply !== 'reset') expect(reply.status).toBe(413);
    await waitFor(() => fs.readdirSync(root).length === 0, 'the refused upload to be removed');
  });

  it('close() removes this launch’s uploads, and only them', async () => {
    const foreign = path.join(root, 'c'.repeat(32));
    fs.mkdirSync(foreign);
    const reply = await chunked([Buffer.from('%PDF')]);
    if (reply === 'reset') throw new Error('reset');
    const stored = (JSON.parse(reply.body) as { path: string }).path;
    expect(fs.existsSync(stored)).toBe(true);
    area.close();
    expect(fs.existsSync(path.dirname(stored))).toBe(false);
    expect(fs.readdirSync(root)).toEqual(['c'.repeat(32)]);
    fs.rmSync(foreign, { recursive: true });
  });
});

describe('sanitizeUploadName', () => {
  it.each([
    ['实施方案 (终稿).pdf', '实施方案 (终稿).pdf'],
    ['report.PDF', 'report.PDF'],
    ['package.zip', 'package.zip'],
    ['a/b/c.pdf', 'c.pdf'],
    ['a\\b\\c.pdf', 'c.pdf'],
    ['dir/', 'dir'],
    ['../../evil.pdf', 'evil.pdf'],
    ['..', FALLBACK_UPLOAD_NAME],
    ['.', FALLBACK_UPLOAD_NAME],
    ['...', FALLBACK_UPLOAD_NAME],
    ['', FALLBACK_UPLOAD_NAME],
    ['   ', FALLBACK_UPLOAD_NAME],
    ['\u0000\u0001\u001f\u007f', FALLBACK_UPLOAD_NAME],
    [null, FALLBACK_UPLOAD_NAME],
    [undefined, FALLBACK_UPLOAD_NAME],
    ['.DS_Store', 'DS_Store'],
    ['x.pdf.', 'x.pdf'],
    ['x.pdf   ', 'x.pdf'],
    ['tab\there.pdf', 'tabhere.pdf'],
    ['zero\u200Bwidth.pdf', 'zerowidth.pdf'],
    ['line\u2028sep.pdf', 'linesep.pdf'],
    ['a<b>c:d"e|f?g*h.pdf', 'abcdefgh.pdf'],
    ['CON', '_CON'],
    ['nul.pdf', '_nul.pdf'],
    ['com1.txt', '_com1.txt'],
    ['console.pdf', 'console.pdf'],
    ['e\u0301.pdf', 'é.pdf'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeUploadName(raw)).toBe(expected);
  });

  it('long names keep their extension within 200 characters and 240 bytes', () => {
    for (const raw of [`${'评'.repeat(300)}.pdf`, `${'a'.repeat(500)}.pdf`, 'b'.repeat(500), `${'😀'.repeat(150)}.pdf`, `${'x'.repeat(300)}.${'y'.repeat(40)}`]) {
      const name = sanitizeUploadName(raw);
      expect(Array.from(name).length, raw).toBeLessThanOrEqual(200);
      expect(Buffer.byteLength(name), raw).toBeLessThanOrEqual(240);
      expect(name.length, raw).toBeGreaterThan(0);
      if (raw.endsWith('.pdf')) expect(name.endsWith('.pdf'), raw).toBe(true);
      expect(name).not.toMatch(/\uFFFD/);
    }
    expect(sanitizeUploadName(`${'a'.repeat(196)}.pdf`)).toBe(`${'a'.repeat(196)}.pdf`);
    expect(sanitizeUploadName(`${'a'.repeat(197)}.pdf`)).toBe(`${'a'.repeat(196)}.pdf`);
  });

  it('never yields a separator, a control character or a dot-only name', () => {
    const alphabet = ['a', '.', '/', '\\', '\u0000', '\n', ' ', '评', ':', '\u202E', '%', '~'];
    for (let i = 0; i < 5000; i++) {
      const raw = Array.from({ length: 1 + (i % 9) }, (_, j) => alphabet[(i * 7 + j * 13 + ((i >> 3) % 5)) % alphabet.length]).join('');
      const name = sanitizeUploadName(raw);
      expect(name, JSON.stringify(raw)).not.toMatch(/[/\\\p{Cc}\p{Cf}]/u);
      expect(name, JSON.stringify(raw)).not.toMatch(/^\.*$/);
      expect(name.startsWith('.'), JSON.stringify(raw)).toBe(false);
      expect(path.basename(name)).toBe(name);
    }
  });
});
