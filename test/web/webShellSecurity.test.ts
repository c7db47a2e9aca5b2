import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReply, type WebShellProcess, httpRequest, sessionCookieFrom, spawnWebShell } from '../helpers/webShell';

/**
 * The loopback web shell's security posture (DESIGN.md, Security posture), against the
 * real `panel-review serve` process over real HTTP: token, cookie, Host, Origin, content
 * type, CSP, path traversal, loopback-only binding, and the rpc/SSE contract.
 */

let shell: WebShellProcess;
let cookie: string;

function get(path: string, headers: http.OutgoingHttpHeaders = {}): Promise<HttpReply> {
  return httpRequest({ port: shell.port, path, headers });
}

function post(command: string, input: unknown, headers: http.OutgoingHttpHeaders = {}): Promise<HttpReply> {
  return httpRequest({
    port: shell.port,
    method: 'POST',
    path: `/rpc/${command}`,
    headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: shell.origin, ...headers },
    body: JSON.stringify({ input }),
  });
}

beforeAll(async () => {
  shell = await spawnWebShell();
  const link = await get(`/?token=${encodeURIComponent(shell.token)}`);
  cookie = sessionCookieFrom(link);
}, 60_000);

afterAll(async () => {
  await shell?.stop();
});

describe('web shell: the token', () => {
  it.each(['/', '/index.html', '/rpc/round.list', '/events'])('without a token, GET %s is 401', async (path) => {
    const reply = await get(path);
    expect(reply.status).toBe(401);
    expect(reply.body).not.toContain('<script');
  });

  it('without a token, POST /rpc/round.list is 401', async () => {
    const reply = await httpRequest({
      port: shell.port,
      method: 'POST',
      path: '/rpc/round.list',
      headers: { 'Content-Type': 'application/json', Origin: shell.origin },
      body: JSON.stringify({ input: {} }),
    });
    expect(reply.status).toBe(401);
  });

  it('a wrong token is 401, in the link, the cookie or the bearer header', async () => {
    const wrong = `${shell.token.slice(0, -2)}xx`;
    expect((await get(`/?token=${wrong}`)).status).toBe(401);
    expect((await get('/?token=')).status).toBe(401);
    const wrongLink = await get(`/?token=${wrong}`);
    expect(wrongLink.headers['set-cookie']).toBeUndefined();
    expect((await get('/', { Cookie: `panel-review-${shell.port}=${wrong}` })).status).toBe(401);
    expect((await get('/', { Authorization: `Bearer ${wrong}` })).status).toBe(401);
    // A valid token under another port's cookie name does not count.
    expect((await get('/', { Cookie: `panel-review-${shell.port + 1}=${shell.token}` })).status).toBe(401);
  });

  it('the token link sets an HttpOnly SameSite=Strict cookie and redirects 303 to /', async () => {
    const reply = await get(`/?token=${encodeURIComponent(shell.token)}`);
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    const setCookie = reply.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(new RegExp(`^panel-review-${shell.port}=`));
    const attributes = setCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/');
  });

  it('the bearer header works as well as the cookie', async () => {
    const reply = await get('/', { Authorization: `Bearer ${shell.token}` });
    expect(reply.status).toBe(200);
  });

  it('the token never appears on stderr', async () => {
    // Provoke some server-side logging first: bad bodies, wrong tokens, unknown commands.
    await post('round.list', {}, { 'Content-Type': 'application/json' });
    await httpRequest({
      port: shell.port,
      method: 'POST',
      path: '/rpc/round.list',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: shell.origin },
      body: '{not json',
    });
    await post('no.such.command', {});
    expect(shell.stderr()).not.toContain(shell.token);
  });
});

describe('web shell: the renderer and its CSP', () => {
  it('with the cookie, / is index.html with a strict CSP', async () => {
    const reply = await get('/', { Cookie: cookie });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.body).toContain('<div id="root">');
    const csp = String(reply.headers['content-security-policy'] ?? '');
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d !== '')
        .map((d) => {
          const [name = '', ...values] = d.split(/\s+/);
          return [name, values] as const;
        }),
    );
    const scriptSrc = directives.get('script-src');
    expect(scriptSrc).toEqual(["'self'"]);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a client-side route gets index.html too', async () => {
    const reply = await get('/some/route', { Cookie: cookie });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<div id="root">');
  });

  it('the built script is served with a JavaScript content type', async () => {
    const index = await get('/', { Cookie: cookie });
    const src = /src="\.?(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(src).toBeDefined();
    const script = await get(src ?? '', { Cookie: cookie });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it.each(['/../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/..%5c..%5cpackage.json', '/%2e%2e%2f%2e%2e%2fpackage.json', '/%00.js', '/%E0%A4%A.js'])(
    'path traversal %s never returns a file outside the renderer',
    async (path) => {
      const reply = await get(path, { Cookie: cookie });
      expect([400, 404]).toContain(reply.status);
      expect(reply.body).not.toContain('"panel-review"');
      expect(reply.body).not.toContain('devDependencies');
    },
  );
});

