import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure';
import { AppError } from '../errors';
import { extractPages } from './extractText';
import { inspectPdf } from './inspectPdf';
import { PdfWorkerClient } from './pdfWorkerClient';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpus = (file: string): string => path.resolve(repoRoot, '../shared/corpus', file);
// A worker thread cannot run the .ts source: these tests use the built worker.
const workerPath = path.join(repoRoot, 'out/main/pdfWorker.js');


async function collect(run: (onPage: (page: number, text: string) => void) => Promise<{ pages: number }>) {
  const pages = new Map<number, string>();
  const result = await run((page, text) => void pages.set(page, text));
  return { result, pages };
}

describe('PdfWorkerClient (built worker)', () => {
  let client: PdfWorkerClient;
  beforeAll(() => {
    if (!fs.existsSync(workerPath)) throw new Error(`${workerPath} is missing: run npm run build first`);
    client = PdfWorkerClient.start({ workerPath });
  });
  afterAll(async () => {
    await client.close();
  });

  it.each(['cjk-ctex.pdf', 'encrypted-owner-only.pdf', 'junk-prefix.pdf'])('inspects %s exactly as in-process', async (file) => {
    const options = { displayName: file };
    expect(await client.inspect(corpus(file), options)).toEqual(await inspectPdf(corpus(file), options));
  });

  it.each(['cjk-lshort-zh-cn.pdf', 'cjk-cns1-prospectus.pdf'])('extracts %s exactly as in-process', async (file) => {
    const viaWorker = await collect((onPage) => client.extract(corpus(file), { onPage }));
    const inProcess = await collect((onPage) => extractPages(corpus(file), { onPage }));
    expect(viaWorker.result).toEqual(inProcess.result);
    expect([...viaWorker.pages.keys()]).toEqual([...inProcess.pages.keys()]);
    expect(viaWorker.pages).toEqual(inProcess.pages);
  });

  it('passes the password and fromPage through', async () => {
    const { result, pages } = await collect((onPage) =>
      client.extract(corpus('encrypted-aes256-user.pdf'), { password: 'secret', fromPage: 25, onPage }),
    );
    expect(result).toEqual({ pages: 26 });
    expect([...pages.keys()]).toEqual([25, 26]);
  });

  it('brings AppErrors across the thread with code and details intact', async () => {
    const wrong = await failure(client.inspect(corpus('encrypted-aes256-user.pdf'), { displayName: '申报书.pdf', password: 'wrong' }));
    expect(wrong.code).toBe('PDF_PASSWORD_WRONG');
    expect(wrong.details).toEqual({ file: '申报书.pdf' });
    const damaged = await failure(client.inspect(corpus('truncated.pdf'), { displayName: 'truncated.pdf' }));
    expect(damaged.code).toBe('PDF_DAMAGED');
    expect(damaged.details).toMatchObject({ file: 'truncated.pdf', reason: expect.any(String) });
    const notPdf = await failure(client.extract(corpus('not-a-pdf.pdf'), { displayName: 'x.pdf', onPage: () => undefined }));
    expect(notPdf.code).toBe('PDF_NOT_PDF');
  });

  it('awaits an async onPage in page order, and resolves only after the last one', async () => {
    const events: string[] = [];
    await client.extract(corpus('image-only-incgraph.pdf'), {
      onPage: async (page) => {
        events.push(`start ${page}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        events.push(`end ${page}`);
      },
    });
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
  });

  it('fails the call with the error onPage throws, unchanged', async () => {
    const mine = new Error('disk full');
    const seen: number[] = [];
    const error: unknown = await client
      .extract(corpus('cjk-ctex.pdf'), {
        onPage: (page) => {
          seen.push(page);
          if (page === 3) throw mine;
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBe(mine);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('cancels promptly, hands over no page after the cancel, and keeps serving', async () => {
    const threadId = (): number | undefined =>
      (client as unknown as { current?: { worker: { threadId: number } } }).current?.worker.threadId;
    const before = threadId();
    const controller = new AbortController();
    const seen: number[] = [];
    let abortedAt = 0;
    const error = await failure(
      client.extract(corpus('large-r-fullrefman.pdf'), {
        signal: controller.signal,
        onPage: (page) => {
          seen.push(page);
          if (page === 20) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(performance.now() - abortedAt).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await client.inspect(corpus('scan-cjk.pdf'), { displayName: 'scan' })).pages).toBe(3);
    // The same worker: a cancel stops the job, not the thread.
    expect(threadId()).toBe(before);
  });

  it('on cancel, lets a running onPage finish before rejecting, and starts no other', async () => {
    const controller = new AbortController();
    const events: string[] = [];
    const outcome = client
      .extract(corpus('cjk-ctex.pdf'), {
        signal: controller.signal,
        onPage: async (page) => {
          events.push(`start ${page}`);
          if (page === 2) controller.abort();
          await new Promise((resolve) => setTimeout(resolve, 50));
          events.push(`end ${page}`);
        },
      })
      .catch((e: unknown) => {
        events.push(e instanceof AppError ? e.code : 'other');
      });
    await outcome;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'CANCELLED']);
  });

  it('keeps the event loop responsive while the worker extracts a large manual', async () => {
    const controller = new AbortController();
    let maxGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    let pages = 0;
    try {
      await client
        .extract(corpus('large-r-fullrefman.pdf'), {
          signal: controller.signal,
          onPage: (page) => {
            pages = page;
            if (page === 200) controller.abort();
          },
        })
        .catch((e: unknown) => {
          if (!(e instanceof AppError && e.code === 'CANCELLED')) throw e;
        });
    } finally {
      clearInterval(timer);
    }
    expect(pages).toBe(200);
    console.log(`event loop: largest gap ${maxGap.toFixed(1)} ms between 5 ms ticks over 200 pages`);
    // In-process, the same 200 pages block the loop for 155–185 ms at a time (measured).
    expect(maxGap).toBeLessThan(100);
  });

  it('rejects pending calls with INTERNAL when the worker dies, then starts a fresh one', async () => {
    const crashing = PdfWorkerClient.start({ workerPath });
    try {
      const pending = crashing.extract(corpus('large-r-fullrefman.pdf'), { onPage: () => undefined });
      // Stand-in for a crash inside pdf.js: kill the thread from outside mid-extraction.
      const worker = (crashing as unknown as { current: { worker: { terminate(): Promise<number> } } }).current.worker;
      setTimeout(() => void worker.terminate(), 100);
      const error = await failure(pending);
      expect(error.code).toBe('INTERNAL');
      expect(error.details?.detail).toMatch(/exited/);
      expect((await crashing.inspect(corpus('cjk-cns1-prospectus.pdf'), { displayName: 'p' })).pages).toBe(1);
    } finally {
      await crashing.close();
    }
  });

  it('turns an uncaught exception in the worker into INTERNAL for its calls', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-worker-'));
    const script = path.join(dir, 'throwing.mjs');
    fs.writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('boom'); });\n");
    const throwing = PdfWorkerClient.start({ workerPath: script });
    try {
      const error = await failure(throwing.inspect(corpus('scan-cjk.pdf'), { displayName: 'scan' }));
      expect(error.code).toBe('INTERNAL');
      expect(error.details?.detail).toMatch(/boom/);
    } finally {
      await throwing.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('retires a worker that does not stop within 2 s of a cancel', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-worker-'));
    const script = path.join(dir, 'deaf.mjs');
    // Stands in for pdf.js stuck in one long synchronous parse: it never answers.
    fs.writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n");
    const deaf = PdfWorkerClient.start({ workerPath: script });
    const internals = deaf as unknown as { slots: Set<{ worker: { threadId: number } }> };
    try {
      const controller = new AbortController();
      const outcome = failure(deaf.extract(corpus('scan-cjk.pdf'), { signal: controller.signal, onPage: () => undefined }));
      setTimeout(() => controller.abort(), 20);
      expect((await outcome).code).toBe('CANCELLED');
      expect(internals.slots.size).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2_300));
      expect(internals.slots.size).toBe(0);
    } finally {
      await deaf.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says to build first when the worker script is missing', async () => {
    const missing = PdfWorkerClient.start({ workerPath: path.join(os.tmpdir(), 'no-such-pdfWorker.js') });
    const error = await failure(missing.inspect(corpus('scan-cjk.pdf'), { displayName: 'scan' }));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/npm run build/);
    await missing.close();
  });

  it('fails pending calls with CANCELLED on close, and works again afterwards', async () => {
    const closing = PdfWorkerClient.start({ workerPath });
    const outcome = failure(closing.extract(corpus('large-r-fullrefman.pdf'), { onPage: () => undefined }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await closing.close();
    expect((await outcome).code).toBe('CANCELLED');
    expect((await closing.inspect(corpus('scan-cjk.pdf'), { displayName: 'scan' })).pages).toBe(3);
    await closing.close();
  });
});
