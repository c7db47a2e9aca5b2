// Generates the packaging icons from the one app icon, renderer/public/icon.svg (the same
// picture the app shows in its header): `npm run icons` after changing that SVG, then
// commit build/icon.png, build/icons/, build/icon.ico and build/icon.icns.
// test/build/icons.test.ts reads them back and fails when they are older than the SVG.
//
//   node scripts/icons.js [--out DIR]     (DIR defaults to build/)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SOURCE = path.join(ROOT, 'renderer', 'public', 'icon.svg');

/** Linux hicolor sizes (build/icons/NxN.png, electron-builder's linux.icon directory). */
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
/** Windows: Explorer, taskbar and shortcuts pick from these; 256 is stored as PNG, the rest as bitmaps. */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** macOS: the PNG-carrying icns types (10.7+) and the pixel size each holds. */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

/** @param {Buffer} svg @param {number} size @returns {{ png: Buffer, rgba: Buffer }} */
function render(svg, size) {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
  if (image.width !== size || image.height !== size) throw new Error(`icon.svg must be square: rendered ${image.width}×${image.height}`);
  return { png: Buffer.from(image.asPng()), rgba: Buffer.from(image.pixels) };
}

/**
 * A 32-bit ICO bitmap entry: BITMAPINFOHEADER (height doubled: XOR + AND mask), BGRA rows
 * bottom-up with straight alpha (resvg's pixels are premultiplied), then the 1-bit AND
 * mask, all zero: the alpha channel already says what is transparent.
 * @param {Buffer} rgba @param {number} size
 */
function icoBitmap(rgba, size) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4, 20);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      const alpha = rgba[from + 3] ?? 0;
      const straight = (/** @type {number} */ channel) => (alpha === 0 ? 0 : Math.min(255, Math.round((channel * 255) / alpha)));
      pixels[to] = straight(rgba[from + 2] ?? 0);
      pixels[to + 1] = straight(rgba[from + 1] ?? 0);
      pixels[to + 2] = straight(rgba[from] ?? 0);
      pixels[to + 3] = alpha;
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

/** @param {{ size: number, data: Buffer }[]} images */
export function encodeIco(images) {
  const head = Buffer.alloc(6);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([head, ...entries, ...images.map((image) => image.data)]);
}

/** @param {{ type: string, data: Buffer }[]} chunks */
export function encodeIcns(chunks) {
  const body = chunks.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.reduce((n, chunk) => n + chunk.length, 0), 4);
  return Buffer.concat([head, ...body]);
}

/** Writes every icon into outDir and returns the files written (relative to it). */
export function writeIcons(outDir) {
  const svg = fs.readFileSync(ICON_SOURCE);
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => Number(size)), 1024])];
  const rendered = new Map(sizes.map((size) => [size, render(svg, size)]));
  const get = (/** @type {number} */ size) => /** @type {{ png: Buffer, rgba: Buffer }} */ (rendered.get(size));
  /** @type {[string, Buffer][]} */
  const files = [
    ['icon.png', get(1024).png],
    ...LINUX_SIZES.map((size) => /** @type {[string, Buffer]} */ ([`icons/${size}x${size}.png`, get(size).png])),
    ['icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, data: size >= 256 ? get(size).png : icoBitmap(get(size).rgba, size) })))],
    ['icon.icns', encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type: String(type), data: get(Number(size)).png })))],
  ];
  fs.mkdirSync(path.join(outDir, 'icons'), { recursive: true });
  for (const [name, bytes] of files) fs.writeFileSync(path.join(outDir, name), bytes);
  return files.map(([name]) => name);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const outDir = at > 0 && process.argv[at + 1] !== undefined ? path.resolve(process.argv[at + 1]) : path.join(ROOT, 'build');
  for (const name of writeIcons(outDir)) console.log(path.relative(process.cwd(), path.join(outDir, name)));
}
