import type Database from 'better-sqlite3';
import type { BlobStore } from '../blobs/blobStore';
import type { EventBus } from '../events';
import { AppError, isAppError, messageOf } from '../errors';
import type { PdfEngine } from './pdfEngine';

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
 * Fills the FTS5 page index from stored PDFs, page by page. Progress is durable:
 * `text_pages` and the page rows are committed together, so after a crash or a
 * restart extraction resumes at the next page instead of starting over.
 */
export class TextIndexer {
  private readonly selectPending;
  private readonly selectBlob;
  private readonly deleteFrom;
  private readonly insertPage;
  private readonly setProgress;
  private readonly setDone;
  private readonly setFailed;
  /** One extraction per blob at a time, whoever asks. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database.Database,
    private readonly blobs: BlobStore,
    private readonly pdf: () => PdfEngine,
    private readonly events: EventBus,
  ) {
    this.selectPending = db.prepare<[], PendingBlob>(
      `SELECT sha256, pages, text_pages AS textPages, password FROM blob WHERE text_status = 'pending' ORDER BY stored_at`,
    );
    this.selectBlob = db.prepare<[string], PendingBlob & { textStatus: string }>(
      `SELECT sha256, pages, text_pages AS textPages, password, text_status AS textStatus FROM blob WHERE sha256 = ?`,
    );
    this.deleteFrom = db.prepare(`DELETE FROM page_text WHERE sha256 = ? AND page > ?`);
    this.insertPage = db.prepare(`INSERT INTO page_text (text, sha256, page) VALUES (?, ?, ?)`);
    this.setProgress = db.prepare(`UPDATE blob SET text_pages = ? WHERE sha256 = ?`);
    this.setDone = db.prepare(`UPDATE blob SET text_status = 'done', text_pages = ?, text_error = NULL WHERE sha256 = ?`);
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

  /** Resumes every unfinished blob, e.g. at start after a crash or a quit mid-extraction. */
  async resumePending(signal?: AbortSignal): Promise<void> {
    await this.index(
      this.selectPending.all().map((b) => b.sha256),
      signal === undefined ? {} : { signal },
    );
  }

  private indexOne(blob: PendingBlob, signal: AbortSignal | undefined, progress: (pagesDone: number) => void): Promise<void> {
    const inFlight = this.running.get(blob.sha256);
    if (inFlight !== undefined) return inFlight;
    const work = this.extract(blob, signal, progress).finally(() => this.running.delete(blob.sha256));
    this.running.set(blob.sha256, work);
    return work;
  }

  private async extract(blob: PendingBlob, signal: AbortSignal | undefined, progress: (pagesDone: number) => void): Promise<void> {
    // Rows past the committed count belong to a batch that never committed its count.
    this.deleteFrom.run(blob.sha256, blob.textPages);
    let batch: { page: number; text: string }[] = [];
    let committed = blob.textPages;
    const commit = this.db.transaction((pages: { page: number; text: string }[]) => {
      for (const { page, text } of pages) this.insertPage.run(text, blob.sha256, page);
      const last = pages.at(-1)?.page ?? committed;
      this.setProgress.run(last, blob.sha256);
      return last;
    });
    try {
      await this.pdf().extract(this.blobs.pathOf(blob.sha256), {
        ...(blob.password === null ? {} : { password: blob.password }),
        fromPage: blob.textPages + 1,
        ...(signal === undefined ? {} : { signal }),
        onPage: (page, text) => {
          batch.push({ page, text });
          if (batch.length >= PAGES_PER_COMMIT) {
            committed = commit(batch);
            batch = [];
            progress(committed);
          }
        },
      });
      if (batch.length > 0) committed = commit(batch);
      this.setDone.run(committed, blob.sha256);
      progress(committed);
      this.events.emit({ type: 'changed', entity: 'applications' });
    } catch (error) {
      // Pages handed over are complete: keep them, whatever stopped the rest.
      if (batch.length > 0) committed = commit(batch);
      if (isAppError(error) && error.code === 'CANCELLED') throw error;
      // A PDF whose text cannot be read is still readable as pages: keep it, say why search misses it.
      this.setFailed.run(messageOf(error), blob.sha256);
      this.events.emit({ type: 'changed', entity: 'applications' });
    }
  }
}
