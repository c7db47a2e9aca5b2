import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import type { ExtractOptions } from './extractText';
import type { PdfInfo } from './inspectPdf';
import type { PageSnapshot, SnapshotOptions } from './renderSnapshot';
import type { WorkerReply, WorkerRequest } from './pdfWorker';

/**
 * pdf.js in a worker thread: inspectPdf and extractPages without ever blocking the
 * caller's event loop. AppErrors keep their code and details across the thread. One
 * worker serves every call; if it dies, pending calls fail with INTERNAL and the next
 * call starts a fresh one. An idle worker does not keep the process alive.
 */

/** After a cancel, how long a job may take to stop before its worker is retired. */
const CANCEL_GRACE_MS = 2_000;
/** A PDF that makes pdf.js allocate without bound kills the worker, not the app. */
const WORKER_HEAP_MB = 1_024;

type Job = DistributiveOmit<Extract<WorkerRequest, { type: 'inspect' | 'extract' | 'snapshot' }>, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Call {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onPage: ExtractOptions['onPage'] | undefined;
  /** onPage calls run one after another, and the result waits for the last of them. */
  chain: Promise<void>;
  /** Settled on the caller's side (cancelled); the worker has not said it stopped yet. */
  settled: boolean;
}

interface Slot {
  worker: Worker;
  calls: Map<number, Call>;
  /** No new calls; terminated once the calls it still runs are over. */
  retiring: boolean;
  terminating: boolean;
}

export class PdfWorkerClient {
  private current: Slot | undefined;
  private readonly slots = new Set<Slot>();
  private nextId = 1;

  private constructor(private readonly script: WorkerScript) {}

  /**
   * Starts the worker now, so pdf.js is loaded by the time the first file arrives.
   * `workerPath` overrides where the built worker script is (tests run from source).
   */
  static start(options: { workerPath?: string | URL } = {}): PdfWorkerClient {
    const client = new PdfWorkerClient(workerScript(options.workerPath));
    if (client.script.found !== undefined) client.slot(client.script.found);
    return client;
  }

  inspect(file: string, options: { displayName: string; password?: string }): Promise<PdfInfo> {
    const job: Job = { type: 'inspect', file, displayName: options.displayName };
    if (options.password !== undefined) job.password = options.password;
    return this.call<PdfInfo>(job, undefined, undefined);
  }

  extract(file: string, options: ExtractOptions): Promise<{ pages: number }> {
    const job: Job = { type: 'extract', file };
    if (options.displayName !== undefined) job.displayName = options.displayName;
    if (options.password !== undefined) job.password = options.password;
    if (options.fromPage !== undefined) job.fromPage = options.fromPage;
    if (options.toPage !== undefined) job.toPage = options.toPage;
    return this.call<{ pages: number }>(job, options.signal, options.onPage);
  }

  snapshot(file: string, options: SnapshotOptions): Promise<PageSnapshot> {
    const job: Job = { type: 'snapshot', file, displayName: options.displayName };
    if (options.password !== undefined) job.password = options.password;
    if (options.page !== undefined) job.page = options.page;
    return this.call<PageSnapshot>(job, options.signal, undefined);
  }

  /** Stops the worker; pending calls fail with CANCELLED. A later call starts a new worker. */
  async close(): Promise<void> {
    this.current = undefined;
    const closing = [...this.slots].map((slot) => {
      this.failAll(slot, new AppError('CANCELLED', 'the PDF worker was closed'));
      return this.terminate(slot);
    });
    await Promise.all(closing);
  }

