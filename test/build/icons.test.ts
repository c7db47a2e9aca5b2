import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/webShell';

/**
 * The packaging icons in build/, generated from renderer/public/icon.svg by
 * `npm run icons` and committed: read back with parsers written from the formats' specs
 * (not the writer's code), and regenerated into a temp dir to prove they are current.
 */

const build = (name: string) => fs.readFileSync(path.join(REPO_ROOT, 'build', name));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-icons-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('build/ icons', () => {
  it('are what `npm run icons` makes from the SVG now (run it and commit after changing the SVG)', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'icons.js'), '--out', tmp], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const written = run.stdout.trim().split('\n').map((line) => path.relative(tmp, path.resolve(line)));
    expect(written.sort()).toEqual(['icon.icns', 'icon.ico', 'icon.png', ...[16, 32, 48, 64, 128, 256, 512].map((s) => `icons/${s}x${s}.png`)].sort());
    for (const name of written) expect(build(name).equals(fs.readFileSync(path.join(tmp, name))), `build/${name} is stale: npm run icons`).toBe(true);
  });

  it('icon.png is 1024 px and the Linux set holds each size it is named after', () => {
    expect(pngSize(build('icon.png'))).toEqual([1024, 1024]);
    for (const name of fs.readdirSync(path.join(REPO_ROOT, 'build', 'icons'))) {
      const size = Number(/^(\d+)x\1\.png$/.exec(name)?.[1]);
      expect(pngSize(build(`icons/${name}`))).toEqual([size, size]);
    }
  });

  it('icon.ico holds 16–256 px, 32-bit bitmaps below 256 and a PNG at 256', () => {
    const ico = build('icon.ico');
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const size = ico.readUInt8(entry) || 256;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const image = ico.subarray(offset, offset + length);
      if (size === 256) {
        expect(pngSize(image)).toEqual([256, 256]);
      } else {
        expect(image.readUInt32LE(0)).toBe(40);
        expect([image.readInt32LE(4), image.readInt32LE(8), image.readUInt16LE(14)]).toEqual([size, size * 2, 32]);
        expect(length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
        // Opaque middle, transparent corner (the rounded square's outside).
        const pixel = (x: number, y: number) => 40 + ((size - 1 - y) * size + x) * 4;
        expect(image[pixel(size >> 1, size >> 1) + 3]).toBe(255);
        expect(image[pixel(0, 0) + 3]).toBe(0);
      }
      sizes.push(size);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('icon.icns holds PNGs from 16 to 1024 px under the types macOS expects', () => {
    const icns = build('icon.icns');
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Record<string, number> = {};
    for (let offset = 8; offset < icns.length; ) {
      const type = icns.subarray(offset, offset + 4).toString('latin1');
      const length = icns.readUInt32BE(offset + 4);
      found[type] = pngSize(icns.subarray(offset + 8, offset + length))[0];
      offset += length;
    }
    expect(found).toEqual({ icp4: 16, icp5: 32, ic11: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 });
  });
});
