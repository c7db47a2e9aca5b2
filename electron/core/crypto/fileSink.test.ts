import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSink } from './fileSink';

const dir = mkdtempSync(join(tmpdir(), 'panel-review-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A FileHandle stand-in recording what reaches the "disk", optionally short or failing writes. */
function fakeHandle(behaviour: { shortBy?: number; failAt?: number }): { handle: FileHandle; written: () => Buffer } {
  const parts: Buffer[] = [];
  let calls = 0;
  const handle = {
    write: async (bytes: Buffer, offset: number, length: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      calls++;
      if (behaviour.failAt === calls) throw new Error('ENOSPC: no space left on device');
      const take = Math.max(1, length - (behaviour.shortBy ?? 0));
      parts.push(Buffer.from(bytes.subarray(offset, offset + take)));
      return { bytesWritten: take, buffer: bytes };
    },
  } as unknown as FileHandle;
  return { handle, written: () => Buffer.concat(parts) };
}

describe('FileSink', () => {
  it('writes every chunk, in order, whatever their sizes', async () => {
    const path = join(dir, 'out.bin');
    const file = await open(path, 'w');
    const sink = new FileSink(file);
    const chunks = Array.from({ length: 200 }, (_, i) => randomBytes((i * 7919) % 70_000));
    for (const chunk of chunks) await sink.write(chunk);
    await sink.flush();
    await file.close();
    expect(readFileSync(path).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('finishes short writes', async () => {
    const { handle, written } = fakeHandle({ shortBy: 1000 });
    const sink = new FileSink(handle);
    const chunks = Array.from({ length: 40 }, () => randomBytes(65_552));
    for (const chunk of chunks) await sink.write(chunk);
    await sink.flush();
    expect(written().equals(Buffer.concat(chunks))).toBe(true);
  });

  it('reports a failed write, by flush at the latest, and abandon waits quietly', async () => {
    const { handle } = fakeHandle({ failAt: 1 });
    const sink = new FileSink(handle);
    const attempt = async () => {
      for (let i = 0; i < 40; i++) await sink.write(randomBytes(65_552));
      await sink.flush();
    };
    await expect(attempt()).rejects.toThrow('ENOSPC');
    await sink.abandon();
  });
});