  private call<T>(job: Job, signal: AbortSignal | undefined, onPage: Call['onPage']): Promise<T> {
    if (signal?.aborted === true) return Promise.reject(cancelled());
    const script = this.script.found;
    if (script === undefined) return Promise.reject(notBuilt(this.script.looked));
    const slot = this.slot(script);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        this.settle(slot, id, () => call.reject(cancelled()));
        slot.worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
        // pdf.js stops at the next await; one stuck in a long synchronous parse gets its worker retired.
        setTimeout(() => {
          if (slot.calls.has(id)) this.retire(slot);
        }, CANCEL_GRACE_MS).unref();
      };
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      const call: Call = {
        resolve: (value) => {
          done();
          resolve(value as T);
        },
        reject: (error) => {
          done();
          reject(error);
        },
        onPage,
        chain: Promise.resolve(),
        settled: false,
      };
      slot.calls.set(id, call);
      signal?.addEventListener('abort', onAbort, { once: true });
      slot.worker.ref();
      slot.worker.postMessage({ ...job, id } satisfies WorkerRequest);
    });
  }

  private slot(script: URL): Slot {
    if (this.current !== undefined) return this.current;
    const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    const slot: Slot = { worker, calls: new Map(), retiring: false, terminating: false };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (error) => this.onCrash(slot, `the PDF worker crashed: ${error.message}`));
    worker.on('messageerror', (error) => this.onCrash(slot, `the PDF worker sent an unreadable message: ${error.message}`));
    worker.on('exit', (code) => this.onCrash(slot, `the PDF worker exited (code ${code})`));
    this.slots.add(slot);
    this.current = slot;
    return slot;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    const call = slot.calls.get(reply.id);
    if (call === undefined) return;
    if (reply.type === 'page') {
      call.chain = call.chain.then(async () => {
        if (call.settled) return;
        try {
          await call.onPage?.(reply.page, reply.text);
          slot.worker.postMessage({ type: 'ack', id: reply.id } satisfies WorkerRequest);
        } catch (error) {
          // The caller's own callback failed: stop the job and hand its error back unchanged.
          this.settle(slot, reply.id, () => call.reject(error));
          slot.worker.postMessage({ type: 'cancel', id: reply.id } satisfies WorkerRequest);
        }
      });
      return;
    }
    // Only now is the job over in the worker; the result waits for pages still in onPage.
    void call.chain.then(() => {
      slot.calls.delete(reply.id);
      if (!call.settled) {
        call.settled = true;
        if (reply.type === 'done') call.resolve(reply.value);
        else call.reject(new AppError(reply.error.code, reply.error.message, reply.error.details));
      }
      this.afterCall(slot);
    });
  }

  /**
   * Settles a call on the caller's side; it stays listed until the worker says it stopped.
   * No onPage starts after this, and the promise settles only once a running one returns,
   * so the caller never sees its callback still at work after the call is over.
   */
  private settle(slot: Slot, id: number, how: () => void): void {
    const call = slot.calls.get(id);
    if (call === undefined || call.settled) return;
    call.settled = true;
    void call.chain.then(how);
    this.afterCall(slot);
  }

  private afterCall(slot: Slot): void {
    const live = [...slot.calls.values()].some((call) => !call.settled);
    if (!live) slot.worker.unref();
    if (slot.retiring && !live) void this.terminate(slot);
  }

  private retire(slot: Slot): void {
    slot.retiring = true;
    if (this.current === slot) this.current = undefined;
    this.afterCall(slot);
  }

  private onCrash(slot: Slot, detail: string): void {
    if (this.current === slot) this.current = undefined;
    this.slots.delete(slot);
    if (slot.terminating) return;
    this.failAll(slot, new AppError('INTERNAL', detail, { detail }));
  }

  private failAll(slot: Slot, error: AppError): void {
    for (const [id, call] of slot.calls) {
      slot.calls.delete(id);
      if (!call.settled) {
        call.settled = true;
        void call.chain.then(() => call.reject(error));
      }
    }
  }

  private async terminate(slot: Slot): Promise<void> {
    if (this.current === slot) this.current = undefined;
    this.slots.delete(slot);
    slot.terminating = true;
    await slot.worker.terminate();
  }
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'reading the PDF was cancelled');
}

interface WorkerScript {
  found: URL | undefined;
  looked: URL[];
}

/**
 * Where the built worker is. Bundled, this module sits in out/main/ (an entry) or
 * out/main/chunks/ (a chunk the entries share), and the worker is out/main/pdfWorker.js.
 * Run from source (tests), it falls back to the last build of the worker.
 */
function workerScript(explicit: string | URL | undefined): WorkerScript {
  const looked =
    explicit !== undefined
      ? [explicit instanceof URL ? explicit : pathToFileURL(explicit)]
      : [
          new URL('./pdfWorker.js', import.meta.url),
          new URL('../pdfWorker.js', import.meta.url),
          new URL('../../../out/main/pdfWorker.js', import.meta.url),
        ];
  return { found: looked.find((url) => fs.existsSync(url)), looked };
}

function notBuilt(looked: URL[]): AppError {
  const paths = looked.map((url) => fileURLToPath(url)).join(', ');
  const detail = `the PDF worker script is missing (looked for ${paths}): run npm run build first`;
  return new AppError('INTERNAL', detail, { detail });
}
