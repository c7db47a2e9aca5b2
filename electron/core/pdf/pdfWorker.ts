import { parentPort } from 'node:worker_threads';
import type { CommandError } from '../../../shared/contract/errors';
import { isAppError, messageOf } from '../errors';
import { extractPages } from './extractText';
import { inspectPdf, type PdfInfo } from './inspectPdf';
import { type PageSnapshot, renderSnapshot } from './renderSnapshot';

/**
 * The PDF worker thread (its own build entry: out/main/pdfWorker.js). pdf.js parses
 * synchronously for tens of milliseconds per page; here that blocks only this thread,
 * never the Electron main process or the web shell. PdfWorkerClient is the other end.
 */

export type WorkerRequest =
  | { type: 'inspect'; id: number; file: string; displayName: string; password?: string }
  | { type: 'extract'; id: number; file: string; displayName?: string; password?: string; fromPage?: number; toPage?: number }
  | { type: 'snapshot'; id: number; file: string; displayName: string; password?: string; page?: number }
  /** The client finished onPage for one page of this job. */
  | { type: 'ack'; id: number }
  | { type: 'cancel'; id: number };

export type WorkerReply =
  | { type: 'page'; id: number; page: number; text: string }
  | { type: 'done'; id: number; value: PdfInfo | { pages: number } | PageSnapshot }
  | { type: 'failed'; id: number; error: CommandError };

/**
 * Pages sent but not yet consumed by the client's onPage. A bound, so a slow consumer
 * (a database commit per batch) holds the parser back instead of queueing the whole
 * document's text in messages; a window rather than lockstep, so parsing overlaps it.
 */
const PAGE_WINDOW = 8;

interface Job {
  controller: AbortController;
  unacked: number;
  wake: (() => void) | undefined;
}

const port = parentPort;
if (port === null) throw new Error('pdfWorker.js must run as a worker thread (PdfWorkerClient starts it)');
const jobs = new Map<number, Job>();

const post = (reply: WorkerReply): void => port.postMessage(reply);

port.on('message', (request: WorkerRequest) => {
  const job = jobs.get(request.id);
  switch (request.type) {
    case 'ack':
      if (job !== undefined) {
        job.unacked--;
        wake(job);
      }
      return;
    case 'cancel':
      job?.controller.abort();
      if (job !== undefined) wake(job);
      return;
    default:
      void run(request);
  }
});

async function run(request: Extract<WorkerRequest, { type: 'inspect' | 'extract' | 'snapshot' }>): Promise<void> {
  const { id } = request;
  const job: Job = { controller: new AbortController(), unacked: 0, wake: undefined };
  jobs.set(id, job);
  try {
    const value =
      request.type === 'inspect' ? await inspect(request) : request.type === 'snapshot' ? await snapshot(request, job) : await extract(request, job);
    post({ type: 'done', id, value });
  } catch (error) {
    post({ type: 'failed', id, error: toCommandError(error) });
  } finally {
    jobs.delete(id);
  }
}

function inspect(request: Extract<WorkerRequest, { type: 'inspect' }>): Promise<PdfInfo> {
  const { file, displayName, password } = request;
  return inspectPdf(file, password === undefined ? { displayName } : { displayName, password });
}

function snapshot(request: Extract<WorkerRequest, { type: 'snapshot' }>, job: Job): Promise<PageSnapshot> {
  const { file, displayName, password, page } = request;
  return renderSnapshot(file, {
    displayName,
    signal: job.controller.signal,
    ...(password === undefined ? {} : { password }),
    ...(page === undefined ? {} : { page }),
  });
}

function extract(request: Extract<WorkerRequest, { type: 'extract' }>, job: Job): Promise<{ pages: number }> {
  const { id, file, displayName, password, fromPage, toPage } = request;
  const { signal } = job.controller;
  return extractPages(file, {
    ...(displayName === undefined ? {} : { displayName }),
    ...(password === undefined ? {} : { password }),
    ...(fromPage === undefined ? {} : { fromPage }),
    ...(toPage === undefined ? {} : { toPage }),
    signal,
    onPage: async (page, text) => {
      post({ type: 'page', id, page, text });
      job.unacked++;
      while (job.unacked >= PAGE_WINDOW && !signal.aborted) {
        await new Promise<void>((resolve) => {
          job.wake = resolve;
        });
      }
    },
  });
}

function wake(job: Job): void {
  const resume = job.wake;
  job.wake = undefined;
  resume?.();
}

/** AppErrors cross the thread as their command form; anything else is a bug. */
function toCommandError(error: unknown): CommandError {
  if (isAppError(error)) return error.toCommandError();
  const detail = messageOf(error);
  return { code: 'INTERNAL', message: `PDF worker: ${detail}`, details: { detail } };
}
