import type Database from 'better-sqlite3';
import type { BlobStore } from '../blobs/blobStore';
import type { EventBus } from '../events';
import { AppError, isAppError, messageOf } from '../errors';
import type { PageSnapshots } from './pageSnapshots';
import type { PdfEngine } from './pdfEngine';
import { type PageRange, planRanges } from './pageRanges';

/** Pages committed per transaction: each commit is an fsync (synchronous=FULL). */
const PAGES_PER_COMMIT = 25;

interface PendingBlob {
  sha256: string;
  pages: number;
  textPages: number;
  password: string | null;
}

export interface IndexProgress {
  (done: number, total: number): void;
}

/**
 * Fills the FTS5 page index from stored PDFs, page by page, with one pdf.js worker per
 * core sharing a document's pages. Progress is durable: each batch of page rows and the
 * `text_pages` count are committed together, so after a crash or a restart extraction
 * resumes with exactly the pages that have no row yet.
 */
export class TextIndexer {
  private readonly selectPending;
  private readonly selectBlob;
  private readonly selectDonePages;
  private readonly insertPage;
  private readonly addProgress;
  private readonly setDone;
  private readonly setFailed;
  /** One extraction per blob at a time, whoever asks. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database.Database,
    private readonly blobs: BlobStore,
    /** The engines to share extraction between (one per core); the first also serves single jobs. */
    private readonly pdf: () => readonly PdfEngine[],
    private readonly events: EventBus,
    private readonly snapshots?: PageSnapshots,
  ) {
    this.selectPending = db.prepare<[], PendingBlob>(
      `SELECT sha256, pages, text_pages AS textPages, password FROM blob WHERE text_status = 'pending' ORDER BY stored_at`,
    );
    this.selectBlob = db.prepare<[string], PendingBlob & { textStatus: string }>(
      `SELECT sha256, pages, text_pages AS textPages, password, text_status AS textStatus FROM blob WHERE sha256 = ?`,
    );
    this.selectDonePages = db.prepare<[string], number>(`SELECT page FROM page_text WHERE sha256 = ?`).pluck();
    this.insertPage = db.prepare(`INSERT INTO page_text (text, sha256, page) VALUES (?, ?, ?)`);
    this.addProgress = db.prepare(`UPDATE blob SET text_pages = text_pages + ? WHERE sha256 = ?`);
    this.setDone = db.prepare(`UPDATE blob SET text_status = 'done', text_error = NULL WHERE sha256 = ?`);
    this.setFailed = db.prepare(`UPDATE blob SET text_status = 'failed', text_error = ? WHERE sha256 = ?`);
  }

  pendingCount(): number {
    return this.selectPending.all().length;
  }

  /** Indexes the given blobs (those still pending), reporting pages done over all of them. */
  async index(shas: readonly string[], options: { signal?: AbortSignal; progress?: IndexProgress } = {}): Promise<void> {
    const blobs = shas.map((sha) => this.selectBlob.get(sha)).filter((b) => b !== undefined && b.textStatus === 'pending');
    const total = blobs.reduce((sum, b) => sum + (b?.pages ?? 0), 0);
    let base = blobs.reduce((sum, b) => sum + (b?.textPages ?? 0), 0);
    options.progress?.(base, total);
    for (const blob of blobs) {
      if (blob === undefined) continue;
      if (options.signal?.aborted === true) throw new AppError('CANCELLED', 'text extraction was cancelled');
      const start = base - blob.textPages;
      await this.indexOne(blob, options.signal, (pagesDone) => options.progress?.(start + pagesDone, total));
      base = start + blob.pages;
    }
  }

  /**
   * Resumes every unfinished blob, e.g. at start after a crash or a quit mid-extraction,
   * then draws the first-page pictures still missing (blobs indexed before they existed).
   */
  async resumePending(signal?: AbortSignal): Promise<void> {
    await this.index(
      this.selectPending.all().map((b) => b.sha256),
      signal === undefined ? {} : { signal },
    );
    const engine = this.pdf()[0];
    if (this.snapshots === undefined || engine === undefined) return;
    for (const { sha256, password } of this.snapshots.missing()) {
      if (signal?.aborted === true) return;
      await this.snapshots.ensure(sha256, password, engine, signal);
    }
  }

  private indexOne(blob: PendingBlob, signal: AbortSignal | undefined, progress: (pagesDone: number) => void): Promise<void> {
    const inFlight = this.running.get(blob.sha256);
    if (inFlight !== undefined) return inFlight;
    const work = this.extract(blob, signal, progress).finally(() => this.running.delete(blob.sha256));
    this.running.set(blob.sha256, work);
    return work;
  }

  private async extract(blob: PendingBlob, signal: AbortSignal | undefined, progress: (pagesDone: number) => void): Promise<void> {
    const engines = this.pdf();
    // The first-page picture before the text: the reader can use it straight away.
    const first = engines[0];
    if (this.snapshots !== undefined && first !== undefined) await this.snapshots.ensure(blob.sha256, blob.password, first, signal);
    // A fresh document has no rows: skip the scan of the index for its pages.
    const done = new Set(blob.textPages === 0 ? [] : this.selectDonePages.all(blob.sha256));
    const queue = planRanges(blob.pages, done, engines.length);
    let committed = done.size;
    const commit = this.db.transaction((pages: readonly { page: number; text: string }[]) => {
      for (const { page, text } of pages) this.insertPage.run(text, blob.sha256, page);
      this.addProgress.run(pages.length, blob.sha256);
    });
    const extractRange = async (engine: PdfEngine, range: PageRange, stopSignal: AbortSignal) => {
      let batch: { page: number; text: string }[] = [];
      const flush = () => {
        if (batch.length === 0) return;
        commit(batch);
        committed += batch.length;
        batch = [];
        progress(committed);
      };
      try {
        await engine.extract(this.blobs.pathOf(blob.sha256), {
          ...(blob.password === null ? {} : { password: blob.password }),
          fromPage: range.from,
          toPage: range.to,
          signal: stopSignal,
          onPage: (page, text) => {
            batch.push({ page, text });
            if (batch.length >= PAGES_PER_COMMIT) flush();
          },
        });
      } finally {
        // Pages handed over are complete: keep them, whatever stopped the rest.
        flush();
      }
    };
    // One failure stops the sibling workers too; the outcome is decided once all have settled.
    const stop = new AbortController();
    const forward = () => stop.abort();
    signal?.addEventListener('abort', forward);
    // Each engine takes the next range when it is free, until none is left.
    const worker = async (engine: PdfEngine) => {
      try {
        for (let range = queue.shift(); range !== undefined; range = queue.shift()) await extractRange(engine, range, stop.signal);
      } catch (error) {
        stop.abort();
        throw error;
      }
    };
    const results = await Promise.allSettled(engines.map(worker));
    signal?.removeEventListener('abort', forward);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const cause = failures.find((f) => !(isAppError(f) && f.code === 'CANCELLED'));
    if (failures.length === 0) {
      this.setDone.run(blob.sha256);
      progress(committed);
    } else if (cause === undefined) {
      // Stopped, not broken: it stays pending and resumes at the next start.
      throw new AppError('CANCELLED', 'text extraction was cancelled');
    } else {
      // A PDF whose text cannot be read is still readable as pages: keep it, say why search misses it.
      this.setFailed.run(messageOf(cause), blob.sha256);
    }
    this.events.emit({ type: 'changed', entity: 'applications' });
  }
}
