import { describe, expect, it } from 'vitest';
import type { StoredSnapshot } from '../documents/pageSnapshots';
import { snapshotResponse } from './snapshotResponse';

const SHA = 'a'.repeat(64);
const picture: StoredSnapshot = { page: 1, widthPt: 595.276, heightPt: 841.89, mime: 'image/webp', image: Buffer.from('RIFF----WEBPVP8 '), outline: true };
const source = { get: (sha256: string) => (sha256 === SHA ? picture : undefined) };

describe('snapshotResponse (GET /snapshot/<sha256> in both shells)', () => {
  it('answers GET with the picture and the page size in points, HEAD with the headers only', () => {
    const got = snapshotResponse(source, { method: 'GET', sha256: SHA });
    expect(got.status).toBe(200);
    expect(got.body).toBe(picture.image);
    expect(got.headers).toMatchObject({ 'Content-Type': 'image/webp', 'Content-Length': String(picture.image.length), 'X-Page-Number': '1', 'X-Page-Width-Pt': '595.276', 'X-Page-Height-Pt': '841.89', 'X-Outline': '1', 'X-Content-Type-Options': 'nosniff' });
    const head = snapshotResponse(source, { method: 'HEAD', sha256: SHA });
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
  });

  it('204 without a picture, 400 for anything but a lower-case digest, 405 for other methods', () => {
    expect(snapshotResponse(source, { method: 'GET', sha256: 'b'.repeat(64) })).toMatchObject({ status: 204, headers: { 'Cache-Control': 'no-store' } });
    for (const bad of ['', SHA.toUpperCase(), `${SHA}/x`, '../panel-review.sqlite', SHA.slice(1)]) {
      expect(snapshotResponse(source, { method: 'GET', sha256: bad }).status).toBe(400);
    }
    expect(snapshotResponse(source, { method: 'POST', sha256: SHA })).toMatchObject({ status: 405, headers: { Allow: 'GET, HEAD' } });
  });
});