describe('web shell: Host and Origin', () => {
  it('a foreign Host with a valid cookie is 403 (DNS rebinding)', async () => {
    const reply = await get('/', { Cookie: cookie, Host: `evil.example:${shell.port}` });
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('<div id="root">');
    const rpc = await post('round.list', {}, { Host: `evil.example:${shell.port}` });
    expect(rpc.status).toBe(403);
  });

  it('the Host check also applies to the token link (no cookie planted for a rebinding page)', async () => {
    const reply = await get(`/?token=${encodeURIComponent(shell.token)}`, { Host: `evil.example:${shell.port}` });
    expect(reply.status).toBe(403);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('Host localhost:PORT is allowed; a Host with another port is not', async () => {
    expect((await get('/', { Cookie: cookie, Host: `localhost:${shell.port}` })).status).toBe(200);
    expect((await get('/', { Cookie: cookie, Host: `127.0.0.1:${shell.port + 1}` })).status).toBe(403);
    expect((await get('/', { Cookie: cookie, Host: '127.0.0.1' })).status).toBe(403);
  });

  it('POST with a foreign Origin is 403', async () => {
    const reply = await post('round.list', {}, { Origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
    expect((await post('round.list', {}, { Origin: 'null' })).status).toBe(403);
    expect((await post('round.list', {}, { Origin: `http://127.0.0.1:${shell.port + 1}` })).status).toBe(403);
  });

  it('POST with its own Origin is 200 with an empty round list', async () => {
    const reply = await post('round.list', {});
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { rounds: [] } });
  });

  it('POST with text/plain is 415 (what a cross-site form could send)', async () => {
    const reply = await post('round.list', {}, { 'Content-Type': 'text/plain' });
    expect(reply.status).toBe(415);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
  });

  it('a malformed JSON body is 400 with a TRANSPORT error', async () => {
    const reply = await httpRequest({
      port: shell.port,
      method: 'POST',
      path: '/rpc/round.list',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: shell.origin },
      body: '{not json',
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
  });

  it('methods other than GET, HEAD and POST /rpc are 405', async () => {
    const reply = await httpRequest({ port: shell.port, method: 'DELETE', path: '/', headers: { Cookie: cookie } });
    expect(reply.status).toBe(405);
  });
});

describe('web shell: binding', () => {
  const others = Object.values(os.networkInterfaces())
    .flat()
    .filter((address): address is os.NetworkInterfaceInfo => address !== undefined && !address.internal)
    .filter((address) => address.family === 'IPv4' || !address.address.toLowerCase().startsWith('fe80:'))
    .map((address) => address.address);

  it.skipIf(others.length === 0)('listens on 127.0.0.1 only: the machine’s other addresses refuse connections', async () => {
    for (const address of [...others, '::1']) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: address, port: shell.port });
        socket.setTimeout(3_000, () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, `connecting to ${address}:${shell.port}`).not.toBe('connected');
    }
  });

  it('does listen on 127.0.0.1', async () => {
    expect((await get('/', { Cookie: cookie })).status).toBe(200);
  });
});

describe('web shell: rpc contract and events', () => {
  it('an invalid input is 200 with INVALID_INPUT', async () => {
    const reply = await post('round.create', { name: '', kind: 'plan-review' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // Nothing was created.
    expect(JSON.parse((await post('round.list', {})).body)).toEqual({ ok: true, value: { rounds: [] } });
  });

  it('an unknown command is 200 with UNKNOWN_COMMAND', async () => {
    const reply = await post('no.such.command', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });

  it('an SSE client on /events hears {type: changed, entity: rounds} after round.create', async () => {
    const events: unknown[] = [];
    let request: http.ClientRequest | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const received = new Promise<void>((resolve, reject) => {
        let connected!: () => void;
        const ready = new Promise<void>((r) => (connected = r));
        request = http.get(
          { host: '127.0.0.1', port: shell.port, path: '/events', headers: { Host: `127.0.0.1:${shell.port}`, Cookie: cookie }, agent: false },
          (res) => {
            if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
              reject(new Error(`/events answered ${res.statusCode} ${res.headers['content-type']}`));
              return;
            }
            res.setEncoding('utf8');
            let buffer = '';
            res.on('data', (chunk: string) => {
              buffer += chunk;
              let end: number;
              while ((end = buffer.indexOf('\n\n')) >= 0) {
                const message = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                if (message.startsWith(': connected')) connected();
                for (const line of message.split('\n')) {
                  if (!line.startsWith('data: ')) continue;
                  const event: unknown = JSON.parse(line.slice('data: '.length));
                  events.push(event);
                  if (typeof event === 'object' && event !== null && 'entity' in event && event.entity === 'rounds') resolve();
                }
              }
            });
          },
        );
        request.on('error', reject);
        void ready.then(async () => {
          const created = await post('round.create', { name: '2026年中国制造2025试点城市实施方案评审', kind: 'plan-review' });
          expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { name: '2026年中国制造2025试点城市实施方案评审', kind: 'plan-review' } });
        }).catch(reject);
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no rounds event within 10 s; got ${JSON.stringify(events)}`)), 10_000);
      });
      await Promise.race([received, timeout]);
      expect(events).toContainEqual({ type: 'changed', entity: 'rounds' });
    } finally {
      clearTimeout(timer);
      request?.destroy();
    }
  });
});
