import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: runs the built CLI's `serve` (the loopback web shell) as a child process,
 * exactly as a user would start it: `node bin/panel-review.js --data-dir DIR --json serve
 * --port 0 --no-open`. It waits for the one JSON line on stdout and parses it.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(REPO_ROOT, 'bin', 'panel-review.js');
const BUILT_CLI = path.join(REPO_ROOT, 'out', 'main', 'cli.js');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface WebShellProcess {
  /** The launch link, with its token: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT`, what a browser sends as Origin. */
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  readonly pid: number;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Everything the server wrote to stdout so far. */
  stdout(): string;
  /** SIGTERM, then waits for the process to exit (SIGKILL after a timeout). Idempotent. */
  stop(): Promise<void>;
}

export interface SpawnWebShellOptions {
  /** The data directory; a fresh temp directory (removed again on stop) when omitted. */
  dataDir?: string;
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
}

/** A fresh, empty data directory under the OS temp dir. The caller removes it. */
export function tempDataDir(prefix = 'panel-review-web-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Children still running, killed when the test worker exits (a failed or aborted test). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export async function spawnWebShell(options: SpawnWebShellOptions = {}): Promise<WebShellProcess> {
  if (!fs.existsSync(BUILT_CLI)) {
    throw new Error(`web shell helper: ${path.relative(REPO_ROOT, BUILT_CLI)} is missing — run npm run build first`);
  }
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDataDir();
  installExitHook();

  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--json', 'serve', '--port', '0', '--no-open'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PANEL_REVIEW_DATA_DIR: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });

  let first: { url: string; port: number };
  try {
    first = await new Promise<{ url: string; port: number }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`web shell did not print its URL within ${START_TIMEOUT_MS} ms\nstdout: ${stdout}\nstderr: ${stderr}`)),
        START_TIMEOUT_MS,
      );
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        const newline = stdout.indexOf('\n');
        if (newline < 0) return;
        clearTimeout(timer);
        try {
          const parsed = JSON.parse(stdout.slice(0, newline)) as { url?: unknown; port?: unknown };
          if (typeof parsed.url !== 'string' || typeof parsed.port !== 'number') throw new Error('no url/port');
          resolve({ url: parsed.url, port: parsed.port });
        } catch (error) {
          reject(new Error(`web shell printed something other than {url, port}: ${stdout} (${String(error)})`));
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`web shell exited early (code ${code}, signal ${signal})\nstdout: ${stdout}\nstderr: ${stderr}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const parsedUrl = new URL(first.url);
  const token = parsedUrl.searchParams.get('token');
  if (token === null || token === '') {
    child.kill('SIGKILL');
    throw new Error(`web shell URL has no token: ${first.url}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    url: first.url,
    port: first.port,
    origin: parsedUrl.origin,
    token,
    dataDir,
    pid: child.pid ?? -1,
    stderr: () => stderr,
    stdout: () => stdout,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpRequestOptions {
  port: number;
  method?: string;
  /** Sent as is: no normalisation of `..` or percent-encoding. */
  path: string;
  /** Host defaults to 127.0.0.1:PORT; pass one to send another. */
  headers?: http.OutgoingHttpHeaders;
  body?: string;
  host?: string;
}

/** One raw HTTP request (fetch cannot set Host, and normalises paths). */
export function httpRequest({ port, method = 'GET', path: requestPath, headers = {}, body, host = '127.0.0.1' }: HttpRequestOptions): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port, method, path: requestPath, headers: { Host: `127.0.0.1:${port}`, ...headers }, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${requestPath}: no answer within 15 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The session cookie pair (`name=value`) from a 303 reply's Set-Cookie. */
export function sessionCookieFrom(reply: HttpReply): string {
  const header = reply.headers['set-cookie']?.[0];
  if (header === undefined) throw new Error(`no Set-Cookie in reply (status ${reply.status})`);
  return header.split(';')[0] ?? '';
}
