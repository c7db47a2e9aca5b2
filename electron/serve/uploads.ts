import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * File uploads of the web shell. A browser never reveals a local path, so the web
 * shell's import takes the files as uploads first: each one is streamed to
 * `<dataDir>/staging/uploads/<random id>/<sanitised name>` (never buffered whole), and
 * its server-side path is handed back for `application.import`, which takes paths.
 * The name is only a label (it becomes the document's name in the application); it
 * can never choose where the bytes land.
 */

/** The largest file one upload may carry. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** Upload folders older than this are left over from another launch and swept at start. */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;
export const FALLBACK_UPLOAD_NAME = 'upload.pdf';
const MAX_NAME_CHARS = 200;
/** Most file systems allow 255 bytes per name; 200 Chinese characters are 600 in UTF-8. */
const MAX_NAME_BYTES = 240;
const MAX_EXTENSION_CHARS = 16;

export type UploadOutcome =
  | { kind: 'stored'; path: string; bytes: number }
  | { kind: 'refused'; status: 413 | 415; message: string }
  /** The client went away mid-upload: nothing was kept and there is no one to answer. */
  | { kind: 'aborted' };

export interface UploadArea {
  /** `<dataDir>/staging/uploads`. */
  readonly root: string;
  /**
   * Streams the request body to a new file named after `rawName` (sanitised). Checks
   * the content type (415) and the size (413, from Content-Length before reading and
   * while reading). A partial file is deleted on any failure.
   */
  receive(req: http.IncomingMessage, rawName: string | null): Promise<UploadOutcome>;
  /** Removes every upload of this launch (called when the server closes). */
  close(): void;
}

export interface UploadAreaOptions {
  maxBytes?: number;
  staleAfterMs?: number;
  now?: () => number;
}

/**
 * Creates the upload area (mode 0700) and sweeps folders older than `staleAfterMs` that
 * an earlier launch did not remove (a crash or a kill). Newer ones may belong to
 * another web shell running on the same data directory and are left alone.
 */
export function openUploadArea(root: string, { maxBytes = MAX_UPLOAD_BYTES, staleAfterMs = STALE_UPLOAD_MS, now = Date.now }: UploadAreaOptions = {}): UploadArea {
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  sweepStaleUploads(root, now() - staleAfterMs);
  const launchDirs = new Set<string>();

  const removeDir = (dir: string) => {
    launchDirs.delete(dir);
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      console.error('web shell: could not remove an upload folder', error);
    }
  };

  return {
    root,
    async receive(req, rawName) {
      if (mediaTypeOf(req.headers['content-type']) !== 'application/octet-stream') {
        return { kind: 'refused', status: 415, message: 'content type must be application/octet-stream' };
      }
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > maxBytes) {
        return { kind: 'refused', status: 413, message: `a file may have at most ${maxBytes} bytes` };
      }

      // Everything up to the pipe is synchronous, so no 'close' of the request can be missed.
      const dir = path.join(root, randomBytes(16).toString('hex'));
      fs.mkdirSync(dir, { mode: 0o700 });
      launchDirs.add(dir);
      const file = path.join(dir, sanitizeUploadName(rawName));

      let bytes = 0;
      let tooLarge = false;
      const limiter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          if (bytes > maxBytes) {
            tooLarge = true;
            callback(new Error('upload too large'));
          } else {
            callback(null, chunk);
          }
        },
      });
      // The request is piped, not put into the pipeline: a pipeline would destroy it on
      // a refusal, and with it the socket the 413 must go out on. So its end is watched here.
      let clientGone = false;
      req.on('error', (error) => {
        clientGone = true;
        limiter.destroy(error);
      });
      req.on('close', () => {
        if (req.complete) return;
        clientGone = true;
        limiter.destroy(new Error('upload aborted by the client'));
      });
      req.pipe(limiter);
      try {
        await pipeline(limiter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      } catch (error) {
        req.unpipe(limiter);
        removeDir(dir);
        if (tooLarge) return { kind: 'refused', status: 413, message: `a file may have at most ${maxBytes} bytes` };
        if (clientGone) return { kind: 'aborted' };
        throw error;
      }
      return { kind: 'stored', path: file, bytes };
    },
    close() {
      for (const dir of [...launchDirs]) removeDir(dir);
    },
  };
}

/** Removes entries of `root` last modified before `cutoff` (ms since the epoch). */
export function sweepStaleUploads(root: string, cutoff: number): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const entry = path.join(root, name);
    try {
      if (fs.lstatSync(entry).mtimeMs < cutoff) {
        fs.rmSync(entry, { recursive: true, force: true });
        removed.push(name);
      }
    } catch (error) {
      console.error('web shell: could not sweep an old upload', error);
    }
  }
  return removed;
}

/**
 * The upload's file name, made safe to use as one path segment on any system: the last
 * segment only (`/` and `\` both separate), NFC, no control or invisible format
 * characters (bidi overrides could disguise the extension), none of `<>:"|?*` (Windows;
 * `:` would name an NTFS stream), no leading dots (hidden files are skipped by import)
 * or trailing dots and spaces (Windows drops them), Windows device names prefixed with
 * `_`, at most 200 characters and 240 UTF-8 bytes with the extension kept; empty →
 * `upload.pdf`.
 */
export function sanitizeUploadName(raw: string | null | undefined): string {
  const lastSegment =
    (raw ?? '')
      .normalize('NFC')
      .split(/[/\\]/)
      .filter((segment) => segment.trim() !== '')
      .at(-1) ?? '';
  let name = tidy(lastSegment.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}<>:"|?*]/gu, ''));
  if (/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i.test(name)) name = `_${name}`;
  name = truncate(name);
  return name === '' ? FALLBACK_UPLOAD_NAME : name;
}

function tidy(name: string): string {
  return name.trim().replace(/^\.+/, '').replace(/[. ]+$/, '').trim();
}

function truncate(name: string): string {
  if (Array.from(name).length <= MAX_NAME_CHARS && Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && Array.from(name.slice(dot)).length <= MAX_EXTENSION_CHARS ? name.slice(dot) : '';
  const stem = Array.from(extension === '' ? name : name.slice(0, dot)).slice(0, MAX_NAME_CHARS - Array.from(extension).length);
  while (stem.length > 0 && Buffer.byteLength(stem.join('')) + Buffer.byteLength(extension) > MAX_NAME_BYTES) stem.pop();
  const kept = tidy(stem.join(''));
  return kept === '' ? '' : `${kept}${extension}`;
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}
