import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Reading PDFs back with stock tools, for tests: poppler (pdftotext, pdffonts,
 * pdftoppm) and qpdf, as a reviewer's machine would. Grey images are PGM (what
 * `pdftoppm -gray` writes, trivial to parse) and are stored as 8-bit grey PNG (zlib
 * only, no image library) so that committed references stay small.
 */

function run(command: string, args: readonly string[], input?: Buffer): Buffer {
  const result = spawnSync(command, args, { maxBuffer: 1 << 30, ...(input !== undefined ? { input } : {}) });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}): ${result.stderr.toString()}${result.stdout.toString()}`);
  return result.stdout;
}

export function writeTemp(bytes: Uint8Array, name = 'report.pdf'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-pdf-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** `pdftotext -raw`: text in content-stream order, the order it was drawn. */
export function pdfText(file: string, options: { raw?: boolean; first?: number; last?: number } = {}): string {
  const args = [...(options.raw === false ? [] : ['-raw']), '-enc', 'UTF-8'];
  if (options.first !== undefined) args.push('-f', String(options.first));
  if (options.last !== undefined) args.push('-l', String(options.last));
  return run('pdftotext', [...args, file, '-']).toString('utf8');
}

export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** `pdffonts`, parsed: the last five columns are emb sub uni object-number generation. */
export function pdfFonts(file: string): FontRow[] {
  return run('pdffonts', [file])
    .toString('utf8')
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      const yes = (index: number) => columns.at(index) === 'yes';
      return { name: columns[0] ?? '', type: columns.slice(1, -6).join(' '), embedded: yes(-5), subset: yes(-4), unicode: yes(-3) };
    });
}

export function pdfPageCount(file: string): number {
  const match = /Pages:\s+(\d+)/.exec(run('pdfinfo', [file]).toString('utf8'));
  return Number(match?.[1] ?? NaN);
}

export function pdfInfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', ['-isodates', file]).toString('utf8').split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match?.[1] !== undefined) out[match[1].trim()] = match[2] ?? '';
  }
  return out;
}

/** qpdf's structural check: exit status 0, and (with warnings, status 3) what it said. */
export function qpdfCheck(file: string): { ok: boolean; output: string } {
  const result = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Renders one page to `<out>.png` for people to look at; returns the path. */
export function renderPagePng(file: string, page: number, out: string, dpi = 80): string {
  run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, out]);
  return `${out}.png`;
}

/** Renders to PNG files for people to look at; returns their paths. */
export function renderPng(file: string, outPrefix: string, options: { dpi?: number; first?: number; last?: number } = {}): string[] {
  const args = ['-png', '-r', String(options.dpi ?? 80)];
  if (options.first !== undefined) args.push('-f', String(options.first));
  if (options.last !== undefined) args.push('-l', String(options.last));
  run('pdftoppm', [...args, file, outPrefix]);
  const dir = path.dirname(outPrefix);
  const base = path.basename(outPrefix);
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${base}-`) && name.endsWith('.png'))
    .sort()
    .map((name) => path.join(dir, name));
}

export interface GreyImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white, rows top to bottom. */
  pixels: Uint8Array;
}

/** One page rendered in grey by pdftoppm; stderr must be empty (poppler complains about broken fonts there). */
export function renderGrey(file: string, page: number, dpi: number): GreyImage & { warnings: string } {
  const result = spawnSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file], { maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`pdftoppm failed: ${result.stderr.toString()}`);
  return { ...parsePgm(result.stdout), warnings: result.stderr.toString() };
}

