import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure';
import { BlobStore, type StoredBlob } from './blobStore';
import { storeFiles } from './storeFiles';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setUp(count: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-review-store-files-'));
  dirs.push(dir);
  const files = Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `f${i}.pdf`);
    // Sizes differ so the copies finish out of order.
    fs.writeFileSync(file, Buffer.alloc((count - i) * 200_000, i + 1));
    return { file, name: `f${i}.pdf` };
  });
  return { store: new BlobStore(path.join(dir, 'blobs')), files };
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('storeFiles', () => {
  it('stores every file and answers in input order', async () => {
    const { store, files } = setUp(9);
    const seen: number[] = [];
    const blobs = await storeFiles(store, files, { onStored: (index) => seen.push(index) });
    expect(blobs.map((b) => b.sha256)).toEqual(files.map((f) => sha(f.file)));
    expect(blobs.every((b) => b.created)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(files.map((_, i) => i));
    for (const blob of blobs) expect(sha(store.pathOf(blob.sha256))).toBe(blob.sha256);
  });

  it('on a failure starts no new copy, reports every blob it did create, and throws the error', async () => {
    const { store, files } = setUp(12);
    const missing = { file: path.join(path.dirname(files[0]?.file ?? ''), 'gone.pdf'), name: 'gone.pdf' };
    const list = [...files.slice(0, 2), missing, ...files.slice(2)];
    const reported: StoredBlob[] = [];
    const error = await failure(storeFiles(store, list, { onStored: (_i, blob) => reported.push(blob), concurrency: 2 }));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.details).toMatchObject({ file: 'gone.pdf' });
    // Two lanes: at most the two files before it and the one beside it were copied.
    expect(reported.length).toBeLessThanOrEqual(3);
    const onDisk = fs.readdirSync(store.root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.parentPath !== path.join(store.root, 'tmp'));
    expect(onDisk.map((e) => e.name).sort()).toEqual(reported.map((b) => b.sha256).sort());
  });

  it('honours a cancel: no blob is left half written', async () => {
    const { store, files } = setUp(6);
    const controller = new AbortController();
    controller.abort();
    const error = await failure(storeFiles(store, files, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
    expect(fs.existsSync(path.join(store.root, 'tmp')) ? fs.readdirSync(path.join(store.root, 'tmp')) : []).toEqual([]);
  });
});
