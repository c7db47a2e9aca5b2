import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/corpus';
import { renderSnapshot, SNAPSHOT_WIDTH_PX } from './renderSnapshot';

/** Share of dark pixels in an encoded picture, decoded again. */
async function ink(image: Uint8Array): Promise<{ width: number; height: number; dark: number }> {
  const picture = await loadImage(Buffer.from(image));
  const canvas = createCanvas(picture.width, picture.height);
  const context = canvas.getContext('2d');
  context.drawImage(picture, 0, 0);
  const { data } = context.getImageData(0, 0, picture.width, picture.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 128 && (data[i + 1] ?? 255) < 128 && (data[i + 2] ?? 255) < 128) dark++;
  return { width: picture.width, height: picture.height, dark: dark / (data.length / 4) };
}

describe('renderSnapshot (page pictures drawn by pdf.js in Node)', () => {
  it('draws page 1 of the 2415-page manual as a WebP picture with text on it, with the page size in points', async () => {
    const snapshot = await renderSnapshot(corpusFile('large-r-fullrefman.pdf'), { displayName: 'manual.pdf' });
    // The manual has bookmarks (one per package); lshort's title page below does too.
    expect(snapshot).toMatchObject({ page: 1, mime: 'image/webp', outline: true });
    expect(Buffer.from(snapshot.image).subarray(8, 12).toString('latin1')).toBe('WEBP');
    // pdfinfo says: Page size 612 x 792 pts (letter).
    expect(snapshot.widthPt).toBeCloseTo(612, 1);
    expect(snapshot.heightPt).toBeCloseTo(792, 1);
    const picture = await ink(snapshot.image);
    expect(picture.width).toBe(SNAPSHOT_WIDTH_PX);
    expect(picture.height).toBe(Math.floor((SNAPSHOT_WIDTH_PX * 792) / 612));
    expect(picture.dark).toBeGreaterThan(0.001);
    expect(picture.dark).toBeLessThan(0.2);
  });

  it('draws the Chinese title page of lshort-zh-cn (CID fonts) with ink, and a later page when asked', async () => {
    const first = await renderSnapshot(corpusFile('cjk-lshort-zh-cn.pdf'), { displayName: 'lshort.pdf' });
    expect((await ink(first.image)).dark).toBeGreaterThan(0.001);
    expect(first.outline).toBe(true);
    // A scanned page has no bookmarks.
    expect((await renderSnapshot(corpusFile('scan-cjk.pdf'), { displayName: 'scan.pdf' })).outline).toBe(false);
    const later = await renderSnapshot(corpusFile('cjk-lshort-zh-cn.pdf'), { displayName: 'lshort.pdf', page: 20 });
    expect(later.page).toBe(20);
    expect(Buffer.compare(Buffer.from(later.image), Buffer.from(first.image))).not.toBe(0);
  });

  it('refuses a page the document does not have, and damaged files, with the usual codes', async () => {
    await expect(renderSnapshot(corpusFile('cjk-lshort-zh-cn.pdf'), { displayName: 'lshort.pdf', page: 10_000 })).rejects.toMatchObject({ code: 'PDF_DAMAGED' });
    await expect(renderSnapshot(corpusFile('not-a-pdf.pdf'), { displayName: 'not-a-pdf.pdf' })).rejects.toMatchObject({ code: 'PDF_NOT_PDF' });
  });
});