/** Binary PGM (P5, maxval 255): header tokens separated by whitespace, then the bytes. */
export function parsePgm(bytes: Buffer): GreyImage {
  const tokens: string[] = [];
  let offset = 0;
  while (tokens.length < 4) {
    while (offset < bytes.length && /\s/.test(String.fromCharCode(bytes[offset] ?? 0))) offset += 1;
    if (bytes[offset] === 0x23) {
      while (offset < bytes.length && bytes[offset] !== 0x0a) offset += 1;
      continue;
    }
    let token = '';
    while (offset < bytes.length && !/\s/.test(String.fromCharCode(bytes[offset] ?? 0))) token += String.fromCharCode(bytes[offset++] ?? 0);
    tokens.push(token);
  }
  offset += 1; // the single whitespace after maxval
  const [magic, width, height, maxval] = tokens;
  if (magic !== 'P5' || maxval !== '255') throw new Error(`not an 8-bit binary PGM: ${tokens.join(' ')}`);
  const w = Number(width);
  const h = Number(height);
  return { width: w, height: h, pixels: new Uint8Array(bytes.subarray(offset, offset + w * h)) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** 8-bit greyscale PNG, filter "none" on every row: valid for any viewer and readable by readGreyPng. */
export function encodeGreyPng(image: GreyImage): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grey), deflate, filter method 0, no interlace
  const raw = Buffer.alloc((image.width + 1) * image.height);
  for (let row = 0; row < image.height; row += 1) {
    raw[row * (image.width + 1)] = 0;
    raw.set(image.pixels.subarray(row * image.width, (row + 1) * image.width), row * (image.width + 1) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Reads back what encodeGreyPng writes (grey, 8 bits, unfiltered rows); refuses anything else. */
export function decodeGreyPng(bytes: Buffer): GreyImage {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString('latin1');
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 0 || body[12] !== 0) throw new Error('only 8-bit grey, non-interlaced PNGs are read here');
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(data));
  const pixels = new Uint8Array(width * height);
  for (let row = 0; row < height; row += 1) {
    if (raw[row * (width + 1)] !== 0) throw new Error('only unfiltered PNG rows are read here');
    pixels.set(raw.subarray(row * (width + 1) + 1, (row + 1) * (width + 1)), row * width);
  }
  return { width, height, pixels };
}

export interface ImageDifference {
  /** Pixels whose grey level differs by more than `threshold`. */
  differing: number;
  fraction: number;
  /** Same size? A different size is a difference of everything. */
  sameSize: boolean;
}

export function compareGrey(actual: GreyImage, expected: GreyImage, threshold = 48): ImageDifference {
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return { differing: actual.width * actual.height, fraction: 1, sameSize: false };
  }
  let differing = 0;
  for (let index = 0; index < actual.pixels.length; index += 1) {
    if (Math.abs((actual.pixels[index] ?? 0) - (expected.pixels[index] ?? 0)) > threshold) differing += 1;
  }
  return { differing, fraction: differing / actual.pixels.length, sameSize: true };
}

/** Dark pixels (below `level`) in a rectangle of the image, in pixel coordinates from the top left. */
export function inkIn(image: GreyImage, box: { x: number; y: number; width: number; height: number }, level = 160): number {
  let count = 0;
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(image.height, Math.ceil(box.y + box.height)); y += 1) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(image.width, Math.ceil(box.x + box.width)); x += 1) {
      if ((image.pixels[y * image.width + x] ?? 255) < level) count += 1;
    }
  }
  return count;
}

/** Whitespace-insensitive: pdftotext puts line breaks where the layout wrapped. */
export const squash = (text: string): string => text.replace(/\s+/g, '');

/**
 * Squashed `pdftotext -raw` text without the page chrome (header, page label, draft
 * watermark), which the builder draws on each page after its content: in raw order it
 * would sit inside a paragraph that runs on to the next page.
 */
export function bodyText(file: string, chrome: { header: string; headerRight?: string; draftMark?: string | null }): string {
  let text = squash(pdfText(file));
  const draft = chrome.draftMark ?? null;
  const prefix = draft === null ? '' : /^[A-Z]+$/.test(draft) ? `${draft} · ` : `【${draft}】`;
  const header = squash(`${prefix}${chrome.header}${chrome.headerRight ?? ''}`);
  if (header !== '') text = text.split(header).join('');
  text = text.replace(/第\d+页\/共\d+页|Page\d+of\d+/g, '');
  if (draft !== null) text = text.split(squash(draft)).join('');
  return text;
}
