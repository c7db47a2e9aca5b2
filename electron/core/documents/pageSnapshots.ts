import type Database from 'better-sqlite3';
import type { BlobStore } from '../blobs/blobStore';
import { isAppError, messageOf } from '../errors';
import type { PdfEngine } from './pdfEngine';

/** A stored picture of a document's first page, as the shells serve it. */
export interface StoredSnapshot {
  page: number;
  widthPt: number;
  heightPt: number;
  mime: string;
  image: Buffer;
  outline: boolean;
}

/**
 * The first-page pictures (table page_snapshot, migration 006): drawn once per blob by
 * a PDF engine when the blob is indexed, read by the shells' /snapshot/<sha256>. A
 * picture that cannot be drawn (no canvas on this platform, a page pdf.js cannot draw)
 * is recorded with its reason and not tried again: the reader then just waits for pdf.js.
 */
export class PageSnapshots {
  private readonly exists;
  private readonly selectOne;
  private readonly selectMissing;
  private readonly insert;

  constructor(
    db: Database.Database,
    private readonly blobs: BlobStore,
  ) {
    this.exists = db.prepare<[string], 1>('SELECT 1 FROM page_snapshot WHERE sha256 = ?').pluck();
    this.selectOne = db.prepare<[string], Omit<StoredSnapshot, 'outline'> & { outline: number }>(
      `SELECT page, width_pt AS widthPt, height_pt AS heightPt, mime, image, outline FROM page_snapshot WHERE sha256 = ? AND image IS NOT NULL`,
    );
    this.selectMissing = db.prepare<[], { sha256: string; password: string | null }>(
      `SELECT sha256, password FROM blob WHERE sha256 NOT IN (SELECT sha256 FROM page_snapshot) ORDER BY stored_at`,
    );
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO page_snapshot (sha256, page, width_pt, height_pt, mime, image, outline, error)
       VALUES (@sha256, @page, @widthPt, @heightPt, @mime, @image, @outline, @error)`,
    );
  }

  get(sha256: string): StoredSnapshot | undefined {
    const row = this.selectOne.get(sha256);
    return row === undefined ? undefined : { ...row, outline: row.outline === 1 };
  }

  /** Blobs with neither a picture nor a recorded failure (imported before pictures existed, or interrupted). */
  missing(): { sha256: string; password: string | null }[] {
    return this.selectMissing.all();
  }

  /**
   * Draws and stores page 1 of a blob unless it has a row already. Never throws for the
   * PDF's sake (a failure is stored instead); a cancellation propagates, leaving no row,
   * so the next start tries again.
   */
  async ensure(sha256: string, password: string | null, engine: PdfEngine, signal?: AbortSignal): Promise<void> {
    if (engine.snapshot === undefined || this.exists.get(sha256) !== undefined) return;
    const row = {
      sha256,
      page: 1,
      widthPt: null as number | null,
      heightPt: null as number | null,
      mime: null as string | null,
      image: null as Buffer | null,
      outline: null as number | null,
      error: null as string | null,
    };
    try {
      const drawn = await engine.snapshot(this.blobs.pathOf(sha256), {
        displayName: sha256,
        ...(password === null ? {} : { password }),
        ...(signal === undefined ? {} : { signal }),
      });
      Object.assign(row, { page: drawn.page, widthPt: drawn.widthPt, heightPt: drawn.heightPt, mime: drawn.mime, image: Buffer.from(drawn.image), outline: drawn.outline ? 1 : 0 });
    } catch (error) {
      if (isAppError(error) && error.code === 'CANCELLED') throw error;
      row.error = messageOf(error);
    }
    this.insert.run(row);
  }
}
